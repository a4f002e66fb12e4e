package xlsform

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// Lang is a language a file is written in: its tag and its name in its
// own script, for the headings ("label::Nederlands (nl)").
type Lang struct{ Tag, Name string }

func (l Lang) heading(base string) string { return base + "::" + l.Name + " (" + l.Tag + ")" }

// Write writes a survey as an XLSForm that Read reads back as the same
// survey: every text in every language of langs (text gives a message
// id's words, "" when it has none), source first. ODK and KoboToolbox can
// read the file too; they ignore Kinderstem's columns and sheets.
func Write(s *survey.Survey, langs []Lang, text func(lang, id string) string) ([]byte, error) {
	w := &writer{s: s, langs: langs, text: text, lists: map[string][][3]string{}}
	w.survey()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "survey"); err != nil {
		return nil, err
	}
	sheets := []struct {
		name string
		rows [][]string
	}{{"survey", w.surveyRows}, {"choices", w.choiceRows}, {"settings", w.settings()}}
	if len(s.Scales) > 0 {
		sheets = append(sheets, struct {
			name string
			rows [][]string
		}{"scales", w.scaleRows()})
	}
	if len(s.Indicators) > 0 {
		sheets = append(sheets, struct {
			name string
			rows [][]string
		}{"indicators", w.indicators()})
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	for i, sh := range sheets {
		if i > 0 {
			if _, err := f.NewSheet(sh.name); err != nil {
				return nil, err
			}
		}
		if err := writeRows(f, sh.name, sh.rows, bold); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("xlsform: write: %w", err)
	}
	return buf.Bytes(), nil
}

// writeRows writes rows of strings (text cells, so a question starting
// with = stays a question) under a bold, frozen heading.
func writeRows(f *excelize.File, sheet string, rows [][]string, bold int) error {
	for i, row := range rows {
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			return err
		}
	}
	if len(rows) == 0 {
		return nil
	}
	last, _ := excelize.ColumnNumberToName(max(1, len(rows[0])))
	if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", last, 18); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// writer builds the sheets' rows.
type writer struct {
	s          *survey.Survey
	langs      []Lang
	text       func(lang, id string) string
	surveyRows [][]string
	choiceRows [][]string
	lists      map[string][][3]string // list name -> (name, label id) rows, to reuse a list
	cols       []string               // the survey sheet's headings
}

// The survey sheet's columns beside the language columns.
var surveyColumns = []string{"type", "name"}

func (w *writer) langHeadings(base string) []string {
	out := make([]string, len(w.langs))
	for i, l := range w.langs {
		out[i] = l.heading(base)
	}
	return out
}

// texts is id's words in each language, for one row.
func (w *writer) texts(id string) []string {
	out := make([]string, len(w.langs))
	if id == "" {
		return out
	}
	for i, l := range w.langs {
		out[i] = w.text(l.Tag, id)
	}
	return out
}

func (w *writer) survey() {
	w.cols = append(append(append([]string{}, surveyColumns...), w.langHeadings("label")...), w.langHeadings("young")...)
	hasLadder := false
	for _, it := range w.s.Items() {
		hasLadder = hasLadder || it.Kind == survey.KindLadder
	}
	if hasLadder {
		w.cols = append(append(w.cols, w.langHeadings("low")...), w.langHeadings("high")...)
	}
	w.cols = append(w.cols, "scale", "dont_know", "negative", "relevant", "constraint", "parameters", "crc", "only_in", "picture", "pictogram")
	w.surveyRows = [][]string{w.cols}
	w.choiceRows = [][]string{append([]string{"list_name", "name"}, w.langHeadings("label")...)}
	for _, sec := range w.s.Sections {
		w.row(map[string]string{"type": "begin_group", "name": sec.ID}, map[string]string{"label": sec.Title})
		for _, it := range sec.Items {
			w.item(it)
		}
		w.row(map[string]string{"type": "end_group"}, nil)
	}
}

// row adds a survey row from column values and message ids of texts.
func (w *writer) row(vals map[string]string, texts map[string]string) {
	row := make([]string, len(w.cols))
	for i, c := range w.cols {
		row[i] = vals[c]
	}
	for base, id := range texts {
		for _, l := range w.langs {
			for j, c := range w.cols {
				if c == l.heading(base) && id != "" {
					row[j] = w.text(l.Tag, id)
				}
			}
		}
	}
	w.surveyRows = append(w.surveyRows, row)
}

