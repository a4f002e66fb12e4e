package staff

import (
	"net/url"
	"strings"
	"testing"
)

// Whatever next= carries, the redirect after login stays on this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/staff", "/sessions/1?x=1#y", "//evil.example", "/\t/evil.example/", "/\\evil", "https://evil.example", "/%09/x", "/\u2028//x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got == "/staff" {
			return
		}
		if got != next || !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\t\r\n ") {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" {
			t.Fatalf("safeNext(%q) = %q leaves the site", next, got)
		}
		// What a browser makes of it: tabs and newlines dropped, backslashes as slashes.
		if b := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(got); strings.HasPrefix(b, "//") {
			t.Fatalf("safeNext(%q) = %q reads as %q in a browser", next, got, b)
		}
	})
}
