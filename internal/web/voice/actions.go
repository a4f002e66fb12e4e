package voice

import (
	"context"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/fault"
)

// Send is POST /v/{link}/send: the child's say goes to their worker, each
// part for the meeting or only for the worker as the child chose. The
// visit ends: the device keeps nothing, and the link's first page thanks
// the child.
func (h *Handler) Send(c *gin.Context) {
	shares, err := decision.DecodeShares(c.Request.PostForm)
	h.end(c, "sent", func(ctx context.Context, v *decision.Visit) error {
		if err != nil {
			return err
		}
		return h.Decisions.Send(ctx, v, shares)
	})
}

// Decline is POST /v/{link}/decline: "I don't want to take part now",
// after the child confirmed it. What they had written is erased; their
// worker sees that they chose not to.
func (h *Handler) Decline(c *gin.Context) { h.end(c, "declined", h.Decisions.Decline) }

// Withdraw is POST /v/{link}/withdraw: the child takes back what they
// sent, until the decision is recorded.
func (h *Handler) Withdraw(c *gin.Context) { h.end(c, "withdrawn", h.Decisions.Withdraw) }

// Leave is POST /v/{link}/leave: "stop" on any screen. The visit ends; a
// draft stays unsent on the server, nothing stays on the device.
func (h *Handler) Leave(c *gin.Context) { h.end(c, "left", nil) }

// end runs a step that ends the visit (none for leaving), then sends the
// child to the link's first page with what happened.
func (h *Handler) end(c *gin.Context, what string, step func(context.Context, *decision.Visit) error) {
	v, lang, ok := h.resume(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	var err error
	if step != nil {
		err = step(ctx, v)
	}
	if err == nil {
		err = h.Decisions.Leave(ctx, v)
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.done(c, what, lang)
}

// Rejoin is POST /v/{link}/rejoin: a child who declined or took their
// words back takes part after all, until the decision is recorded.
func (h *Handler) Rejoin(c *gin.Context) {
	v, lang, ok := h.resume(c)
	if !ok {
		return
	}
	if err := h.Decisions.Rejoin(c.Request.Context(), v); err != nil {
		h.Fail(c, err)
		return
	}
	h.show(c, v, lang, "welcome", "")
}

// Heard is POST /v/{link}/heard: "do you feel heard?" under the
// explanation. The answer is the child's own and can be changed; their
// worker sees it.
func (h *Handler) Heard(c *gin.Context) {
	v, lang, ok := h.resume(c)
	if !ok {
		return
	}
	rating := c.PostForm("heard")
	if !slices.Contains(decision.HeardAnswers, rating) {
		h.Fail(c, fault.Field("heard", "voice.error_screen", "not a felt-heard answer"))
		return
	}
	if err := h.Decisions.Heard(c.Request.Context(), v, rating); err != nil {
		h.Fail(c, err)
		return
	}
	s := h.screenView(c, v, lang, "explanation")
	s.Notice = "voice.heard_thanks"
	h.render(c, http.StatusOK, s)
}
