package xlsform

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// Result is what reading an XLSForm gives: the survey and what is kept of
// it when there are no problems, and every problem and warning found.
type Result struct {
	Survey     *survey.Survey // checked; nil when there are problems
	Definition []byte         // the survey as kept (survey.Marshal); nil when there are problems
	Problems   []Issue        // each one keeps the file from being taken
	Warnings   []Issue        // worth a look; the survey is taken anyway
}

// reader holds one reading: the workbook, what is built from it, and
// where each part came from, so a problem found later names its row.
type reader struct {
	wb     *workbook
	cat    *survey.Catalog
	langs  []string                     // the languages Kinderstem shows
	shared func(lang, id string) string // the words of shipped messages (a shared scale's, yes and no)
	res    *Result

	s      *survey.Survey
	texts  survey.Texts
	source string   // the language the form is written in
	used   []string // the languages the form has columns for, source first
	// missing counts, per language and sheet, the rows whose text is
	// missing in that language while the source has it.
	missing map[string]map[string][]int

	lists  map[string]*list
	scales map[string]bool // own scales declared on the scales sheet
	names  map[string]int  // every question, note and group name -> row
	asked  map[string]*asked
	// Where each section, item, scale and indicator came from: rows of
	// their sheets, 0-based.
	sectionRow, scaleRow, indicatorRow []int
	itemRow                            [][]int
}

// asked is a question read so far, for a relevant that names it.
type asked struct {
	item *survey.Item
	list *list
}

// Context is what a form is read against: the catalog whose themes,
// settings and shared scales it may use, the languages Kinderstem shows,
// and the words of the shipped messages it may use (a shared scale's,
// yes and no), "" when there are none.
type Context struct {
	Catalog *survey.Catalog
	Langs   []string
	Shared  func(lang, id string) string
}

// Read turns an XLSForm into a written survey. It never panics: a file
// that is not a spreadsheet is one problem.
func Read(data []byte, c Context) *Result {
	r := &reader{cat: c.Catalog, langs: c.Langs, shared: c.Shared, res: &Result{}, texts: survey.Texts{}, missing: map[string]map[string][]int{},
		lists: map[string]*list{}, scales: map[string]bool{}, names: map[string]int{}, asked: map[string]*asked{}}
	wb, err := open(data)
	if err != nil {
		r.problem(fileIssue(err))
		return r.res
	}
	r.wb = wb
	if !r.sheets() {
		return r.res
	}
	r.languages()
	r.s = &survey.Survey{Version: 1, Source: r.source, Texts: r.texts}
	r.settings()
	r.readLists()
	r.readScales()
	r.readSurvey()
	r.readIndicators()
	r.unusedColumns()
	r.translationWarnings()
	if len(r.res.Problems) > 0 {
		return r.res
	}
	r.check()
	return r.res
}

func (r *reader) problem(is Issue) { r.res.Problems = append(r.res.Problems, is) }
func (r *reader) warn(is Issue)    { r.res.Warnings = append(r.res.Warnings, is) }

// fileIssue is the one problem of a file that cannot be read.
func fileIssue(err error) Issue {
	var many tooMany
	var long tooLong
	switch {
	case errors.Is(err, errTooLarge):
		return Issue{ID: "xlsform.file_too_large", Args: []any{"MB", MaxBytes >> 20}}
	case errors.As(err, &many):
		return Issue{Sheet: many.sheet, ID: "xlsform.sheet_too_large", Args: []any{"Rows", maxRows, "Cols", maxCols}}
	case errors.As(err, &long):
		return Issue{Sheet: long.sheet, Row: long.row, Col: colName(long.col), ID: "xlsform.cell_too_long", Args: []any{"Max", maxCell}}
	}
	return Issue{ID: "xlsform.file_unreadable"}
}

// sheets checks the sheets are there; a sheet named almost like one of
// ours was likely meant to be it, and is said so. It reports whether
// there is a survey sheet to read.
func (r *reader) sheets() bool {
	for _, name := range r.wb.names {
		key := strings.ToLower(strings.TrimSpace(name))
		if knownSheets[key] {
			continue
		}
		for want := range knownSheets {
			if nearMiss(key, want) {
				r.warn(Issue{Sheet: name, ID: "xlsform.sheet_near_miss", Args: []any{"Name", name, "Want", want}})
			}
		}
	}
	if r.wb.sheets["survey"] == nil {
		r.problem(Issue{Sheet: "survey", ID: "xlsform.sheet_missing", Args: []any{"Name", "survey"}})
		return false
	}
	if r.wb.sheets["settings"] == nil {
		r.problem(Issue{Sheet: "settings", ID: "xlsform.sheet_missing", Args: []any{"Name", "settings"}})
	}
	return true
}

