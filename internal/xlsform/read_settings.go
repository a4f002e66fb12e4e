package xlsform

import (
	"strings"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// settings reads the settings sheet's second row: the survey's id, title
// and introduction, and Kinderstem's own columns (theme, CRC articles,
// age bands, who answers).
func (r *reader) settings() {
	st := r.wb.sheets["settings"]
	if st == nil {
		return
	}
	if len(st.rows) < 2 || st.blank(1) {
		r.problem(st.issue(1, -1, "xlsform.settings_empty"))
		return
	}
	s := r.s
	s.ID = st.get(1, "form_id")
	switch {
	case s.ID == "":
		r.problem(st.issue(1, st.col("form_id"), "xlsform.form_id_missing"))
	case !survey.ValidID(s.ID):
		r.problem(st.issue(1, st.col("form_id"), "xlsform.name_invalid", "Name", s.ID))
	case survey.ReservedID(s.ID):
		r.problem(st.issue(1, st.col("form_id"), "xlsform.form_id_reserved", "Name", s.ID))
	}
	s.Title = "title"
	r.words(st, 1, "form_title", "title", true)
	if r.words(st, 1, "intro", "intro", true) {
		s.Intro = "intro"
	}
	s.Theme = st.get(1, "theme")
	if _, ok := r.cat.Theme(s.Theme); !ok {
		var ids []string
		for _, t := range r.cat.Themes {
			ids = append(ids, t.ID)
		}
		r.problem(st.issue(1, st.col("theme"), "xlsform.theme_unknown", "Value", s.Theme, "Themes", strings.Join(ids, ", ")))
	}
	s.CRC = r.articles(st, 1)
	switch who := strings.ToLower(st.get(1, "respondents")); who {
	case "", "children":
		s.Respondents = survey.Children
	case "professionals":
		s.Respondents = survey.Professionals
	default:
		r.problem(st.issue(1, st.col("respondents"), "xlsform.respondents_invalid", "Value", who))
	}
	for _, b := range names(st.get(1, "age_bands")) {
		band, ok := survey.ParseBand(b)
		if !ok {
			r.problem(st.issue(1, st.col("age_bands"), "xlsform.band_invalid", "Value", b))
			continue
		}
		s.AgeBands = append(s.AgeBands, band)
	}
	if s.Respondents == survey.Children && len(s.AgeBands) == 0 {
		r.problem(st.issue(1, st.col("age_bands"), "xlsform.bands_missing"))
	}
	if v := st.get(1, "version"); v != "" {
		r.warn(st.issue(1, st.col("version"), "xlsform.version_ignored", "Value", v))
	}
}

// articles reads the crc column of a row: CRC articles 1 to 54.
func (r *reader) articles(s *sheet, row int) []int {
	v := s.get(row, "crc")
	crc, ok := numbers(v)
	for _, a := range crc {
		ok = ok && a >= 1 && a <= 54
	}
	if !ok {
		r.problem(s.issue(row, s.col("crc"), "xlsform.crc_invalid", "Value", v))
		return nil
	}
	return crc
}

// readIndicators reads Kinderstem's indicators sheet: one indicator a
// row, over questions named in items.
func (r *reader) readIndicators() {
	is := r.wb.sheets["indicators"]
	if is == nil {
		return
	}
	for row := 1; row < len(is.rows); row++ {
		if is.blank(row) {
			continue
		}
		id := is.get(row, "name")
		if !survey.ValidID(id) {
			r.problem(is.issue(row, is.col("name"), "xlsform.name_invalid", "Name", id))
			continue
		}
		if _, ok := r.cat.RegistrationByID(id); ok {
			// Registration figures and survey indicators share their ids
			// in every list and export: one name, one indicator.
			r.problem(is.issue(row, is.col("name"), "xlsform.indicator_registration", "Name", id))
			continue
		}
		ind := &survey.Indicator{ID: id, Kind: survey.IndicatorKind(strings.ToLower(is.get(row, "kind"))), Items: names(is.get(row, "items")),
			Reverse: names(is.get(row, "reverse")), By: is.get(row, "by"), Theme: is.get(row, "theme"), CRC: r.articles(is, row),
			Title: "indicator." + id + ".title", Definition: "indicator." + id + ".definition"}
		if ind.Theme == "" {
			ind.Theme = r.s.Theme
		}
		for _, name := range ind.Items {
			if _, ok := r.asked[name]; !ok {
				r.problem(is.issue(row, is.col("items"), "xlsform.indicator_item", "Name", name))
			}
		}
		ind.Top = r.topCodes(is, row, ind)
		if v := is.get(row, "min_items"); v != "" {
			n, ok := numbers(v)
			if !ok || len(n) != 1 {
				r.problem(is.issue(row, is.col("min_items"), "xlsform.number_invalid", "Value", v))
			} else {
				ind.MinItems = n[0]
			}
		}
		if v := is.get(row, "rescale"); v != "" {
			b, ok := yes(v)
			if !ok {
				r.problem(is.issue(row, is.col("rescale"), "xlsform.bool_invalid", "Value", v))
			}
			ind.Rescale = b
		}
		r.words(is, row, "title", ind.Title, true)
		r.words(is, row, "definition", ind.Definition, true)
		r.indicatorRow = append(r.indicatorRow, row)
		r.s.Indicators = append(r.s.Indicators, ind)
	}
}

// topCodes reads a share's top answers: codes, or the names of the
// choices of the question it counts.
func (r *reader) topCodes(is *sheet, row int, ind *survey.Indicator) []int {
	var out []int
	for _, v := range names(is.get(row, "top")) {
		if n, ok := numbers(v); ok && len(n) == 1 {
			out = append(out, n[0])
			continue
		}
		var a *asked
		if len(ind.Items) == 1 {
			a = r.asked[ind.Items[0]]
		}
		code, ok := 0, false
		if a != nil {
			code, ok = a.code(v)
		}
		if !ok {
			r.problem(is.issue(row, is.col("top"), "xlsform.top_invalid", "Value", v))
			continue
		}
		out = append(out, code)
	}
	return out
}
