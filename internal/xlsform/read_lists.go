package xlsform

import (
	"slices"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// list is one list of the choices sheet.
type list struct {
	name    string
	row     int // its first row, 0-based
	choices []choice
	used    bool
	labeled bool // its labels were checked for a question that shows them
}

type choice struct {
	name string
	row  int
}

// yesNo reports whether the list is exactly yes and no: a yes/no question,
// which Kinderstem shows with its own words and pictures.
func (l *list) yesNo() bool {
	if len(l.choices) != 2 {
		return false
	}
	a, b := l.choices[0].name, l.choices[1].name
	return a == "yes" && b == "no" || a == "no" && b == "yes"
}

// codes gives each choice the code it is stored as: its name when every
// name of the list is a whole number from 1 to limit, else its place in
// the list (and the name is kept beside it).
func (l *list) codes(limit int) []int {
	out := make([]int, len(l.choices))
	numeric := true
	for i, c := range l.choices {
		n, err := strconv.Atoi(c.name)
		if err != nil || n < 1 || n > limit {
			numeric = false
			break
		}
		out[i] = n
	}
	if !numeric {
		for i := range out {
			out[i] = i + 1
		}
	}
	return out
}

// readLists reads the choices sheet: lists of named choices with labels.
// A choice without a name, or with a name that is not an identifier or a
// whole number, would arrive as empty answers later: refused now.
func (r *reader) readLists() {
	cs := r.wb.sheets["choices"]
	if cs == nil {
		return
	}
	for row := 1; row < len(cs.rows); row++ {
		if cs.blank(row) {
			continue
		}
		ln, name := cs.get(row, "list_name"), cs.get(row, "name")
		switch {
		case ln == "":
			r.problem(cs.issue(row, cs.col("list_name"), "xlsform.list_name_missing"))
			continue
		case name == "":
			r.problem(cs.issue(row, cs.col("name"), "xlsform.choice_name_missing", "List", ln))
			continue
		case !choiceName(name):
			r.problem(cs.issue(row, cs.col("name"), "xlsform.choice_name_invalid", "Name", name, "List", ln))
			continue
		}
		l := r.lists[ln]
		if l == nil {
			l = &list{name: ln, row: row}
			r.lists[ln] = l
		}
		if i := slices.IndexFunc(l.choices, func(c choice) bool { return c.name == name }); i >= 0 {
			r.problem(cs.issue(row, cs.col("name"), "xlsform.choice_duplicate", "Name", name, "List", ln, "Row", l.choices[i].row+1))
			continue
		}
		l.choices = append(l.choices, choice{name: name, row: row})
	}
}

// choiceName reports whether a choice's name can be stored and named in a
// relevant: an identifier or a whole number.
func choiceName(name string) bool {
	if _, err := strconv.Atoi(name); err == nil {
		return !strings.HasPrefix(name, "-") && !strings.HasPrefix(name, "+")
	}
	return survey.ValidID(name)
}

// labels reads the labels of a list's choices, under keys by the list's
// name: once per list, however many questions show it.
func (r *reader) labels(l *list) {
	if l.labeled {
		return
	}
	l.labeled = true
	cs := r.wb.sheets["choices"]
	for _, c := range l.choices {
		r.words(cs, c.row, "label", "choice."+l.name+"."+c.name, true)
	}
}

// options makes a choice or multi question's options from its list.
func (r *reader) options(l *list, limit int) []survey.Option {
	r.labels(l)
	codes := l.codes(limit)
	out := make([]survey.Option, len(l.choices))
	for i, c := range l.choices {
		out[i] = survey.Option{Code: codes[i], Label: "choice." + l.name + "." + c.name}
		if strconv.Itoa(codes[i]) != c.name {
			out[i].Name = c.name
		}
	}
	return out
}

// readScales reads Kinderstem's scales sheet: a survey's own answer scale,
// named like a list of the choices sheet whose names are its codes (from
// 0 or 1, one after another) and whose labels are its words.
func (r *reader) readScales() {
	ss := r.wb.sheets["scales"]
	if ss == nil {
		return
	}
	for row := 1; row < len(ss.rows); row++ {
		if ss.blank(row) {
			continue
		}
		name := ss.get(row, "name")
		if _, shared := r.cat.SharedScale(name); shared || !survey.ValidID(name) || r.scales[name] {
			r.problem(ss.issue(row, ss.col("name"), "xlsform.scale_name", "Name", name))
			continue
		}
		l := r.lists[name]
		if l == nil {
			r.problem(ss.issue(row, ss.col("name"), "xlsform.list_missing", "List", name))
			continue
		}
		l.used = true
		sc := &survey.Scale{ID: name, Style: strings.ToLower(ss.get(row, "style")), Points: len(l.choices)}
		if sc.Style == "" {
			sc.Style = "words"
		}
		first := -1
		for i, c := range l.choices {
			n, err := strconv.Atoi(c.name)
			if i == 0 && err == nil && (n == 0 || n == 1) {
				first = n
			}
			if err != nil || first < 0 || n != first+i {
				r.problem(r.wb.sheets["choices"].issue(c.row, r.wb.sheets["choices"].col("name"), "xlsform.scale_codes", "List", name))
				first = -2
				break
			}
		}
		if first == 0 {
			zero := 0
			sc.From = &zero
		}
		r.labels(l)
		for _, c := range l.choices {
			sc.Labels = append(sc.Labels, "choice."+name+"."+c.name)
		}
		if v := ss.get(row, "dont_know"); v != "" {
			b, ok := yes(v)
			if !ok {
				r.problem(ss.issue(row, ss.col("dont_know"), "xlsform.bool_invalid", "Value", v))
			}
			sc.DontKnow = b
		}
		r.scales[name] = true
		r.scaleRow = append(r.scaleRow, row)
		r.s.Scales = append(r.s.Scales, sc)
	}
}

// scale finds a scale by name: the survey's own or a shared one.
func (r *reader) scale(name string) *survey.Scale {
	for _, sc := range r.s.Scales {
		if sc.ID == name {
			return sc
		}
	}
	sc, _ := r.cat.SharedScale(name)
	return sc
}

// code finds the code of a choice of the question by its name (or its
// code written out); yes and no for a yes/no question.
func (a *asked) code(name string) (int, bool) {
	if a.item.Kind == survey.KindYesNo {
		switch name {
		case "yes", "1":
			return 1, true
		case "no", "0":
			return 0, true
		}
		return 0, false
	}
	for _, o := range a.item.Options {
		if o.Name == name || o.Name == "" && strconv.Itoa(o.Code) == name {
			return o.Code, true
		}
	}
	return 0, false
}
