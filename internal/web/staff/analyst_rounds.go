package staff

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
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

// RoundList is GET /rounds: an organisation's rounds and the form.
func (h *Handler) RoundList(c *gin.Context) {
	v, err := h.roundsView(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	v.Values["closes"] = h.Store.Now().In(h.Store.Location()).AddDate(0, 0, 28).Format(time.DateOnly)
	v.Values["kind"], v.Values["count"] = "links", "10"
	if len(v.Surveys) > 0 {
		v.Values["survey"] = v.Surveys[0].ID
	}
	h.renderRounds(c, http.StatusOK, v)
}

func (h *Handler) roundsView(c *gin.Context) (*roundsView, error) {
	rounds, err := h.Store.Rounds(c.Request.Context(), httpkit.Org(httpkit.ViewerOf(c)))
	if err != nil {
		return nil, err
	}
	out := &roundsView{Surveys: h.Catalog.Professional(), Values: map[string]string{}, Errors: map[string]string{}}
	for _, r := range rounds {
		row, err := h.roundRow(c, r)
		if err != nil {
			return nil, err
		}
		out.Rounds = append(out.Rounds, row)
	}
	return out, nil
}

func (h *Handler) roundRow(c *gin.Context, r *store.Round) (roundRow, error) {
	n, err := h.Store.CountRound(c.Request.Context(), r.ID)
	if err != nil {
		return roundRow{}, err
	}
	s, _ := h.Catalog.Survey(r.SurveyID)
	return roundRow{Round: r, Survey: s, Count: n, Open: r.IsOpen(h.Store.Now()), ClosesOn: r.LastDay(h.Store.Location())}, nil
}

func (h *Handler) renderRounds(c *gin.Context, status int, v *roundsView) {
	p := h.Page(c, "rounds.title", v)
	p.Nav = "rounds"
	h.Render(c, status, "rounds", p)
}

// CreateRound is POST /rounds: it checks the form, makes the round and
// shows its links once; they are not kept and cannot be shown again.
func (h *Handler) CreateRound(c *gin.Context) {
	v, err := h.roundsView(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	for _, k := range []string{"survey", "label", "closes", "kind", "count"} {
		v.Values[k] = strings.TrimSpace(c.PostForm(k))
	}
	r, links := h.roundFromForm(v, httpkit.ViewerOf(c))
	if len(v.Errors) > 0 {
		h.renderRounds(c, http.StatusUnprocessableEntity, v)
		return
	}
	tokens, err := h.Store.CreateRound(c.Request.Context(), r, links)
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "round_create", strconv.FormatInt(r.ID, 10), r.SurveyID+" "+strconv.Itoa(len(tokens))+" links")
	for _, t := range tokens {
		v.Links = append(v.Links, h.PublicURL("/i/"+t))
	}
	row, err := h.roundRow(c, r)
	if err != nil {
		h.Fail(c, err)
		return
	}
	v.Made = &row
	v.Rounds = append([]roundRow{row}, v.Rounds...)
	h.renderRounds(c, http.StatusCreated, v)
}

// roundFromForm checks the form's values; errors go into v.Errors.
func (h *Handler) roundFromForm(v *roundsView, who *httpkit.Viewer) (*store.Round, int) {
	val := v.Values
	s, ok := h.Catalog.Survey(val["survey"])
	if !ok || !s.ForProfessionals() {
		v.Errors["survey"] = "rounds.error_survey"
	}
	if utf8.RuneCountInString(val["label"]) > 100 {
		v.Errors["label"] = "sessions.error_label"
	}
	day, err := time.ParseInLocation(time.DateOnly, val["closes"], h.Store.Location())
	closes := day.AddDate(0, 0, 1) // open to the end of that day
	now := h.Store.Now()
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

// RoundPage is GET /rounds/{id}: how many answered, never which.
func (h *Handler) RoundPage(c *gin.Context) {
	r, _, ok := h.StaffRound(c)
	if !ok {
		return
	}
	row, err := h.roundRow(c, r)
	if err != nil {
		h.Fail(c, err)
		return
	}
	p := h.Page(c, "rounds.round_title", row)
	p.Nav = "rounds"
	h.Render(c, http.StatusOK, "round", p)
}

// CloseRound is POST /rounds/{id}/close: no more answers or changes.
func (h *Handler) CloseRound(c *gin.Context) {
	r, _, ok := h.StaffRound(c)
	if !ok {
		return
	}
	if err := h.Store.CloseRound(c.Request.Context(), r.ID); err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "round_close", strconv.FormatInt(r.ID, 10), "")
	c.Redirect(http.StatusSeeOther, "/rounds/"+strconv.FormatInt(r.ID, 10))
}
