package export

import (
	"math"
	"strconv"
	"strings"

	"github.com/kinderstem/kinderstem/internal/indicator"
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
		Title:       "Kinderstem indicators",
		Description: "Survey-based children's-rights indicators. Cells with fewer than k respondents, and cells from which a hidden one could be derived, are suppressed: their numbers are empty.",
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
	return []Column{
		{Name: "survey", Type: "string", Description: "Survey id (file name in surveys/)."},
		{Name: "survey_version", Type: "integer", Description: "Version of the survey the numbers cover (the latest; see the version filter)."},
		{Name: "indicator", Type: "string", Description: "Indicator id within the survey."},
		{Name: "title", Type: "string", Description: "Indicator title in the export's language."},
		{Name: "kind", Type: "string", Description: "share: share of valid answers in the top answers (0-1); mean: mean of the item; index: mean of item scores rescaled to 0-100.",
			Categories: []Category{{"share", "share"}, {"mean", "mean"}, {"index", "index"}}},
		{Name: "theme", Type: "string", Description: "Children's-rights theme (Kinderrechtenmonitor grouping)."},
		{Name: "crc", Type: "string", Description: "Articles of the UN Convention on the Rights of the Child, separated by spaces."},
		{Name: "by1", Type: "string", Description: "First breakdown, empty for the total."},
		{Name: "level1", Type: "string", Description: "Value of the first breakdown; 'all' for a margin."},
		{Name: "level1_label", Type: "string", Description: "Words for level1 in the export's language."},
		{Name: "by2", Type: "string", Description: "Second breakdown, empty when there is none."},
		{Name: "level2", Type: "string", Description: "Value of the second breakdown; 'all' for a margin."},
		{Name: "level2_label", Type: "string", Description: "Words for level2 in the export's language."},
		{Name: "value", Type: "number", Description: "The indicator's value: a share 0-1, a mean, or an index 0-100. Empty when suppressed."},
		{Name: "lower", Type: "number", Description: "Lower end of the 95% interval: clustered by session (linearisation variance, t with sessions - 1 degrees of freedom) for shares, means and indices. Empty when suppressed or with fewer than 2 sessions."},
		{Name: "upper", Type: "number", Description: "Upper end of the 95% interval. Empty when suppressed."},
		{Name: "n", Type: "integer", Description: "Respondents with a valid answer (the base). Empty when suppressed."},
		{Name: "dont_know", Type: "integer", Description: "Respondents who answered \"don't know\" (not in the base). Empty when suppressed."},
		{Name: "skipped", Type: "integer", Description: "Respondents who skipped (or answered too few items of an index). Empty when suppressed."},
		{Name: "suppressed", Type: "boolean", Description: "true when the cell is hidden to protect small groups."},
		{Name: "k", Type: "integer", Description: "Disclosure threshold: cells of fewer respondents are suppressed."},
		{Name: "deff", Type: "number", Description: "Design effect of sessions as clusters: the clustered (linearisation) variance over the simple one, from the true per-session sums, rounded to 2 decimals. Empty when suppressed or with fewer than 2 sessions."},
		{Name: "n_effective", Type: "number", Description: "Effective sample size n / deff. Empty when deff is."},
		{Name: "sessions", Type: "integer", Description: "Sessions (clusters) the cell's respondents answered in; the interval's t quantile has sessions - 1 degrees of freedom. Empty when suppressed."},
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
	row := func(by []string, levels []string, c *indicator.Cell) error {
		out := append([]any{}, base...)
		for i := 0; i < 2; i++ {
			if i < len(by) {
				lbl := "all"
				if levels[i] != "all" {
					lbl = label(indicator.Dim(by[i]), levels[i])
				}
				out = append(out, by[i], levels[i], lbl)
			} else {
				out = append(out, nil, nil, nil)
			}
		}
		if c.Suppressed {
			out = append(out, nil, nil, nil, nil, nil, nil, true, res.K, nil, nil, nil)
		} else {
			out = append(out, num(c.Value), num(c.Lower), num(c.Upper), c.N, c.DontKnow, c.Skipped, false, res.K, num(c.Deff), num(c.NEffective), c.Clusters)
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
	switch len(by) {
	case 1:
		for r, lv := range res.Rows {
			if err := row(by, []string{lv.Key}, res.Grid.Cells[r][0]); err != nil {
				return err
			}
		}
	case 2:
		for r, rl := range res.Rows {
			for c, cl := range res.Cols {
				if err := row(by, []string{rl.Key, cl.Key}, res.Grid.Cells[r][c]); err != nil {
					return err
				}
			}
			if err := row(by, []string{rl.Key, "all"}, res.Grid.RowTotals[r]); err != nil {
				return err
			}
		}
		for c, cl := range res.Cols {
			if err := row(by, []string{"all", cl.Key}, res.Grid.ColTotals[c]); err != nil {
				return err
			}
		}
	}
	return nil
}

func num(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}
