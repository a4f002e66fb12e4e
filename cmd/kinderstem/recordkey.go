package main

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// recordKey reads the secret behind the record keys of cell key
// perturbation from <db>.recordkey beside the database, or makes one (32
// random bytes, mode 0600) on first use. It is kept out of the database
// file so a backup or a copy of the database cannot recompute any record
// key; losing it changes every published number slightly, once.
func recordKey(db string) ([]byte, error) {
	path := db + ".recordkey"
	b, err := os.ReadFile(path)
	if err == nil {
		if len(b) < 32 {
			return nil, fmt.Errorf("record key %s: %d bytes, want 32", path, len(b))
		}
		return b, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("record key: %w", err)
	}
	b = make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("record key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return recordKey(db) // another process made it first
	}
	if err != nil {
		return nil, fmt.Errorf("record key: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, fmt.Errorf("record key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, fmt.Errorf("record key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("record key: %w", err)
	}
	return b, nil
}
