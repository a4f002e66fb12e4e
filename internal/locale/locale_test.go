package locale_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/survey"
)

func shipped(tb testing.TB) *locale.Bundle {
	tb.Helper()
	locs, _ := fs.Sub(kinderstem.Assets(), "locales")
	b, err := locale.Load(locs)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestNegotiate(t *testing.T) {
	t.Parallel()
	b := shipped(t)
	for _, c := range []struct {
		name, query, cookie, accept, want string
	}{
		{"nothing gives the default", "", "", "", "nl"},
		{"query wins", "fr", "de", "en", "fr"},
		{"cookie next", "", "de", "en", "de"},
		{"accept-language last", "", "", "en-GB,en;q=0.9", "en"},
		{"regional query", "fr-BE", "", "", "fr"},
		{"regional accept", "", "", "de-AT", "de"},
		{"accept order", "", "", "es;q=1, fr;q=0.8, en;q=0.5", "fr"},
		{"unknown query falls through", "xx", "", "en", "en"},
		{"malformed query falls through", "<script>", "", "", "nl"},
		{"malformed accept", "", "", ";;;q=abc,,", "nl"},
		{"huge accept", "", "", strings.Repeat("en-US,", 200), "nl"},
		{"unsupported only", "", "", "ja, zh", "nl"},
		{"Flemish", "", "", "nl-BE", "nl"},
		{"Dari by its CLDR name", "", "", "fa-AF,fa;q=0.8", "prs"},
		{"Dari query by its CLDR name", "fa-AF", "", "", "prs"},
		{"Romanian of Moldova", "", "", "ro-MD", "ro"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := b.Negotiate(c.query, c.cookie, c.accept).Tag; got != c.want {
				t.Errorf("Negotiate(%q, %q, %q) = %s, want %s", c.query, c.cookie, c.accept, got, c.want)
			}
		})
	}
}

