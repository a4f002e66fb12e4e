package survey_test

import (
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// pro is a small professionals' survey: a 0-5 scale with "don't know", a
// matrix per block, a comment box, a profile question and two pools.
const pro = `id: pro
version: 1
title: pro.title
intro: pro.intro
theme: wellbeing
respondents: professionals
scales:
  - id: agree0
    style: words
    from: 0
    points: 6
    labels: [a.0, a.1, a.2, a.3, a.4, a.5]
    dont_know: true
sections:
  - id: profile
    title: pro.profile
    items:
      - id: org_kind
        kind: choice
        text: pro.org_kind
        options:
          - {code: 1, label: pro.org.ngo}
          - {code: 2, label: pro.org.public}
  - id: childcare
    title: pro.childcare
    items:
      - id: cc_affordable
        kind: matrix
        scale: agree0
        text: pro.cc_affordable
        rows:
          - {id: poverty, label: pro.group.poverty}
          - {id: disability, label: pro.group.disability}
      - id: cc_comment
        kind: text
        text: pro.comment
indicators:
  - id: by_service
    kind: pool
    by: section
    theme: wellbeing
    title: pro.by_service
    definition: pro.by_service.def
  - id: by_group
    kind: pool
    by: row
    theme: wellbeing
    title: pro.by_group
    definition: pro.by_group.def
`

func withPro(src string) map[string]string {
	return map[string]string{"mini.yaml": good, "pro.yaml": src}
}

func TestLoadProfessionals(t *testing.T) {
	t.Parallel()
	cat, err := survey.Load(filesOf(withPro(pro)))
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Surveys()) != 1 || cat.Surveys()[0].ID != "mini" {
		t.Errorf("Surveys() = %d surveys, want only the children's", len(cat.Surveys()))
	}
	if len(cat.Professional()) != 1 || len(cat.All()) != 2 {
		t.Fatalf("Professional() = %d, All() = %d", len(cat.Professional()), len(cat.All()))
	}
	s := cat.Professional()[0]
	if !s.ForProfessionals() {
		t.Error("pro is not for professionals")
	}
	m, _ := s.Item("cc_affordable")
	got := m.Choices(survey.ProfessionalBand)
	if len(got) != 6 || got[0].Code != 0 || got[5].Code != 5 || got[0].Label != "a.0" {
		t.Errorf("matrix choices = %+v, want codes 0..5", got)
	}
	if lo, hi := m.CodeRange(); lo != 0 || hi != 5 {
		t.Errorf("CodeRange = %d..%d, want 0..5", lo, hi)
	}
	ind, _ := s.Indicator("by_group")
	if items := s.PoolItems(ind); len(items) != 1 || items[0].ID != "cc_affordable" {
		t.Errorf("PoolItems = %v", items)
	}
	mini, _ := cat.Survey("mini")
	if mini.Respondents != survey.Children || mini.ForProfessionals() {
		t.Errorf("a survey without respondents is not the children's: %q", mini.Respondents)
	}
}

func TestCheckCodeFromZero(t *testing.T) {
	t.Parallel()
	cat, err := survey.Load(filesOf(withPro(pro)))
	if err != nil {
		t.Fatal(err)
	}
	s := cat.Professional()[0]
	m, _ := s.Item("cc_affordable")
	for _, c := range []struct {
		code int
		ok   bool
	}{
		{0, true}, // the reason scales declare their first code
		{5, true},
		{6, false},
		{survey.CodeSkipped, true},
		{survey.CodeDontKnow, true},
		{-3, false},
	} {
		if err := m.CheckCode(c.code, survey.ProfessionalBand); (err == nil) != c.ok {
			t.Errorf("code %d: err = %v, want ok=%v", c.code, err, c.ok)
		}
	}
}

