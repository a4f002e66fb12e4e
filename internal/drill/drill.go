// Package drill is the restore drill: it restores the latest replica (or a
// given backup) to a temporary file, checks the file's integrity, opens it
// with the key file, compares it with the live database, and recomputes
// every group's frozen published results under the restored record key.
// Any difference is a problem the drill reports; a drill with problems
// fails.
package drill

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Config is one drill.
type Config struct {
	// Live is the live database file to compare with; empty compares
	// nothing (a backup checked on another machine).
	Live string
	// Backup is a backup file to restore from. When empty, Litestream
	// restores: from Replica (a replica URL such as file:///backup/db or
	// s3://bucket/db) or, when that is empty too, the replica that
	// LitestreamConfig names for Live.
	Backup           string
	Replica          string
	Litestream       string // the litestream program; "litestream" when empty
	LitestreamConfig string // -config for litestream restore; its default when empty
	// Keys is the key file the live server uses; its record secret must
	// recompute the published results.
	Keys    *keys.Keys
	Catalog *survey.Catalog
	// Join, when set, gives the catalogue as the server has it with the
	// restored copy open: the shipped one (the argument) with the copy's
	// written and published surveys joined, so their groups recompute
	// too. Without it only the shipped surveys are known.
	Join   func(ctx context.Context, st *store.Store, shipped *survey.Catalog) (*survey.Catalog, error)
	Policy release.Policy
	// Dir is where the restored copy is written, and removed after; the
	// system's temporary folder when empty.
	Dir string
}

// Report is what a drill found.
type Report struct {
	Source     string
	Restored   *store.Summary // the restored copy
	Behind     int64          // submissions the live file has beyond the copy's newest
	Recomputed int            // groups whose published results were recomputed identically
	Unchanged  int            // published groups not recomputed: answers came after publication
	Took       time.Duration
	Problems   []string
}

// Run carries out one drill. It returns an error when the drill could not
// be carried out (no litestream, an unreadable key file); what the drill
// found wrong is in Report.Problems.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	start := time.Now()
	if cfg.Keys == nil || cfg.Catalog == nil {
		return nil, errors.New("drill: a key file and the catalog are required")
	}
	dir, err := os.MkdirTemp(cfg.Dir, "kinderstem-drill-")
	if err != nil {
		return nil, fmt.Errorf("drill: %w", err)
	}
	defer os.RemoveAll(dir)
	restored := filepath.Join(dir, "restored.db")
	rep := &Report{}
	if err := restore(ctx, cfg, restored, rep); err != nil {
		rep.Problems = append(rep.Problems, err.Error())
		rep.Took = time.Since(start)
		return rep, nil
	}
	if problems, err := store.CheckFile(ctx, restored); err != nil || len(problems) > 0 {
		rep.Problems = append(rep.Problems, problems...)
		if err != nil {
			rep.Problems = append(rep.Problems, err.Error())
		}
		rep.Took = time.Since(start)
		return rep, nil
	}
	if rep.Restored, err = store.Inspect(ctx, restored, 0, 0); err != nil {
		rep.Problems = append(rep.Problems, "read the restored copy: "+err.Error())
		rep.Took = time.Since(start)
		return rep, nil
	}
	if cfg.Live != "" {
		if err := compare(ctx, cfg.Live, rep); err != nil {
			return nil, err
		}
	}
	if err := recompute(ctx, cfg, restored, rep); err != nil {
		return nil, err
	}
	rep.Took = time.Since(start)
	return rep, nil
}

// restore writes the copy to check at dest.
func restore(ctx context.Context, cfg Config, dest string, rep *Report) error {
	if cfg.Backup != "" {
		// The file is copied byte for byte, not through SQLite, so that
		// the integrity check sees the backup as it is.
		rep.Source = cfg.Backup
		if err := copyFile(cfg.Backup, dest); err != nil {
			return fmt.Errorf("restore %s: %w", cfg.Backup, err)
		}
		return nil
	}
	bin := cfg.Litestream
	if bin == "" {
		bin = "litestream"
	}
	args := []string{"restore", "-o", dest}
	switch {
	case cfg.Replica != "":
		rep.Source = cfg.Replica
		args = append(args, cfg.Replica)
	case cfg.Live != "":
		rep.Source = "litestream replica of " + cfg.Live
		if cfg.LitestreamConfig != "" {
			args = append(args, "-config", cfg.LitestreamConfig)
		}
		args = append(args, cfg.Live)
	default:
		return errors.New("nothing to restore: give a backup, a replica URL or the live database")
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("litestream restore: %w: %s", err, strings.TrimSpace(out.String()))
	}
	if _, err := os.Stat(dest); err != nil {
		return fmt.Errorf("litestream restore wrote no file: %s", strings.TrimSpace(out.String()))
	}
	return nil
}

