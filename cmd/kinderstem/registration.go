package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/store"
)

// runRegistration imports registration figures from a tidy CSV or a
// source's own file (Eurostat's SDMX-CSV, Statbel's population table, the
// Flemish publishers' tables): every row is checked first, and a re-import
// replaces the same rows, all in one transaction written to the audit log.
func runRegistration(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	const use = "usage: kinderstem registration import --db FILE [--layout tidy|eurostat|statbel|opgroeien|onderwijs] [--period YEAR] [--indicator ID] FIGURES.csv|datapackage.json"
	if len(args) == 0 || args[0] != "import" {
		return usageError{use}
	}
	f := newFlags("registration import", getenv, stdout)
	db := f.db()
	layout := f.str("layout", "KINDERSTEM_LAYOUT", "", "the source's layout: tidy, eurostat, statbel, opgroeien or onderwijs (default: from the header)")
	period := f.str("period", "KINDERSTEM_PERIOD", "", "the year a Statbel table is about, when its file name does not say")
	only := f.str("indicator", "KINDERSTEM_INDICATOR", "", "the indicator a publisher's table is for, when it fits more than one")
	file, err := f.parseFile(args[1:], use)
	if err != nil {
		return err
	}
	if strings.HasSuffix(file, ".json") {
		csvFile, err := registrationResource(file)
		if err != nil {
			return err
		}
		file = csvFile
	}
	c, err := loadContent("")
	if err != nil {
		return err
	}
	in, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("registration import: %w", err)
	}
	defer in.Close()
	st, err := c.openStore(ctx, *db, store.Options{}) // first: it adds imported areas to the catalog
	if err != nil {
		return err
	}
	defer st.Close()
	rows, rep, err := registration.Import(in, filepath.Base(file), c.catalog, registration.Options{Layout: *layout, Period: *period, Indicator: *only})
	var re *registration.RowError
	if errors.As(err, &re) {
		return checkFailed{"nothing was imported: " + re.Error()}
	}
	if err != nil {
		return err
	}
	if err := st.ReplaceRegistration(ctx, 0, filepath.Base(file), rows); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ok: %d registration figures imported from %s (rows with the same indicator, period, area, sex and age band replaced).\n", len(rows), file)
	if rep.Layout != "tidy" {
		fmt.Fprintf(stdout, "%s layout: %d rows read, %d about what no indicator uses (another country, unit or age), %d without a figure (empty or confidential).\n",
			rep.Layout, rep.Rows, rep.Skipped, rep.Missing)
	}
	return nil
}

// registrationResource finds the registration CSV a datapackage.json (as
// Kinderstem's own export writes it) describes, beside it.
func registrationResource(file string) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("registration import: %w", err)
	}
	var dp export.DataPackage
	if err := json.Unmarshal(data, &dp); err != nil {
		return "", checkFailed{fmt.Sprintf("%s: not a data package: %v", file, err)}
	}
	for _, r := range dp.Resources {
		if r.Name == "registration" && !filepath.IsAbs(r.Path) && !strings.Contains(r.Path, "..") {
			return filepath.Join(filepath.Dir(file), r.Path), nil
		}
	}
	return "", checkFailed{file + ": no resource named registration"}
}
