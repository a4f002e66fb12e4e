package xlsform

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// common reads the columns every question may have: the CRC articles and
// settings it is asked in (Kinderstem's), and what XLSForm has that
// Kinderstem does not do, said as a warning, never dropped quietly.
func (r *reader) common(ss *sheet, row int, it *survey.Item, kind string) {
	for _, h := range ss.headers {
		if h.base == "hint" && ss.cell(row, h.col) != "" {
			r.warn(ss.issue(row, h.col, "xlsform.hint_ignored"))
			break
		}
	}
	if v := ss.get(row, "required"); v != "" {
		switch b, ok := yes(v); {
		case !ok:
			r.problem(ss.issue(row, ss.col("required"), "xlsform.bool_invalid", "Value", v))
		case b:
			r.warn(ss.issue(row, ss.col("required"), "xlsform.required_ignored"))
		}
	}
	if v := ss.get(row, "appearance"); v != "" {
		r.warn(ss.issue(row, ss.col("appearance"), "xlsform.appearance_ignored", "Value", v))
	}
	if v := ss.get(row, "constraint"); v != "" && kind != typeInteger {
		r.warn(ss.issue(row, ss.col("constraint"), "xlsform.constraint_ignored", "Value", v))
	}
	it.CRC = r.articles(ss, row)
	for _, st := range names(ss.get(row, "only_in")) {
		if !r.cat.HasSetting(st) {
			r.problem(ss.issue(row, ss.col("only_in"), "xlsform.setting_unknown", "Value", st, "Settings", strings.Join(r.cat.Settings, ", ")))
			continue
		}
		it.Settings = append(it.Settings, st)
	}
	// The picture a question for children who do not read yet shows; the
	// survey's own check names an unknown one and a missing one.
	it.Picture = ss.get(row, "picture")
	// The pictogram shown beside a question's easy-read wording; the
	// survey's own check names an unknown one.
	it.Pictogram = ss.get(row, "pictogram")
}

// answerColumns reads what depends on the kind of answer: "I don't know",
// negative wording (the faces turn round), and when it is asked.
func (r *reader) answerColumns(ss *sheet, row int, it *survey.Item) {
	if v := ss.get(row, "dont_know"); v != "" {
		b, ok := yes(v)
		sc := r.scale(it.Scale)
		switch {
		case !ok:
			r.problem(ss.issue(row, ss.col("dont_know"), "xlsform.bool_invalid", "Value", v))
		case b && (it.Kind == survey.KindText || it.Kind == survey.KindNote):
			r.problem(ss.issue(row, ss.col("dont_know"), "xlsform.dont_know_kind"))
		case (it.Kind == survey.KindScale || it.Kind == survey.KindMatrix) && sc != nil && sc.DontKnow != b:
			r.problem(ss.issue(row, ss.col("dont_know"), "xlsform.dont_know_scale", "Scale", sc.ID))
		case it.Kind != survey.KindScale && it.Kind != survey.KindMatrix:
			it.DontKnow = b
		}
	}
	if v := ss.get(row, "negative"); v != "" {
		b, ok := yes(v)
		switch {
		case !ok:
			r.problem(ss.issue(row, ss.col("negative"), "xlsform.bool_invalid", "Value", v))
		case b && it.Kind != survey.KindScale:
			r.problem(ss.issue(row, ss.col("negative"), "xlsform.negative_kind"))
		}
		it.Negative = b
	}
	if v := ss.get(row, "relevant"); v != "" {
		if it.Kind == survey.KindNote {
			r.problem(ss.issue(row, ss.col("relevant"), "xlsform.relevant_note"))
			return
		}
		it.ShowIf = r.relevant(ss, row, v)
	}
}

var (
	constraintLow  = regexp.MustCompile(`^\.\s*(>=|>)\s*(\d+)$`)
	constraintHigh = regexp.MustCompile(`^\.\s*(<=|<)\s*(\d+)$`)
	andWord        = regexp.MustCompile(`(?i)\s+and\s+`)
)

// integer reads an integer question's range from its constraint, which
// must say both ends: ". >= 0 and . <= 7". Children tap a number rather
// than type one, so the range is one button a number.
func (r *reader) integer(ss *sheet, row int, it *survey.Item) {
	v := ss.get(row, "constraint")
	lo, hi, found := -1, -1, 0
	for _, part := range andWord.Split(v, -1) {
		part = strings.TrimSpace(part)
		if m := constraintLow.FindStringSubmatch(part); m != nil {
			lo, _ = strconv.Atoi(m[2])
			if m[1] == ">" {
				lo++
			}
			found++
		} else if m := constraintHigh.FindStringSubmatch(part); m != nil {
			hi, _ = strconv.Atoi(m[2])
			if m[1] == "<" {
				hi--
			}
			found++
		} else {
			found = -10
		}
	}
	col := ss.col("constraint")
	if col < 0 {
		col = ss.col("type")
	}
	if found != 2 || lo < 0 || hi < 0 {
		r.problem(ss.issue(row, col, "xlsform.integer_range", "Value", v))
		return
	}
	r.numberRange(ss, row, col, it, lo, hi)
}