func copyFile(src, dest string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// compare holds the restored copy against the live file, up to the copy's
// newest rows: the same counts, the same newest submission, and every
// published result the copy holds as the live file holds it (unless the
// live group was published again since).
func compare(ctx context.Context, live string, rep *Report) error {
	r := rep.Restored
	l, err := store.Inspect(ctx, live, r.MaxSubmission, r.MaxSession)
	if err != nil {
		return fmt.Errorf("drill: read the live database: %w", err)
	}
	rep.Behind = l.MaxSubmission - r.MaxSubmission
	if r.MaxSubmission > l.MaxSubmission || r.MaxSession > l.MaxSession {
		rep.Problems = append(rep.Problems, fmt.Sprintf("the copy is ahead of the live database (submission %d, session %d; live %d, %d): not a copy of this database",
			r.MaxSubmission, r.MaxSession, l.MaxSubmission, l.MaxSession))
		return nil
	}
	check := func(what string, restored, live any) {
		if restored != live {
			rep.Problems = append(rep.Problems, fmt.Sprintf("%s: restored %v, live %v", what, restored, live))
		}
	}
	check("schema version", r.Schema, l.Schema)
	check("submissions up to the newest restored", r.Submissions, l.Submissions)
	check("answers of those submissions", r.Answers, l.Answers)
	check("free texts of those submissions", r.Texts, l.Texts)
	check("sessions up to the newest restored", r.Sessions, l.Sessions)
	check("the newest restored submission", r.Newest, l.Newest)
	for id, p := range r.Published {
		lp, ok := l.Published[id]
		switch {
		case !ok:
			rep.Problems = append(rep.Problems, fmt.Sprintf("session %d: published results in the copy, none live", id))
		case lp.PublishedAt == p.PublishedAt && lp != p:
			rep.Problems = append(rep.Problems, fmt.Sprintf("session %d: published results differ from the live ones", id))
		}
	}
	return nil
}

// recompute opens the restored copy as the server would, with the key
// file's record secret, and recomputes every published group's results:
// they must come out byte for byte as they were frozen. A copy restored
// with another key file gives other perturbed counts and fails here.
func recompute(ctx context.Context, cfg Config, restored string, rep *Report) error {
	secret, ok, err := cfg.Keys.Lookup(keys.Record)
	if err != nil {
		return fmt.Errorf("drill: %w", err)
	}
	if !ok {
		rep.Problems = append(rep.Problems, fmt.Sprintf("the key file %s has no %q secret: it is not the live server's key file", cfg.Keys.Path(), keys.Record))
		return nil
	}
	st, err := store.Open(ctx, restored, store.Options{})
	if err != nil {
		rep.Problems = append(rep.Problems, "open the restored copy: "+err.Error())
		return nil
	}
	defer st.Close()
	cat := cfg.Catalog
	if cfg.Join != nil {
		var err error
		if cat, err = cfg.Join(ctx, st, cfg.Catalog); err != nil {
			// What did not join is reported; the groups of the surveys
			// that did are still recomputed.
			rep.Problems = append(rep.Problems, "join the copy's written surveys: "+err.Error())
		}
		if cat == nil {
			return nil
		}
	}
	if err := st.RegisterCatalog(ctx, cat); err != nil {
		return fmt.Errorf("drill: %w", err)
	}
	ix, err := indicator.Load(ctx, st, cat, indicator.WithRecordKey(secret))
	if err != nil {
		rep.Problems = append(rep.Problems, "build the indicator index from the copy: "+err.Error())
		return nil
	}
	for id, p := range rep.Restored.Published {
		n, err := st.CountSubmissions(ctx, id)
		if err != nil {
			return fmt.Errorf("drill: %w", err)
		}
		if n != p.Count {
			rep.Unchanged++ // answers arrived after publication: the frozen figures rest on fewer
			continue
		}
		sess, err := st.SessionByID(ctx, id)
		if err != nil {
			return fmt.Errorf("drill: %w", err)
		}
		// The version the group answered, as the server reads it; a
		// shipped survey's file of another version is all a build has.
		s, ok := cat.Version(sess.SurveyID, sess.SurveyVersion)
		if !ok {
			s, ok = cat.Survey(sess.SurveyID)
		}
		if !ok {
			rep.Problems = append(rep.Problems, fmt.Sprintf("session %d: survey %s is not in this build", id, sess.SurveyID))
			continue
		}
		band, _ := s.Band(sess.AgeBand)
		blob, err := ix.GroupResults(s, id, band, cfg.Policy.WithSecret(secret))
		if err != nil {
			rep.Problems = append(rep.Problems, fmt.Sprintf("session %d: recompute published results: %v", id, err))
			continue
		}
		pub, err := st.PublishedResults(ctx, id)
		if err != nil {
			return fmt.Errorf("drill: %w", err)
		}
		if !bytes.Equal(blob, pub.Results) {
			rep.Problems = append(rep.Problems, fmt.Sprintf("session %d: published results do not recompute identically under the key file's record secret (another key file, or changed answers)", id))
			continue
		}
		rep.Recomputed++
	}
	return nil
}
