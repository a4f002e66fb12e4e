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

// The shipped sample imports whole; a file with one bad row imports
// nothing and keeps the table before.
func TestPopulationImport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	env := func(string) string { return "" }
	var out bytes.Buffer
	if err := run(context.Background(), []string{"population", "import", "--db", db, "../../surveys/population/sample.csv"}, env, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "440 rows") {
		t.Errorf("output: %s", out.String())
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("area,sex,age,count\n44021,F,10,5\n44021,X,11,5\n"), 0o600)
	err := run(context.Background(), []string{"population", "import", "--db", db, bad}, env, strings.NewReader(""), &out)
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "nothing was imported") || !strings.Contains(err.Error(), "bad.csv:3") {
		t.Fatalf("bad file: %v", err)
	}
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.Population(context.Background())
	if err != nil || len(rows) != 440 {
		t.Fatalf("%d rows after a refused import (%v), want the 440 before", len(rows), err)
	}
	if err := run(context.Background(), []string{"population", "list"}, env, strings.NewReader(""), &out); exitCode(err) != 2 {
		t.Errorf("population list: %v, want a usage error", err)
	}
}
