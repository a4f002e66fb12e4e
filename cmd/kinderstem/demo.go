package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/store"
)

// runDemo fills a database with synthetic submissions, for trying the
// analyst pages and for benchmarks: through a bulk path (the write path's
// statements in large transactions that do not wait for the disk), or with
// --write-path through Submit as tablets' submissions are stored. Both give
// the same rows.
func runDemo(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("demo", getenv, stdout)
	db := f.db()
	n := f.Int("submissions", 10000, "how many synthetic submissions to add")
	months := f.Int("months", 24, "spread them over this many months, up to this one")
	seed := f.Uint64("seed", 1, "random seed")
	writePath := f.Bool("write-path", false, "store every submission through the server's write path (durable group commits), as tablets do; about ten times slower")
	cpuProfile := f.String("cpuprofile", "", "write a CPU profile of the build to this file (go tool pprof)")
	if err := f.parse(args); err != nil {
		return err
	}
	// The build allocates a little for every row and keeps little: the
	// collector running less often saves a tenth of its time for ~40 MB.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	if *cpuProfile != "" {
		pf, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *n < 1 || *n > 50_000_000 || *months < 1 || *months > 240 {
		return usageError{"--submissions must be 1 to 50,000,000 and --months 1 to 240"}
	}
	c, err := loadContent("")
	if err != nil {
		return err
	}
	clock := &demo.Clock{}
	clock.Set(time.Now())
	st, err := c.openStore(ctx, *db, store.Options{Now: clock.Now, Bulk: !*writePath})
	if err != nil {
		return err
	}
	start := time.Now()
	stats, err := demo.Generate(ctx, st, c.catalog, clock, demo.Options{
		Submissions: *n, Months: *months, Seed: *seed, Langs: fullTags(c.locales), Bulk: !*writePath,
		Progress: func(done, total int) {
			fmt.Fprintf(stdout, "\r%d of %d submissions (%.0f/s)", done, total, float64(done)/time.Since(start).Seconds())
		},
	})
	if err == nil {
		// The sample population table too, as serve seeds it, so that
		// weighted indicators (and their benchmarks) work on the database.
		surveys, _ := fs.Sub(c.assets, "surveys")
		err = demo.SeedPopulation(ctx, st, c.catalog, surveys)
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err == nil && !*writePath {
		// The bulk build's commits do not wait for the disk, and Close
		// folds the WAL into the file without waiting either: the file
		// is made durable once, here, before the build says it is done.
		err = syncFile(*db)
	}
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "\nAdded %d submissions in %d sessions of %d organisations to %s in %s (%.0f submissions/s).\n",
		stats.Submissions, stats.Sessions, stats.Organisations, *db, took.Round(time.Millisecond), float64(stats.Submissions)/took.Seconds())
	return nil
}

// syncFile waits until the file at path, and its name in its directory
// (the build may have made the file), are on the disk.
func syncFile(path string) error {
	for _, p := range []string{path, filepath.Dir(path)} {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return fmt.Errorf("demo: sync %s: %w", p, err)
		}
	}
	return nil
}
