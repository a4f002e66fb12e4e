package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/process"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// Topics is GET /api/v1/topics: the children's topics as protected counts
// by theme, age band and province. A cell of fewer than k children's
// ideas (perturbed) has hidden true and no numbers.
func (h *Handler) Topics(c *gin.Context) {
	tq, err := process.ParseTopicQuery(c.Request.URL.Query(), h.Catalog, h.Release(c), httpkit.ProcessParams...)
	var cells []process.TopicCell
	if err == nil {
		cells, err = process.LoadTopics(c.Request.Context(), h.Store, h.Catalog, tq)
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	out := apiTopics{K: h.K(), By: tq.By, Filters: tq.Filter, Cells: []apiTopicCell{}}
	if out.By == nil {
		out.By = []string{}
	}
	for _, cell := range cells {
		ac := apiTopicCell{Levels: cell.Levels, Hidden: cell.Hidden}
		if !cell.Hidden {
			topics, ideas := cell.Topics, cell.Ideas
			ac.Topics, ac.Ideas = &topics, &ideas
		}
		out.Cells = append(out.Cells, ac)
	}
	c.JSON(http.StatusOK, out)
}

type apiTopics struct {
	K       int              `json:"k"`
	By      []string         `json:"by"`
	Filters indicator.Filter `json:"filters"`
	Cells   []apiTopicCell   `json:"cells"`
}

type apiTopicCell struct {
	Levels map[string]string `json:"levels"`
	Topics *int              `json:"topics"` // null when hidden
	Ideas  *int              `json:"ideas"`  // null when hidden
	Hidden bool              `json:"hidden"`
}