func TestLoadProfessionalsBroken(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, file, old, new, want string
	}{
		{"matrix in a children's survey", "pro", "respondents: professionals", "respondents: children\nage_bands: [10-13]", "matrix items are for surveys with respondents: professionals"},
		{"unknown respondents", "pro", "respondents: professionals", "respondents: parents", `respondents must be children or professionals, not "parents"`},
		{"age of professionals", "pro", "respondents: professionals", "respondents: professionals\nage_bands: [10-13]", "professionals are not asked their age"},
		{"scale from 2", "pro", "from: 0", "from: 2", "from must be 0 or 1"},
		{"faces from 0", "pro", "style: words", "style: faces", "a scale from 0 shows words"},
		{"matrix without rows", "pro", "        rows:\n          - {id: poverty, label: pro.group.poverty}\n          - {id: disability, label: pro.group.disability}\n", "", "a matrix item needs rows"},
		{"duplicate row", "pro", "id: disability", "id: poverty", `row id "poverty" must be unique`},
		{"pool by what", "pro", "by: row", "by: age", `a pool is by section or by row, not "age"`},
		{"pool on a non-matrix", "pro", "by: row\n", "by: row\n    items: [org_kind]\n", `"org_kind" is not a matrix item`},
		{"mean for professionals", "pro", "kind: pool\n    by: row", "kind: mean\n    items: [cc_affordable]", "mean indicators are for children's surveys"},
		{"share of a matrix", "pro", "kind: pool\n    by: row", "kind: share\n    items: [cc_affordable]\n    top: [5]", "a share of a professionals' survey takes one choice or yes/no item"},
		{"share of a comment", "pro", "kind: pool\n    by: row", "kind: share\n    items: [cc_comment]\n    top: [1]", "a share takes one item that is not text"},
		{"share of no answer", "pro", "kind: pool\n    by: row", "kind: share\n    items: [org_kind]\n    top: [3]", "3 is not an answer of item org_kind"},
		{"pool for children", "mini", "kind: share", "kind: pool", "pool indicators are for professionals' surveys"},
		{"rows on a scale item", "mini", "scale: often\n        text: mini.happy", "scale: often\n        rows: [{id: a, label: b}]\n        text: mini.happy", "only matrix items take rows"},
	} {
		t.Run(c.name, func(t *testing.T) {
			srcs := withPro(pro)
			name := c.file + ".yaml"
			if c.file == "mini" {
				name = "mini.yaml"
			}
			src := strings.Replace(srcs[name], c.old, c.new, 1)
			if src == srcs[name] {
				t.Fatalf("case does not change the file: %q not found", c.old)
			}
			srcs[name] = src
			cat, err := survey.Load(filesOf(srcs))
			if err == nil || cat != nil {
				t.Fatalf("loaded a broken file")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error:\n%v\nwant it to contain:\n%s", err, c.want)
			}
		})
	}
}

func TestTopCodes(t *testing.T) {
	t.Parallel()
	cat, err := survey.Load(filesOf(withPro(pro)))
	if err != nil {
		t.Fatal(err)
	}
	mini, _ := cat.Survey("mini")
	for _, c := range []struct {
		item string
		want []int
	}{
		{"happy", []int{4, 5}},      // 1-5 faces: the upper two
		{"ladder", []int{8, 9, 10}}, // the Kinderrechtenmonitor's satisfied
		{"care_only", []int{1}},     // yes
		{"who", nil},                // unordered
	} {
		it, _ := mini.Item(c.item)
		got := it.TopCodes()
		if len(got) != len(c.want) {
			t.Errorf("%s: top = %v, want %v", c.item, got, c.want)
		}
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("%s: top = %v, want %v", c.item, got, c.want)
			}
		}
	}
	for g, ok := range map[string]bool{"girl": true, "boy": true, "other": true, "skip": true, "": false, "Girl": false} {
		if survey.ValidGender(g) != ok {
			t.Errorf("ValidGender(%q) = %v", g, !ok)
		}
	}
}
