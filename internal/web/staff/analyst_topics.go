package staff

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/export"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/process"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// topicsView is the analysts' page of the children's topics as a whole:
// protected counts by theme, age band and province.
type topicsView struct {
	Query   process.TopicQuery
	Raw     url.Values
	Dims    []string
	Checked map[string]bool // the breakdowns asked
	Rows    []topicRow
	K       int
	JSON    string
	CSV     string
}

type topicRow struct {
	process.TopicCell
	Labels []string // the levels for people, in the order of Query.By
}

// topicCells computes the topic counts the request asks for.
func (h *Handler) topicCells(c *gin.Context) ([]process.TopicCell, process.TopicQuery, url.Values, error) {
	raw := c.Request.URL.Query()
	tq, err := process.ParseTopicQuery(raw, h.Catalog, h.Release(c), httpkit.ProcessParams...)
	if err != nil {
		return nil, tq, raw, err
	}
	cells, err := process.LoadTopics(c.Request.Context(), h.Store, h.Catalog, tq)
	return cells, tq, raw, err
}

// TopicsPage is GET /topics.
func (h *Handler) TopicsPage(c *gin.Context) {
	cells, tq, raw, err := h.topicCells(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	v := &topicsView{Query: tq, Raw: raw, Dims: process.TopicDims, K: h.K(), JSON: "/api/v1/topics?" + raw.Encode(),
		CSV: "/export/topics.csv?" + raw.Encode(), Checked: map[string]bool{}}
	for _, d := range tq.By {
		v.Checked[d] = true
	}
	t := h.Localizer(c).T
	for _, cell := range cells {
		row := topicRow{TopicCell: cell}
		for _, d := range tq.By {
			row.Labels = append(row.Labels, h.topicLevel(t, d, cell.Levels[d]))
		}
		v.Rows = append(v.Rows, row)
	}
	p := h.Page(c, "topics.title", v)
	p.Nav = "process"
	h.Render(c, http.StatusOK, "topics", p)
}

// topicLevel names a level of the topic counts for people.
func (h *Handler) topicLevel(t func(string, ...any) string, dim, level string) string {
	switch dim {
	case "theme":
		if th, ok := h.Catalog.Theme(level); ok {
			return t(th.Title)
		}
		return t("topics.unsorted")
	case "province":
		if level == "" {
			return t("topics.no_province")
		}
		return h.levelLabel(t, indicator.DimRegion, level, nil)
	}
	return t("sessions.band_years", "Band", strings.TrimSpace(level))
}

// ExportTopics is GET /export/topics.csv: the page's cells as CSV, one
// column per breakdown (the level's code and its name), texts neutralised
// against formulas, written to the audit.
func (h *Handler) ExportTopics(c *gin.Context) {
	cells, tq, raw, err := h.topicCells(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	t := h.Localizer(c).T
	var cols []export.Column
	for _, d := range tq.By {
		cols = append(cols, export.Column{Name: d, Type: "string"}, export.Column{Name: d + "_name", Type: "string"})
	}
	cols = append(cols, export.Column{Name: "topics", Type: "integer"}, export.Column{Name: "ideas", Type: "integer"},
		export.Column{Name: "hidden", Type: "boolean"})
	table := export.Table{Name: "kinderstem-topics", Title: "Kinderstem children's topics", Columns: cols, Rows: func(row func([]any) error) error {
		for _, cell := range cells {
			var vals []any
			for _, d := range tq.By {
				vals = append(vals, cell.Levels[d], h.topicLevel(t, d, cell.Levels[d]))
			}
			var topics, ideas any
			if !cell.Hidden {
				topics, ideas = cell.Topics, cell.Ideas
			}
			if err := row(append(vals, topics, ideas, cell.Hidden)); err != nil {
				return err
			}
		}
		return nil
	}}
	h.Audit(c, httpkit.ViewerOf(c).ID, "export", "topics csv", raw.Encode())
	c.Header("Cache-Control", "no-store")
	attach(c, "kinderstem-topics.csv", "text/csv; charset=utf-8")
	if err := export.WriteCSV(c.Writer, table, exportFormat(c)); err != nil {
		h.Log.Error("export", "err", err)
	}
}
