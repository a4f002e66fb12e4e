package staff

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Charts are drawn on the server as SVG: no chart library, no script, and
// the table beside each chart says the same in words. Hidden cells are
// drawn exactly like empty ones: a label and no bar.

// palette has eight colours distinguishable on white, each at least 4.5:1.
var palette = []string{"#0b6e4f", "#4b3a78", "#9c4a00", "#1a4fd6", "#8a1c1c", "#2b6a88", "#5f5f00", "#6b3a5c"}

// chartBar is one bar: a value with its interval, or hidden.
type chartBar struct {
	Label        string
	Value        float64
	Lower, Upper float64
	Hidden       bool
	Colour       int
}

// chartGroup is a set of bars under one label (one bar for a one-way
// breakdown).
type chartGroup struct {
	Label string
	Bars  []chartBar
}

const (
	chartWidth = 720.0
	labelWidth = 200.0
	barHeight  = 18.0
	rightPad   = 70.0
)

// barChart draws horizontal bars with 95% intervals, grouped.
func barChart(title string, groups []chartGroup, scale [2]float64, format func(float64) string, hidden string) template.HTML {
	var b strings.Builder
	rows := 0
	for _, g := range groups {
		rows += len(g.Bars)
	}
	height := float64(rows)*(barHeight+4) + float64(len(groups))*10 + 30
	for _, g := range groups {
		if len(g.Bars) > 1 {
			height += 18
		}
	}
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, chartWidth, height, esc(title))
	plot := chartWidth - labelWidth - rightPad
	x := func(v float64) float64 {
		if scale[1] == scale[0] {
			return labelWidth
		}
		return labelWidth + (math.Max(scale[0], math.Min(scale[1], v))-scale[0])/(scale[1]-scale[0])*plot
	}
	// Axis: the scale's ends and middle.
	for _, t := range []float64{scale[0], (scale[0] + scale[1]) / 2, scale[1]} {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="14" x2="%.1f" y2="%.0f" stroke="#ccc"/><text x="%.1f" y="10" font-size="11" text-anchor="middle" fill="#444">%s</text>`,
			x(t), x(t), height, x(t), esc(format(t)))
	}
	y := 22.0
	for _, g := range groups {
		if len(g.Bars) > 1 {
			// A group of bars gets its label on a line of its own above them.
			fmt.Fprintf(&b, `<text x="4" y="%.1f" font-size="13" font-weight="600" fill="#1b1b1b">%s</text>`, y+12, esc(g.Label))
			y += 18
		}
		for _, bar := range g.Bars {
			label := bar.Label
			if len(g.Bars) == 1 {
				label = g.Label
			}
			fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="12" text-anchor="end" fill="#1b1b1b">%s</text>`, labelWidth-8, y+barHeight-5, esc(label))
			if bar.Hidden || math.IsNaN(bar.Value) {
				fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="12" fill="#444">%s</text>`, labelWidth+4, y+barHeight-5, esc(hidden))
			} else {
				fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" fill="%s"/>`, labelWidth, y, math.Max(1, x(bar.Value)-labelWidth), barHeight, palette[bar.Colour%len(palette)])
				if !math.IsNaN(bar.Lower) && !math.IsNaN(bar.Upper) {
					fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#1b1b1b" stroke-width="1.5"/>`, x(bar.Lower), y+barHeight/2, x(bar.Upper), y+barHeight/2)
				}
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="12" fill="#1b1b1b">%s</text>`, x(nz(math.Max(bar.Value, bar.Upper), bar.Value))+4, y+barHeight-5, esc(format(bar.Value)))
			}
			y += barHeight + 4
		}
		y += 10
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// lineChart draws a trend: the values as a line with their 95% band; a
// hidden period breaks the line.
func lineChart(title string, labels []string, bars []chartBar, scale [2]float64, format func(float64) string, w, h float64, axes bool) template.HTML {
	var b strings.Builder
	left, top, bottom := 0.0, 4.0, 4.0
	if axes {
		left, top, bottom = 48, 10, 26
	}
	fmt.Fprintf(&b, `<svg class="%s" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s">`, map[bool]string{true: "chart", false: "spark"}[axes], w, h, esc(title))
	plotW, plotH := w-left-8, h-top-bottom
	n := len(bars)
	px := func(i int) float64 {
		if n <= 1 {
			return left + plotW/2
		}
		return left + float64(i)/float64(n-1)*plotW
	}
	py := func(v float64) float64 {
		if scale[1] == scale[0] {
			return top + plotH
		}
		return top + plotH - (math.Max(scale[0], math.Min(scale[1], v))-scale[0])/(scale[1]-scale[0])*plotH
	}
	if axes {
		for _, t := range []float64{scale[0], (scale[0] + scale[1]) / 2, scale[1]} {
			fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" stroke="#ddd"/><text x="%.0f" y="%.1f" font-size="11" text-anchor="end" fill="#444">%s</text>`,
				left, py(t), w-8, py(t), left-4, py(t)+4, esc(format(t)))
		}
		step := max(1, n/8)
		for i := 0; i < n; i += step {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="11" text-anchor="middle" fill="#444">%s</text>`, px(i), h-8, esc(labels[i]))
		}
	}
	var line, band []string
	flush := func() {
		if len(line) > 1 && axes {
			fmt.Fprintf(&b, `<path d="M%s L%s Z" fill="#0b6e4f" opacity="0.15"/>`, strings.Join(band[:len(band)/2], " L"), strings.Join(band[len(band)/2:], " L"))
		}
		if len(line) > 0 {
			fmt.Fprintf(&b, `<path d="M%s" fill="none" stroke="#0b6e4f" stroke-width="2"/>`, strings.Join(line, " L"))
		}
		line, band = nil, nil
	}
	var lower, upper []string
	for i, bar := range bars {
		if bar.Hidden || math.IsNaN(bar.Value) {
			band = append(upper, reverse(lower)...)
			flush()
			lower, upper = nil, nil
			continue
		}
		line = append(line, fmt.Sprintf("%.1f %.1f", px(i), py(bar.Value)))
		upper = append(upper, fmt.Sprintf("%.1f %.1f", px(i), py(nz(bar.Upper, bar.Value))))
		lower = append(lower, fmt.Sprintf("%.1f %.1f", px(i), py(nz(bar.Lower, bar.Value))))
		if axes {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="#0b6e4f"/>`, px(i), py(bar.Value))
		}
	}
	band = append(upper, reverse(lower)...)
	flush()
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func nz(v, alt float64) float64 {
	if math.IsNaN(v) {
		return alt
	}
	return v
}

func reverse(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

func esc(s string) string { return template.HTMLEscapeString(s) }
