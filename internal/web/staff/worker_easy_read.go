package staff

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// SetEasyRead is POST /sessions/{id}/easy-read: the worker switches the
// session to the easy-read variant of its survey (easy=on) or back to the
// standard wording. Children who open the code from then on get the new
// wording, and questionnaires that arrive from then on record it. A
// survey without an easy-read variant (the youngest's, or one its users
// wrote) refuses it.
func (h *Handler) SetEasyRead(c *gin.Context) {
	sess, s, ok := h.workerSession(c)
	if !ok {
		return
	}
	on := c.PostForm("easy") == "on"
	if on && (sess.IsPilot() || !s.OffersEasyRead()) {
		h.Fail(c, fault.Field("easy", "easy.session.none", "the survey has no easy-read variant"))
		return
	}
	if on != sess.EasyRead {
		if err := h.Store.SetEasyRead(c.Request.Context(), sess.ID, on); err != nil {
			h.Fail(c, err)
			return
		}
		action := "session_easy_read_off"
		if on {
			action = "session_easy_read_on"
		}
		h.Audit(c, httpkit.ViewerOf(c).ID, action, sess.Code, "")
	}
	c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(sess.ID, 10)+"#easy-read")
}
