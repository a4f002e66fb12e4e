package xlsform_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit/shipped"
	"github.com/kinderstem/kinderstem/internal/xlsform"
)

// shippedLangs are the languages of the shipped translations, Dutch first.
func shippedLangs(b *locale.Bundle) ([]xlsform.Lang, []string) {
	var ls []xlsform.Lang
	var tags []string
	for _, l := range b.Languages() {
		ls = append(ls, xlsform.Lang{Tag: l.Tag, Name: l.Name})
		tags = append(tags, l.Tag)
	}
	return ls, tags
}

// bundleText gives a shipped message's words, "" when it has none.
func bundleText(b *locale.Bundle) func(lang, id string) string {
	return func(lang, id string) string {
		if !b.Has(lang, id) {
			return ""
		}
		return b.For(lang).T(id)
	}
}

// Every shipped survey written as an XLSForm and read back is the same
// survey: the same sections, items, kinds, answers and codes, conditions,
// indicators, and the same words in every language.
func TestRoundTripShippedSurveys(t *testing.T) {
	t.Parallel()
	cat, bundle := shipped.Content(t)
	ls, tags := shippedLangs(bundle)
	for _, s := range cat.All() {
		t.Run(s.ID, func(t *testing.T) {
			t.Parallel()
			data, err := xlsform.Write(s, ls, bundleText(bundle))
			if err != nil {
				t.Fatal(err)
			}
			res := xlsform.Read(data, xlsform.Context{Catalog: cat, Langs: tags, Shared: bundleText(bundle)})
			if len(res.Problems) > 0 {
				t.Fatalf("the export of %s does not read back:\n%s", s.ID, issues(res.Problems))
			}
			for _, w := range res.Warnings {
				if !strings.HasPrefix(w.ID, "xlsform.words_") {
					t.Errorf("warning %s at %s %v", w.ID, w.Place(), w.Args)
				}
			}
			back := res.Survey
			want := canonical(s, tags, bundleText(bundle))
			got := canonical(back, tags, back.Texts.Get)
			if want != got {
				t.Errorf("read back differs:\n%s", diff(want, got))
			}
			// And the read-back survey writes the same file again.
			again, err := xlsform.Write(back, ls, func(lang, id string) string {
				if t := back.Texts.Get(lang, id); t != "" {
					return t
				}
				return bundleText(bundle)(lang, id)
			})
			if err != nil {
				t.Fatal(err)
			}
			if a, b := cells(t, data), cells(t, again); a != b {
				t.Errorf("the second export differs:\n%s", diff(a, b))
			}
		})
	}
}

// canonical writes down everything a survey asks and counts, with every
// message id replaced by its words in each language.
func canonical(s *survey.Survey, langs []string, text func(lang, id string) string) string {
	var b strings.Builder
	words := func(id string) string {
		if id == "" {
			return "-"
		}
		var out []string
		for _, l := range langs {
			out = append(out, l+"="+text(l, id))
		}
		return strings.Join(out, " | ")
	}
	fmt.Fprintf(&b, "survey %s respondents=%s theme=%s crc=%v bands=%v\n title %s\n intro %s\n", s.ID, s.Respondents, s.Theme, s.CRC, s.AgeBands, words(s.Title), words(s.Intro))
	for _, sc := range s.Scales {
		fmt.Fprintf(&b, "scale %s %s points=%d from=%d dk=%v\n", sc.ID, sc.Style, sc.Points, sc.First(), sc.DontKnow)
		for _, l := range sc.Labels {
			fmt.Fprintf(&b, "  %s\n", words(l))
		}
	}
	for _, sec := range s.Sections {
		fmt.Fprintf(&b, "section %s %s\n", sec.ID, words(sec.Title))
		for _, it := range sec.Items {
			fmt.Fprintf(&b, " item %s kind=%s scale=%s dk=%v neg=%v crc=%v settings=%v min=%d max=%d show=%+v picture=%s pictogram=%s\n  text %s\n  young %s\n  low %s\n  high %s\n",
				it.ID, it.Kind, it.Scale, it.OffersDontKnow(), it.Negative, it.CRC, it.Settings, it.Min, it.Max, it.ShowIf, it.Picture, it.Pictogram,
				words(it.Text), words(it.Young), words(it.Low), words(it.High))
			for _, o := range it.Options {
				fmt.Fprintf(&b, "  option %d %s\n", o.Code, words(o.Label))
			}
			for _, r := range it.Rows {
				fmt.Fprintf(&b, "  row %s %s\n", r.ID, words(r.Label))
			}
		}
	}
	for _, ind := range s.Indicators {
		fmt.Fprintf(&b, "indicator %s %s items=%v top=%v reverse=%v min=%d rescale=%v by=%s theme=%s crc=%v\n  %s\n  %s\n",
			ind.ID, ind.Kind, ind.Items, ind.Top, ind.Reverse, ind.MinItems, ind.Rescale, ind.By, ind.Theme, ind.CRC, words(ind.Title), words(ind.Definition))
	}
	return b.String()
}

func diff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\nwant %s\n got %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(al), len(bl))
}

func issues(is []xlsform.Issue) string {
	var out []string
	for _, i := range is {
		out = append(out, fmt.Sprintf("%s %s %v", i.Place(), i.ID, i.Args))
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}
