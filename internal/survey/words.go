package survey

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// wordsFile holds the limits of the words check, with their sources. It
// is not part of any survey's hash: changing a limit changes no survey.
const wordsFile = "reference/words.yaml"

// WordLimits are the words-for-children limits per age band and language.
type WordLimits struct {
	ReadingEase map[string]string `yaml:"reading_ease"` // lang -> formula
	LIX         []string          `yaml:"lix"`          // languages LIX applies to
	// FormulaMinWords is the fewest words a text needs before LIX and
	// reading ease say anything: they were made for running text.
	FormulaMinWords int          `yaml:"formula_min_words"`
	Bands           []BandLimits `yaml:"bands"` // by rising max_age
	Sources         []struct {
		ID   string `yaml:"id"`
		Cite string `yaml:"cite"`
	} `yaml:"sources"`
}

// BandLimits are the limits for children up to MaxAge.
type BandLimits struct {
	MaxAge        int            `yaml:"max_age"`
	SentenceWords int            `yaml:"sentence_words"`
	WordLetters   map[string]int `yaml:"word_letters"`
	LIX           float64        `yaml:"lix"`
	ReadingEase   float64        `yaml:"reading_ease"`
}

// The words checks a question can fail.
const (
	CheckSentence    = "sentence"     // a sentence has more words than the band's limit
	CheckWord        = "word"         // a word has more letters than the band's limit
	CheckLIX         = "lix"          // Björnsson's LIX above the limit
	CheckReadingEase = "reading_ease" // the language's Flesch reading ease below the limit
)

// WordFinding is one words check a text fails.
type WordFinding struct {
	Check string
	Value float64 // what the text has: words, letters, LIX or reading ease
	Limit float64
	Word  string // the long word, for CheckWord
	Score string // the formula, for CheckReadingEase
}

// loadWords reads the limits of the words check; a survey folder without
// the file checks no words.
func (l *loader) words(cat *Catalog) {
	data, err := fs.ReadFile(l.fsys, wordsFile)
	if err != nil {
		return
	}
	var w WordLimits
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&w); err != nil {
		l.yamlProblem(wordsFile, err)
		return
	}
	for i, b := range w.Bands {
		if b.SentenceWords < 1 || (i > 0 && b.MaxAge <= w.Bands[i-1].MaxAge) {
			l.problem(wordsFile, 0, "bands must rise by max_age, each with sentence_words")
		}
	}
	for lang, f := range w.ReadingEase {
		if _, ok := easeFormulas[f]; !ok {
			l.problem(wordsFile, 0, "reading_ease %s: unknown formula %q", lang, f)
		}
	}
	cat.words = &w
}

// Words returns the limits of the words check, or nil when the surveys
// folder has none.
func (c *Catalog) Words() *WordLimits { return c.words }

// For returns the limits of a band: those of the first limits whose
// max_age reaches the band's oldest age.
func (w *WordLimits) For(b Band) (BandLimits, bool) {
	for _, bl := range w.Bands {
		if b.Max <= bl.MaxAge {
			return bl, true
		}
	}
	return BandLimits{}, false
}

