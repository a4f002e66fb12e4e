package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// roundRow is one round in the list and on its own page.
type roundRow struct {
	*store.Round
	Survey   *survey.Survey
	Count    store.RoundCount
	Open     bool
	ClosesOn string
}

// roundsView is the list of rounds with the form to start one.
type roundsView struct {
	Rounds  []roundRow
	Surveys []*survey.Survey
	Values  map[string]string
	Errors  map[string]string
	Links   []string // the links of a round just made, shown this once
	Made    *roundRow
}

// roundList is GET /rounds: an organisation's rounds and the form.
func (a *App) roundList(c *gin.Context) {
	v, err := a.roundsView(c)
	if err != nil {
		a.fail(c, err)
		return
	}
	v.Values["closes"] = a.Store.Now().In(a.Store.Location()).AddDate(0, 0, 28).Format(time.DateOnly)
	v.Values["kind"], v.Values["count"] = "links", "10"
	if len(v.Surveys) > 0 {
		v.Values["survey"] = v.Surveys[0].ID
	}
	a.renderRounds(c, http.StatusOK, v)
}

func (a *App) roundsView(c *gin.Context) (*roundsView, error) {
	v := viewer(c)
	org := v.OrganisationID
	if v.Is("admin") {
		org = 0
	}
	rounds, err := a.Store.Rounds(c.Request.Context(), org)
	if err != nil {
		return nil, err
	}
	out := &roundsView{Surveys: a.Catalog.Professional(), Values: map[string]string{}, Errors: map[string]string{}}
	for _, r := range rounds {
		row, err := a.roundRow(c, r)
		if err != nil {
			return nil, err
		}
		out.Rounds = append(out.Rounds, row)
	}
	return out, nil
}

func (a *App) roundRow(c *gin.Context, r *store.Round) (roundRow, error) {
	n, err := a.Store.CountRound(c.Request.Context(), r.ID)
	if err != nil {
		return roundRow{}, err
	}
	s, _ := a.Catalog.Survey(r.SurveyID)
	return roundRow{Round: r, Survey: s, Count: n, Open: r.IsOpen(a.Store.Now()), ClosesOn: a.closingDay(r)}, nil
}

func (a *App) renderRounds(c *gin.Context, status int, v *roundsView) {
	p := a.page(c, "rounds.title", v)
	p.Nav = "rounds"
	a.render(c, status, "rounds", p)
}

// createRound is POST /rounds: it checks the form, makes the round and
// shows its links once; they are not kept and cannot be shown again.
func (a *App) createRound(c *gin.Context) {
	v, err := a.roundsView(c)
	if err != nil {
		a.fail(c, err)
		return
	}
	for _, k := range []string{"survey", "label", "closes", "kind", "count"} {
		v.Values[k] = strings.TrimSpace(c.PostForm(k))
	}
	r, links := a.roundFromForm(v, viewer(c))
	if len(v.Errors) > 0 {
		a.renderRounds(c, http.StatusUnprocessableEntity, v)
		return
	}
	tokens, err := a.Store.CreateRound(c.Request.Context(), r, links)
	if err != nil {
		a.fail(c, err)
		return
	}
	a.audit(c, viewer(c).ID, "round_create", strconv.FormatInt(r.ID, 10), r.SurveyID+" "+strconv.Itoa(len(tokens))+" links")
	for _, t := range tokens {
		v.Links = append(v.Links, a.personalLink(c, "/i/"+t))
	}
	row, err := a.roundRow(c, r)
	if err != nil {
		a.fail(c, err)
		return
	}
	v.Made = &row
	v.Rounds = append([]roundRow{row}, v.Rounds...)
	a.renderRounds(c, http.StatusCreated, v)
}

// roundFromForm checks the form's values; errors go into v.Errors.
func (a *App) roundFromForm(v *roundsView, who *Viewer) (*store.Round, int) {
	val := v.Values
	s, ok := a.Catalog.Survey(val["survey"])
	if !ok || !s.ForProfessionals() {
		v.Errors["survey"] = "rounds.error_survey"
	}
	if utf8.RuneCountInString(val["label"]) > 100 {
		v.Errors["label"] = "sessions.error_label"
	}
	day, err := time.ParseInLocation(time.DateOnly, val["closes"], a.Store.Location())
	closes := day.AddDate(0, 0, 1) // open to the end of that day
	now := a.Store.Now()
	if err != nil || !closes.After(now) || closes.After(now.AddDate(1, 0, 0)) {
		v.Errors["closes"] = "rounds.error_closes"
	}
	links := 1
	switch val["kind"] {
	case "open":
	case "links":
		links, err = strconv.Atoi(val["count"])
		if err != nil || links < 1 || links > store.MaxLinks {
			v.Errors["count"] = "rounds.error_count"
		}
	default:
		v.Errors["kind"] = "rounds.error_kind"
	}
	if len(v.Errors) > 0 {
		return nil, 0
	}
	return &store.Round{OrganisationID: who.OrganisationID, CreatedBy: who.ID, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash,
		Label: val["label"], OpenLink: val["kind"] == "open", ClosesAt: closes}, links
}

// staffRound loads the round in the URL: an analyst sees their
// organisation's, an admin all; anything else is "not found".
func (a *App) staffRound(c *gin.Context) (*store.Round, *survey.Survey, bool) {
	r, ok := ownedByID(a, c, a.Store.RoundByID, func(r *store.Round) int64 { return r.OrganisationID }, "no such round here")
	if !ok {
		return nil, nil, false
	}
	s, ok := a.shippedSurvey(c, r.SurveyID)
	return r, s, ok
}

// roundPage is GET /rounds/{id}: how many answered, never which.
func (a *App) roundPage(c *gin.Context) {
	r, _, ok := a.staffRound(c)
	if !ok {
		return
	}
	row, err := a.roundRow(c, r)
	if err != nil {
		a.fail(c, err)
		return
	}
	p := a.page(c, "rounds.round_title", row)
	p.Nav = "rounds"
	a.render(c, http.StatusOK, "round", p)
}

// closeRound is POST /rounds/{id}/close: no more answers or changes.
func (a *App) closeRound(c *gin.Context) {
	r, _, ok := a.staffRound(c)
	if !ok {
		return
	}
	if err := a.Store.CloseRound(c.Request.Context(), r.ID); err != nil {
		a.fail(c, err)
		return
	}
	a.audit(c, viewer(c).ID, "round_close", strconv.FormatInt(r.ID, 10), "")
	c.Redirect(http.StatusSeeOther, "/rounds/"+strconv.FormatInt(r.ID, 10))
}
