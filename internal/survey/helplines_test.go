package survey_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kinderstem/kinderstem/internal/survey"
)

var shippedLanguages = []string{"nl", "en", "fr", "de", "ar", "uk"}

// The shipped file loads, and a child sees the lines of the country, the
// one in their own language first.
func TestHelplinesForLanguage(t *testing.T) {
	t.Parallel()
	h, err := survey.LoadHelplines(os.DirFS("../../surveys"), shippedLanguages)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang, first string
	}{
		{"nl", "102"}, {"fr", "103"}, {"en", "102"}, {"de", "102"}, {"ar", "102"}, {"uk", "102"},
	}
	for _, tc := range cases {
		local, elsewhere := h.For(tc.lang)
		if len(local) != 2 || local[0].Number != tc.first {
			t.Errorf("%s: local lines %v, want 2 with %s first", tc.lang, local, tc.first)
		}
		if len(elsewhere) != 1 || elsewhere[0].Number != "116 111" {
			t.Errorf("%s: elsewhere %v, want 116 111", tc.lang, elsewhere)
		}
		for _, l := range append(local, elsewhere...) {
			if strings.Contains(l.Number, "116 123") {
				t.Errorf("116 123 is not a children's line")
			}
		}
	}
}

func TestHelplinesFileRefusesGaps(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"no source":    "country: BE\nhelplines:\n  - {id: a, name: A, number: '1', country: BE, text: {nl: x, en: x, fr: x, de: x, ar: x, uk: x}}\n",
		"missing lang": "country: BE\nhelplines:\n  - {id: a, name: A, number: '1', country: BE, source: [https://x], text: {nl: x}}\n",
		"no country":   "helplines: []\n",
		"not yaml":     "country: [\n",
	}
	for name, file := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := survey.LoadHelplines(fstest.MapFS{survey.HelplinesFile: {Data: []byte(file)}}, shippedLanguages)
			if err == nil {
				t.Fatal("loaded a broken helplines file")
			}
		})
	}
}

// The complaint lines load and are checked as the helplines are: every
// line with a number, an https source and a text in every language.
func TestComplaintLines(t *testing.T) {
	t.Parallel()
	h, err := survey.LoadComplaints(os.DirFS("../../surveys"), shippedLanguages)
	if err != nil {
		t.Fatal(err)
	}
	local, _ := h.For("ar")
	if len(local) != 2 || local[0].Number != "0800 900 33" || local[1].Name != "Klachtenlijn van het Kinderrechtencommissariaat" {
		t.Fatalf("complaint lines %v", local)
	}
	broken := "country: BE\ncomplaints:\n  - {id: a, name: A, number: '1', country: BE, text: {nl: x, en: x, fr: x, de: x, ar: x, uk: x}}\n"
	if _, err := survey.LoadComplaints(fstest.MapFS{survey.ComplaintsFile: {Data: []byte(broken)}}, shippedLanguages); err == nil {
		t.Fatal("loaded a complaint line without a source")
	}
	wrongList := "country: BE\nhelplines:\n  - {id: a, name: A, number: '1', country: BE, source: [https://x], text: {nl: x, en: x, fr: x, de: x, ar: x, uk: x}}\n"
	if _, err := survey.LoadComplaints(fstest.MapFS{survey.ComplaintsFile: {Data: []byte(wrongList)}}, shippedLanguages); err == nil {
		t.Fatal("loaded helplines as complaint lines")
	}
}