// CheckText measures a question in lang for children of band b and
// returns every limit it passes.
func (w *WordLimits) CheckText(text, lang string, b Band) []WordFinding {
	lim, ok := w.For(b)
	if !ok || strings.TrimSpace(text) == "" {
		return nil
	}
	m := Measure(text, lang)
	var out []WordFinding
	if m.LongestSentence > lim.SentenceWords {
		out = append(out, WordFinding{Check: CheckSentence, Value: float64(m.LongestSentence), Limit: float64(lim.SentenceWords)})
	}
	if max := lim.WordLetters[lang]; max > 0 && m.LongestWordLetters > max {
		out = append(out, WordFinding{Check: CheckWord, Value: float64(m.LongestWordLetters), Limit: float64(max), Word: m.LongestWord})
	}
	if m.Words < w.FormulaMinWords {
		return out
	}
	if slices.Contains(w.LIX, lang) && lim.LIX > 0 && m.LIX > lim.LIX {
		out = append(out, WordFinding{Check: CheckLIX, Value: round1(m.LIX), Limit: lim.LIX})
	}
	if f := w.ReadingEase[lang]; f != "" && lim.ReadingEase > 0 {
		if ease := easeFormulas[f](m); ease < lim.ReadingEase {
			out = append(out, WordFinding{Check: CheckReadingEase, Value: round1(ease), Limit: lim.ReadingEase, Score: f})
		}
	}
	return out
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// Measures are what the words check counts in a text.
type Measures struct {
	Sentences, Words, Syllables, LongWords int
	LongestSentence                        int // in words
	LongestWord                            string
	LongestWordLetters                     int
	LIX                                    float64
}

// wordsPerSentence and syllablesPerWord feed the reading-ease formulas.
func (m Measures) wordsPerSentence() float64 { return float64(m.Words) / float64(max(1, m.Sentences)) }
func (m Measures) syllablesPerWord() float64 { return float64(m.Syllables) / float64(max(1, m.Words)) }

// easeFormulas are Flesch's reading ease and its fits to other languages,
// on the same scale (100 very easy, 0 very hard).
var easeFormulas = map[string]func(Measures) float64{
	"flesch":       func(m Measures) float64 { return 206.835 - 1.015*m.wordsPerSentence() - 84.6*m.syllablesPerWord() },
	"flesch_douma": func(m Measures) float64 { return 206.84 - 0.93*m.wordsPerSentence() - 77*m.syllablesPerWord() },
	"amstad":       func(m Measures) float64 { return 180 - m.wordsPerSentence() - 58.5*m.syllablesPerWord() },
	"kandel_moles": func(m Measures) float64 { return 207 - 1.015*m.wordsPerSentence() - 73.6*m.syllablesPerWord() },
}

// ReadingEase returns the reading ease of a text by the named formula.
func ReadingEase(formula string, m Measures) (float64, error) {
	f, ok := easeFormulas[formula]
	if !ok {
		return 0, fmt.Errorf("survey: no reading-ease formula %q", formula)
	}
	return f(m), nil
}

// Measure counts sentences, words, syllables and long words of a text.
// A sentence ends at . ! ? ; … or the Arabic question mark and full stop;
// a word is a run of letters (and the apostrophes and hyphens inside it).
// Syllables are counted by the language's vowel groups, which is what
// readability formulas were computed with, give or take.
func Measure(text, lang string) Measures {
	var m Measures
	inSentence := 0
	endSentence := func() {
		if inSentence > 0 {
			m.Sentences++
			m.LongestSentence = max(m.LongestSentence, inSentence)
		}
		inSentence = 0
	}
	for _, tok := range strings.Fields(text) {
		word := strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		letters := 0
		for _, r := range word {
			if unicode.IsLetter(r) {
				letters++
			}
		}
		if letters > 0 {
			m.Words++
			inSentence++
			m.Syllables += syllables(strings.ToLower(word), lang)
			if letters > 6 {
				m.LongWords++
			}
			if letters > m.LongestWordLetters {
				m.LongestWordLetters, m.LongestWord = letters, word
			}
		}
		if last, ok := lastRune(tok); ok && strings.ContainsRune(".!?;…؟۔", last) {
			endSentence()
		}
	}
	endSentence()
	if m.Words > 0 {
		m.LIX = float64(m.Words)/float64(max(1, m.Sentences)) + 100*float64(m.LongWords)/float64(m.Words)
	}
	return m
}

func lastRune(s string) (rune, bool) {
	r := []rune(s)
	if len(r) == 0 {
		return 0, false
	}
	return r[len(r)-1], true
}

// syllables counts a word's vowel groups: each run of vowels is one
// syllable (Dutch "ij" is one vowel, a diaeresis starts a new one), with
// the silent final e of English and French taken off; every word has at
// least one.
func syllables(word, lang string) int {
	vowels := "aeiouyàáâäèéêëìíîïòóôöùúûüæœ"
	n, prevVowel := 0, false
	rs := []rune(word)
	for i, r := range rs {
		v := strings.ContainsRune(vowels, r)
		if lang == "nl" && r == 'j' && i > 0 && rs[i-1] == 'i' {
			v = true // ij
		}
		if v && (!prevVowel || strings.ContainsRune("ëïéèêü", r) && lang != "de") {
			n++
		}
		prevVowel = v
	}
	if (lang == "en" || lang == "fr") && n > 1 {
		end := string(rs[max(0, len(rs)-2):])
		if strings.HasSuffix(end, "e") && !strings.HasSuffix(end, "le") || lang == "fr" && strings.HasSuffix(end, "es") {
			n--
		}
	}
	return max(1, n)
}
