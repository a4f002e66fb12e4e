package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A shipped survey exported as an XLSForm checks clean; the same file
// with a broken name is refused with its cell, in the language asked;
// with a database and an author a good file becomes a draft, and
// without an author it is a usage error.
func TestSurveysImportExport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	getenv := env(map[string]string{"KINDERSTEM_DB": db})
	file := filepath.Join(dir, "wellbeing.xlsx")
	var out bytes.Buffer
	if err := run(ctx, []string{"surveys", "export", "wellbeing", "--xlsx", "--out", file}, getenv, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"surveys", "import", "--check", file}, getenv, strings.NewReader(""), &out); err != nil {
		t.Fatalf("the export does not check: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "ok: ") {
		t.Fatalf("output: %s", out.String())
	}
	// A name with a space, in French.
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStr("survey", "B3", "life satisfaction")
	bad := filepath.Join(dir, "bad.xlsx")
	if err := f.SaveAs(bad); err != nil {
		t.Fatal(err)
	}
	f.Close()
	err = run(ctx, []string{"surveys", "import", "--check", "--lang", "fr", bad}, getenv, strings.NewReader(""), &out)
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "survey!B3 (name): problem: « life satisfaction » ne peut pas être un nom") {
		t.Fatalf("a bad file: %v", err)
	}
	// Into a database, by an author.
	if err := run(ctx, []string{"surveys", "import", file}, getenv, strings.NewReader(""), &out); err == nil || exitCode(err) != 2 {
		t.Fatalf("an import without an author: %v", err)
	}
	if err := run(ctx, []string{"user", "add", "--email", "author@example.org", "--role", "admin"}, getenv, strings.NewReader("a long enough passphrase for tests\n"), &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"surveys", "import", "--author", "author@example.org", file}, getenv, strings.NewReader(""), &out); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "is revision 1 of the draft of wellbeing") {
		t.Fatalf("output: %s", out.String())
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"surveys", "export", "nothing", "--xlsx"}, getenv, strings.NewReader(""), &out); err == nil {
		t.Fatal("exported a survey that does not exist")
	}
}