func (r *reader) numberRange(ss *sheet, row, col int, it *survey.Item, lo, hi int) {
	if lo >= hi || hi > 99 || hi-lo > 20 {
		r.problem(ss.issue(row, col, "xlsform.integer_range_wide", "Min", lo, "Max", hi))
		return
	}
	it.Min, it.Max = lo, hi
}

// rangeItem reads a range question: start, end and step 1 in parameters.
// From 0 to 10 with words under both ends (the low and high columns) it
// is the ladder children know; otherwise a row of numbers.
func (r *reader) rangeItem(ss *sheet, row int, it *survey.Item) {
	params := map[string]int{"step": 1}
	col := ss.col("parameters")
	ok := col >= 0
	for _, p := range strings.FieldsFunc(ss.get(row, "parameters"), func(r rune) bool { return r == ' ' || r == ';' || r == ',' }) {
		k, v, found := strings.Cut(p, "=")
		n, err := strconv.Atoi(strings.TrimSpace(v))
		k = strings.ToLower(strings.TrimSpace(k))
		if !found || err != nil || (k != "start" && k != "end" && k != "step") {
			ok = false
			continue
		}
		params[k] = n
	}
	_, hasStart := params["start"]
	_, hasEnd := params["end"]
	if !ok || !hasStart || !hasEnd || params["step"] != 1 {
		if col < 0 {
			col = ss.col("type")
		}
		r.problem(ss.issue(row, col, "xlsform.range_parameters", "Value", ss.get(row, "parameters")))
		return
	}
	low := r.words(ss, row, "low", it.Text+".low", false)
	high := r.words(ss, row, "high", it.Text+".high", false)
	if !low && !high {
		it.Kind = survey.KindNumber
		r.numberRange(ss, row, col, it, params["start"], params["end"])
		return
	}
	it.Kind = survey.KindLadder
	it.Low, it.High = it.Text+".low", it.Text+".high"
	switch {
	case params["start"] != 0 || params["end"] != 10:
		r.problem(ss.issue(row, col, "xlsform.ladder_range"))
	case !low || !high:
		r.problem(ss.issue(row, ss.firstCol(map[bool]string{true: "high", false: "low"}[low]), "xlsform.ladder_words", "Lang", r.source))
	}
}

var (
	orWord       = regexp.MustCompile(`(?i)\s+or\s+`)
	relevantEq   = regexp.MustCompile(`^\$\{([^}]*)\}\s*=\s*(?:'([^']*)'|"([^"]*)"|([A-Za-z0-9_]+))$`)
	relevantSel  = regexp.MustCompile(`^selected\(\s*\$\{([^}]*)\}\s*,\s*(?:'([^']*)'|"([^"]*)")\s*\)$`)
	relevantHelp = "${question} = 'choice', selected(${question}, 'choice'), joined by or"
)

// relevant reads when a question is asked, in the one form Kinderstem
// supports: an earlier single-choice or yes/no question has one of some
// answers (${q} = 'a' or ${q} = 'b'), or an earlier multiple-choice
// question has one of them chosen (selected(${q}, 'a')). Anything else
// is refused with what is supported: a condition Kinderstem would not
// follow would make questions vanish or appear unasked.
func (r *reader) relevant(ss *sheet, row int, v string) *survey.Condition {
	col := ss.col("relevant")
	bad := func(id string, args ...any) *survey.Condition {
		r.problem(ss.issue(row, col, id, args...))
		return nil
	}
	if strings.Contains(strings.ToLower(v), "field-list") {
		return bad("xlsform.relevant_field_list")
	}
	var target string
	var values []string
	var selected []bool
	for _, term := range orWord.Split(unwrap(v), -1) {
		term = unwrap(strings.TrimSpace(term))
		m, sel := relevantEq.FindStringSubmatch(term), false
		if m == nil {
			m, sel = relevantSel.FindStringSubmatch(term), true
		}
		if m == nil || (target != "" && m[1] != target) {
			return bad("xlsform.relevant_unsupported", "Value", v, "Supported", relevantHelp)
		}
		target = m[1]
		val := m[2] + m[3]
		if len(m) > 4 {
			val += m[4]
		}
		values = append(values, val)
		selected = append(selected, sel)
	}
	a := r.asked[target]
	if a == nil {
		return bad("xlsform.relevant_target", "Name", target)
	}
	switch a.item.Kind {
	case survey.KindChoice, survey.KindYesNo:
	case survey.KindMulti:
		if slices.Contains(selected, false) {
			return bad("xlsform.relevant_multi", "Name", target)
		}
	default:
		return bad("xlsform.relevant_target_kind", "Name", target)
	}
	c := &survey.Condition{Item: target}
	for _, val := range values {
		code, ok := a.code(val)
		if !ok {
			return bad("xlsform.relevant_value", "Value", val, "Name", target)
		}
		c.In = append(c.In, code)
	}
	return c
}

// unwrap takes the parentheses off a whole expression: "(a or b)".
func unwrap(s string) string {
	for strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && balanced(s[1:len(s)-1]) {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

func balanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}
