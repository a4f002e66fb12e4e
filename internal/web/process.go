package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/process"
)

// processParams are what the process indicators read besides the
// analysts' filters; version, age and gender do not apply to sessions and
// are refused like any unknown parameter.
var processParams = []string{"by", "period", "bom", "semicolon"}

// processQuery reads the process indicators' query: the shared filter
// parser (unknown parameters refused), one breakdown, one period.
func (a *App) processQuery(c *gin.Context) (process.Query, url.Values, error) {
	q := c.Request.URL.Query()
	for _, name := range []string{"version", "age", "gender"} {
		if q.Has(name) {
			return process.Query{}, q, fault.Field(name, "error.param_unknown", "process indicators have no "+name+" filter")
		}
	}
	f, err := indicator.FilterFromQuery(q, processParams...)
	if err != nil {
		return process.Query{}, q, err
	}
	for _, r := range f.Regions {
		if _, ok := a.Catalog.Region(r); !ok {
			return process.Query{}, q, fault.Field("region", "error.filter_invalid", "no region "+r)
		}
	}
	pq := process.Query{By: q.Get("by"), Period: q.Get("period"), Filter: f, K: a.Config.K, InRegion: a.inRegion}
	if pq.By != "" && !slices.Contains(process.Dims, pq.By) {
		return pq, q, fault.Field("by", "error.breakdown_invalid", "by must be organisation or region")
	}
	if pq.Period != "" && !slices.Contains(indicator.Periods, pq.Period) {
		return pq, q, fault.Field("period", "error.breakdown_invalid", "period must be month, quarter or year")
	}
	return pq, q, nil
}

// inRegion reports whether a session's region lies in a filter's region:
// the same municipality, or a municipality of that province.
func (a *App) inRegion(sessionRegion, filter string) bool {
	want, _ := a.Catalog.Region(filter)
	got, ok := a.Catalog.Region(sessionRegion)
	if !ok {
		return false
	}
	return got.Code == want.Code || a.Catalog.ProvinceOf(got.Code) == want.Code
}

// processGroups computes the process indicators the request asks for.
func (a *App) processGroups(c *gin.Context) ([]process.Group, process.Query, url.Values, error) {
	pq, raw, err := a.processQuery(c)
	if err != nil {
		return nil, pq, raw, err
	}
	sessions, parts, err := a.Store.ProcessData(c.Request.Context())
	if err != nil {
		return nil, pq, raw, err
	}
	// The felt-heard counts' cell keys use the indicator index's record
	// secret, kept outside the database.
	if pq.Secret, err = a.Keys.Secret(keys.Record); err != nil {
		return nil, pq, raw, fmt.Errorf("web: process indicators: %w", err)
	}
	groups, err := process.Compute(sessions, parts, pq)
	return groups, pq, raw, err
}

// processView is the process indicators' page.
type processView struct {
	Query  process.Query
	Raw    url.Values
	Rows   []processRow
	K      int
	Dims   []string
	Period []string
	CSV    string
	JSON   string
}

type processRow struct {
	process.Group
	Label                                                   string
	AnsweredPct, MedianText, WeWillPct, TopicsPct, HeardPct string // "–" without a base
}

func newProcessRow(g process.Group, label string) processRow {
	pct := func(v float64) string {
		if math.IsNaN(v) {
			return "–"
		}
		return strconv.Itoa(percent(v)) + "%"
	}
	median := "–"
	if !math.IsNaN(g.MedianDays) {
		median = strconv.FormatFloat(g.MedianDays, 'f', -1, 64)
	}
	return processRow{Group: g, Label: label, AnsweredPct: pct(g.AnsweredShare), MedianText: median, WeWillPct: pct(g.WeWillShare), TopicsPct: pct(g.TopicsWeWillShare), HeardPct: pct(g.HeardShare)}
}

// processPage is GET /process: the loop's indicators as a table.
func (a *App) processPage(c *gin.Context) {
	groups, pq, raw, err := a.processGroups(c)
	if err != nil {
		a.fail(c, err)
		return
	}
	v := &processView{Query: pq, Raw: raw, K: max(a.Config.K, indicator.MinK), Dims: process.Dims, Period: indicator.Periods,
		CSV: "/export/process.csv?" + raw.Encode(), JSON: "/api/v1/process?" + raw.Encode()}
	labels := a.groupLabels(c)
	for _, g := range groups {
		v.Rows = append(v.Rows, newProcessRow(g, labels(g)))
	}
	p := a.page(c, "process.title", v)
	p.Nav = "process"
	a.render(c, http.StatusOK, "process", p)
}

// groupLabels names a group's organisation or region for people.
func (a *App) groupLabels(c *gin.Context) func(process.Group) string {
	orgs := a.organisationNames(c)
	t := a.localizer(c).T
	return func(g process.Group) string {
		switch {
		case g.Organisation != 0:
			return a.levelLabel(t, indicator.DimOrganisation, strconv.FormatInt(g.Organisation, 10), orgs)
		case g.Region != "":
			if r, ok := a.Catalog.Region(g.Region); ok {
				return a.levelLabel(t, indicator.DimRegion, r.Code, orgs)
			}
			return g.Region
		}
		return t("process.all")
	}
}