func TestDirection(t *testing.T) {
	t.Parallel()
	b, err := locale.Load(fstest.MapFS{
		"ui.nl.toml": {Data: []byte(`"meta.name" = "Nederlands"`)},
		"ui.ar.toml": {Data: []byte(`"meta.name" = "العربية"`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	ar, _ := b.Lang("ar")
	nl, _ := b.Lang("nl")
	if !ar.RTL() || nl.RTL() || ar.Name != "العربية" {
		t.Fatalf("ar = %+v, nl = %+v", ar, nl)
	}
}

func TestLocalizer(t *testing.T) {
	t.Parallel()
	b, err := locale.Load(fstest.MapFS{
		"ui.nl.toml": {Data: []byte(`"hi" = "Dag {{.Name}}"
"kids" = { one = "{{.Count}} kind", other = "{{.Count}} kinderen" }`)},
		"ui.en.toml": {Data: []byte(`"hi" = "Hi {{.Name}}"`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	nl, en := b.For("nl"), b.For("en")
	for _, c := range []struct{ got, want string }{
		{nl.T("hi", "Name", "Mia"), "Dag Mia"},
		{en.T("hi", "Name", "Mia"), "Hi Mia"},
		{nl.N("kids", 1), "1 kind"},
		{nl.N("kids", 12), "12 kinderen"},
		{en.N("kids", 2), "2 kinderen"}, // missing in en: the default language speaks
		{nl.T("nope"), "[nope]"},        // a missing message shows, never blank
		{b.For("xx").T("hi", "Name", "x"), "Dag x"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if problems := b.Check(); len(problems) != 1 || !strings.Contains(problems[0], "en: message kids is missing") {
		t.Errorf("Check() = %q, want en missing kids", problems)
	}
}

// A plural message must have every form its language's CLDR rules use:
// Ukrainian needs one, few, many and other.
func TestCheckPluralForms(t *testing.T) {
	t.Parallel()
	b, err := locale.Load(fstest.MapFS{
		"ui.nl.toml": {Data: []byte(`"kids" = { one = "{{.Count}} kind", other = "{{.Count}} kinderen" }`)},
		"ui.uk.toml": {Data: []byte(`"kids" = { one = "{{.Count}} дитина", other = "{{.Count}} дитини" }`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(b.Check(), "\n")
	for _, form := range []string{`"few"`, `"many"`} {
		if !strings.Contains(got, "uk: plural message kids lacks its "+form) {
			t.Errorf("Check() = %s; want the missing %s form", got, form)
		}
	}
}

func TestLoadRejects(t *testing.T) {
	t.Parallel()
	for name, files := range map[string]fstest.MapFS{
		"no default":   {"ui.en.toml": {Data: []byte(`"a" = "b"`)}},
		"bad toml":     {"ui.nl.toml": {Data: []byte(`"a" = `)}},
		"duplicate id": {"ui.nl.toml": {Data: []byte(`"a" = "b"`)}, "x.nl.toml": {Data: []byte(`"a" = "c"`)}},
		"no language":  {"ui.nl.toml": {Data: []byte(`"a" = "b"`)}, "toml.toml": {Data: []byte(`"a" = "b"`)}},
	} {
		if _, err := locale.Load(files); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

// Every shipped language has every message of the default language, none
// empty, with every plural form CLDR asks for; and every message a survey
// uses exists in every shipped language.
func TestShippedTranslationsAreComplete(t *testing.T) {
	t.Parallel()
	b := shipped(t)
	for _, p := range b.Check() {
		t.Error(p)
	}
	surveys, _ := fs.Sub(kinderstem.Assets(), "surveys")
	cat, err := survey.Load(surveys)
	if err != nil {
		t.Fatal(err)
	}
	var langs []string
	for _, l := range b.Languages() {
		langs = append(langs, l.Tag)
	}
	for _, p := range cat.CheckTranslations(langs, b.Has) {
		t.Error(p)
	}
	for _, want := range []string{"nl", "en", "fr", "de"} {
		if _, ok := b.Lang(want); !ok {
			t.Errorf("language %s is not shipped", want)
		}
	}
}

// Dari (prs) is not in CLDR under its own tag: it loads with Persian's plural
// rules (one, other) and right to left, and a missing form is reported.
func TestDari(t *testing.T) {
	t.Parallel()
	b, err := locale.Load(fstest.MapFS{
		"ui.nl.toml": {Data: []byte(`"meta.name" = "Nederlands"
"kids" = { one = "{{.Count}} kind", other = "{{.Count}} kinderen" }
"hi" = "Dag"`)},
		"ui.prs.toml": {Data: []byte(`"meta.name" = "دری"
"kids" = { one = "{{.Count}} طفل", other = "{{.Count}} طفل‌ها" }`)},
		"x.prs.toml": {Data: []byte(`"hi" = { other = "سلام" }`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	prs, ok := b.Lang("prs")
	if !ok || !prs.RTL() || prs.Name != "دری" {
		t.Fatalf("prs = %+v, %v", prs, ok)
	}
	l := b.For("prs")
	for _, c := range []struct{ got, want string }{
		{l.N("kids", 1), "1 طفل"},
		{l.N("kids", 3), "3 طفل‌ها"},
		{l.T("hi"), "سلام"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if problems := b.Check(); len(problems) != 0 {
		t.Errorf("Check() = %q", problems)
	}
	b, err = locale.Load(fstest.MapFS{
		"ui.nl.toml":  {Data: []byte(`"kids" = { one = "{{.Count}} kind", other = "{{.Count}} kinderen" }`)},
		"ui.prs.toml": {Data: []byte(`"kids" = { other = "{{.Count}} طفل‌ها" }`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if problems := b.Check(); len(problems) != 1 || !strings.Contains(problems[0], `lacks its "one" form`) {
		t.Errorf("Check() = %q, want prs lacking one", problems)
	}
}
