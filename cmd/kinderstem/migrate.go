package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/store"
)

// runMigrate brings a database's schema up to this build's, after taking
// a consistent copy of it; with --dry-run it only lists what would run.
// serve does the same on start; this command lets an operator upgrade,
// or look, before the new binary takes requests.
func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("migrate", getenv, stdout)
	db := f.db()
	dry := f.Bool("dry-run", false, "list the migrations that would run, change nothing")
	if err := f.parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(*db); err != nil {
		return usageError{fmt.Sprintf("--db %s: %v", *db, err)}
	}
	plan, err := store.PlanUpgrade(ctx, *db)
	if err != nil {
		return err
	}
	if len(plan.Pending) == 0 {
		fmt.Fprintf(stdout, "%s is at schema version %d, this build's: nothing to migrate.\n", *db, plan.From)
		return nil
	}
	fmt.Fprintf(stdout, "%s is at schema version %d; this build's is %d. Migrations to run, in one transaction:\n", *db, plan.From, plan.To)
	for _, name := range plan.Pending {
		fmt.Fprintf(stdout, "  %s\n", name)
	}
	if *dry {
		fmt.Fprintln(stdout, "Dry run: nothing was changed. The upgrade notes are in docs/upgrading.md.")
		return nil
	}
	log := slog.New(slog.NewTextHandler(stdout, nil))
	if err := upgradeSafely(ctx, *db, stdout, log); err != nil {
		return err
	}
	st, err := store.Open(ctx, *db, store.Options{})
	if err != nil {
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Migrated %s to schema version %d.\n", *db, plan.To)
	return nil
}

// upgradeSafely takes a consistent copy of the database before a start
// that will migrate it, beside it as DB.schema-NNN-TIME.backup: a
// migration runs in one transaction and a failed one leaves the file as
// it was, and the copy is there for whatever a migration that succeeded
// got wrong. A new or current file needs no copy.
func upgradeSafely(ctx context.Context, db string, stdout io.Writer, log *slog.Logger) error {
	if _, err := os.Stat(db); err != nil {
		return nil // a new database: store.Open makes it
	}
	plan, err := store.PlanUpgrade(ctx, db)
	if err != nil {
		return err
	}
	if plan.From == 0 || len(plan.Pending) == 0 {
		return nil
	}
	dest := fmt.Sprintf("%s.schema-%03d-%s.backup", db, plan.From, time.Now().UTC().Format("20060102-150405"))
	start := time.Now()
	if err := store.CopyFile(ctx, db, dest); err != nil {
		return fmt.Errorf("before migrating, a copy of the database: %w (the database was not changed)", err)
	}
	log.Info("upgrade: copied the database before migrating", "from", plan.From, "to", plan.To,
		"migrations", strings.Join(plan.Pending, " "), "copy", dest, "took_ms", time.Since(start).Milliseconds())
	return nil
}
