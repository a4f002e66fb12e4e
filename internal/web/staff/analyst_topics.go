package staff

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

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
}

type topicRow struct {
	process.TopicCell
	Labels []string // the levels for people, in the order of Query.By
}

// TopicsPage is GET /topics.
func (h *Handler) TopicsPage(c *gin.Context) {
	raw := c.Request.URL.Query()
	tq, err := process.ParseTopicQuery(raw, h.Catalog, h.Release(c), httpkit.ProcessParams...)
	var cells []process.TopicCell
	if err == nil {
		cells, err = process.LoadTopics(c.Request.Context(), h.Store, h.Catalog, tq)
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	v := &topicsView{Query: tq, Raw: raw, Dims: process.TopicDims, K: h.K(), JSON: "/api/v1/topics?" + raw.Encode(), Checked: map[string]bool{}}
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
