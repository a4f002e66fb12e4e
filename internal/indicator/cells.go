package indicator

// NamedCell is a cell of a result with the breakdown levels it stands for,
// one key per dimension of By; a margin has "all" for the dimension it
// adds up.
type NamedCell struct {
	Cell   *Cell
	Levels []string
}

// Cells lists the cells of a result with their levels, margins included,
// in the one order every output uses: each row (with its row total after
// a two-way row), then the column totals. The grand total is not in it.
func (res *Result) Cells() []NamedCell {
	var out []NamedCell
	switch len(res.By) {
	case 1:
		for r, lv := range res.Rows {
			out = append(out, NamedCell{res.Grid.Cells[r][0], []string{lv.Key}})
		}
	case 2:
		for r, rl := range res.Rows {
			for c, cl := range res.Cols {
				out = append(out, NamedCell{res.Grid.Cells[r][c], []string{rl.Key, cl.Key}})
			}
			out = append(out, NamedCell{res.Grid.RowTotals[r], []string{rl.Key, "all"}})
		}
		for c, cl := range res.Cols {
			out = append(out, NamedCell{res.Grid.ColTotals[c], []string{"all", cl.Key}})
		}
	}
	return out
}