// apiProcess is GET /api/v1/process: the same numbers as JSON. A share
// without a base, and a withheld felt-heard share, are null; left_out
// names the groups whose felt-heard share is withheld (fewer than k
// children rated).
func (a *App) apiProcess(c *gin.Context) {
	groups, pq, _, err := a.processGroups(c)
	if err != nil {
		a.failJSON(c, err)
		return
	}
	out := apiProcessAnswer{K: max(a.Config.K, indicator.MinK), By: pq.By, Period: pq.Period, Filters: pq.Filter, Groups: []apiProcessGroup{}}
	for _, g := range groups {
		ag := apiProcessGroup{Levels: map[string]string{}, Sessions: g.Sessions, Closed: g.Closed, Answered: g.Answered,
			AnsweredShare: num(g.AnsweredShare), MedianDays: num(g.MedianDays), Parts: g.Parts, WeWill: g.WeWill,
			WeWillShare: num(g.WeWillShare), Topics: g.Topics, TopicsWeWill: g.TopicsWeWill, TopicsWeWillShare: num(g.TopicsWeWillShare),
			HeardSuppressed: g.HeardHidden}
		if g.Organisation != 0 {
			ag.Levels["organisation"] = strconv.FormatInt(g.Organisation, 10)
		}
		if g.Region != "" {
			ag.Levels["region"] = g.Region
		}
		if g.Period != "" {
			ag.Levels["period"] = g.Period
		}
		if g.HeardHidden {
			out.LeftOut = append(out.LeftOut, g.Key())
		} else {
			ag.Raters, ag.HeardShare = &g.Raters, num(g.HeardShare)
		}
		out.Groups = append(out.Groups, ag)
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, out)
}

type apiProcessAnswer struct {
	K       int               `json:"k"`
	By      string            `json:"by,omitempty"`
	Period  string            `json:"period,omitempty"`
	Filters indicator.Filter  `json:"filters"`
	Groups  []apiProcessGroup `json:"groups"`
	// LeftOut names the groups ("organisation=3,period=2026-Q1") whose
	// felt-heard share is withheld: fewer than k children rated there.
	LeftOut []string `json:"left_out,omitempty"`
}

type apiProcessGroup struct {
	Levels            map[string]string `json:"levels,omitempty"`
	Sessions          int               `json:"sessions"`
	Closed            int               `json:"closed"`
	Answered          int               `json:"answered"`
	AnsweredShare     *float64          `json:"answered_share"`
	MedianDays        *float64          `json:"median_days_to_answer"`
	Parts             int               `json:"answer_parts"`
	WeWill            int               `json:"we_will_parts"`
	WeWillShare       *float64          `json:"we_will_share"`
	Topics            int               `json:"topics"`
	TopicsWeWill      int               `json:"topics_we_will"`
	TopicsWeWillShare *float64          `json:"topics_we_will_share"`
	Raters            *int              `json:"heard_raters"`
	HeardShare        *float64          `json:"heard_share"`
	HeardSuppressed   bool              `json:"heard_suppressed"`
}

// exportProcess is GET /export/process.csv: the page's table as CSV, texts
// neutralised against formulas (export.WriteCSV), written to the audit.
func (a *App) exportProcess(c *gin.Context) {
	groups, _, raw, err := a.processGroups(c)
	if err != nil {
		a.fail(c, err)
		return
	}
	labels := a.groupLabels(c)
	cols := []export.Column{{Name: "group", Type: "string"}, {Name: "period", Type: "string"}, {Name: "sessions", Type: "integer"},
		{Name: "closed", Type: "integer"}, {Name: "answered", Type: "integer"}, {Name: "answered_share", Type: "number"},
		{Name: "median_days_to_answer", Type: "number"}, {Name: "answer_parts", Type: "integer"}, {Name: "we_will_parts", Type: "integer"},
		{Name: "we_will_share", Type: "number"}, {Name: "topics", Type: "integer"}, {Name: "topics_we_will", Type: "integer"},
		{Name: "topics_we_will_share", Type: "number"}, {Name: "heard_raters", Type: "integer"}, {Name: "heard_share", Type: "number"},
		{Name: "heard_suppressed", Type: "boolean"}}
	t := export.Table{Name: "kinderstem-process", Title: "Kinderstem process indicators", Columns: cols, Rows: func(row func([]any) error) error {
		for _, g := range groups {
			var raters any
			if !g.HeardHidden {
				raters = g.Raters
			}
			if err := row([]any{labels(g), g.Period, g.Sessions, g.Closed, g.Answered, g.AnsweredShare, g.MedianDays, g.Parts, g.WeWill,
				g.WeWillShare, g.Topics, g.TopicsWeWill, g.TopicsWeWillShare, raters, g.HeardShare, g.HeardHidden}); err != nil {
				return err
			}
		}
		return nil
	}}
	a.audit(c, viewer(c).ID, "export", "process csv", raw.Encode())
	c.Header("Cache-Control", "no-store")
	attach(c, "kinderstem-process.csv", "text/csv; charset=utf-8")
	if err := export.WriteCSV(c.Writer, t, exportFormat(c)); err != nil {
		a.Log.Error("export", "err", err)
	}
}
