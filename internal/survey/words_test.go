package survey_test

import (
	"io/fs"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit/shipped"
)

func TestMeasure(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, text, lang                string
		sentences, words, syll, longest int
		longWord                        string
	}{
		{"one Dutch sentence", "Ik voel me veilig waar ik woon.", "nl", 1, 7, 8, 7, "veilig"},
		{"Dutch ij is one vowel", "Mijn vrienden blijven bij mij.", "nl", 1, 5, 7, 5, "vrienden"},
		{"Dutch diaeresis starts a syllable", "Ruïne", "nl", 1, 1, 3, 1, "Ruïne"},
		{"two sentences", "Hoe gaat het? Goed!", "nl", 2, 4, 4, 3, "gaat"},
		{"English silent e", "I like the game.", "en", 1, 4, 4, 4, "like"},
		{"Arabic question mark ends a sentence", "هل تشعر بالأمان في المدرسة؟ نعم", "ar", 2, 6, 6, 5, "بالأمان"},
		{"numbers are not words", "Ik ben 12 jaar.", "nl", 1, 3, 3, 3, "jaar"},
		{"no text", "", "nl", 0, 0, 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := survey.Measure(tc.text, tc.lang)
			if m.Sentences != tc.sentences || m.Words != tc.words || m.LongestSentence != tc.longest {
				t.Errorf("sentences %d words %d longest %d, want %d %d %d", m.Sentences, m.Words, m.LongestSentence, tc.sentences, tc.words, tc.longest)
			}
			if tc.lang != "ar" && m.Syllables != tc.syll {
				t.Errorf("syllables %d, want %d", m.Syllables, tc.syll)
			}
			if tc.longWord != "" && m.LongestWord != tc.longWord && len([]rune(m.LongestWord)) <= len([]rune(tc.longWord)) {
				t.Errorf("longest word %q, want %q", m.LongestWord, tc.longWord)
			}
		})
	}
}

// The reading-ease formulas against hand-computed values: 20 words in 2
// sentences with 30 syllables.
func TestReadingEase(t *testing.T) {
	t.Parallel()
	m := survey.Measures{Sentences: 2, Words: 20, Syllables: 30}
	for formula, want := range map[string]float64{
		"flesch":       206.835 - 1.015*10 - 84.6*1.5,
		"flesch_douma": 206.84 - 0.93*10 - 77*1.5,
		"amstad":       180 - 10 - 58.5*1.5,
		"kandel_moles": 207 - 1.015*10 - 73.6*1.5,
	} {
		got, err := survey.ReadingEase(formula, m)
		if err != nil || math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v (%v), want %v", formula, got, err, want)
		}
	}
	if _, err := survey.ReadingEase("gunning_fog", m); err == nil {
		t.Error("an unknown formula gave a score")
	}
}

// A question for the youngest with a long sentence, a long word, a high
// LIX and a low reading ease fails each check; the same words pass for
// the oldest band where the limits allow them.
func TestCheckTextPerBand(t *testing.T) {
	t.Parallel()
	cat, _ := shipped.Content(t)
	w := cat.Words()
	long := "Als volwassenen een belangrijke beslissing over jouw toekomst nemen, vragen zij dan eerst uitdrukkelijk naar jouw verantwoordelijkheidsgevoel?"
	checks := func(b survey.Band) []string {
		var out []string
		for _, f := range w.CheckText(long, "nl", b) {
			out = append(out, f.Check)
		}
		return out
	}
	if got := checks(survey.Band{Min: 6, Max: 9}); !slices.Equal(got, []string{survey.CheckSentence, survey.CheckWord, survey.CheckLIX, survey.CheckReadingEase}) {
		t.Errorf("6-9: %v", got)
	}
	if got := checks(survey.Band{Min: 14, Max: 17}); slices.Contains(got, survey.CheckSentence) {
		t.Errorf("14-17: %v", got)
	}
	if got := w.CheckText("Ik voel me veilig waar ik woon.", "nl", survey.Band{Min: 6, Max: 9}); len(got) != 0 {
		t.Errorf("a short plain question fails %v", got)
	}
	// Five words are too few for a formula: only the lengths count.
	if got := w.CheckText("Andere kinderen pesten mij.", "nl", survey.Band{Min: 6, Max: 9}); len(got) != 0 {
		t.Errorf("a five-word question fails %v", got)
	}
}

// The shipped surveys pass the words check, or the warning is listed in
// surveys/reference/words-known.yaml; an entry there that no longer
// occurs fails too, so the list only shrinks as questions improve.
func TestShippedSurveysWords(t *testing.T) {
	t.Parallel()
	cat, bundle := shipped.Content(t)
	data, err := fs.ReadFile(kinderstem.Assets(), "surveys/reference/words-known.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var known struct {
		Known []string `yaml:"known"`
	}
	if err := yaml.Unmarshal(data, &known); err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, l := range bundle.Languages() {
		tags = append(tags, l.Tag)
	}
	listed := map[string]bool{}
	for _, k := range known.Known {
		listed[k] = true
	}
	var found, missing []string
	for _, s := range cat.Surveys() {
		for _, w := range cat.Words().CheckSurvey(s, tags, func(lang, id string) string { return bundle.For(lang).T(id) }) {
			found = append(found, w.Key())
			if !listed[w.Key()] {
				missing = append(missing, w.Key())
			}
		}
	}
	for _, k := range known.Known {
		if !slices.Contains(found, k) {
			t.Errorf("words-known.yaml lists %q, which no longer occurs: take it out", k)
		}
	}
	if len(missing) > 0 {
		if os.Getenv("KINDERSTEM_UPDATE_WORDS") != "" {
			slices.Sort(found)
			t.Logf("known:\n  - %s", strings.Join(found, "\n  - "))
		}
		t.Errorf("%d questions beyond a words limit are not in words-known.yaml (KINDERSTEM_UPDATE_WORDS=1 -v prints the list):\n%s", len(missing), strings.Join(missing, "\n"))
	}
}
