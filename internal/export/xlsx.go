package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes a table as an Excel workbook: the data on the first
// sheet (typed cells, streamed row by row) and the codebook on a second.
// Both sheets have a frozen header row and sized columns; the data sheet
// has a filter on every column, shares as percentages and other numbers
// with three decimals. Arabic tables run right to left. Texts are typed
// string cells, never formulas, so a child's "=1+1" stays text in every
// program that opens or re-saves the workbook without the CSV's leading
// apostrophe (which would show as part of the text here).
func WriteXLSX(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "data"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	st, err := newXLSXStyles(f)
	if err != nil {
		return err
	}
	if err := sheetLayout(f, sheet, t.RightToLeft); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(frozenHeader()); err != nil {
		return err
	}
	for i, c := range t.Columns {
		if err := sw.SetColWidth(i+1, i+1, columnWidth(c)); err != nil {
			return err
		}
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = excelize.Cell{StyleID: st.header, Value: c.Name}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	line := 2
	cells := make([]any, len(t.Columns))
	err = t.Rows(func(row []any) error {
		if len(row) != len(t.Columns) {
			return fmt.Errorf("export: row of %d values for %d columns", len(row), len(t.Columns))
		}
		for i, v := range row {
			cells[i] = st.cell(t.Columns[i], row, v)
		}
		cell, err := excelize.CoordinatesToCellName(1, line)
		if err != nil {
			return err
		}
		line++
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(max(len(t.Columns), 1), max(line-1, 2))
	if err != nil {
		return err
	}
	noStripes := false
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "export_data", StyleName: "TableStyleLight1", ShowRowStripes: &noStripes}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := codebookSheet(f, t, st); err != nil {
		return err
	}
	return f.Write(w)
}

// xlsxStyles are the few cell styles a workbook uses.
type xlsxStyles struct {
	header, percent, decimal int
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var s xlsxStyles
	var err error
	if s.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return s, err
	}
	if s.percent, err = f.NewStyle(&excelize.Style{NumFmt: 10}); err != nil { // 0.00%
		return s, err
	}
	decimals := "0.000"
	s.decimal, err = f.NewStyle(&excelize.Style{CustomNumFmt: &decimals})
	return s, err
}

// cell is one value as a typed, styled cell.
func (s xlsxStyles) cell(c Column, row []any, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return x // a typed string cell: no formula, no apostrophe needed
	case float64:
		if c.Percent != nil && c.Percent(row) {
			return excelize.Cell{StyleID: s.percent, Value: x}
		}
		return excelize.Cell{StyleID: s.decimal, Value: x}
	}
	return v
}

func sheetLayout(f *excelize.File, sheet string, rtl bool) error {
	if !rtl {
		return nil
	}
	return f.SetSheetView(sheet, -1, &excelize.ViewOptions{RightToLeft: &rtl})
}

func frozenHeader() *excelize.Panes {
	return &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}
}

// columnWidth gives a column room for its name and the filter button, and
// more for words than for codes.
func columnWidth(c Column) float64 {
	w := float64(len(c.Name)) + 4
	switch {
	case strings.HasSuffix(c.Name, "_label") || c.Name == "title":
		w = max(w, 32)
	case c.Type == "number":
		w = max(w, 10)
	}
	return min(w, 60)
}

func codebookSheet(f *excelize.File, t Table, st xlsxStyles) error {
	name := "codebook"
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := sheetLayout(f, name, t.RightToLeft); err != nil {
		return err
	}
	rows := [][]any{{"column", "type", "title", "description", "values", "missing"}}
	for _, c := range t.Columns {
		rows = append(rows, []any{c.Name, c.Type, c.Title, c.Description, labels(c.Categories), labels(c.Missing)})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(name, cell, &r); err != nil {
			return err
		}
	}
	if err := f.SetRowStyle(name, 1, 1, st.header); err != nil {
		return err
	}
	for col, width := range map[string]float64{"A": 24, "B": 10, "C": 40, "D": 80, "E": 40, "F": 30} {
		if err := f.SetColWidth(name, col, col, width); err != nil {
			return err
		}
	}
	return f.SetPanes(name, frozenHeader())
}

// labels writes value labels as "code = label; ...", an empty code as "".
func labels(cats []Category) string {
	var b strings.Builder
	for i, cat := range cats {
		if i > 0 {
			b.WriteString("; ")
		}
		v := formatValue(cat.Value, Format{})
		if v == "" {
			v = `""`
		}
		fmt.Fprintf(&b, "%s = %s", v, cat.Label)
	}
	return b.String()
}
