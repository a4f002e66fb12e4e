package drill

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Status is what the last drill left beside the database, for the server's
// metrics and for the operator: when it last ran, when it last passed, and
// what the last run found.
type Status struct {
	LastRun     time.Time `json:"last_run"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	OK          bool      `json:"ok"`
	Source      string    `json:"source"`
	Problems    []string  `json:"problems,omitempty"`
	Outcome     *Outcome  `json:"outcome,omitempty"`
}

// Outcome is what the status file keeps of a drill's report: counts, not
// rows. The server reads the file at every scrape of its metrics, so it
// stays the same few hundred bytes however many groups have published
// results (the report has a digest for each), and it names no submission
// (the report has the newest one's identifier).
type Outcome struct {
	Schema          int   `json:"schema"`
	Submissions     int64 `json:"submissions"`
	Answers         int64 `json:"answers"`
	Texts           int64 `json:"texts"`
	Sessions        int64 `json:"sessions"`
	PublishedGroups int   `json:"published_groups"`
	Recomputed      int   `json:"recomputed"`
	Unchanged       int   `json:"unchanged"`
	Behind          int64 `json:"behind"`
	TookMS          int64 `json:"took_ms"`
}

// outcomeOf sums a report up for the status file.
func outcomeOf(rep *Report) *Outcome {
	o := &Outcome{Recomputed: rep.Recomputed, Unchanged: rep.Unchanged, Behind: rep.Behind, TookMS: rep.Took.Milliseconds()}
	if r := rep.Restored; r != nil {
		o.Schema, o.Submissions, o.Answers, o.Texts, o.Sessions = r.Schema, r.Submissions, r.Answers, r.Texts, r.Sessions
		o.PublishedGroups = len(r.Published)
	}
	return o
}

// StatusPathFor is the status file of the drills of database db.
func StatusPathFor(db string) string { return db + ".drill.json" }

// ReadStatus reads a status file; a missing one is an empty Status.
func ReadStatus(path string) (Status, error) {
	var s Status
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("drill: status: %w", err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		// Unmarshal may have filled some fields before it failed.
		return Status{}, fmt.Errorf("drill: status %s: %w", path, err)
	}
	return s, nil
}

// Record writes the outcome of a run at time now to the status file at
// path, keeping the last success of earlier runs when this one failed.
// The file is replaced whole (a temporary file and a rename).
func Record(path string, now time.Time, rep *Report, runErr error) error {
	prev, _ := ReadStatus(path)
	s := Status{LastRun: now.UTC(), LastSuccess: prev.LastSuccess}
	if rep != nil {
		s.Outcome = outcomeOf(rep)
		s.Source = rep.Source
		s.Problems = rep.Problems
	}
	if runErr != nil {
		s.Problems = append(s.Problems, runErr.Error())
	}
	s.OK = runErr == nil && rep != nil && len(rep.Problems) == 0
	if s.OK {
		s.LastSuccess = s.LastRun
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".drill-*")
	if err != nil {
		return fmt.Errorf("drill: status: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(append(data, '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o600)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("drill: status: %w", err)
	}
	return nil
}
