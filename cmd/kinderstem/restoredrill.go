package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/drill"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// runRestoreDrill restores the latest replica (or a backup) to a temporary
// file and checks it against the live database and the key file
// (internal/drill). It writes its outcome to the status file the server's
// metrics read, and exits 1 on any problem.
func runRestoreDrill(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("restore-drill", getenv, stdout)
	db := f.db()
	keyFile := f.keyFile()
	backup := f.String("backup", "", "restore this backup file instead of the Litestream replica")
	replica := f.str("replica", "KINDERSTEM_REPLICA", "", "the Litestream replica URL to restore (e.g. file:///srv/replica/kinderstem or s3://bucket/kinderstem); the one litestream's configuration names for --db when empty")
	lsConfig := f.str("litestream-config", "LITESTREAM_CONFIG", "", "litestream's configuration file (its default, /etc/litestream.yml, when empty)")
	lsBin := f.str("litestream", "KINDERSTEM_LITESTREAM_BIN", "litestream", "the litestream program")
	k := f.integer("k", "KINDERSTEM_K", 10, "the server's k: published results are recomputed with it")
	noLive := f.Bool("no-live", false, "check the copy alone, without a live database to compare with (a backup on another machine)")
	status := f.str("status", "KINDERSTEM_DRILL_STATUS", "", "where to record the outcome for the server's metrics; DB.drill.json beside the database when empty")
	dir := f.String("tmp", "", "folder for the restored copy (removed after); the system's temporary folder when empty")
	if err := f.parse(args); err != nil {
		return err
	}
	if *keyFile == "" {
		*keyFile = keys.PathFor(*db)
	}
	// keys.Open would make a missing key file: the drill must find the
	// live server's.
	if _, err := os.Stat(*keyFile); err != nil {
		return usageError{fmt.Sprintf("--keys %s: %v (the drill needs the live server's key file)", *keyFile, err)}
	}
	ks, err := keys.Open(*keyFile, getenv)
	if err != nil {
		return err
	}
	policy, err := release.NewPolicy(*k, 0)
	if err != nil {
		return usageError{fmt.Sprintf("--k %d: %v", *k, err)}
	}
	c, err := loadContent("")
	if err != nil {
		return err
	}
	cfg := drill.Config{Live: *db, Backup: *backup, Replica: *replica, Litestream: *lsBin, LitestreamConfig: *lsConfig,
		Keys: ks, Catalog: c.catalog, Policy: policy, Dir: *dir,
		// The copy's written surveys join as the server joins them at
		// start, so the groups that answered them recompute too.
		Join: func(ctx context.Context, st *store.Store, shipped *survey.Catalog) (*survey.Catalog, error) {
			cat := shipped.Clone()
			return cat, authoring.New(st, cat, c.locales.Clone()).LoadPublished(ctx)
		}}
	if *noLive {
		cfg.Live = ""
		if *backup == "" && *replica == "" {
			return usageError{"--no-live needs --backup or --replica"}
		}
	} else if _, err := os.Stat(*db); err != nil {
		return usageError{fmt.Sprintf("--db %s: %v", *db, err)}
	}
	statusFile := *status
	if statusFile == "" && !*noLive {
		statusFile = drill.StatusPathFor(*db)
	}
	rep, runErr := drill.Run(ctx, cfg)
	if statusFile != "" {
		if err := drill.Record(statusFile, time.Now(), rep, runErr); err != nil {
			fmt.Fprintln(stdout, "warning:", err)
		}
	}
	if runErr != nil {
		return runErr
	}
	printDrill(stdout, rep)
	if len(rep.Problems) > 0 {
		return checkFailed{fmt.Sprintf("restore drill failed: %d problem(s)", len(rep.Problems))}
	}
	return nil
}

func printDrill(w io.Writer, rep *drill.Report) {
	fmt.Fprintf(w, "Restore drill of %s (%s)\n", rep.Source, rep.Took.Round(time.Millisecond))
	if r := rep.Restored; r != nil {
		fmt.Fprintf(w, "  restored: schema %d, %d submissions (%d answers), %d sessions, %d published group results\n",
			r.Schema, r.Submissions, r.Answers, r.Sessions, len(r.Published))
		fmt.Fprintf(w, "  newest submission: #%d of %s\n", r.Newest.ID, r.Newest.Day)
		fmt.Fprintf(w, "  live database is %d submissions further on\n", rep.Behind)
		fmt.Fprintf(w, "  published results recomputed identically: %d (%d with answers after publication, not recomputed)\n", rep.Recomputed, rep.Unchanged)
	}
	if len(rep.Problems) == 0 {
		fmt.Fprintln(w, "OK: the copy is sound, matches the live database and opens with the key file.")
		return
	}
	fmt.Fprintln(w, "PROBLEMS:")
	for _, p := range rep.Problems {
		fmt.Fprintln(w, "  -", p)
	}
}
