// Package xlsform reads and writes questionnaires as XLSForms, the
// spreadsheets of ODK, KoboToolbox and SurveyCTO: the sheets survey,
// choices and settings, with Kinderstem's own columns and sheets for what
// XLSForm lacks (faces, simpler wording for the youngest, "I don't know",
// indicators). It also reads and writes the translation sheet of one
// language. Every problem names its sheet, row and column; a file with
// problems gives no survey.
package xlsform

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Bounds on what is read: an XLSForm for children is a few dozen rows.
const (
	MaxBytes = 2 << 20 // the largest file taken
	maxRows  = 2000    // rows of one sheet
	maxCols  = 200     // columns of one sheet
	maxCell  = 2000    // characters of one cell
)

// Issue is one problem or warning, where it is, as a message id with its
// template data (pairs) so it can be said in the reader's language.
type Issue struct {
	Sheet  string
	Row    int    // 1-based, 0 for the whole sheet
	Col    string // column letter, "" for the whole row
	Header string // the column's heading, e.g. "label::Français (fr)"
	ID     string // message id, e.g. "xlsform.name_duplicate"
	Args   []any  // template data as pairs: "Name", "q1", ...
}

// Place is where the issue is, written as a spreadsheet user reads it:
// survey!C4, survey!4 or survey.
func (i Issue) Place() string {
	switch {
	case i.Row > 0 && i.Col != "":
		return fmt.Sprintf("%s!%s%d", i.Sheet, i.Col, i.Row)
	case i.Row > 0:
		return fmt.Sprintf("%s!%d", i.Sheet, i.Row)
	}
	return i.Sheet
}

// sheet is one worksheet read as rows of trimmed strings, with its
// columns found by heading.
type sheet struct {
	name    string // as in the file
	rows    [][]string
	headers []header
}

// header is one column's heading, split as XLSForm does: base::language.
type header struct {
	col  int    // 0-based
	raw  string // as written
	base string // lower case, aliases resolved: "label", "list_name"
	lang string // the language code, "" for none
	// langRaw is what followed "::" when no code could be read from it.
	langRaw string
}

func colName(i int) string {
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}

// cell returns row r's (0-based, headings are row 0) value in column c.
func (s *sheet) cell(r, c int) string {
	if r >= len(s.rows) || c >= len(s.rows[r]) {
		return ""
	}
	return s.rows[r][c]
}

// issue makes an issue at row r (0-based) and column c of the sheet; c
// < 0 for the whole row.
func (s *sheet) issue(r, c int, id string, args ...any) Issue {
	is := Issue{Sheet: s.name, Row: r + 1, ID: id, Args: args}
	if c >= 0 {
		is.Col = colName(c)
		for _, h := range s.headers {
			if h.col == c {
				is.Header = h.raw
			}
		}
	}
	return is
}

// col returns the column of a heading without language, or -1.
func (s *sheet) col(base string) int {
	for _, h := range s.headers {
		if h.base == base && h.lang == "" && h.langRaw == "" {
			return h.col
		}
	}
	return -1
}

// langCols returns the columns of a heading by language.
func (s *sheet) langCols(base string) map[string]int {
	out := map[string]int{}
	for _, h := range s.headers {
		if h.base == base && h.lang != "" {
			out[h.lang] = h.col
		}
	}
	return out
}

// get returns row r's value in the column of base, "" when there is none.
func (s *sheet) get(r int, base string) string {
	if c := s.col(base); c >= 0 {
		return s.cell(r, c)
	}
	return ""
}

// blank reports whether row r has nothing in it.
func (s *sheet) blank(r int) bool {
	for _, v := range s.rows[r] {
		if v != "" {
			return false
		}
	}
	return true
}

// workbook is the file's sheets by their XLSForm name.
type workbook struct {
	sheets map[string]*sheet
	names  []string // every sheet's name as in the file
}

// open reads every sheet of an XLSX file. Whatever excelize does with a
// broken file, the caller gets an error, never a panic.
func open(data []byte) (wb *workbook, err error) {
	defer func() {
		if r := recover(); r != nil {
			wb, err = nil, fmt.Errorf("xlsform: unreadable file: %v", r)
		}
	}()
	if len(data) > MaxBytes {
		return nil, errTooLarge
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 32 << 20, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, fmt.Errorf("xlsform: %w", err)
	}
	defer f.Close()
	wb = &workbook{sheets: map[string]*sheet{}}
	for _, name := range f.GetSheetList() {
		wb.names = append(wb.names, name)
		key := strings.ToLower(strings.TrimSpace(name))
		if _, ok := knownSheets[key]; !ok {
			continue
		}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("xlsform: sheet %s: %w", name, err)
		}
		if len(rows) > maxRows+1 {
			return nil, tooMany{sheet: name}
		}
		for i, row := range rows {
			if len(row) > maxCols {
				return nil, tooMany{sheet: name}
			}
			for j, v := range row {
				v = strings.TrimSpace(v)
				if len([]rune(v)) > maxCell {
					return nil, tooLong{sheet: name, row: i + 1, col: j}
				}
				row[j] = v
			}
		}
		s := &sheet{name: name, rows: rows}
		if len(rows) > 0 {
			s.headers = readHeaders(rows[0])
		}
		wb.sheets[key] = s
	}
	return wb, nil
}

// The sheets read: XLSForm's three, Kinderstem's two, and the
// translation sheet of one language.
var knownSheets = map[string]bool{"survey": true, "choices": true, "settings": true, "indicators": true, "scales": true, "translation": true}

// columnAliases are other spellings of headings that faithful readers of
// XLSForm accept.
var columnAliases = map[string]string{
	"list name":        "list_name",
	"listname":         "list_name",
	"bind::required":   "required",
	"bind::relevant":   "relevant",
	"body::appearance": "appearance",
	"only in":          "only_in",
	"dont know":        "dont_know",
	"don't know":       "dont_know",
	"min items":        "min_items",
	"title":            "form_title",
}

// readHeaders splits each heading into its base and language: "label",
// "label::Nederlands (nl)", "label::nl".
func readHeaders(row []string) []header {
	var out []header
	for i, raw := range row {
		if raw == "" {
			continue
		}
		h := header{col: i, raw: raw}
		lower := strings.ToLower(raw)
		if alias, ok := columnAliases[lower]; ok {
			lower = alias
		}
		base, _, hasLang := strings.Cut(lower, "::")
		h.base = strings.TrimSpace(base)
		if hasLang {
			_, rawLang, _ := strings.Cut(raw, "::")
			if code := langCode(rawLang); code != "" {
				h.lang = code
			} else {
				h.langRaw = strings.TrimSpace(rawLang)
			}
		}
		out = append(out, h)
	}
	return out
}

// langCode reads the language code of a column: "Nederlands (nl)" gives
// nl, a bare code "nl" gives nl; anything else gives "".
func langCode(s string) string {
	s = strings.TrimSpace(s)
	if open := strings.LastIndex(s, "("); open >= 0 && strings.HasSuffix(s, ")") {
		s = s[open+1 : len(s)-1]
	} else if strings.ContainsAny(s, " ") {
		return ""
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	return s
}

// The errors of a file that cannot be read at all.
type (
	tooMany struct{ sheet string }
	tooLong struct {
		sheet    string
		row, col int
	}
)

func (e tooMany) Error() string { return "xlsform: sheet " + e.sheet + " is too large" }
func (e tooLong) Error() string {
	return fmt.Sprintf("xlsform: %s!%s%d: cell too long", e.sheet, colName(e.col), e.row)
}

var errTooLarge = fmt.Errorf("xlsform: file larger than %d bytes", MaxBytes)
