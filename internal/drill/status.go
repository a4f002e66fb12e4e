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
	Report      *Report   `json:"report,omitempty"`
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
	s := Status{LastRun: now.UTC(), LastSuccess: prev.LastSuccess, Report: rep}
	if rep != nil {
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
