package store

import (
	"errors"
	"io/fs"
	"os"
)

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Queued is how many submissions wait for the writer right now.
func (s *Store) Queued() int { return len(s.batch.queue) }

// FileSizes returns the size in bytes of the database file and of its
// write-ahead log (0 when there is none). The WAL grows until a checkpoint
// copies it back; under Litestream a WAL that keeps growing means
// Litestream is not running.
func (s *Store) FileSizes() (db, wal int64, err error) {
	st, err := os.Stat(s.path)
	if err != nil {
		return 0, 0, err
	}
	w, err := os.Stat(s.path + "-wal")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return st.Size(), 0, nil
	case err != nil:
		return st.Size(), 0, err
	}
	return st.Size(), w.Size(), nil
}
