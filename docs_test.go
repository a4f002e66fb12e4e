package kinderstem_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// docFiles are the documents whose URLs and links the tests check.
var docFiles = []string{"README.md", "docs/*.md"}

// TestDocsURLs requests every site URL that the README and docs/ quote in
// code, against the demo content a first start creates, logged in as the
// role the URL is for. A URL the docs quote must answer: a 4xx or 5xx, or
// a redirect to the login page, fails with the file and line that quote
// it. A quoted POST is sent without a CSRF token or a body, so it changes
// nothing; it must reach its route (anything but 404, 405 or 5xx).
func TestDocsURLs(t *testing.T) {
	t.Parallel()
	quoted := quotedURLs(t)
	if len(quoted) < 50 {
		t.Fatalf("found only %d quoted URLs in %v: is the extraction broken?", len(quoted), docFiles)
	}
	site := newDemoSite(t)
	// The checker must catch a URL that once stood in the README and
	// stopped working: the second breakdown was once its own parameter.
	if err := site.check(quotedURL{method: http.MethodGet, raw: "/api/v1/indicators?by=age_band&by2=gender"}); err == nil {
		t.Fatal("the checker let /api/v1/indicators?by=age_band&by2=gender through; it answers 422")
	}
	// POSTs last: a refused POST changes nothing, but the GETs should see
	// the demo exactly as a first start leaves it.
	slices.SortStableFunc(quoted, func(a, b quotedURL) int {
		return strings.Compare(b.method, a.method) // GET before POST
	})
	for _, q := range quoted {
		t.Run(fmt.Sprintf("%s:%d", q.file, q.line), func(t *testing.T) {
			if err := site.check(q); err != nil {
				t.Errorf("%s:%d quotes %s %s\n%v", q.file, q.line, q.method, q.raw, err)
			}
		})
	}
	if strings.Contains(site.logs.String(), "panic") {
		t.Errorf("the server panicked:\n%s", site.logs.String())
	}
}

// TestDocsLinks checks that every relative link in the README and docs/
// points to a file that exists and, with a #fragment, to one of its
// headings.
func TestDocsLinks(t *testing.T) {
	t.Parallel()
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, path := range docPaths(t) {
		for n, line := range readLines(t, path) {
			for _, m := range link.FindAllStringSubmatch(line, -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				file, fragment, _ := strings.Cut(target, "#")
				if file == "" {
					file = path
				} else {
					file = filepath.Join(filepath.Dir(path), file)
				}
				if _, err := os.Stat(file); err != nil {
					t.Errorf("%s:%d links to %s: no such file", path, n+1, target)
					continue
				}
				if fragment != "" && strings.HasSuffix(file, ".md") && !slices.Contains(headingSlugs(t, file), fragment) {
					t.Errorf("%s:%d links to %s: %s has no heading #%s", path, n+1, target, file, fragment)
				}
			}
		}
	}
}

// quotedURL is one site URL a document quotes.
type quotedURL struct {
	file   string
	line   int
	method string // GET or POST
	raw    string // as the document writes it, placeholders and all
}

// serverHosts are the hosts the docs write for a Kinderstem server; other
// absolute URLs are somebody else's site and are not requested.
var serverHosts = []string{"127.0.0.1:8080", "localhost:8080", "your-server", "kinderstem.example"}

// notSite are first path segments of files on a disk, not of the site.
var notSite = []string{"tmp", "usr", "var", "etc", "home", "dev", "proc", "opt", "work", "bin", "srv", "mnt", "media", "data"}

// urlInCode finds a URL in a code span or block: an optional method, then
// a path that starts at a word boundary (or an http(s) URL), in the
// characters a URL may hold.
var urlInCode = regexp.MustCompile(`(?:^|[\s"'(=\x60])(?:(GET|POST) +)?((?:https?://[A-Za-z0-9.:\-]+)?/[A-Za-z0-9{][A-Za-z0-9\-._~/?#&=%{},:+*!$@…]*)`)

var codeSpan = regexp.MustCompile("`([^`]+)`")

// quotedURLs reads every site URL the documents quote in code: in fenced
// blocks line by line, and in code spans, which may run over a line break.
func quotedURLs(t *testing.T) []quotedURL {
	t.Helper()
	var out []quotedURL
	add := func(path string, line int, code string) {
		for _, m := range urlInCode.FindAllStringSubmatchIndex(code, -1) {
			raw, ok := sitePath(code[m[4]:m[5]])
			if !ok {
				continue
			}
			method := http.MethodGet
			if m[2] >= 0 {
				method = code[m[2]:m[3]]
			}
			out = append(out, quotedURL{file: path, line: line + strings.Count(code[:m[4]], "\n"), method: method, raw: raw})
		}
	}
	for _, path := range docPaths(t) {
		lines := readLines(t, path)
		// prose is the document with its fenced blocks blanked out, so
		// offsets still count lines.
		prose := make([]string, len(lines))
		inBlock := false
		for n, line := range lines {
			switch {
			case strings.HasPrefix(strings.TrimSpace(line), "```"):
				inBlock = !inBlock
			case inBlock:
				add(path, n+1, line)
			default:
				prose[n] = line
			}
		}
		text := strings.Join(prose, "\n")
		for _, m := range codeSpan.FindAllStringSubmatchIndex(text, -1) {
			add(path, 1+strings.Count(text[:m[2]], "\n"), text[m[2]:m[3]])
		}
	}
	return out
}

// sitePath returns the path and query of a URL on a Kinderstem server, or
// false for another site, a file on a disk, or a mention of a prefix
// ("/api/v1/…", "/i/").
func sitePath(s string) (string, bool) {
	s = strings.TrimRight(s, ".,;:!?")
	if rest, ok := strings.CutPrefix(s, "http://"); ok {
		s = rest
	} else if rest, ok := strings.CutPrefix(s, "https://"); ok {
		s = rest
	}
	if !strings.HasPrefix(s, "/") {
		host, path, ok := strings.Cut(s, "/")
		if !ok || !slices.Contains(serverHosts, host) {
			return "", false
		}
		s = "/" + path
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(s, "/"), "/")
	if slices.Contains(notSite, first) || strings.Contains(s, "…") || strings.Contains(s, "...") || strings.HasSuffix(s, "/") {
		return "", false
	}
	return s, true
}

func docPaths(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, pattern := range docFiles {
		paths, err := filepath.Glob(pattern)
		if err != nil || len(paths) == 0 {
			t.Fatalf("no documents match %s", pattern)
		}
		out = append(out, paths...)
	}
	return out
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(b), "\n")
}

// headingSlugs lists a markdown file's headings as GitHub makes their
// anchors: lower case, punctuation dropped, spaces as hyphens.
func headingSlugs(t *testing.T, path string) []string {
	t.Helper()
	var out []string
	inBlock := false
	for _, line := range readLines(t, path) {
		if strings.HasPrefix(line, "```") {
			inBlock = !inBlock
		}
		if inBlock || !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		slug := strings.Map(func(r rune) rune {
			switch {
			case r == ' ':
				return '-'
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				return r
			}
			return -1
		}, title)
		out = append(out, slug)
	}
	return out
}
