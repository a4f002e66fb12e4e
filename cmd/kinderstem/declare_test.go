package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// A registration indicator an administrator declared joins the catalogue
// when a command opens the database: its figures import like a shipped
// indicator's; a declaration that no longer fits the build stops the
// command with what is wrong, instead of serving without it.
func TestDeclaredIndicatorJoinsAtStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]map[string]string{}
	for _, l := range []string{"nl", "fr", "en", "de", "ar", "uk"} {
		texts[l] = map[string]string{"monitor.reg.pleegzorg.title": "Pleegzorg", "monitor.reg.pleegzorg.definition": "Kinderen in pleegzorg.",
			"monitor.reg.pleegzorg.reference": "31 december", "monitor.reg.pleegzorg.basis": "Art. 20."}
	}
	yaml := `indicators:
  - id: pleegzorg
    title: monitor.reg.pleegzorg.title
    definition: monitor.reg.pleegzorg.definition
    reference: monitor.reg.pleegzorg.reference
    theme: alternative_care
    crc: [20]
    unit: count
    direction: neutral
    counts_children: false
    source:
      organisation: Opgroeien
      url: https://www.jaarverslagjeugdhulp.be/
      publication: Jaarverslag jeugdhulp
      table: Kinderen in pleegzorg op 31 december
      licence: "Not confirmed: the page states no licence"
      rhythm: yearly
      layout: tidy
    basis: monitor.reg.pleegzorg.basis
`
	if err := st.SaveRegistrationDefinition(ctx, 0, &store.RegistrationDefinition{ID: "pleegzorg", YAML: yaml, Texts: texts}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	importFile := func(content string) (string, error) {
		path := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		err := run(ctx, []string{"registration", "import", "--db", db, path}, func(string) string { return "" }, strings.NewReader(""), &out)
		return out.String(), err
	}
	head := "indicator,period,area,sex,age_band,numerator,denominator,value,source_url,publication,table,published\n"
	if out, err := importFile(head + "pleegzorg,2023,02000,total,total,,,5100,https://www.jaarverslagjeugdhulp.be/,Jaarverslag jeugdhulp,Kinderen in pleegzorg op 31 december,2024\n"); err != nil {
		t.Fatalf("import of a declared indicator: %v %s", err, out)
	}

	// A build whose shipped files no longer take the declaration (here:
	// its layout renamed away) stops, naming it.
	st, err = store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(yaml, "layout: tidy", "layout: fax", 1)
	if err := st.SaveRegistrationDefinition(ctx, 0, &store.RegistrationDefinition{ID: "pleegzorg", YAML: bad, Texts: texts}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := importFile(head); err == nil || !strings.Contains(err.Error(), "declared-pleegzorg.yaml") {
		t.Fatalf("a declaration that does not fit: %v", err)
	}
}
