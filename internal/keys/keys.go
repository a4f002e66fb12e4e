// Package keys keeps the server's named secrets (the cookie key, the
// record keys of cell key perturbation, the key that wraps the words of a
// child's view in a decision) in a file beside the database, never in it:
// a backup of the database is then not a key to the live server.
//
// The file holds one "name hex" pair a line and is created with mode 0600
// on first start. An environment variable KINDERSTEM_SECRET_<NAME> (hex,
// 32+ bytes) takes the place of the file's value, for deployments that
// keep secrets outside the disk.
package keys

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// The names of the secrets Kinderstem uses. Adding one is one line here;
// Secret makes it on first use.
const (
	Cookie  = "cookie"  // signs and encrypts the staff cookie
	Record  = "record"  // makes the record keys of cell key perturbation
	Preview = "preview" // signs the links that show a draft questionnaire as a child sees it
	Voice   = "voice"   // wraps the data keys of a child's view in a decision, checks its codes, signs its visits
)

// Size is the length of a secret made here, in bytes.
const Size = 32

// Keys is an open key file.
type Keys struct {
	path   string
	getenv func(string) string

	mu      sync.Mutex
	secrets map[string][]byte
}

// PathFor returns the default key file for a database: beside it, with
// ".keys" appended.
func PathFor(db string) string { return db + ".keys" }

// Open reads the key file at path, creating an empty one (mode 0600) when
// there is none. getenv may be nil.
func Open(path string, getenv func(string) string) (*Keys, error) {
	if path == "" {
		return nil, errors.New("keys: a key file path is required")
	}
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	k := &Keys{path: path, getenv: getenv, secrets: map[string][]byte{}}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := k.save(); err != nil {
			return nil, err
		}
		return k, nil
	case err != nil:
		return nil, fmt.Errorf("keys: read %s: %w", path, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("keys: %s can be read by others (mode %v); run: chmod 600 %s", path, st.Mode().Perm(), path)
	}
	if k.secrets, err = parse(data); err != nil {
		return nil, fmt.Errorf("keys: %s: %w", path, err)
	}
	return k, nil
}

// Path is where the key file is.
func (k *Keys) Path() string { return k.path }

// Secret returns the secret called name: from the environment, else from
// the file, else a new random one that is written to the file first.
func (k *Keys) Secret(name string) ([]byte, error) {
	if !validName(name) {
		return nil, fmt.Errorf("keys: bad secret name %q", name)
	}
	if v := k.getenv(EnvName(name)); v != "" {
		b, err := hex.DecodeString(strings.TrimSpace(v))
		if err != nil || len(b) < Size {
			return nil, fmt.Errorf("keys: %s must be %d or more bytes in hex", EnvName(name), Size)
		}
		return b, nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if b, ok := k.secrets[name]; ok {
		return bytes.Clone(b), nil
	}
	b := make([]byte, Size)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	k.secrets[name] = b
	if err := k.save(); err != nil {
		delete(k.secrets, name)
		return nil, err
	}
	return bytes.Clone(b), nil
}

// Has reports whether the secret called name exists, in the environment or
// in the file, without making it.
func (k *Keys) Has(name string) bool {
	if k.getenv(EnvName(name)) != "" {
		return true
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	_, ok := k.secrets[name]
	return ok
}

// Fingerprint names a secret without giving it away: the first 8 bytes of
// an HMAC-SHA256 of a fixed text under the secret, in hex. The database
// keeps the record secret's fingerprint, so that a database is never used
// with a key file that is not its own.
func Fingerprint(secret []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("kinderstem key fingerprint"))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// EnvName is the environment variable that can hold the secret name.
func EnvName(name string) string { return "KINDERSTEM_SECRET_" + strings.ToUpper(name) }

func validName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// parse reads "name hex" lines; blank lines and lines starting with # are
// comments.
func parse(data []byte) (map[string][]byte, error) {
	out := map[string][]byte{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, val, ok := strings.Cut(line, " ")
		b, err := hex.DecodeString(strings.TrimSpace(val))
		if !ok || !validName(name) || err != nil || len(b) < Size {
			return nil, fmt.Errorf("line %d: want a name and %d or more bytes in hex", n, Size)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("line %d: %s is there twice", n, name)
		}
		out[name] = b
	}
	return out, sc.Err()
}

// save writes the file whole, through a temporary file and a rename, so a
// crash leaves the old file or the new one.
func (k *Keys) save() error {
	var buf bytes.Buffer
	buf.WriteString("# Kinderstem secrets: keep this file beside the database, out of backups\n# that leave the server, and readable by the server's user only.\n")
	names := make([]string, 0, len(k.secrets))
	for n := range k.secrets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&buf, "%s %s\n", n, hex.EncodeToString(k.secrets[n]))
	}
	tmp, err := os.CreateTemp(filepath.Dir(k.path), ".keys-*")
	if err != nil {
		return fmt.Errorf("keys: write %s: %w", k.path, err)
	}
	defer os.Remove(tmp.Name())
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.Write(buf.Bytes())
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), k.path)
	}
	if err != nil {
		return fmt.Errorf("keys: write %s: %w", k.path, err)
	}
	return nil
}

// Lookup returns the secret called name from the environment or the file,
// and false when neither has it. Unlike Secret it never makes one: a
// restore drill must find the secret the live server uses, not a new one.
func (k *Keys) Lookup(name string) ([]byte, bool, error) {
	if !validName(name) {
		return nil, false, fmt.Errorf("keys: bad secret name %q", name)
	}
	if v := k.getenv(EnvName(name)); v != "" {
		b, err := hex.DecodeString(strings.TrimSpace(v))
		if err != nil || len(b) < Size {
			return nil, false, fmt.Errorf("keys: %s must be %d or more bytes in hex", EnvName(name), Size)
		}
		return b, true, nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	b, ok := k.secrets[name]
	return bytes.Clone(b), ok, nil
}
