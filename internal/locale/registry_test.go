package locale_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kinderstem/kinderstem/internal/locale"
)

// A draft language needs every child-facing message and nothing else; its
// plural forms follow its own CLDR rules and its placeholders the
// default's. Staff negotiation never lands on it; a child's explicit
// choice (Lang) does.
func TestDraftLanguage(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{
		"ui.nl.toml": {Data: []byte(`"child.hi" = "Dag {{.Name}}"
"child.kids" = { one = "{{.Count}} kind", other = "{{.Count}} kinderen" }
"staff.menu" = "Menu"
"child.bye" = "Daag"`)},
		"ui.pl.toml": {Data: []byte(`"child.hi" = "Cześć {{.Imie}}"
"child.kids" = { one = "{{.Count}} dziecko", other = "{{.Count}} dzieci" }`)},
		"ui.prs.toml": {Data: []byte(`"child.hi" = "سلام {{.Name}}"
"child.kids" = { one = "{{.Count}} طفل", other = "{{.Count}} طفل" }
"child.bye" = "خدا حافظ"`)},
	}
	b, err := locale.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(b.Check([]string{"child.hi", "child.kids", "child.bye"}), "\n")
	for _, want := range []string{
		"pl: message child.bye is missing",               // child-facing, missing
		`pl: plural message child.kids lacks its "few"`,  // CLDR: one, few, many, other
		`pl: plural message child.kids lacks its "many"`, //
		"pl: message child.hi fills in {Imie}, the default {Name}",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Check() =\n%s\nwant %q", got, want)
		}
	}
	for _, not := range []string{"staff.menu", "prs:"} {
		if strings.Contains(got, not) {
			t.Errorf("Check() =\n%s\nwant nothing about %q (a draft needs only the child-facing messages)", got, not)
		}
	}
	prs, ok := b.Lang("prs")
	if !ok || !prs.RTL() || !prs.Draft() || prs.Name != "دری" || prs.Speech[0] != "prs-AF" {
		t.Errorf("prs = %+v", prs)
	}
	if got := b.Negotiate("pl", "prs", "pl-PL,prs"); got.Tag != "nl" {
		t.Errorf("Negotiate picked the draft %s for a staff page", got.Tag)
	}
	var offered, full []string
	for _, l := range b.Offered() {
		offered = append(offered, l.Tag)
	}
	for _, l := range b.Languages() {
		full = append(full, l.Tag)
	}
	if strings.Join(offered, " ") != "nl pl prs" || strings.Join(full, " ") != "nl" {
		t.Errorf("Offered() = %v, Languages() = %v", offered, full)
	}
}

// A file in a language the registry does not know is refused: a language
// cannot arrive without its direction, voice and status.
func TestLoadRefusesUnregisteredLanguage(t *testing.T) {
	t.Parallel()
	_, err := locale.Load(fstest.MapFS{
		"ui.nl.toml": {Data: []byte(`"a" = "b"`)},
		"ui.es.toml": {Data: []byte(`"a" = "b"`)},
	})
	if err == nil || !strings.Contains(err.Error(), "registry") {
		t.Fatalf("Load = %v, want a refusal naming the registry", err)
	}
}

// The registry's own names are those the full languages' files give
// themselves, and every registered language has a direction, a voice tag
// and a status.
func TestRegistry(t *testing.T) {
	t.Parallel()
	b := shipped(t)
	seen := map[string]bool{}
	for _, r := range locale.Registry {
		if seen[r.Tag] || r.Name == "" || (r.Dir != "ltr" && r.Dir != "rtl") || len(r.Speech) == 0 ||
			(r.Status != locale.Full && r.Status != locale.ChildDraft && r.Status != locale.ChildReviewed) {
			t.Errorf("registry entry %+v is incomplete or repeated", r)
		}
		seen[r.Tag] = true
		if l, ok := b.Lang(r.Tag); ok && r.Status == locale.Full && b.For(r.Tag).T("meta.name") != l.Name {
			t.Errorf("%s: registry name %q, file name %q", r.Tag, l.Name, b.For(r.Tag).T("meta.name"))
		}
	}
	for _, l := range b.Languages() {
		if l.Draft() {
			t.Errorf("Languages() holds the draft %s", l.Tag)
		}
	}
}
