package staff

import (
	"math"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
)

// SessionResults is the worker's copy of the group page, to show on a
// screen or print.
func (h *Handler) SessionResults(c *gin.Context) {
	sess, s, ok := h.workerSession(c)
	if !ok {
		return
	}
	if sess.IsPilot() {
		h.Fail(c, errPilotNoResults)
		return
	}
	r, err := h.GroupResults(c, sess, s, h.Localizer(c).Lang().Tag)
	if err != nil {
		h.Fail(c, err)
		return
	}
	p := h.Page(c, "results.title", r)
	p.Nav = "sessions"
	p.BodyClass = "results"
	h.Render(c, http.StatusOK, "results", p)
}

// percent is a share as a whole percentage; 0 for no share.
func percent(v float64) int {
	if math.IsNaN(v) {
		return 0
	}
	return int(math.Round(v * 100))
}

// cleanFeedback keeps the worker's message as plain text: no control
// characters but line breaks, at most 4000 characters.
func cleanFeedback(s string) (string, error) {
	s = plainStaffText(s)
	if utf8.RuneCountInString(s) > 4000 {
		return "", fault.Field("feedback", "session.error_feedback", "feedback longer than 4000 characters")
	}
	return s, nil
}

// plainStaffText is a staff member's text made plain: valid UTF-8, line
// breaks as \n, no control characters but line breaks, trimmed. The
// feedback and the answers to children (worker_answer_decode.go) both
// use it.
func plainStaffText(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || (!unicode.IsControl(r) && r != '\u2028') {
			return r
		}
		return -1
	}, strings.ReplaceAll(s, "\r\n", "\n"))
	return strings.TrimSpace(s)
}
