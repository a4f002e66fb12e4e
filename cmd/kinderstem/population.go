package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/store"
)

// runPopulation imports a population table (people by area, sex and age)
// in place of the one before; survey indicators weighted with
// weights=population use it from the next start of serve or export.
func runPopulation(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	const use = "usage: kinderstem population import --db FILE POPULATION.csv"
	if len(args) == 0 || args[0] != "import" {
		return usageError{use}
	}
	f := newFlags("population import", getenv, stdout)
	db := f.db()
	file, err := f.parseFile(args[1:], use)
	if err != nil {
		return err
	}
	c, err := loadContent("")
	if err != nil {
		return err
	}
	in, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("population import: %w", err)
	}
	defer in.Close()
	st, err := c.openStore(ctx, *db, store.Options{}) // first: it adds imported areas to the catalog
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := registration.DecodePopulation(in, filepath.Base(file), c.catalog)
	var re *registration.RowError
	if errors.As(err, &re) {
		return checkFailed{"nothing was imported: " + re.Error()}
	}
	if err != nil {
		return err
	}
	if err := st.ReplacePopulation(ctx, filepath.Base(file), rows); err != nil {
		return err
	}
	people := 0
	for _, r := range rows {
		people += r.Count
	}
	fmt.Fprintf(stdout, "ok: %d rows (%d people) imported from %s in place of the table before; restart serve to weight with it.\n", len(rows), people, file)
	return nil
}
