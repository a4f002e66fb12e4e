package httpkit

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestTokenFromHeader(t *testing.T) {
	t.Parallel()
	basic := func(s string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, c := range []struct {
		name, header, want string
		ok                 bool
	}{
		{"bearer", "Bearer ks_abc", "ks_abc", true},
		{"bearer lower case", "bearer  ks_abc ", "ks_abc", true},
		{"basic with a user", basic("excel:ks_abc"), "ks_abc", true},
		{"basic without a user", basic(":ks_abc"), "ks_abc", true},
		{"basic without a password", basic("ks_abc"), "", false},
		{"basic not base64", "Basic abc", "", false},
		{"empty bearer", "Bearer ", "", false},
		{"other scheme", "Digest x", "", false},
		{"nothing", "", "", false},
		{"too long", "Bearer " + strings.Repeat("a", maxAuthorization), "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := TokenFromHeader(c.header)
			if got != c.want || ok != c.ok {
				t.Fatalf("TokenFromHeader(%q) = %q, %v; want %q, %v", c.header, got, ok, c.want, c.ok)
			}
		})
	}
}

// FuzzTokenHeader: any Authorization header gives a token or a clear no,
// never a panic; a token found is never empty.
func FuzzTokenHeader(f *testing.F) {
	for _, s := range []string{"Bearer ks_abc", "Basic ZXhjZWw6a3NfYWJj", "Basic ===", "bearer", " Basic  Og== "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		if tok, ok := TokenFromHeader(h); ok && tok == "" {
			t.Fatalf("%q: an empty token", h)
		}
	})
}
