package survey_test

import (
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kinderstem/kinderstem/internal/survey"
)

const themes = `themes:
  - {id: wellbeing, title: theme.wellbeing, crc: [6]}
`
const settings = `settings: [school, youth_care]
`
const scales = `scales:
  - id: often
    style: faces
    points: 5
    labels: [s.1, s.2, s.3, s.4, s.5]
    dont_know: true
    young: {points: 3, labels: [s.1, s.3, s.5], map: [1, 3, 5]}
`
const regions = `regions:
  - {code: "40000", name: Oost-Vlaanderen, slug: gent-prov}
  - {code: "44021", name: Gent, province: "40000", fr: Gand, slug: gent}
`

// good is a small valid survey; each broken case edits one line of it.
const good = `id: mini
version: 1
title: mini.title
intro: mini.intro
theme: wellbeing
crc: [12]
age_bands: [6-9, 10-13]
sections:
  - id: one
    title: mini.one
    items:
      - id: happy
        kind: scale
        scale: often
        text: mini.happy
        pictogram: happy
        young: mini.happy.young
      - id: ladder
        kind: ladder
        text: mini.ladder
        pictogram: life
        low: mini.low
        high: mini.high
      - id: who
        kind: multi
        text: mini.who
        pictogram: friends
        options:
          - {code: 1, label: mini.who.mum}
          - {code: 2, label: mini.who.teacher}
      - id: care_only
        kind: yesno
        text: mini.care
        pictogram: care
        settings: [youth_care]
      - id: more
        kind: text
        text: mini.more
        pictogram: write
indicators:
  - id: happy_share
    kind: share
    items: [happy]
    top: [4, 5]
    theme: wellbeing
    title: mini.ind.title
    definition: mini.ind.def
`

func files(survey string) fstest.MapFS { return filesOf(map[string]string{"mini.yaml": survey}) }

