package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// A database made with kinderstem demo has the sample population table,
// as one seeded by serve does, so weighted indicators work on it.
func TestDemoSeedsThePopulation(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "k.db")
	e := env(map[string]string{"KINDERSTEM_DB": db})
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"demo", "--submissions", "200", "--months", "2"}, e, nil, &out); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.Population(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 100 {
		t.Fatalf("the demo database has %d population rows", len(rows))
	}
}
