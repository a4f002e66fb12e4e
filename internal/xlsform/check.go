package xlsform

import (
	"errors"
	"slices"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// knownColumns are the headings each sheet is read by; a column outside
// them with anything in it is said to be unused, never dropped quietly.
var knownColumns = map[string][]string{
	"survey": {"type", "name", "label", "hint", "young", "low", "high", "required", "relevant", "appearance",
		"constraint", "scale", "dont_know", "negative", "crc", "only_in", "picture", "pictogram", "parameters"},
	"choices":    {"list_name", "name", "label"},
	"settings":   {"form_id", "form_title", "intro", "default_language", "version", "theme", "crc", "age_bands", "respondents"},
	"indicators": {"name", "kind", "items", "top", "reverse", "min_items", "rescale", "by", "theme", "crc", "title", "definition"},
	"scales":     {"name", "style", "dont_know"},
}

func (r *reader) unusedColumns() {
	for key, known := range knownColumns {
		s := r.wb.sheets[key]
		if s == nil {
			continue
		}
		for _, h := range s.headers {
			isText := textColumns[h.base]
			if slices.Contains(known, h.base) && (isText || h.lang == "" && h.langRaw == "") || isText && (h.langRaw != "" || !slices.Contains(r.langs, h.lang)) {
				continue
			}
			for row := 1; row < len(s.rows); row++ {
				if s.cell(row, h.col) != "" {
					r.warn(s.issue(0, h.col, "xlsform.column_unused", "Header", h.raw))
					break
				}
			}
		}
	}
}

// check puts what was read through every rule a survey file obeys (the
// same validation as a shipped survey's); a rule broken there, which the
// sheet-by-sheet checks did not catch, is still a problem at the row it
// came from. Then come the words for children.
func (r *reader) check() {
	def, err := survey.Marshal(r.s)
	if err != nil {
		r.problem(Issue{ID: "xlsform.file_unreadable"})
		return
	}
	s, err := survey.ParseWritten(r.cat, r.langs, "xlsform", def)
	var ps survey.Problems
	switch {
	case errors.As(err, &ps):
		for _, p := range ps {
			is := r.placeOf(p.Path)
			is.ID, is.Args = "xlsform.rule", []any{"Detail", p.Msg}
			r.problem(is)
		}
		return
	case err != nil:
		r.problem(Issue{ID: "xlsform.rule", Args: []any{"Detail", err.Error()}})
		return
	}
	r.res.Survey, r.res.Definition = s, def
	r.wordWarnings(s)
}

// placeOf turns the validator's path into the row a part came from.
func (r *reader) placeOf(path []any) Issue {
	at := func(i int) int {
		if i < len(path) {
			if n, ok := path[i].(int); ok {
				return n
			}
		}
		return -1
	}
	first := ""
	if len(path) > 0 {
		first, _ = path[0].(string)
	}
	switch sec, item := at(1), at(3); {
	case first == "sections" && sec >= 0 && sec < len(r.itemRow) && item >= 0 && item < len(r.itemRow[sec]):
		return r.wb.sheets["survey"].issue(r.itemRow[sec][item], -1, "")
	case first == "sections" && sec >= 0 && sec < len(r.sectionRow):
		return r.wb.sheets["survey"].issue(r.sectionRow[sec], -1, "")
	case first == "indicators" && sec >= 0 && sec < len(r.indicatorRow):
		return r.wb.sheets["indicators"].issue(r.indicatorRow[sec], -1, "")
	case first == "scales" && sec >= 0 && sec < len(r.scaleRow):
		return r.wb.sheets["scales"].issue(r.scaleRow[sec], -1, "")
	}
	if st := r.wb.sheets["settings"]; st != nil {
		return st.issue(1, -1, "")
	}
	return Issue{Sheet: "settings"}
}

// wordWarnings runs the words-for-children check on every question in
// every language the form has, and says each finding at the question's
// row, in the column of its words in that language.
func (r *reader) wordWarnings(s *survey.Survey) {
	ss := r.wb.sheets["survey"]
	rowOf := map[string]int{}
	for i, sec := range s.Sections {
		for j, it := range sec.Items {
			if i < len(r.itemRow) && j < len(r.itemRow[i]) {
				rowOf[it.ID] = r.itemRow[i][j]
			}
		}
	}
	for _, w := range r.cat.Words().CheckSurvey(s, r.used, s.Texts.Get) {
		it, ok := s.Item(w.Item)
		base := "label"
		if band, _ := s.Band(w.Band); ok && band.Young() && it.Young != "" {
			base = "young"
		}
		col, found := ss.langCols(base)[w.Lang]
		if !found {
			col = ss.col(base)
		}
		args := []any{"Lang", w.Lang, "Band", w.Band, "Value", w.Value, "Limit", w.Limit, "Word", w.Word}
		r.warn(ss.issue(rowOf[w.Item], col, "xlsform.words_"+w.Check, args...))
	}
}
