package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
)

// runTallies rebuilds the indicator index from the stored answers, exactly
// as a start of the server does, and checks it against a direct SQL
// aggregation of every share indicator.
func runTallies(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "check" && args[0] != "rebuild") {
		return usageError{"usage: kinderstem tallies check|rebuild --db FILE"}
	}
	f := newFlags("tallies "+args[0], getenv, stdout)
	db := f.db()
	if err := f.parse(args[1:]); err != nil {
		return err
	}
	c, err := loadContent("")
	if err != nil {
		return err
	}
	st, err := c.openStore(ctx, *db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	ix, err := indicator.Load(ctx, st, c.catalog)
	if err != nil {
		return err
	}
	rows := 0
	for _, s := range c.catalog.Surveys() {
		rows += ix.Rows(s.ID)
	}
	fmt.Fprintf(stdout, "Rebuilt the index of %d submissions from the answers in %s.\n", rows, time.Since(start).Round(time.Millisecond))
	diffs, cells, err := indicator.Check(ctx, ix, st, c.catalog)
	if err != nil {
		return err
	}
	if len(diffs) > 0 {
		return checkFailed{fmt.Sprintf("%d of %d cells differ from the answers table:\n%s", len(diffs), cells, strings.Join(firstN(diffs, 20), "\n"))}
	}
	fmt.Fprintf(stdout, "ok: %d indicator cells equal a direct aggregation of the answers table.\n", cells)
	return nil
}
