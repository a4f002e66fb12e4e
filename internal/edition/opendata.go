package edition

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
)

// Open data: exactly the published cells of an edition, as CSV (one row
// per cell, tidy) and JSON. A hidden cell is a row with shown false and
// no numbers; numbers are written as stored, so every output shows the
// same ones.

// csvHeader names the columns of an edition's CSV.
var csvHeader = []string{"edition", "indicator", "source", "theme", "crc", "title_nl", "breakdown",
	"dim_1", "level_1", "dim_2", "level_2", "period_from", "period_to", "shown", "value", "lower", "upper", "n", "k"}

// Titles gives an indicator's title in every language, by message id.
type Titles func(id string) map[string]string

// CSV is an edition's cells as CSV.
func CSV(e *Published, titles Titles) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(csvHeader)
	for _, ind := range e.Snap.Indicators {
		head := []string{itoa(e.Number), ind.Key(), ind.Source, ind.Theme, joinInts(ind.CRC), titles(ind.Title)["nl"]}
		if ind.Source == SourceRegistration {
			for _, f := range ind.Figures {
				row := append(append([]string(nil), head...), "area+period", "area", f.Area, "period", f.Period, "", "")
				row = append(row, numbers(f.Shown, f.Value, 0, 0, 0, false, e.Snap.K)...)
				_ = w.Write(row)
			}
			continue
		}
		for _, t := range ind.Tables {
			if t.TooFew {
				continue
			}
			for _, c := range t.Cells {
				row := append(append([]string(nil), head...), t.Name())
				for i := 0; i < 2; i++ {
					if i < len(t.By) && i < len(c.Levels) {
						row = append(row, t.By[i], c.Levels[i])
					} else {
						row = append(row, "", "")
					}
				}
				row = append(row, e.From, e.To)
				row = append(row, numbers(c.Shown, c.Value, c.Lower, c.Upper, c.N, true, e.Snap.K)...)
				if c.Shown && !c.CI {
					row[len(row)-4], row[len(row)-3] = "", ""
				}
				_ = w.Write(row)
			}
		}
	}
	w.Flush()
	return b.Bytes()
}

func numbers(shown bool, v, lo, hi float64, n int, interval bool, k int) []string {
	if !shown {
		return []string{"false", "", "", "", "", strconv.Itoa(k)}
	}
	out := []string{"true", num(v), "", "", "", strconv.Itoa(k)}
	if interval {
		out[2], out[3], out[4] = num(lo), num(hi), strconv.Itoa(n)
	}
	return out
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func joinInts(v []int) string {
	parts := make([]string, len(v))
	for i, n := range v {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, " ")
}

// openEdition is an edition as its JSON file writes it.
type openEdition struct {
	Edition    int             `json:"edition"`
	Title      string          `json:"title"`
	From       string          `json:"period_from"`
	To         string          `json:"period_to"`
	Published  string          `json:"published,omitempty"`
	K          int             `json:"k"`
	Licence    string          `json:"licence"`
	Hidden     string          `json:"hidden_cells"`
	Indicators []openIndicator `json:"indicators"`
}

type openIndicator struct {
	Key        string            `json:"indicator"`
	Source     string            `json:"source"`
	Theme      string            `json:"theme"`
	CRC        []int             `json:"crc"`
	Title      map[string]string `json:"title"`
	Definition map[string]string `json:"definition"`
	Kind       string            `json:"kind"`
	Scale      *[2]float64       `json:"scale,omitempty"`
	SourceOrg  string            `json:"source_organisation,omitempty"`
	SourceURL  string            `json:"source_url,omitempty"`
	Meta       *Meta             `json:"meta,omitempty"`
	Tables     []openTable       `json:"tables,omitempty"`
	Figures    []openFigure      `json:"figures,omitempty"`
}

type openTable struct {
	Breakdown string     `json:"breakdown"`
	By        []string   `json:"by"`
	TooFew    bool       `json:"too_few,omitempty"`
	Cells     []openCell `json:"cells"`
}

type openCell struct {
	Levels []string `json:"levels"`
	Shown  bool     `json:"shown"`
	Value  *float64 `json:"value"`
	Lower  *float64 `json:"lower"`
	Upper  *float64 `json:"upper"`
	N      *int     `json:"n"`
}

type openFigure struct {
	Area   string   `json:"area"`
	Period string   `json:"period"`
	Shown  bool     `json:"shown"`
	Value  *float64 `json:"value"`
}

// JSON is an edition's cells as JSON: hidden numbers are null.
func JSON(e *Published, titles Titles, licence string) []byte {
	out := openEdition{Edition: e.Number, Title: e.Title, From: e.From, To: e.To, Published: publishedOn(e), K: e.Snap.K, Licence: licence,
		Hidden:     "A hidden cell has fewer than k respondents, or is hidden so that no other hidden cell can be worked out; it carries no numbers.",
		Indicators: []openIndicator{}}
	for _, ind := range e.Snap.Indicators {
		oi := openIndicator{Key: ind.Key(), Source: ind.Source, Theme: ind.Theme, CRC: ind.CRC, Title: titles(ind.Title),
			Definition: titles(ind.Definition), Kind: ind.Kind, SourceOrg: ind.SourceOrg, SourceURL: ind.SourceURL}
		if oi.CRC == nil {
			oi.CRC = []int{}
		}
		if ind.Source != SourceRegistration {
			sc := ind.Scale
			oi.Scale = &sc
		}
		if m := ind.Meta; m.Basis != "" || len(m.Links) > 0 || len(m.Recommendations) > 0 || m.Reference != nil {
			oi.Meta = &m
		}
		for _, f := range ind.Figures {
			of := openFigure{Area: f.Area, Period: f.Period, Shown: f.Shown}
			if f.Shown {
				v := f.Value
				of.Value = &v
			}
			oi.Figures = append(oi.Figures, of)
		}
		for _, t := range ind.Tables {
			ot := openTable{Breakdown: t.Name(), By: t.By, TooFew: t.TooFew, Cells: []openCell{}}
			if ot.By == nil {
				ot.By = []string{}
			}
			for _, c := range t.Cells {
				oc := openCell{Levels: c.Levels, Shown: c.Shown}
				if oc.Levels == nil {
					oc.Levels = []string{}
				}
				if c.Shown {
					v, n := c.Value, c.N
					oc.Value, oc.N = &v, &n
					if c.CI {
						lo, hi := c.Lower, c.Upper
						oc.Lower, oc.Upper = &lo, &hi
					}
				}
				ot.Cells = append(ot.Cells, oc)
			}
			oi.Tables = append(oi.Tables, ot)
		}
		out.Indicators = append(out.Indicators, oi)
	}
	b, _ := json.MarshalIndent(out, "", " ") // plain values: cannot fail
	return append(b, '\n')
}
