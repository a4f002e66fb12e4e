package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	kinderstem "github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/declare"
)

// declaredYAML is a registration indicator as an administrator pastes
// it: the shape of a file of surveys/registration.
const declaredYAML = `indicators:
  - id: pleegzorg
    title: monitor.reg.pleegzorg.title
    definition: monitor.reg.pleegzorg.definition
    reference: monitor.reg.pleegzorg.reference
    theme: alternative_care
    crc: [20]
    unit: count
    direction: neutral
    counts_children: true
    source:
      organisation: Opgroeien (jaarverslag jeugdhulp)
      url: https://www.jaarverslagjeugdhulp.be/
      publication: Jaarverslag jeugdhulp
      table: Kinderen in pleegzorg op 31 december
      licence: "Not confirmed: the page states no licence"
      rhythm: yearly
      layout: opgroeien
      dataset: pleegzorg
      columns: {area: NIS-code, period: Jaar, numerator: Aantal}
    basis: monitor.reg.pleegzorg.basis
`

// declaredTexts are its texts in every shipped language.
func declaredTexts(langs []string) url.Values {
	f := url.Values{}
	for _, l := range langs {
		f.Set("texts_"+l, `"monitor.reg.pleegzorg.title" = "Foster care (`+l+`)"
"monitor.reg.pleegzorg.definition" = "Children in foster care on 31 December."
"monitor.reg.pleegzorg.reference" = "31 December"
"monitor.reg.pleegzorg.basis" = "Art. 20: children who cannot live with their family."`)
	}
	return f
}

// An administrator declares a registration indicator from the admin
// pages: it is checked as a shipped registration file and its texts as
// shipped translations; any problem keeps nothing and names the file and
// line; a good one is kept and audited, and the catalogue built at the
// next start has it, with its source and texts.
func TestAdminDeclaresARegistrationIndicator(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	admin := e.login("admin", "Stad")
	page := admin.get("/admin/registration/declare?lang=en")
	page.want(t, http.StatusOK, "Declare a registration indicator", `name="texts_ar"`)
	var langs []string
	for _, l := range e.locales.Languages() {
		langs = append(langs, l.Tag)
	}
	post := func(yaml string, texts url.Values) *response {
		f := url.Values{"csrf": {page.csrf(t)}, "definition": {yaml}}
		for k, v := range texts {
			f[k] = v
		}
		return admin.postForm("/admin/registration/declare?lang=en", f)
	}
	missingAr := declaredTexts(langs)
	missingAr.Del("texts_ar")
	overrides := declaredTexts(langs)
	overrides.Set("texts_nl", overrides.Get("texts_nl")+"\n\"child.promise_skip\" = \"Alles is verplicht.\"")
	shipped := strings.ReplaceAll(declaredYAML, "pleegzorg", "kansarmoede")
	shippedTexts := url.Values{}
	for k, v := range declaredTexts(langs) {
		shippedTexts.Set(k, strings.ReplaceAll(v[0], "pleegzorg", "kansarmoede"))
	}
	for name, c := range map[string]struct {
		yaml  string
		texts url.Values
		want  string
	}{
		"not YAML":                {"indicators: [", declaredTexts(langs), "not YAML"},
		"two indicators":          {declaredYAML + strings.ReplaceAll(strings.TrimPrefix(declaredYAML, "indicators:\n"), "id: pleegzorg", "id: andere"), declaredTexts(langs), "exactly one indicator"},
		"unknown theme":           {strings.Replace(declaredYAML, "theme: alternative_care", "theme: weather", 1), declaredTexts(langs), "registration/declared-pleegzorg.yaml:"},
		"no source table":         {strings.Replace(declaredYAML, "      table: Kinderen in pleegzorg op 31 december\n", "", 1), declaredTexts(langs), "registration/declared-pleegzorg.yaml:"},
		"a language missing":      {declaredYAML, missingAr, "ar"},
		"a shipped text replaced": {declaredYAML, overrides, "child.promise_skip"},
		"a shipped id":            {shipped, shippedTexts, "kansarmoede is already shipped"},
		"texts not TOML":          {declaredYAML, url.Values{"texts_nl": {"title: Pleegzorg"}}, "not TOML"},
	} {
		r := post(c.yaml, c.texts)
		r.want(t, http.StatusUnprocessableEntity, "nothing was kept", c.want)
		if defs, _ := e.store.RegistrationDefinitions(ctx); len(defs) != 0 {
			t.Fatalf("%s: kept %v", name, defs)
		}
	}

	post(declaredYAML, declaredTexts(langs)).want(t, http.StatusSeeOther)
	admin.get("/admin/registration/declare?lang=en&declared=pleegzorg").want(t, http.StatusOK, "pleegzorg is declared", "joins at the next start")
	if log := auditActions(t, e); !strings.Contains(log, "registration_declare") {
		t.Errorf("audit log lacks registration_declare: %s", log)
	}

	// The next start: the catalogue with the declaration laid over the
	// shipped files has it, its source and its texts in every language.
	defs, err := e.store.RegistrationDefinitions(ctx)
	if err != nil || len(defs) != 1 {
		t.Fatalf("kept %v, %v", defs, err)
	}
	cat, bundle, err := declare.Load(kinderstem.Assets(), declare.FromStore(defs))
	if err != nil {
		t.Fatal(err)
	}
	r, ok := cat.RegistrationByID("pleegzorg")
	if !ok || r.Source.Table != "Kinderen in pleegzorg op 31 december" || len(cat.Registrations()) != len(e.catalog.Registrations())+1 {
		t.Fatalf("declared indicator at start: %+v, %v", r, ok)
	}
	if got := bundle.For("ar").T("monitor.reg.pleegzorg.title"); got != "Foster care (ar)" {
		t.Errorf("Arabic title %q", got)
	}
	if got := bundle.For("nl").T("child.promise_skip"); strings.Contains(got, "verplicht") {
		t.Errorf("a shipped text changed: %q", got)
	}
	// Declared again: replaced, not doubled.
	post(declaredYAML, declaredTexts(langs)).want(t, http.StatusSeeOther)
	if defs, _ := e.store.RegistrationDefinitions(ctx); len(defs) != 1 {
		t.Fatalf("declared twice: %d kept", len(defs))
	}
	e.login("analyst", "Stad").get("/admin/registration/declare").want(t, http.StatusForbidden)
}
