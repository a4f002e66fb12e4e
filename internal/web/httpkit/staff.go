package httpkit

import (
	"context"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Audit writes to the audit log; a failure to do so is logged, not shown.
// The entry records something that already happened, so it is written
// even when the client has stopped waiting for the answer: the request's
// cancellation does not reach it.
func (k *Kit) Audit(c *gin.Context, userID int64, action, target, detail string) {
	// A token has no user: the entry names the token.
	if v := ViewerOf(c); userID == 0 && v != nil && strings.HasPrefix(v.Email, "token:") {
		detail = strings.TrimSpace(detail + " " + v.Email)
	}
	if err := k.Store.Audit(context.WithoutCancel(c.Request.Context()), userID, action, target, detail); err != nil {
		k.Log.Error("audit", "action", action, "err", err)
	}
}

// OwnedByID loads the record named by the URL's :id for a staff user and
// answers "not found" unless it belongs to the user's organisation (an
// admin sees all): the one check for sessions, rounds and answers, so ids
// of other organisations cannot even be confirmed. On failure it has
// answered and returns false.
func OwnedByID[T any](k *Kit, c *gin.Context, load func(context.Context, int64) (T, error), org func(T) int64, what string) (T, bool) {
	var rec T
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err == nil {
		rec, err = load(c.Request.Context(), id)
	}
	if err != nil || (Org(ViewerOf(c)) != 0 && org(rec) != Org(ViewerOf(c))) {
		k.Fail(c, fault.New(fault.NotFound, "error.not_found", what))
		var zero T
		return zero, false
	}
	return rec, true
}

// ShippedSurvey is the survey a session or round was made for, or 410
// when this build no longer ships it.
func (k *Kit) ShippedSurvey(c *gin.Context, id string) (*survey.Survey, bool) {
	s, ok := k.Catalog.Survey(id)
	if !ok {
		k.Fail(c, fault.New(fault.Gone, "error.gone", "survey no longer shipped"))
	}
	return s, ok
}

// StaffRound loads the round in the URL: an analyst sees their
// organisation's, an admin all; anything else is "not found".
func (k *Kit) StaffRound(c *gin.Context) (*store.Round, *survey.Survey, bool) {
	r, ok := OwnedByID(k, c, k.Store.RoundByID, func(r *store.Round) int64 { return r.OrganisationID }, "no such round here")
	if !ok {
		return nil, nil, false
	}
	s, ok := k.ShippedSurvey(c, r.SurveyID)
	return r, s, ok
}

// NoOrganisation is the organisation of a viewer that belongs to none: it
// matches no record.
const NoOrganisation = -1

// Org is the organisation whose records the viewer sees: every
// organisation's (0) for an admin and an admin's token made for every
// organisation, else their own. A viewer of no organisation sees none
// (NoOrganisation), as it gets 404 on each record: what a list or a pool
// over records shows is never more than the records it could open. The
// one rule for sessions, rounds, pools and answers.
func Org(v *Viewer) int64 {
	switch {
	case v == nil:
		return NoOrganisation
	case v.AllOrganisations:
		return 0
	case v.OrganisationID == 0:
		return NoOrganisation
	}
	return v.OrganisationID
}
