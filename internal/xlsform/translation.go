package xlsform

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// TranslationRow is one text of a survey for a translator: its key, its
// words in the survey's own language, the words in the target language
// (empty while untranslated), and a note on where it is used.
type TranslationRow struct {
	Key, Source, Target, Note string
}

// translationSheet is the sheet's name.
const translationSheet = "translation"

// WriteTranslation writes the translation sheet of one language: key,
// source, target and note, one text a row, so a translator needs nothing
// but a spreadsheet.
func WriteTranslation(rows []TranslationRow, source, target Lang) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", translationSheet); err != nil {
		return nil, err
	}
	out := [][]string{{"key", source.heading("source"), target.heading("target"), "note"}}
	for _, r := range rows {
		out = append(out, []string{r.Key, r.Source, r.Target, r.Note})
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	if err := writeRows(f, translationSheet, out, bold); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(translationSheet, "B", "C", 60); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(translationSheet, "D", "D", 40); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(translationSheet, "A2", fmt.Sprintf("D%d", len(out)), wrap); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("xlsform: write translation: %w", err)
	}
	return buf.Bytes(), nil
}

// Translation is what reading a translation sheet gives: the target
// language's words by key, the sheet row of each key, and every problem
// and warning found.
type Translation struct {
	Texts    map[string]string // key -> words in the target language
	Rows     map[string]int    // key -> 1-based row of the sheet
	Problems []Issue
	Warnings []Issue
}

// ReadTranslation reads a translation sheet made for a survey whose
// words in its own language (sourceLang) are source, by key, into the
// language target. A key the survey lacks, a key twice, or a sheet for
// another language is a problem; a source that changed since the sheet
// was made, and texts left untranslated, are warnings with their rows.
func ReadTranslation(data []byte, source map[string]string, sourceLang, target string) *Translation {
	tr := &Translation{Texts: map[string]string{}, Rows: map[string]int{}}
	wb, err := open(data)
	if err != nil {
		tr.Problems = append(tr.Problems, fileIssue(err))
		return tr
	}
	s := wb.sheets[translationSheet]
	if s == nil && len(wb.names) == 1 {
		// One sheet under another name is still the translation.
		if f, err := openSheet(data, wb.names[0]); err == nil {
			s = f
		}
	}
	if s == nil {
		tr.Problems = append(tr.Problems, Issue{Sheet: translationSheet, ID: "xlsform.sheet_missing", Args: []any{"Name", translationSheet}})
		return tr
	}
	key, src, tgt := s.col("key"), -1, -1
	for _, h := range s.headers {
		switch {
		case h.base == "source" && h.lang == sourceLang:
			src = h.col
		case h.base == "source":
			tr.Problems = append(tr.Problems, s.issue(0, h.col, "xlsform.translation_language", "Want", sourceLang, "Header", h.raw))
		case h.base == "target" && h.lang == target:
			tgt = h.col
		case h.base == "target":
			tr.Problems = append(tr.Problems, s.issue(0, h.col, "xlsform.translation_language", "Want", target, "Header", h.raw))
		}
	}
	for name, c := range map[string]int{"key": key, "target": tgt} {
		if c < 0 && len(tr.Problems) == 0 {
			tr.Problems = append(tr.Problems, s.issue(0, -1, "xlsform.column_missing", "Column", name))
		}
	}
	if len(tr.Problems) > 0 {
		return tr
	}
	var empty []string
	for row := 1; row < len(s.rows); row++ {
		if s.blank(row) {
			continue
		}
		k := s.cell(row, key)
		was, known := source[k]
		switch first, dup := tr.Rows[k]; {
		case k == "":
			tr.Problems = append(tr.Problems, s.issue(row, key, "xlsform.translation_key_missing"))
			continue
		case !known:
			tr.Problems = append(tr.Problems, s.issue(row, key, "xlsform.translation_key_unknown", "Key", k))
			continue
		case dup:
			tr.Problems = append(tr.Problems, s.issue(row, key, "xlsform.translation_key_duplicate", "Key", k, "Row", first))
			continue
		}
		tr.Rows[k] = row + 1
		if src >= 0 && s.cell(row, src) != strings.TrimSpace(was) {
			tr.Warnings = append(tr.Warnings, s.issue(row, src, "xlsform.translation_source_changed", "Key", k))
		}
		if v := s.cell(row, tgt); v != "" {
			tr.Texts[k] = v
		} else {
			empty = append(empty, strconv.Itoa(row+1))
		}
	}
	if len(empty) > 0 {
		n, _ := strconv.Atoi(empty[0])
		tr.Warnings = append(tr.Warnings, Issue{Sheet: s.name, Row: n, ID: "xlsform.translation_missing",
			Args: []any{"Lang", target, "Count", len(empty), "Rows", strings.Join(empty, ", ")}})
	}
	var absent []string
	for k := range source {
		if _, ok := tr.Rows[k]; !ok {
			absent = append(absent, k)
		}
	}
	if len(absent) > 0 {
		slices.Sort(absent)
		tr.Warnings = append(tr.Warnings, Issue{Sheet: s.name, ID: "xlsform.translation_keys_absent", Args: []any{"Count", len(absent), "Keys", strings.Join(absent, ", ")}})
	}
	return tr
}

// openSheet reads one sheet of any name.
func openSheet(data []byte, name string) (s *sheet, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("xlsform: unreadable file: %v", r)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 32 << 20, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil || len(rows) > maxRows+1 {
		return nil, fmt.Errorf("xlsform: sheet %s unreadable", name)
	}
	for _, row := range rows {
		if len(row) > maxCols {
			return nil, fmt.Errorf("xlsform: sheet %s too wide", name)
		}
		for j := range row {
			row[j] = strings.TrimSpace(row[j])
			if len([]rune(row[j])) > maxCell {
				return nil, fmt.Errorf("xlsform: cell too long")
			}
		}
	}
	s = &sheet{name: name, rows: rows}
	if len(rows) > 0 {
		s.headers = readHeaders(rows[0])
	}
	return s, nil
}