// nearMiss reports whether a sheet name is one or two letters from one we
// read ("choice", "surveys", "setting"), or the same with other
// punctuation.
func nearMiss(got, want string) bool {
	clean := strings.NewReplacer(" ", "", "_", "", "-", "").Replace(got)
	return clean == want || levenshtein(got, want) <= 2
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// textColumns are the headings that hold words, one column per language.
var textColumns = map[string]bool{"label": true, "hint": true, "young": true, "low": true, "high": true,
	"form_title": true, "intro": true, "title": true, "definition": true}

// languages finds the language of every text column and the form's
// source language: default_language in settings, else Dutch when the form
// has it, else the first language of the survey sheet's labels.
func (r *reader) languages() {
	seen := map[string]bool{}
	plain := false
	for _, key := range []string{"survey", "choices", "settings", "indicators"} {
		s := r.wb.sheets[key]
		if s == nil {
			continue
		}
		langs := map[string]bool{}
		for _, h := range s.headers {
			if !textColumns[h.base] {
				continue
			}
			switch {
			case h.langRaw != "":
				r.problem(s.issue(0, h.col, "xlsform.language_no_code", "Header", h.raw))
			case h.lang != "" && !slices.Contains(r.langs, h.lang):
				r.warn(s.issue(0, h.col, "xlsform.language_unknown", "Header", h.raw, "Langs", strings.Join(r.langs, ", ")))
			case h.lang != "":
				langs[h.base] = true
				if !seen[h.lang] {
					seen[h.lang] = true
					r.used = append(r.used, h.lang)
				}
			}
		}
		for _, h := range s.headers {
			if textColumns[h.base] && h.lang == "" && h.langRaw == "" {
				if langs[h.base] {
					r.problem(s.issue(0, h.col, "xlsform.label_unnamed", "Header", h.raw))
				}
				plain = true
			}
		}
	}
	def := ""
	if st := r.wb.sheets["settings"]; st != nil {
		if v := st.get(1, "default_language"); v != "" {
			def = langCode(v)
			if !slices.Contains(r.langs, def) {
				r.problem(st.issue(1, st.col("default_language"), "xlsform.default_language", "Value", v, "Langs", strings.Join(r.langs, ", ")))
				def = ""
			}
		}
	}
	switch {
	case def != "":
		r.source = def
	case plain && len(r.used) == 0:
		r.problem(Issue{Sheet: "survey", Row: 1, ID: "xlsform.language_missing"})
	case slices.Contains(r.used, "nl"):
		r.source = "nl"
	case len(r.used) > 0:
		r.source = r.used[0]
	default:
		r.problem(Issue{Sheet: "survey", Row: 1, ID: "xlsform.language_missing"})
	}
	if r.source != "" {
		r.used = append([]string{r.source}, slices.DeleteFunc(r.used, func(l string) bool { return l == r.source })...)
	}
}

// words reads the texts of one thing from row row of sheet s: the base's
// column in each language (a column without language is the source
// language's), kept under key. A missing source text is a problem when
// required; a text in another language that the source lacks is kept for
// the translation warnings. It reports whether the source has a text.
func (r *reader) words(s *sheet, row int, base, key string, required bool) bool {
	cols := s.langCols(base)
	if c := s.col(base); c >= 0 && len(cols) == 0 && r.source != "" {
		cols = map[string]int{r.source: c}
	}
	has := false
	for _, lang := range r.used {
		c, ok := cols[lang]
		if !ok {
			continue
		}
		v := s.cell(row, c)
		if v == "" {
			continue
		}
		if r.texts[lang] == nil {
			r.texts[lang] = map[string]string{}
		}
		r.texts[lang][key] = v
		if lang == r.source {
			has = true
		}
	}
	if !has {
		if required && r.source != "" {
			c, ok := cols[r.source]
			if !ok {
				c = -1
				if first := s.firstCol(base); first >= 0 {
					c = first
				}
			}
			r.problem(s.issue(row, c, "xlsform.label_missing", "Lang", r.source, "Column", base))
		}
		return false
	}
	for _, lang := range r.used[1:] {
		if r.texts[lang][key] == "" {
			if r.missing[lang] == nil {
				r.missing[lang] = map[string][]int{}
			}
			r.missing[lang][s.name] = append(r.missing[lang][s.name], row+1)
		}
	}
	return true
}

// firstCol is the first column of a base in any language, or -1.
func (s *sheet) firstCol(base string) int {
	for _, h := range s.headers {
		if h.base == base {
			return h.col
		}
	}
	return -1
}

// translationWarnings says, per language and sheet, which rows lack a
// text the source language has: a language is published only with all.
func (r *reader) translationWarnings() {
	for _, lang := range r.used {
		for _, key := range []string{"settings", "survey", "choices", "indicators"} {
			s := r.wb.sheets[key]
			if s == nil {
				continue
			}
			rows := r.missing[lang][s.name]
			if len(rows) == 0 {
				continue
			}
			slices.Sort(rows)
			rows = slices.Compact(rows)
			list := make([]string, len(rows))
			for i, n := range rows {
				list[i] = strconv.Itoa(n)
			}
			r.warn(Issue{Sheet: s.name, Row: rows[0], ID: "xlsform.translation_missing", Args: []any{"Lang", lang, "Count", len(rows), "Rows", strings.Join(list, ", ")}})
		}
	}
}

// yes reads a yes/no cell as faithful XLSForm readers do: yes, true,
// TRUE, 1 (and no, false, 0, empty).
func yes(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "true", "1", "y", "true()":
		return true, true
	case "", "no", "false", "0", "n", "false()":
		return false, true
	}
	return false, false
}

// numbers reads a list of whole numbers separated by spaces or commas.
func numbers(v string) ([]int, bool) {
	var out []int
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == ';' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// names splits a list of names separated by spaces or commas.
func names(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == ';' })
}

func itoa(n int) string { return strconv.Itoa(n) }
