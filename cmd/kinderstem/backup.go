package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/store"
)

// runBackup makes a consistent copy of the database, also while the server
// is running and children are submitting.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("backup", getenv, stdout)
	db := f.db()
	out := f.String("out", "", "file to write the copy to (must not exist)")
	if err := f.parse(args); err != nil {
		return err
	}
	if *out == "" {
		*out = fmt.Sprintf("kinderstem-backup-%s.db", time.Now().Format("20060102-150405"))
	}
	if _, err := os.Stat(*db); err != nil {
		return usageError{fmt.Sprintf("--db %s: %v", *db, err)}
	}
	st, err := store.Open(ctx, *db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	// A child's view whose retention is over is erased first, so the copy
	// never holds it. One that cannot be erased does not stop the backup
	// (a missing backup loses everything): the copy holds it, and both the
	// audit log and the output say so.
	detail := "via command line"
	var failed *decision.EraseFailed
	if _, err := decision.EraseDue(ctx, st, nil); errors.As(err, &failed) {
		detail = fmt.Sprintf("via command line; %d children's views due for erasure could not be erased and are in this copy", len(failed.IDs))
		fmt.Fprintf(stdout, "Warning: %v. They are in this copy: make a new backup once they are erased.\n", err)
	} else if err != nil {
		return err
	}
	if err := st.Backup(ctx, *out); err != nil {
		return err
	}
	info, _ := os.Stat(*out)
	if err := st.Audit(ctx, 0, "backup", *out, detail); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (%d MB) in %s.\n", *db, *out, info.Size()>>20, time.Since(start).Round(time.Millisecond))
	return nil
}
