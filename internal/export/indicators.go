package export

import (
	"math"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Text turns a message id into words in the export's language.
type Text func(id string) string

// IndicatorTable is the tidy indicator export: one row per indicator and
// breakdown cell (margins included, their level "all"), with value,
// interval, respondents and whether the cell is hidden. A hidden cell has
// empty numbers and suppressed = true, as in the API.
func IndicatorTable(results []*indicator.Result, t Text, label Labeller) Table {
	return Table{
		Name:        "indicators",
		Title:       t("exports2.indicators_title"),
		Description: t("exports2.indicators_description"),
		Columns:     indicatorColumns(t),
		Rows: func(yield func([]any) error) error {
			for _, res := range results {
				if err := indicatorRows(res, t, label, yield); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

func indicatorColumns(t Text) []Column {
	d := func(name string) string { return t("exports2.ind." + name) }
	share := func(row []any) bool { return row[4] == string(survey.Share) }
	return []Column{
		{Name: "survey", Type: "string", Description: d("survey")},
		{Name: "survey_version", Type: "integer", Description: d("survey_version")},
		{Name: "indicator", Type: "string", Description: d("indicator")},
		{Name: "title", Type: "string", Description: d("title")},
		{Name: "kind", Type: "string", Description: d("kind"),
			Categories: []Category{{"share", t("exports2.kind.share")}, {"mean", t("exports2.kind.mean")}, {"index", t("exports2.kind.index")}, {"pool", t("exports2.kind.pool")}}},
		{Name: "theme", Type: "string", Description: d("theme")},
		{Name: "crc", Type: "string", Description: d("crc")},
		{Name: "by1", Type: "string", Description: d("by1")},
		{Name: "level1", Type: "string", Description: d("level1")},
		{Name: "level1_label", Type: "string", Description: d("level1_label")},
		{Name: "by2", Type: "string", Description: d("by2")},
		{Name: "level2", Type: "string", Description: d("level2")},
		{Name: "level2_label", Type: "string", Description: d("level2_label")},
		{Name: "value", Type: "number", Description: d("value"), Percent: share},
		{Name: "lower", Type: "number", Description: d("lower"), Percent: share},
		{Name: "upper", Type: "number", Description: d("upper"), Percent: share},
		{Name: "n", Type: "integer", Description: d("n")},
		{Name: "dont_know", Type: "integer", Description: d("dont_know")},
		{Name: "skipped", Type: "integer", Description: d("skipped")},
		{Name: "suppressed", Type: "boolean", Description: d("suppressed")},
		{Name: "k", Type: "integer", Description: d("k")},
		{Name: "deff", Type: "number", Description: d("deff")},
		{Name: "n_effective", Type: "number", Description: d("n_effective")},
		{Name: "sessions", Type: "integer", Description: d("sessions")},
		{Name: "weights", Type: "string", Description: d("weights")},
		{Name: "se", Type: "number", Description: d("se")},
		{Name: "reliability", Type: "string", Description: d("reliability"),
			Categories: []Category{{indicator.Reliable, t("reliability.ok")}, {indicator.Caution, t("reliability.caution")}, {indicator.Unreliable, t("reliability.unreliable")}}},
		{Name: "reliability_reasons", Type: "string", Description: d("reliability_reasons")},
	}
}

// Labeller names a breakdown level for people (a region's name, an
// organisation's, "10-13 years").
type Labeller func(dim indicator.Dim, key string) string

func indicatorRows(res *indicator.Result, t Text, label Labeller, yield func([]any) error) error {
	ind := res.Indicator
	crc := make([]string, len(ind.CRC))
	for i, a := range ind.CRC {
		crc[i] = strconv.Itoa(a)
	}
	base := []any{res.Survey.ID, res.Survey.Version, ind.ID, t(ind.Title), string(ind.Kind), ind.Theme, strings.Join(crc, " ")}
	var weights any
	if res.Weighting != nil {
		weights = res.Weighting.Method
	}
	row := func(by []string, levels []string, c *indicator.Cell) error {
		out := append([]any{}, base...)
		for i := 0; i < 2; i++ {
			if i < len(by) {
				lbl := t("indicators.all")
				if levels[i] != "all" {
					lbl = label(indicator.Dim(by[i]), levels[i])
				}
				out = append(out, by[i], levels[i], lbl)
			} else {
				out = append(out, nil, nil, nil)
			}
		}
		if c.Suppressed {
			out = append(out, nil, nil, nil, nil, nil, nil, true, res.K, nil, nil, nil, weights, nil, nil, nil)
		} else {
			var sessions any // none for professionals' rounds, as in the API
			if c.Clusters > 0 {
				sessions = c.Clusters
			}
			out = append(out, num(c.Value), num(c.Lower), num(c.Upper), c.N, c.DontKnow, c.Skipped, false, res.K, num(c.Deff), num(c.NEffective), sessions, weights,
				num(c.SE), text(c.Reliability.Level), text(strings.Join(c.Reliability.Reasons, " ")))
		}
		return yield(out)
	}
	if err := row(nil, nil, res.Grid.Total); err != nil {
		return err
	}
	by := make([]string, len(res.By))
	for i, d := range res.By {
		by[i] = string(d)
	}
	for _, nc := range res.Cells() {
		if err := row(by, nc.Levels, nc.Cell); err != nil {
			return err
		}
	}
	return nil
}

// text is a string value, nil (empty) when empty.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func num(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}
