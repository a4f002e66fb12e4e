package child

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// groupResultsForChildren is what a child sees at the session's code after
// it closed: what the group said, as the worker published it, and what the
// adults will do about it.
func (h *Handler) groupResultsForChildren(c *gin.Context, sess *store.Session, s *survey.Survey) {
	r, err := h.GroupResults(c, sess, s, h.Localizer(c).Lang().Tag)
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.forChildren(r.Reply, c, sess)
	if !sess.ShowsResults(h.Store.Now()) {
		// Only a public answer outlives the results.
		r.ResultsOver, r.Items, r.Count = true, nil, 0
	}
	p := h.ChildPage(c, "results.title", r)
	p.BodyClass = "child results"
	h.RenderChild(c, http.StatusOK, "child_results", p)
}
