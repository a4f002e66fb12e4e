package child

import (
	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
)

// beforeView is a session's "before you start" as a child reads it on the
// welcome screen (partials/before_start.html): the headings, who decides
// and the day the group hears back in the child's language; what the
// worker wrote in the worker's own words, marked with its language for
// read-aloud and screen readers.
type beforeView struct {
	Purpose, DecidesNote, CanChange, CannotChange string
	Decides                                       string // message id
	HearBack                                      string // the day, formatted
	Lang, Dir                                     string // of what the worker wrote
}

// before loads the session's "before you start"; nil when the worker has
// not filled it (the welcome screen is then as it was).
func (h *Handler) before(c *gin.Context, sess *store.Session) *beforeView {
	p, err := h.Store.PreparationOf(c.Request.Context(), sess.ID)
	if err != nil {
		return nil
	}
	l, ok := h.Locales.Lang(sess.Lang)
	if !ok {
		l = locale.Lang{Tag: sess.Lang, Dir: "ltr"}
	}
	return &beforeView{Purpose: p.Purpose, DecidesNote: p.DecidesNote, CanChange: p.CanChange, CannotChange: p.CannotChange,
		Decides: "prepare.decider." + p.Decides, HearBack: p.HearBack.Format("2/1/2006"), Lang: l.Tag, Dir: l.Dir}
}
