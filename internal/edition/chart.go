package edition

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Charts are drawn on the server as SVG: no script, no library, and the
// table beside each chart carries the same cells in words. A hidden cell
// is drawn as its label and "fewer than k", never as a bar; an earlier
// reference measurement is a marked line of its own, never a point of
// the series.

const (
	chartW    = 720.0
	labelW    = 220.0
	valueW    = 90.0
	barH      = 20.0
	barGap    = 8.0
	chartInk  = "#1b1b1b"
	chartMute = "#4d4d4d"
	chartBar  = "#0b6e4f"
	chartRef  = "#8a1c1c"
)

// barChart draws a table's cells as horizontal bars with their 95%
// intervals: for a one-way table each level, for a two-way one each
// cell but the margins.
func (s *Site) barChart(ind *Indicator, tv TableView) template.HTML {
	var bars []Shown
	for i, r := range tv.Rows {
		last := i == len(tv.Rows)-1
		switch {
		case len(tv.Head) == 0:
			bars = append(bars, r.Cells[0])
		case !last:
			bars = append(bars, r.Cells[:len(r.Cells)-1]...)
		}
	}
	return template.HTML(s.drawBars(ind, tv.Caption, bars))
}

// scaleOf is the range an indicator's values are drawn on.
func scaleOf(ind *Indicator) [2]float64 {
	if ind.Scale[1] > ind.Scale[0] {
		return ind.Scale
	}
	return [2]float64{0, 1}
}

func (s *Site) drawBars(ind *Indicator, title string, bars []Shown) string {
	var b strings.Builder
	sc := scaleOf(ind)
	ref := ind.Meta.Reference
	h := 34 + float64(len(bars))*(barH+barGap)
	if ref != nil {
		h += 22
	}
	plot := chartW - labelW - valueW
	x := func(v float64) float64 {
		v = math.Max(sc[0], math.Min(sc[1], v))
		return labelW + (v-sc[0])/(sc[1]-sc[0])*plot
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, chartW, h, esc(s.indicatorTitle(ind)+" · "+title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(s.indicatorTitle(ind)+" · "+title))
	for _, t := range []float64{sc[0], (sc[0] + sc[1]) / 2, sc[1]} {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="16" x2="%.1f" y2="%.0f" stroke="#cccccc"/><text x="%.1f" y="12" font-size="12" text-anchor="middle" fill="%s">%s</text>`,
			x(t), x(t), h-4, x(t), chartMute, esc(s.format(ind, t)))
	}
	y := 26.0
	for _, bar := range bars {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="13" text-anchor="end" fill="%s">%s</text>`, labelW-8, y+barH-6, chartInk, esc(bar.Label))
		if bar.Hidden || bar.cell == nil {
			fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="13" fill="%s">%s</text>`, labelW+4, y+barH-6, chartMute, esc(s.Hidden()))
		} else {
			c := bar.cell
			fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" fill="%s"/>`, labelW, y, math.Max(1, x(c.Value)-labelW), barH, chartBar)
			end := x(c.Value)
			if c.CI {
				fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/>`, x(c.Lower), y+barH/2, x(c.Upper), y+barH/2, chartInk)
				end = math.Max(end, x(c.Upper))
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="13" fill="%s">%s</text>`, end+6, y+barH-6, chartInk, esc(bar.Value))
		}
		y += barH + barGap
	}
	if ref != nil {
		rx := x(ref.Value)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="16" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2" stroke-dasharray="6 4"/>`, rx, rx, y, chartRef)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" fill="%s">%s</text>`, labelW, y+14, chartRef,
			esc(s.L.T("open.reference_mark", "Value", s.format(ind, ref.Value), "Year", ref.Year)))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// trendPoint is one edition's total.
type trendPoint struct {
	label string
	cell  *Cell
	ind   *Indicator
}

// lineChart draws the totals over editions with their intervals; a
// hidden total breaks the line. The reference measurement, when there is
// one, is a dashed line across the chart with its own label.
func (s *Site) lineChart(points []trendPoint) template.HTML {
	ind := points[len(points)-1].ind
	sc := scaleOf(ind)
	const w, h, left, top, bottom = 720.0, 260.0, 64.0, 14.0, 40.0
	plotW, plotH := w-left-24, h-top-bottom
	px := func(i int) float64 { return left + (float64(i)+0.5)/float64(len(points))*plotW }
	py := func(v float64) float64 {
		v = math.Max(sc[0], math.Min(sc[1], v))
		return top + plotH - (v-sc[0])/(sc[1]-sc[0])*plotH
	}
	var b bytes.Buffer
	title := s.L.T("open.trend_title", "Title", s.indicatorTitle(ind))
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s"><title>%s</title>`, w, h, esc(title), esc(title))
	for _, t := range []float64{sc[0], (sc[0] + sc[1]) / 2, sc[1]} {
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#dddddd"/><text x="%.0f" y="%.1f" font-size="12" text-anchor="end" fill="%s">%s</text>`,
			left, py(t), w-24, py(t), left-6, py(t)+4, chartMute, esc(s.format(ind, t)))
	}
	var line []string
	flush := func() {
		if len(line) > 1 {
			fmt.Fprintf(&b, `<path d="M%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(line, " L"), chartBar)
		}
		line = nil
	}
	for i, p := range points {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="12" text-anchor="middle" fill="%s">%s</text>`, px(i), h-14, chartMute, esc(p.label))
		if p.cell == nil || !p.cell.Shown {
			flush()
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" text-anchor="middle" fill="%s">%s</text>`, px(i), top+plotH/2, chartMute, esc(s.Hidden()))
			continue
		}
		c := p.cell
		line = append(line, fmt.Sprintf("%.1f %.1f", px(i), py(c.Value)))
		if c.CI {
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/>`, px(i), py(c.Lower), px(i), py(c.Upper), chartInk)
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`, px(i), py(c.Value), chartBar)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" fill="%s">%s</text>`, px(i)+8, py(c.Value)-6, chartInk, esc(s.format(ind, c.Value)))
	}
	flush()
	if ref := ind.Meta.Reference; ref != nil {
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="%s" stroke-width="2" stroke-dasharray="6 4"/>`, left, py(ref.Value), w-24, py(ref.Value), chartRef)
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="12" fill="%s">%s</text>`, left+4, py(ref.Value)-6, chartRef,
			esc(s.L.T("open.reference_mark", "Value", s.format(ind, ref.Value), "Year", ref.Year)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// ChartSVG is an indicator's chart as a file of its own: its first
// breakdown after the total, or the total.
func (s *Site) ChartSVG(key string) ([]byte, error) {
	p, err := s.Indicator(key)
	if err != nil || len(p.Tables) == 0 {
		return nil, errNoPage
	}
	tv := p.mainTable()
	if tv.Chart == "" {
		return nil, errNoPage
	}
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + string(tv.Chart) + "\n"), nil
}

// mainTable is the breakdown an embed and the chart file show: the first
// one after the total that has a chart, else the total.
func (p *IndicatorPage) mainTable() TableView {
	for _, t := range p.Tables {
		if len(t.Rows) > 1 && t.Chart != "" {
			return t
		}
	}
	return p.Tables[0]
}
