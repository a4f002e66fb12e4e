package export

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes a table as an Excel workbook: the data on the first
// sheet (typed cells, streamed row by row) and the codebook on a second.
func WriteXLSX(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "data"
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	line := 2
	cells := make([]any, len(t.Columns))
	err = t.Rows(func(row []any) error {
		copy(cells, row)
		cell, _ := excelize.CoordinatesToCellName(1, line)
		line++
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := codebookSheet(f, t); err != nil {
		return err
	}
	return f.Write(w)
}

func codebookSheet(f *excelize.File, t Table) error {
	name := "codebook"
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	rows := [][]any{{"column", "type", "title", "description", "values"}}
	for _, c := range t.Columns {
		values := ""
		for i, cat := range c.Categories {
			if i > 0 {
				values += "; "
			}
			values += fmt.Sprintf("%v = %s", cat.Value, cat.Label)
		}
		rows = append(rows, []any{c.Name, c.Type, c.Title, c.Description, values})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(name, cell, &r); err != nil {
			return err
		}
	}
	return nil
}
