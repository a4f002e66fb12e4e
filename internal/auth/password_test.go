package auth_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/auth"
)

func TestPasswordRoundTrip(t *testing.T) {
	t.Parallel()
	h, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		pw   string
		want bool
	}{
		{"correct horse battery", true},
		{"correct horse batterY", false},
		{"", false},
	} {
		ok, err := auth.CheckPassword(h, c.pw)
		if err != nil || ok != c.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", c.pw, ok, err, c.want)
		}
	}
	h2, _ := auth.HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestPasswordRules(t *testing.T) {
	t.Parallel()
	for _, pw := range []string{"short", string(make([]byte, 300))} {
		if _, err := auth.HashPassword(pw); err != auth.ErrWeakPassword {
			t.Errorf("HashPassword(len %d) err = %v, want ErrWeakPassword", len(pw), err)
		}
	}
}

func TestCheckPasswordRejectsMalformedHashes(t *testing.T) {
	t.Parallel()
	for _, h := range []string{"", "$argon2id$", "$bcrypt$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=0,t=1,p=1$AA$AA", "$argon2id$v=19$m=8,t=1,p=1$!!$AA"} {
		if ok, err := auth.CheckPassword(h, "whatever-password"); ok || err == nil {
			t.Errorf("CheckPassword(%q) = %v, %v; want false and an error", h, ok, err)
		}
	}
}

// Production's parameters are OWASP's second recommended argon2id set, and
// HashPassword and the zero Params both use them: a test that hashes
// cheaply must not make production cheap too.
func TestProductionParametersArePinned(t *testing.T) {
	t.Parallel()
	want := auth.Params{Time: 2, Memory: 19456, Threads: 1, KeyLen: 32}
	if auth.Production != want {
		t.Fatalf("auth.Production = %+v, want %+v", auth.Production, want)
	}
	for name, hash := range map[string]func(string) (string, error){
		"HashPassword":       auth.HashPassword,
		"Production.Hash":    auth.Production.Hash,
		"the zero Params":    auth.Params{}.Hash,
		"zero's DummyHash":   func(string) (string, error) { return auth.Params{}.DummyHash(), nil },
		"Production's Dummy": func(string) (string, error) { return auth.Production.DummyHash(), nil },
	} {
		h, err := hash("correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(h, "$")
		if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != "v=19" || parts[3] != "m=19456,t=2,p=1" {
			t.Fatalf("%s: %s, want an argon2id v=19 hash with m=19456,t=2,p=1", name, h)
		}
		if key, err := base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(key) != 32 {
			t.Fatalf("%s: a key of %d bytes (%v), want 32", name, len(key), err)
		}
	}
}

// Other parameters go into the hash, and CheckPassword reads them back
// from it, so hashes made with different sets all check.
func TestParamsTravelWithTheHash(t *testing.T) {
	t.Parallel()
	cheap := auth.Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 16}
	h, err := cheap.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h, "$m=64,t=1,p=1$") {
		t.Fatalf("hash %s does not carry its parameters", h)
	}
	prod, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	for _, hash := range []string{h, prod} {
		if ok, err := auth.CheckPassword(hash, "correct horse battery"); !ok || err != nil {
			t.Errorf("CheckPassword(%s) = %v, %v; want true", hash, ok, err)
		}
		if ok, _ := auth.CheckPassword(hash, "correct horse batterY"); ok {
			t.Errorf("CheckPassword(%s) accepts a wrong password", hash)
		}
	}
	// The dummy hash uses the same set, so an unknown account costs what a
	// known one does, and no password matches it.
	d := cheap.DummyHash()
	if !strings.Contains(d, "$m=64,t=1,p=1$") || d != cheap.DummyHash() {
		t.Fatalf("DummyHash = %s, want one hash with m=64,t=1,p=1", d)
	}
	if ok, err := auth.CheckPassword(d, "correct horse battery"); ok || err != nil {
		t.Fatalf("CheckPassword(dummy) = %v, %v; want false and no error", ok, err)
	}
}

// Parameters argon2 cannot work with are refused, not a panic.
func TestUnusableParamsAreRefused(t *testing.T) {
	t.Parallel()
	for _, p := range []auth.Params{
		{Time: 0, Memory: 64, Threads: 1, KeyLen: 32},
		{Time: 1, Memory: 64, Threads: 0, KeyLen: 32},
		{Time: 1, Memory: 4, Threads: 1, KeyLen: 32},
		{Time: 1, Memory: 64, Threads: 1, KeyLen: 8},
	} {
		if h, err := p.Hash("correct horse battery"); err == nil {
			t.Errorf("%+v: hash %s, want an error", p, h)
		}
	}
}