// filesOf is a surveys folder with the reference files and these surveys.
func filesOf(surveys map[string]string) fstest.MapFS {
	fs := fstest.MapFS{
		"reference/themes.yaml":   {Data: []byte(themes)},
		"reference/settings.yaml": {Data: []byte(settings)},
		"reference/scales.yaml":   {Data: []byte(scales)},
		"reference/regions.yaml":  {Data: []byte(regions)},
	}
	for name, src := range surveys {
		fs[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fs
}

func TestLoadGood(t *testing.T) {
	t.Parallel()
	cat, err := survey.Load(files(good))
	if err != nil {
		t.Fatal(err)
	}
	s, ok := cat.Survey("mini")
	if !ok || len(s.Items()) != 5 || s.Hash == "" {
		t.Fatalf("survey = %+v", s)
	}
	young, _ := s.Band("6-9")
	old, _ := s.Band("10-13")
	happy, _ := s.Item("happy")
	if got := happy.Choices(young); len(got) != 3 || got[1].Code != 3 {
		t.Errorf("young choices = %+v, want 3 faces stored as 1, 3, 5", got)
	}
	if got := happy.Choices(old); len(got) != 5 {
		t.Errorf("choices for 10-13 = %+v, want 5", got)
	}
	if happy.TextFor(young) != "mini.happy.young" || happy.TextFor(old) != "mini.happy" {
		t.Errorf("young wording not chosen by band")
	}
	care, _ := s.Item("care_only")
	if care.ShownIn("school") || !care.ShownIn("youth_care") {
		t.Errorf("care_only shown in the wrong settings")
	}
	// A NIS code or an old slug finds the same region, by its NIS code.
	if cat.ProvinceOf("gent") != "40000" || cat.ProvinceOf("44021") != "40000" || cat.ProvinceOf("40000") != "40000" || cat.ProvinceOf("x") != "" {
		t.Errorf("ProvinceOf is wrong")
	}
	if r, _ := cat.Region("gent"); r.Code != "44021" || r.NameIn("fr") != "Gand" || r.NameIn("en") != "Gent" {
		t.Errorf("Region(gent) = %+v", r)
	}
}

func TestLoadBroken(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"unknown scale", "scale: often", "scale: sometimes", `mini.yaml:14: item happy: unknown scale "sometimes"`},
		{"duplicate item", "id: ladder", "id: happy", `mini.yaml:18: duplicate item id "happy"`},
		{"indicator on missing item", "items: [happy]", "items: [sad]", `mini.yaml:43: indicator happy_share: no item "sad"`},
		{"unknown field", "low: mini.low", "lo: mini.low", `mini.yaml:22: field lo not found`},
		{"unknown kind", "kind: ladder", "kind: slider", `mini.yaml:19: item ladder: unknown kind "slider"`},
		{"bad band", "[6-9, 10-13]", "[6-9, ten-13]", `mini.yaml:7: age band "ten-13" must look like 6-9`},
		{"overlapping bands", "[6-9, 10-13]", "[6-10, 10-13]", `mini.yaml:7: age band 10-13 overlaps 6-10`},
		{"unknown theme", "theme: wellbeing\ncrc", "theme: joy\ncrc", `mini.yaml:5: unknown theme "joy"`},
		{"unknown setting", "settings: [youth_care]", "settings: [prison]", `mini.yaml:35: item care_only: unknown setting "prison"`},
		{"top outside scale", "top: [4, 5]", "top: [4, 6]", `mini.yaml:44: indicator happy_share: 6 is not an answer of item happy`},
		{"missing text", "text: mini.ladder", "text: ''", `mini.yaml:20: item ladder text: a message id is required`},
		{"one option", "          - {code: 2, label: mini.who.teacher}\n", "", `mini.yaml:24: item who: a multi item needs at least two options`},
		{"bad yaml", "sections:", "sections: [", `mini.yaml:`},
		{"version zero", "version: 1", "version: 0", `mini.yaml:2: version must be a whole number from 1 up`},
		{"bad id", "id: mini", "id: Mini!", `mini.yaml:1: id "Mini!" must be lower case`},
		{"youngest without pictures", "[6-9, 10-13]", "[4-5, 6-9, 10-13]", `mini.yaml:12: item happy: band 4-5 is for children who do not read yet, so every question names a picture`},
		{"item without a pictogram", "        pictogram: life\n", "", `mini.yaml:18: item ladder: children's surveys offer easy read, so every item names a pictogram`},
		{"text item without a pictogram", "        pictogram: write\n", "", `item more: children's surveys offer easy read, so every item names a pictogram`},
		{"unknown pictogram", "pictogram: happy", "pictogram: unicorn", `mini.yaml:16: item happy: unknown pictogram "unicorn" (pictogram: a name listed in static/pictograms/README.md)`},
		{"unknown picture", "        young: mini.happy.young\n", "        young: mini.happy.young\n        picture: unicorn\n", `item happy: unknown picture "unicorn"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(good, c.old, c.new, 1)
			if src == good {
				t.Fatalf("case does not change the file: %q not found", c.old)
			}
			cat, err := survey.Load(files(src))
			if err == nil || cat != nil {
				t.Fatalf("loaded a broken file")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error:\n%v\nwant it to contain:\n%s", err, c.want)
			}
		})
	}
}

// A survey only for children who do not read yet has pictures instead of
// pictograms and no easy-read variant; an easy-read survey asks for each
// item's easy words.
func TestEasyReadOffered(t *testing.T) {
	t.Parallel()
	youngest := strings.NewReplacer("[6-9, 10-13]", "[4-5]", "        pictogram: life\n", "        picture: play\n", "        pictogram: happy\n", "        picture: home\n",
		"        pictogram: friends\n", "        picture: friends\n", "        pictogram: care\n", "        picture: safe\n", "        pictogram: write\n", "").Replace(good)
	for _, c := range []struct {
		name, src string
		easy      bool
	}{{"children's survey", good, true}, {"youngest only", youngest, false}} {
		cat, err := survey.Load(files(c.src))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		s, _ := cat.Survey("mini")
		if s.OffersEasyRead() != c.easy {
			t.Errorf("%s: OffersEasyRead = %v, want %v", c.name, !c.easy, c.easy)
		}
		if got := slices.Contains(cat.MessageIDs(), "easy.mini.happy"); got != c.easy {
			t.Errorf("%s: easy words of happy among the messages = %v, want %v", c.name, got, c.easy)
		}
	}
}

func TestLoadMissingReference(t *testing.T) {
	t.Parallel()
	fs := files(good)
	delete(fs, "reference/scales.yaml")
	_, err := survey.Load(fs)
	if err == nil || !strings.Contains(err.Error(), "reference/scales.yaml") {
		t.Fatalf("err = %v, want one naming the missing scales file", err)
	}
}

func TestCheckCode(t *testing.T) {
	t.Parallel()
	cat, err := survey.Load(files(good))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := cat.Survey("mini")
	young, _ := s.Band("6-9")
	old, _ := s.Band("10-13")
	for _, c := range []struct {
		item string
		code int
		band survey.Band
		ok   bool
	}{
		{"happy", 5, old, true},
		{"happy", 4, old, true},
		{"happy", 4, young, false}, // young children see 3 faces stored as 1, 3, 5
		{"happy", 3, young, true},
		{"happy", 6, old, false},
		{"happy", 0, old, false},
		{"happy", survey.CodeDontKnow, old, true},
		{"happy", survey.CodeSkipped, old, true},
		{"ladder", 0, old, true},
		{"ladder", 10, old, true},
		{"ladder", 11, old, false},
		{"ladder", survey.CodeDontKnow, old, false}, // not offered
		{"who", 3, old, true},                       // both options
		{"who", 4, old, false},                      // no third option
		{"who", 0, old, false},                      // nothing chosen is a skip, not 0
		{"care_only", 1, old, true},
		{"care_only", 0, old, true},
		{"care_only", 2, old, false},
		{"more", 1, old, true},
		{"more", 2, old, false},
		{"happy", -3, old, false},
	} {
		it, _ := s.Item(c.item)
		if err := it.CheckCode(c.code, c.band); (err == nil) != c.ok {
			t.Errorf("%s %d (band %s): err = %v, want ok=%v", c.item, c.code, c.band, err, c.ok)
		}
	}
}

// The shipped surveys load and every message they use is listed.
func TestShippedSurveysLoad(t *testing.T) {
	t.Parallel()
	cat, err := survey.Load(os.DirFS("../../surveys"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Surveys()) == 0 || len(cat.MessageIDs()) == 0 {
		t.Fatal("no surveys or messages")
	}
}
