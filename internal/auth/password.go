// Package auth owns staff authentication: argon2id password hashes, login
// throttling and the API tokens analysts' scripts use.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// saltLen is the length of a hash's random salt, in bytes.
const saltLen = 16

// Params are the argon2id costs of a new password hash. A hash carries its
// own parameters (CheckPassword reads them back), so a change applies to
// new hashes only and old ones keep working.
type Params struct {
	Time    uint32 // passes over the memory
	Memory  uint32 // KiB
	Threads uint8  // lanes
	KeyLen  uint32 // bytes of derived key
}

// Production is OWASP's second recommended set (19 MiB, 2 passes), which
// keeps a login under ~50 ms on a small server. The zero Params stands
// for it, so a configuration that says nothing gets it.
var Production = Params{Time: 2, Memory: 19 * 1024, Threads: 1, KeyLen: 32}

// orProduction returns p, or Production for the zero Params.
func (p Params) orProduction() Params {
	if p == (Params{}) {
		return Production
	}
	return p
}

// valid reports whether argon2 can work with p (it panics on less).
func (p Params) valid() error {
	if p.Time < 1 || p.Threads < 1 || p.Memory < 8*uint32(p.Threads) || p.KeyLen < 16 {
		return fmt.Errorf("auth: argon2id parameters %+v: need t >= 1, p >= 1, m >= 8p KiB and a key of 16 bytes or more", p)
	}
	return nil
}

// MinPasswordLen is the shortest password accepted, in characters.
const MinPasswordLen = 10

// MaxPasswordLen bounds the work one login attempt can cause.
const MaxPasswordLen = 256

// ErrWeakPassword is returned for a password that is too short or too long.
var ErrWeakPassword = fmt.Errorf("auth: a password needs %d to %d characters", MinPasswordLen, MaxPasswordLen)

// HashPassword returns an argon2id hash of password in the PHC string
// format, with the Production parameters.
func HashPassword(password string) (string, error) { return Production.Hash(password) }

// Hash returns an argon2id hash of password in the PHC string format, with
// the parameters p (Production when p is zero).
func (p Params) Hash(password string) (string, error) {
	if n := utf8.RuneCountInString(password); n < MinPasswordLen || n > MaxPasswordLen {
		return "", ErrWeakPassword
	}
	p = p.orProduction()
	if err := p.valid(); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: malformed password hash")

// CheckPassword reports whether password matches an argon2id PHC hash, in
// time that does not depend on where they differ.
func CheckPassword(hash, password string) (bool, error) {
	if len(password) > MaxPasswordLen*4 {
		return false, nil
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	var mem, t uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &threads); err != nil || mem == 0 || t == 0 || threads == 0 {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// DummyHash returns a hash made with p of a password nobody has. A login
// for an e-mail address no user has is checked against it, so that it
// takes as long as one for an account that exists. It is worked out once
// per parameter set, on first use.
func (p Params) DummyHash() string {
	p = p.orProduction()
	if h, ok := dummyHashes.Load(p); ok {
		return h.(string)
	}
	h, err := p.Hash("kinderstem-no-such-user")
	if err != nil {
		// Parameters argon2 cannot use: no password can match.
		h = "$argon2id$invalid"
	}
	h2, _ := dummyHashes.LoadOrStore(p, h)
	return h2.(string)
}

// dummyHashes holds DummyHash's hash per parameter set.
var dummyHashes sync.Map

// RandomPassword returns a password of n characters from an alphabet
// without look-alikes, for demo accounts and first admins.
func RandomPassword(n int) string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzACDEFHJKMNPRTWXY34679"
	buf := make([]byte, n)
	rand.Read(buf)
	for i, b := range buf {
		buf[i] = alphabet[int(b)%len(alphabet)]
	}
	return string(buf)
}
