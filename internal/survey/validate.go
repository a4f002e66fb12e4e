package survey

import (
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// maxMultiOptions keeps a multi item's bit mask well inside an int64 and a
// microdata export's columns readable.
const maxMultiOptions = 30

// validator checks one decoded survey and records problems with lines.
type validator struct {
	l     *loader
	cat   *Catalog
	s     *Survey
	doc   *yaml.Node
	notes map[string]bool // ids of note items, which are not in s.items
}

func (v *validator) bad(path []any, format string, args ...any) {
	v.l.problemAt(v.s.File, locate(v.doc, path...), path, format, args...)
}

func (v *validator) run() {
	s := v.s
	if !idPattern.MatchString(s.ID) {
		v.bad([]any{"id"}, "id %q must be lower case letters, digits and _ (start with a letter)", s.ID)
	}
	if ReservedID(s.ID) {
		v.bad([]any{"id"}, "id %q is reserved for the registration figures", s.ID)
	}
	if s.Version < 1 {
		v.bad([]any{"version"}, "version must be a whole number from 1 up")
	}
	v.message([]any{"title"}, "title", s.Title)
	v.message([]any{"intro"}, "intro", s.Intro)
	v.theme([]any{"theme"}, s.Theme)
	v.articles([]any{"crc"}, s.CRC)
	v.respondents()
	if s.OffersEasyRead() {
		v.l.ref(s.File, locate(v.doc, "intro"), s.EasyIntro())
	}
	v.scales()
	v.sections()
	v.indicators()
}

// message checks that a required message id is there and records where it
// is used, so a missing translation can be reported with its line.
func (v *validator) message(path []any, field, id string) {
	if strings.TrimSpace(id) == "" {
		v.bad(path, "%s: a message id is required", field)
		return
	}
	v.l.ref(v.s.File, locate(v.doc, path...), id)
}

func (v *validator) theme(path []any, id string) {
	if _, ok := v.cat.themeIdx[id]; !ok {
		v.bad(path, "unknown theme %q (themes are listed in %s)", id, themesFile)
	}
}

func (v *validator) articles(path []any, crc []int) {
	for i, a := range crc {
		if a < 1 || a > 54 {
			v.bad(append(path, i), "CRC article %d does not exist (1-54)", a)
		}
	}
}

// picture checks an item's picture: one of Pictures, and present on
// every question of a survey with a band for children under six, who
// answer without reading.
func (v *validator) picture(p []any, it *Item) {
	if it.Picture != "" && !slices.Contains(Pictures, it.Picture) {
		v.bad(append(p, "picture"), "item %s: unknown picture %q (pictures: %s)", it.ID, it.Picture, strings.Join(Pictures, ", "))
	}
	if it.Picture != "" || it.Kind == KindText {
		return
	}
	for _, b := range v.s.AgeBands {
		if b.Youngest() {
			v.bad(p, "item %s: band %s is for children who do not read yet, so every question names a picture (picture: one of %s)", it.ID, b, strings.Join(Pictures, ", "))
			return
		}
	}
}

func (v *validator) bands() {
	if len(v.s.AgeBands) == 0 {
		v.bad([]any{"age_bands"}, "age_bands: at least one band is required, e.g. [6-9, 10-13]")
	}
	for i, b := range v.s.AgeBands {
		if b.Min < 4 || b.Max > 18 || b.Min > b.Max {
			v.bad([]any{"age_bands", i}, "age band %s must lie within 4-18", b)
		}
		for _, o := range v.s.AgeBands[:i] {
			if b.Min <= o.Max && o.Min <= b.Max {
				v.bad([]any{"age_bands", i}, "age band %s overlaps %s", b, o)
			}
		}
	}
}

func (v *validator) scales() {
	v.s.scales = map[string]*Scale{}
	for i, sc := range v.s.Scales {
		line := locate(v.doc, "scales", i)
		p := []any{"scales", i}
		if sc == nil {
			v.bad(p, "scale %d is empty", i+1)
			continue
		}
		if _, shared := v.cat.shared[sc.ID]; shared {
			v.bad(p, "scale %q is already defined in %s", sc.ID, scalesFile)
		}
		if _, dup := v.s.scales[sc.ID]; dup {
			v.bad(p, "duplicate scale id %q", sc.ID)
		}
		before := len(v.l.problems)
		v.l.checkScale(v.s.File, line, sc)
		for k := before; k < len(v.l.problems); k++ {
			v.l.problems[k].Path = p
		}
		v.s.scales[sc.ID] = sc
	}
}

// checkScale validates a scale wherever it is declared.
func (l *loader) checkScale(file string, line int, s *Scale) {
	if !idPattern.MatchString(s.ID) {
		l.problem(file, line, "scale id %q must be lower case letters, digits and _", s.ID)
	}
	if s.Style != "faces" && s.Style != "amount" && s.Style != "words" {
		l.problem(file, line, "scale %s: style must be faces, amount or words, not %q", s.ID, s.Style)
	}
	if s.Points < 2 || s.Points > 7 {
		l.problem(file, line, "scale %s: points must be 2 to 7", s.ID)
	}
	switch {
	case s.First() != 0 && s.First() != 1:
		l.problem(file, line, "scale %s: from must be 0 or 1 (the code of the first point)", s.ID)
	case s.First() == 0 && s.Style != "words":
		l.problem(file, line, "scale %s: a scale from 0 shows words (faces and amounts count from 1)", s.ID)
	}
	if len(s.Labels) != s.Points {
		l.problem(file, line, "scale %s: %d points need %d labels, found %d", s.ID, s.Points, s.Points, len(s.Labels))
	}
	for _, id := range s.Labels {
		l.ref(file, line, id)
	}
	y := s.Young
	if y == nil {
		return
	}
	for _, id := range y.Labels {
		l.ref(file, line, id)
	}
	if y.Points < 2 || y.Points > s.Points || len(y.Labels) != y.Points || len(y.Map) != y.Points {
		l.problem(file, line, "scale %s: young needs 2 to %d points with as many labels and map entries", s.ID, s.Points)
		return
	}
	for i, m := range y.Map {
		if m < s.First() || m > s.Last() || (i > 0 && m <= y.Map[i-1]) {
			l.problem(file, line, "scale %s: young map must rise within %d-%d", s.ID, s.First(), s.Last())
			return
		}
	}
}

func (v *validator) sections() {
	s := v.s
	s.byItem = map[string]int{}
	seen := map[string]bool{}
	if len(s.Sections) == 0 {
		v.bad([]any{"sections"}, "sections: at least one section with items is required")
	}
	for i, sec := range s.Sections {
		p := []any{"sections", i}
		if sec == nil {
			v.bad(p, "section %d is empty", i+1)
			continue
		}
		if !idPattern.MatchString(sec.ID) || seen[sec.ID] {
			v.bad(p, "section id %q must be unique, lower case letters, digits and _", sec.ID)
		}
		seen[sec.ID] = true
		v.message(append(p, "title"), "section "+sec.ID+" title", sec.Title)
		if len(sec.Items) == 0 {
			v.bad(p, "section %s has no items", sec.ID)
		}
		for j, it := range sec.Items {
			if it == nil {
				v.bad([]any{"sections", i, "items", j}, "item %d of section %s is empty", j+1, sec.ID)
				continue
			}
			it.Section = sec.ID
			v.item([]any{"sections", i, "items", j}, it)
		}
	}
}

func (v *validator) item(p []any, it *Item) {
	s := v.s
	if !idPattern.MatchString(it.ID) {
		v.bad(p, "item id %q must be lower case letters, digits and _ (start with a letter)", it.ID)
	}
	if _, dup := s.byItem[it.ID]; dup || v.notes[it.ID] {
		v.bad(p, "duplicate item id %q", it.ID)
		return
	}
	if it.Kind == KindNote {
		v.note(p, it)
		return
	}
	s.byItem[it.ID] = len(s.items)
	s.items = append(s.items, it)
	v.message(append(p, "text"), "item "+it.ID+" text", it.Text)
	if it.Young != "" {
		v.message(append(p, "young"), "item "+it.ID+" young", it.Young)
	}
	v.articles(append(p, "crc"), it.CRC)
	v.picture(p, it)
	v.pictogram(p, it)
	for k, st := range it.Settings {
		if !slices.Contains(v.cat.Settings, st) {
			v.bad(append(p, "settings", k), "item %s: unknown setting %q (settings are listed in %s)", it.ID, st, settingsFile)
		}
	}
	switch it.Kind {
	case KindScale:
		v.itemScale(p, it)
	case KindMatrix:
		v.matrix(p, it)
	case KindChoice, KindMulti:
		v.options(p, it)
	case KindLadder:
		v.message(append(p, "low"), "ladder item "+it.ID+" low", it.Low)
		v.message(append(p, "high"), "ladder item "+it.ID+" high", it.High)
	case KindYesNo:
		v.l.ref(v.s.File, locate(v.doc, p...), "answer.yes")
		v.l.ref(v.s.File, locate(v.doc, p...), "answer.no")
	case KindNumber:
		v.number(p, it)
	case KindText:
	default:
		v.bad(append(p, "kind"), "item %s: unknown kind %q (scale, yesno, choice, multi, ladder, number, matrix, note or text)", it.ID, it.Kind)
	}
	v.condition(p, it)
	if it.Kind != KindScale && it.Kind != KindMatrix && it.Scale != "" {
		v.bad(append(p, "scale"), "item %s: only scale and matrix items take a scale", it.ID)
	}
	if it.Kind != KindMatrix && len(it.Rows) > 0 {
		v.bad(append(p, "rows"), "item %s: only matrix items take rows", it.ID)
	}
}

func (v *validator) itemScale(p []any, it *Item) {
	it.scale = v.s.scales[it.Scale]
	if it.scale == nil {
		it.scale = v.cat.shared[it.Scale]
	}
	if it.scale == nil {
		v.bad(append(p, "scale"), "item %s: unknown scale %q", it.ID, it.Scale)
	}
}

func (v *validator) options(p []any, it *Item) {
	if len(it.Options) < 2 {
		v.bad(p, "item %s: a %s item needs at least two options", it.ID, it.Kind)
		return
	}
	codes := map[int]bool{}
	for k, o := range it.Options {
		op := append(p, "options", k)
		limit := 99
		if it.Kind == KindMulti {
			limit = maxMultiOptions
		}
		if o.Code < 1 || o.Code > limit || codes[o.Code] {
			v.bad(op, "item %s: option codes must be unique, from 1 to %d", it.ID, limit)
		}
		codes[o.Code] = true
		v.message(append(op, "label"), "option label", o.Label)
	}
}