func (w *writer) item(it *survey.Item) {
	v := map[string]string{"name": it.ID, "crc": joinInts(it.CRC), "only_in": strings.Join(it.Settings, " "), "picture": it.Picture, "pictogram": it.Pictogram}
	t := map[string]string{"label": it.Text, "young": it.Young}
	if it.Negative {
		v["negative"] = "yes"
	}
	if it.DontKnow {
		v["dont_know"] = "yes"
	}
	switch it.Kind {
	case survey.KindScale:
		v["type"], v["scale"] = "select_one "+it.Scale, it.Scale
		w.scaleList(it.ScaleDef())
	case survey.KindYesNo:
		v["type"] = "select_one " + w.list("yes_no", [][3]string{{"yes", "answer.yes"}, {"no", "answer.no"}})
	case survey.KindChoice, survey.KindMulti:
		rows := make([][3]string, len(it.Options))
		for i, o := range it.Options {
			rows[i] = [3]string{optionName(o), o.Label}
		}
		prefix := map[survey.Kind]string{survey.KindChoice: "select_one ", survey.KindMulti: "select_multiple "}[it.Kind]
		v["type"] = prefix + w.list(listName(it.ID, it.Options), rows)
	case survey.KindMatrix:
		rows := make([][3]string, len(it.Rows))
		for i, r := range it.Rows {
			rows[i] = [3]string{r.ID, r.Label}
		}
		v["type"], v["scale"] = "matrix "+w.list(it.ID+"_rows", rows), it.Scale
		w.scaleList(it.ScaleDef())
	case survey.KindLadder:
		v["type"], v["parameters"] = "range", "start=0 end=10 step=1"
		t["low"], t["high"] = it.Low, it.High
	case survey.KindNumber:
		v["type"], v["constraint"] = "integer", fmt.Sprintf(". >= %d and . <= %d", it.Min, it.Max)
	case survey.KindText:
		v["type"] = "text"
	case survey.KindNote:
		v["type"] = "note"
	}
	if c := it.ShowIf; c != nil {
		v["relevant"] = w.relevant(c)
	}
	w.row(v, t)
}

// relevant writes a condition in the form Read reads.
func (w *writer) relevant(c *survey.Condition) string {
	on, _ := w.s.Item(c.Item)
	var terms []string
	for _, code := range c.In {
		name := strconv.Itoa(code)
		switch on.Kind {
		case survey.KindYesNo:
			name = map[int]string{1: "yes", 0: "no"}[code]
		default:
			for _, o := range on.Options {
				if o.Code == code {
					name = optionName(o)
				}
			}
		}
		if on.Kind == survey.KindMulti {
			terms = append(terms, fmt.Sprintf("selected(${%s}, '%s')", c.Item, name))
		} else {
			terms = append(terms, fmt.Sprintf("${%s} = '%s'", c.Item, name))
		}
	}
	return strings.Join(terms, " or ")
}

func optionName(o survey.Option) string {
	if o.Name != "" {
		return o.Name
	}
	return strconv.Itoa(o.Code)
}

// listName names an item's list after the list it was read from, when its
// labels say so (choice.<list>.<name>), else after the item.
func listName(item string, opts []survey.Option) string {
	if len(opts) > 0 {
		id := opts[0].Label
		if i := strings.Index(id, "choice."); i >= 0 {
			if l, _, ok := strings.Cut(id[i+len("choice."):], "."); ok && survey.ValidID(l) {
				return l
			}
		}
	}
	return item
}

// list adds a list to the choices sheet, or finds the same list added
// before, and returns its name.
func (w *writer) list(name string, rows [][3]string) string {
	base := name
	for n := 2; ; n++ {
		have, taken := w.lists[name]
		if !taken {
			break
		}
		if equalRows(have, rows) {
			return name
		}
		name = base + "_" + strconv.Itoa(n)
	}
	w.lists[name] = rows
	for _, r := range rows {
		w.choiceRows = append(w.choiceRows, append([]string{name, r[0]}, w.texts(r[1])...))
	}
	return name
}

func equalRows(a, b [][3]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// scaleList writes a scale's answers as the list of its name, so other
// tools can show the question; Kinderstem reads the scale itself.
func (w *writer) scaleList(sc *survey.Scale) {
	if sc == nil {
		return
	}
	rows := make([][3]string, sc.Points)
	for i := range rows {
		rows[i] = [3]string{strconv.Itoa(sc.First() + i), sc.Labels[i]}
	}
	w.list(sc.ID, rows)
}

func (w *writer) settings() [][]string {
	s := w.s
	head := append(append(append([]string{"form_id"}, w.langHeadings("form_title")...), w.langHeadings("intro")...),
		"default_language", "theme", "crc", "age_bands", "respondents")
	row := append(append(append([]string{s.ID}, w.texts(s.Title)...), w.texts(s.Intro)...), w.langs[0].Name+" ("+w.langs[0].Tag+")", s.Theme, joinInts(s.CRC))
	var bands []string
	for _, b := range s.AgeBands {
		bands = append(bands, b.String())
	}
	return [][]string{head, append(row, strings.Join(bands, " "), string(s.Respondents))}
}

func (w *writer) scaleRows() [][]string {
	rows := [][]string{{"name", "style", "dont_know"}}
	for _, sc := range w.s.Scales {
		dk := "no"
		if sc.DontKnow {
			dk = "yes"
		}
		rows = append(rows, []string{sc.ID, sc.Style, dk})
	}
	return rows
}

func (w *writer) indicators() [][]string {
	head := append(append([]string{"name", "kind", "items", "top", "reverse", "min_items", "rescale", "by", "theme", "crc"},
		w.langHeadings("title")...), w.langHeadings("definition")...)
	rows := [][]string{head}
	for _, ind := range w.s.Indicators {
		min, rescale := "", ""
		if ind.MinItems > 0 {
			min = strconv.Itoa(ind.MinItems)
		}
		if ind.Rescale {
			rescale = "yes"
		}
		row := []string{ind.ID, string(ind.Kind), strings.Join(ind.Items, " "), joinInts(ind.Top), strings.Join(ind.Reverse, " "),
			min, rescale, ind.By, ind.Theme, joinInts(ind.CRC)}
		rows = append(rows, append(append(row, w.texts(ind.Title)...), w.texts(ind.Definition)...))
	}
	return rows
}

func joinInts(ns []int) string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strconv.Itoa(n)
	}
	return strings.Join(out, " ")
}
