package keys_test

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/keys"
)

func TestSecretsAreMadeOnceAndKeptPrivate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "k.db.keys")
	k, err := keys.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := k.Secret(keys.Cookie)
	if err != nil || len(a) != keys.Size {
		t.Fatalf("Secret = %x, %v", a, err)
	}
	b, _ := k.Secret(keys.Record)
	if bytes.Equal(a, b) {
		t.Fatal("two names share a secret")
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v; want 0600", st.Mode().Perm(), err)
	}
	again, err := keys.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a2, _ := again.Secret(keys.Cookie); !bytes.Equal(a, a2) {
		t.Fatal("the cookie secret changed on reopening")
	}
}

func TestEnvironmentWins(t *testing.T) {
	t.Parallel()
	want := strings.Repeat("ab", 32)
	k, err := keys.Open(filepath.Join(t.TempDir(), "keys"), func(n string) string {
		if n == "KINDERSTEM_SECRET_COOKIE" {
			return want
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Secret(keys.Cookie); hex.EncodeToString(got) != want {
		t.Fatalf("Secret = %x, want the environment's", got)
	}
}

func TestBadFilesAreRefused(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		data string
		mode os.FileMode
	}{
		"readable by others": {"", 0o644},
		"short secret":       {"cookie abcd\n", 0o600},
		"not hex":            {"cookie " + strings.Repeat("zz", 32) + "\n", 0o600},
		"twice":              {"cookie " + strings.Repeat("ab", 32) + "\ncookie " + strings.Repeat("cd", 32) + "\n", 0o600},
		"bad name":           {"Cookie! " + strings.Repeat("ab", 32) + "\n", 0o600},
	} {
		path := filepath.Join(t.TempDir(), "keys")
		if err := os.WriteFile(path, []byte(c.data), c.mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(path, c.mode)
		if _, err := keys.Open(path, nil); err == nil {
			t.Errorf("%s: opened", name)
		}
	}
}

func FuzzKeyFile(f *testing.F) {
	f.Add([]byte("# c\ncookie " + strings.Repeat("ab", 32) + "\n"))
	f.Add([]byte("x y z\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "keys")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		k, err := keys.Open(path, nil)
		if err != nil {
			return
		}
		if _, err := k.Secret("cookie"); err != nil {
			t.Fatalf("an opened file cannot give a secret: %v", err)
		}
	})
}

// Has says whether a secret exists without making it; a fingerprint
// names a secret, differs between secrets and gives none of it away.
func TestHasAndFingerprint(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "k.db.keys")
	k, err := keys.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if k.Has(keys.Record) {
		t.Fatal("a new key file has a record secret")
	}
	if data, _ := os.ReadFile(path); strings.Contains(string(data), "record ") {
		t.Fatal("Has made the secret")
	}
	a, _ := k.Secret(keys.Record)
	if !k.Has(keys.Record) {
		t.Fatal("Has does not see the secret made")
	}
	fp := keys.Fingerprint(a)
	if len(fp) != 16 || strings.Contains(hex.EncodeToString(a), fp) {
		t.Fatalf("fingerprint %q", fp)
	}
	b := bytes.Clone(a)
	b[0] ^= 1
	if keys.Fingerprint(b) == fp || keys.Fingerprint(a) != fp {
		t.Fatal("a fingerprint does not name its secret")
	}
	env := map[string]string{keys.EnvName(keys.Record): hex.EncodeToString(b)}
	k2, _ := keys.Open(filepath.Join(t.TempDir(), "other.keys"), func(n string) string { return env[n] })
	if !k2.Has(keys.Record) {
		t.Fatal("Has does not see a secret from the environment")
	}
}
