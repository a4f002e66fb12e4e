package edition

import (
	"html/template"
	"strconv"
)

// TrendView is an indicator's total in every edition that has it: the
// series over editions, with its chart and table.
type TrendView struct {
	Rows  []TableRow // one per edition, oldest first
	Chart template.HTML
}

// trend is the series of an indicator's totals over the editions up to
// the current one. An earlier reference measurement is not part of it.
func (s *Site) trend(key string) *TrendView {
	var tv TrendView
	var points []trendPoint
	for _, e := range s.Editions {
		ind, ok := e.Snap.Indicator(key)
		if !ok {
			continue
		}
		t := ind.Table(Total)
		var c *Cell
		if t != nil && !t.TooFew {
			c = t.Total()
		}
		label := s.editionLabel(e) + " · " + s.span(e.From, e.To)
		sh := s.shown(ind, label, c)
		tv.Rows = append(tv.Rows, TableRow{Label: label, Cells: []Shown{sh}})
		points = append(points, trendPoint{label: s.span(e.From, e.To), cell: c, ind: ind})
	}
	if len(points) < 2 {
		return nil
	}
	tv.Chart = s.lineChart(points)
	return &tv
}

// ReferenceView is an earlier measurement, marked as such.
type ReferenceView struct {
	Value, N, Year, Source, URL string
	Text                        string
}

func (s *Site) reference(ind *Indicator, ref *Reference) *ReferenceView {
	rv := &ReferenceView{Value: s.format(ind, ref.Value), Year: ref.Year, Source: ref.Source, URL: ref.URL}
	if ref.N > 0 {
		rv.N = s.printer().Sprintf("%d", ref.N)
	}
	rv.Text = s.L.T("open.reference_text", "Value", rv.Value, "Year", ref.Year, "Source", ref.Source)
	return rv
}

// FiguresView is a registration indicator's figures: one row per area,
// one column per period.
type FiguresView struct {
	Periods []string
	Rows    []TableRow
}

func (s *Site) figures(ind *Indicator) *FiguresView {
	fv := &FiguresView{}
	var areas []string
	for _, f := range ind.Figures {
		if !contains(fv.Periods, f.Period) {
			fv.Periods = append(fv.Periods, f.Period)
		}
		if !contains(areas, f.Area) {
			areas = append(areas, f.Area)
		}
	}
	sortStrings(fv.Periods)
	for _, a := range areas {
		name := a
		if r, ok := s.Cat.Area(a); ok {
			name = r.NameIn(s.Lang.Tag)
		}
		row := TableRow{Label: name}
		for _, p := range fv.Periods {
			var c *Cell
			for _, f := range ind.Figures {
				if f.Area == a && f.Period == p {
					c = &Cell{Shown: f.Shown, Value: f.Value}
				}
			}
			sh := Shown{Label: name + " · " + p}
			switch {
			case c == nil:
				sh.Value = "–"
			case !c.Shown:
				sh.Hidden = true
			default:
				sh.Value, sh.cell = s.format(ind, c.Value), c
			}
			row.Cells = append(row.Cells, sh)
		}
		fv.Rows = append(fv.Rows, row)
	}
	return fv
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
