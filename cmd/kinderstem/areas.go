package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/store"
)

// runAreas loads Statbel's list of municipalities (the REFNIS code list or
// a flat list with TX_MUNTY_DESCR_NL/FR and CD_PROV_REFNIS) into the
// database; municipalities the shipped list lacks are added to it at every
// start.
func runAreas(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	const use = "usage: kinderstem areas import --db FILE [--on YYYY-MM-DD] REFNIS.csv"
	if len(args) == 0 || args[0] != "import" {
		return usageError{use}
	}
	f := newFlags("areas import", getenv, stdout)
	db := f.db()
	onFlag := f.String("on", "", "keep the municipalities valid on this day (default: today)")
	file, err := f.parseFile(args[1:], use)
	if err != nil {
		return err
	}
	on := time.Now()
	if *onFlag != "" {
		var err error
		if on, err = time.Parse("2006-01-02", *onFlag); err != nil {
			return usageError{"--on: want a day like 2025-01-01"}
		}
	}
	c, err := loadContent("")
	if err != nil {
		return err
	}
	in, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("areas import: %w", err)
	}
	defer in.Close()
	areas, err := registration.DecodeAreas(in, filepath.Base(file), on)
	var re *registration.RowError
	if errors.As(err, &re) {
		return checkFailed{"nothing was imported: " + re.Error()}
	}
	if err != nil {
		return err
	}
	st, err := c.openStore(ctx, *db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.ReplaceAreas(ctx, filepath.Base(file), areas); err != nil {
		return err
	}
	added := 0
	for _, a := range areas {
		if c.catalog.AddArea(a.Code, a.NL, a.FR, a.DE, a.Province) {
			added++
		}
	}
	fmt.Fprintf(stdout, "ok: %d municipalities valid on %s read from %s; %d of them were not in the shipped list and are added at every start.\n",
		len(areas), on.Format("2006-01-02"), file, added)
	return nil
}
