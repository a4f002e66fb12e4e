package httpkit

import (
	"context"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// SessionSurvey returns the questionnaire a session runs: the version it
// started with (sessions keep it when a newer one is published), or for a
// pilot the draft revision with the overlay of its words. A version this
// server no longer knows is a fault.Gone, said kindly, rather than other
// questions than were planned.
func (k *Kit) SessionSurvey(ctx context.Context, sess *store.Session) (*survey.Survey, *locale.Overlay, error) {
	if sess.IsPilot() {
		draftID, rev, err := k.Store.PilotOf(ctx, sess.ID)
		if err != nil {
			return nil, nil, err
		}
		w, err := k.Authoring.DraftSurvey(ctx, draftID, rev)
		if err != nil {
			return nil, nil, fault.New(fault.Gone, "error.session_closed", "the pilot's draft cannot be read")
		}
		return w.Survey, w.Overlay, nil
	}
	s, ok := k.Catalog.Version(sess.SurveyID, sess.SurveyVersion)
	if !ok {
		return nil, nil, fault.New(fault.Gone, "error.session_closed", "survey version no longer known")
	}
	return s, nil, nil
}

const ctxOverlay = "kinderstem.overlay"

// SetOverlay gives the request's pages a draft's words on top of the
// translations: a preview's or a pilot's.
func SetOverlay(c *gin.Context, o *locale.Overlay) {
	if o != nil {
		c.Set(ctxOverlay, o)
	}
}

// PreviewToken signs a link to a draft revision's preview for
// authoring.PreviewFor.
func (k *Kit) PreviewToken(draftID int64, revision int) string {
	return authoring.PreviewToken(k.previewKey, draftID, revision, time.Now().Add(authoring.PreviewFor))
}

// ParsePreview checks a preview link's token.
func (k *Kit) ParsePreview(token string) (int64, int, error) {
	return authoring.ParsePreviewToken(k.previewKey, token, time.Now())
}

// previewCSP is the strict policy with one change: a preview may be shown
// in a frame of this site's own pages (the author's phone and tablet
// frames), never of another's.
const previewCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; media-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// AllowFraming lets this answer be framed by the site's own pages.
func AllowFraming(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", previewCSP)
	h.Set("X-Frame-Options", "SAMEORIGIN")
}
