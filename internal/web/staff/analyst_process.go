package staff

import (
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/process"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// processGroups computes the process indicators the request asks for.
func (h *Handler) processGroups(c *gin.Context) ([]process.Group, process.Query, url.Values, error) {
	raw := c.Request.URL.Query()
	pq, err := process.ParseQuery(raw, h.Catalog, h.Release(c), httpkit.ProcessParams...)
	if err != nil {
		return nil, pq, raw, err
	}
	groups, err := process.Load(c.Request.Context(), h.Store, pq)
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
	Label                                                                string
	AnsweredPct, MedianText, WeWillPct, TopicsPct, HeardPct, PreparedPct string // "–" without a base
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
	return processRow{Group: g, Label: label, PreparedPct: pct(g.PreparedShare), AnsweredPct: pct(g.AnsweredShare), MedianText: median, WeWillPct: pct(g.WeWillShare), TopicsPct: pct(g.TopicsWeWillShare), HeardPct: pct(g.HeardShare)}
}

// ProcessPage is GET /process: the loop's indicators as a table.
func (h *Handler) ProcessPage(c *gin.Context) {
	groups, pq, raw, err := h.processGroups(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	v := &processView{Query: pq, Raw: raw, K: h.K(), Dims: process.Dims, Period: indicator.Periods,
		CSV: "/export/process.csv?" + raw.Encode(), JSON: "/api/v1/process?" + raw.Encode()}
	labels := h.groupLabels(c)
	for _, g := range groups {
		v.Rows = append(v.Rows, newProcessRow(g, labels(g)))
	}
	p := h.Page(c, "process.title", v)
	p.Nav = "process"
	h.Render(c, http.StatusOK, "process", p)
}

// groupLabels names a group's organisation or region for people.
func (h *Handler) groupLabels(c *gin.Context) func(process.Group) string {
	orgs := h.organisationNames(c)
	t := h.Localizer(c).T
	return func(g process.Group) string {
		switch {
		case g.Organisation != 0:
			return h.levelLabel(t, indicator.DimOrganisation, strconv.FormatInt(g.Organisation, 10), orgs)
		case g.Region != "":
			if r, ok := h.Catalog.Region(g.Region); ok {
				return h.levelLabel(t, indicator.DimRegion, r.Code, orgs)
			}
			return g.Region
		}
		return t("process.all")
	}
}

// ExportProcess is GET /export/process.csv: the page's table as CSV, texts
// neutralised against formulas (export.WriteCSV), written to the audit.
func (h *Handler) ExportProcess(c *gin.Context) {
	groups, _, raw, err := h.processGroups(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	labels := h.groupLabels(c)
	cols := []export.Column{{Name: "group", Type: "string"}, {Name: "period", Type: "string"}, {Name: "sessions", Type: "integer"},
		{Name: "prepared", Type: "integer"}, {Name: "prepared_share", Type: "number"}, {Name: "closed", Type: "integer"}, {Name: "answered", Type: "integer"}, {Name: "answered_share", Type: "number"},
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
			if err := row([]any{labels(g), g.Period, g.Sessions, g.Prepared, g.PreparedShare, g.Closed, g.Answered, g.AnsweredShare, g.MedianDays, g.Parts, g.WeWill,
				g.WeWillShare, g.Topics, g.TopicsWeWill, g.TopicsWeWillShare, raters, g.HeardShare, g.HeardHidden}); err != nil {
				return err
			}
		}
		return nil
	}}
	h.Audit(c, httpkit.ViewerOf(c).ID, "export", "process csv", raw.Encode())
	c.Header("Cache-Control", "no-store")
	attach(c, "kinderstem-process.csv", "text/csv; charset=utf-8")
	if err := export.WriteCSV(c.Writer, t, exportFormat(c)); err != nil {
		h.Log.Error("export", "err", err)
	}
}
