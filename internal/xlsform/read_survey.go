package xlsform

import (
	"strings"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// The types read from the type column, after aliases.
const (
	typeSelectOne   = "select_one"
	typeSelectMulti = "select_multiple"
	typeMatrix      = "matrix" // Kinderstem's: a statement rated per row (professionals)
	typeInteger     = "integer"
	typeDecimal     = "decimal"
	typeRange       = "range"
	typeText        = "text"
	typeNote        = "note"
	typeBeginGroup  = "begin_group"
	typeEndGroup    = "end_group"
)

// supportedTypes is what the unsupported-type problem lists.
const supportedTypes = "select_one, select_multiple, integer, range, text, note, begin_group, end_group, matrix"

// metadataTypes record who answered, where or when: Kinderstem never does.
var metadataTypes = map[string]bool{"start": true, "end": true, "today": true, "deviceid": true, "subscriberid": true,
	"simserial": true, "phonenumber": true, "username": true, "email": true, "audit": true, "start-geopoint": true,
	"background-audio": true, "uri:deviceid": true}

// parseType reads the type column with the aliases faithful readers
// accept: "select one x", "select all that apply x", "begin group", "int".
func parseType(v string) (kind, listName string) {
	f := strings.Fields(strings.ToLower(v))
	if len(f) == 0 {
		return "", ""
	}
	join := func(n int) (string, string) {
		rest := ""
		if len(f) > n {
			rest = strings.Join(f[n:], " ")
		}
		return strings.Join(f[:n], " "), rest
	}
	switch {
	case len(f) >= 4 && f[0] == "select" && f[1] == "all" && f[2] == "that" && f[3] == "apply":
		_, rest := join(4)
		return typeSelectMulti, rest
	case len(f) >= 2 && f[0] == "select" && (f[1] == "one" || f[1] == "multiple"):
		_, rest := join(2)
		return map[string]string{"one": typeSelectOne, "multiple": typeSelectMulti}[f[1]], rest
	case len(f) >= 2 && (f[0] == "begin" || f[0] == "end") && f[1] == "group":
		return f[0] + "_group", ""
	case f[0] == "int":
		return typeInteger, ""
	}
	_, rest := join(1)
	return f[0], rest
}

// readSurvey reads the survey sheet: groups become sections, questions
// items, in order. Questions outside a group go to a section that takes
// the survey's title.
func (r *reader) readSurvey() {
	ss := r.wb.sheets["survey"]
	for _, base := range []string{"type", "name"} {
		if ss.col(base) < 0 {
			r.problem(ss.issue(0, -1, "xlsform.column_missing", "Column", base))
			return
		}
	}
	var open *survey.Section // the group being read, or nil
	openRow := 0
	var loose *survey.Section // the section of questions outside a group
	for row := 1; row < len(ss.rows); row++ {
		if ss.blank(row) {
			continue
		}
		kind, listName := parseType(ss.get(row, "type"))
		name := ss.get(row, "name")
		switch kind {
		case "":
			r.problem(ss.issue(row, ss.col("type"), "xlsform.type_missing"))
			continue
		case typeBeginGroup:
			if open != nil {
				r.problem(ss.issue(row, ss.col("type"), "xlsform.group_nested", "Row", openRow+1))
				continue
			}
			if !r.name(ss, row, name) {
				name = "group"
			}
			r.groupColumns(ss, row)
			open, openRow, loose = &survey.Section{ID: name, Title: "section." + name}, row, nil
			r.words(ss, row, "label", open.Title, true)
			r.addSection(open, row)
			continue
		case typeEndGroup:
			if open == nil {
				r.problem(ss.issue(row, ss.col("type"), "xlsform.group_end_alone"))
				continue
			}
			if len(open.Items) == 0 {
				r.problem(ss.issue(openRow, ss.col("type"), "xlsform.group_empty", "Name", open.ID))
			}
			open = nil
			continue
		}
		sec := open
		if sec == nil {
			if loose == nil {
				loose = &survey.Section{ID: r.looseID(), Title: "title"}
				r.addSection(loose, row)
			}
			sec = loose
		}
		if it := r.item(ss, row, kind, listName, name); it != nil {
			sec.Items = append(sec.Items, it)
			i := len(r.itemRow) - 1
			r.itemRow[i] = append(r.itemRow[i], row)
		}
	}
	if open != nil {
		r.problem(ss.issue(openRow, ss.col("type"), "xlsform.group_open", "Name", open.ID))
	}
	if len(r.s.Sections) == 0 {
		r.problem(ss.issue(0, -1, "xlsform.no_questions"))
	}
}

func (r *reader) addSection(sec *survey.Section, row int) {
	r.s.Sections = append(r.s.Sections, sec)
	r.sectionRow = append(r.sectionRow, row)
	r.itemRow = append(r.itemRow, nil)
}

// looseID names a section of questions outside a group: main, main_2...,
// a name no section or group has.
func (r *reader) looseID() string {
	taken := func(id string) bool {
		if _, ok := r.names[id]; ok {
			return true
		}
		for _, sec := range r.s.Sections {
			if sec.ID == id {
				return true
			}
		}
		return false
	}
	id := "main"
	for n := 2; taken(id); n++ {
		id = "main_" + itoa(n)
	}
	return id
}

// name checks a question's, note's or group's name: there, an identifier
// (it becomes a column in every export), and used once.
func (r *reader) name(ss *sheet, row int, name string) bool {
	col := ss.col("name")
	switch first, dup := r.names[name]; {
	case name == "":
		r.problem(ss.issue(row, col, "xlsform.name_missing"))
	case !survey.ValidID(name):
		r.problem(ss.issue(row, col, "xlsform.name_invalid", "Name", name))
	case dup:
		r.problem(ss.issue(row, col, "xlsform.name_duplicate", "Name", name, "Row", first+1))
	default:
		r.names[name] = row
		return true
	}
	return false
}

// groupColumns checks what a group row may not have: Kinderstem asks one
// question per screen and shows a group's questions by their own
// relevant, not the group's.
func (r *reader) groupColumns(ss *sheet, row int) {
	if v := ss.get(row, "relevant"); v != "" {
		r.problem(ss.issue(row, ss.col("relevant"), "xlsform.relevant_group"))
	}
	if v := ss.get(row, "appearance"); v != "" {
		r.warn(ss.issue(row, ss.col("appearance"), "xlsform.appearance_ignored", "Value", v))
	}
}

// item reads one question or note.
func (r *reader) item(ss *sheet, row int, kind, listName, name string) *survey.Item {
	if metadataTypes[kind] {
		r.problem(ss.issue(row, ss.col("type"), "xlsform.type_metadata", "Type", kind))
		return nil
	}
	it := &survey.Item{ID: name, Text: "item." + name}
	var l *list
	switch kind {
	case typeSelectOne, typeSelectMulti, typeMatrix:
		if listName == "" {
			r.problem(ss.issue(row, ss.col("type"), "xlsform.list_name_missing"))
			return nil
		}
		if l = r.lists[listName]; l == nil && !(kind == typeSelectOne && ss.get(row, "scale") != "") {
			r.problem(ss.issue(row, ss.col("type"), "xlsform.list_missing", "List", listName))
			return nil
		}
	case typeInteger, typeRange, typeText, typeNote:
	case typeDecimal:
		r.problem(ss.issue(row, ss.col("type"), "xlsform.type_decimal"))
		return nil
	default:
		r.problem(ss.issue(row, ss.col("type"), "xlsform.type_unsupported", "Type", kind, "Supported", supportedTypes))
		return nil
	}
	if !r.name(ss, row, name) {
		return nil
	}
	if l != nil {
		l.used = true
	}
	r.words(ss, row, "label", it.Text, true)
	if r.words(ss, row, "young", it.Text+".young", false) {
		it.Young = it.Text + ".young"
	}
	r.common(ss, row, it, kind)
	switch kind {
	case typeSelectOne:
		r.selectOne(ss, row, it, listName, l)
	case typeSelectMulti:
		it.Kind = survey.KindMulti
		it.Options = r.options(l, 30)
	case typeMatrix:
		it.Kind = survey.KindMatrix
		r.labels(l)
		for _, c := range l.choices {
			it.Rows = append(it.Rows, survey.Row{ID: c.name, Label: "choice." + l.name + "." + c.name})
		}
		r.itemScale(ss, row, it)
	case typeInteger:
		it.Kind = survey.KindNumber
		r.integer(ss, row, it)
	case typeRange:
		r.rangeItem(ss, row, it)
	case typeText:
		it.Kind = survey.KindText
	case typeNote:
		it.Kind = survey.KindNote
	}
	r.answerColumns(ss, row, it)
	if it.Kind != survey.KindNote {
		r.asked[name] = &asked{item: it, list: l}
	}
	return it
}

// selectOne makes a single-answer question: on a scale (the scale
// column), yes/no (a list of exactly yes and no), or a choice.
func (r *reader) selectOne(ss *sheet, row int, it *survey.Item, listName string, l *list) {
	if ss.get(row, "scale") != "" {
		if listName != ss.get(row, "scale") {
			r.problem(ss.issue(row, ss.col("scale"), "xlsform.scale_list", "Scale", ss.get(row, "scale"), "List", listName))
			return
		}
		it.Kind = survey.KindScale
		r.itemScale(ss, row, it)
		if shared, ok := r.cat.SharedScale(it.Scale); ok && l != nil {
			if !sameCodes(l, shared) {
				r.problem(ss.issue(row, ss.col("scale"), "xlsform.scale_list_codes", "Scale", it.Scale, "From", shared.First(), "To", shared.Last()))
			} else {
				r.ownWords(l, shared.Labels, "xlsform.scale_words")
			}
		}
		return
	}
	if l.yesNo() {
		it.Kind = survey.KindYesNo
		ids := []string{"answer.yes", "answer.no"}
		if l.choices[0].name == "no" {
			ids[0], ids[1] = ids[1], ids[0]
		}
		r.ownWords(l, ids, "xlsform.yes_no_words")
		return
	}
	it.Kind = survey.KindChoice
	it.Options = r.options(l, 99)
}

// ownWords warns, once per list, when a list that stands for Kinderstem's
// own answers (a shared scale, yes and no) has labels other than
// Kinderstem's: those are not shown, Kinderstem's words and pictures are.
func (r *reader) ownWords(l *list, ids []string, warning string) {
	if l.labeled {
		return
	}
	l.labeled = true
	cs := r.wb.sheets["choices"]
	cols := cs.langCols("label")
	for i, c := range l.choices {
		for _, lang := range r.used {
			col, ok := cols[lang]
			if !ok {
				continue
			}
			if v := cs.cell(c.row, col); v != "" && i < len(ids) && r.shared != nil && v != r.shared(lang, ids[i]) {
				r.warn(cs.issue(c.row, col, warning, "List", l.name))
				return
			}
		}
	}
}

// sameCodes reports whether a list's names are a shared scale's codes.
func sameCodes(l *list, sc *survey.Scale) bool {
	if len(l.choices) != sc.Points {
		return false
	}
	for i, c := range l.choices {
		if c.name != itoa(sc.First()+i) {
			return false
		}
	}
	return true
}

// itemScale sets the scale of a scale or matrix question from the scale
// column: one of Kinderstem's shared scales or one of the scales sheet.
func (r *reader) itemScale(ss *sheet, row int, it *survey.Item) {
	it.Scale = ss.get(row, "scale")
	if it.Scale == "" || r.scale(it.Scale) == nil {
		r.problem(ss.issue(row, ss.col("scale"), "xlsform.scale_unknown", "Scale", it.Scale, "Shared", r.sharedScales()))
	}
}

func (r *reader) sharedScales() string { return strings.Join(r.cat.SharedScaleIDs(), ", ") }
