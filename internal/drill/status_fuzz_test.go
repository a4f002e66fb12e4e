package drill_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kinderstem/kinderstem/internal/drill"
)

// The status file is read at every scrape of the metrics; whatever is in
// it (a half-written file, another program's), reading it never panics,
// and a file it cannot read is an error, never a passing drill.
func FuzzReadStatus(f *testing.F) {
	f.Add([]byte(`{"last_run":"2026-12-06T03:30:00Z","last_success":"2026-12-06T03:30:00Z","ok":true,"source":"a"}`))
	f.Add([]byte(`{"ok":true}`))
	f.Add([]byte(`{"last_run":"yesterday"}`))
	f.Add([]byte(`{"ok":true,"last_success":"2026-12-06T03:30:00Z","last_run":"yesterday"}`))
	f.Add([]byte("\x00\xff{"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "s.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := drill.ReadStatus(path)
		if err != nil && (s.OK || !s.LastSuccess.IsZero()) {
			t.Fatalf("an unreadable status reads as %+v", s)
		}
	})
}
