package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// sessionRow is one line of the sessions list.
type sessionRow struct {
	*store.Session
	Survey *survey.Survey
	Count  int
	Open   bool
}

// sessionList shows the sessions of the worker's organisation (all of them
// to an admin), newest first, with how many questionnaires each received.
func (a *App) sessionList(c *gin.Context) {
	v := viewer(c)
	org := v.OrganisationID
	if v.Is("admin") {
		org = 0
	}
	ctx := c.Request.Context()
	sessions, err := a.Store.Sessions(ctx, org, 200)
	if err != nil {
		a.fail(c, err)
		return
	}
	ids := make([]int64, len(sessions))
	for i, s := range sessions {
		ids[i] = s.ID
	}
	counts, err := a.Store.SessionCounts(ctx, ids)
	if err != nil {
		a.fail(c, err)
		return
	}
	now := a.Store.Now()
	rows := make([]sessionRow, len(sessions))
	for i, s := range sessions {
		sv, _ := a.Catalog.Survey(s.SurveyID)
		rows[i] = sessionRow{Session: s, Survey: sv, Count: counts[s.ID], Open: s.IsOpen(now)}
	}
	p := a.page(c, "sessions.title", rows)
	p.Nav = "sessions"
	a.render(c, http.StatusOK, "sessions", p)
}

// sessionForm is the new-session form with its values and errors.
type sessionForm struct {
	Surveys   []*survey.Survey
	Bands     []string
	Langs     []locale.Lang
	Settings  []string
	Provinces []province
	Values    map[string]string
	Errors    map[string]string // field -> message id
}

type province struct {
	survey.Region
	Municipalities []survey.Region
}

func (a *App) newSessionForm(values map[string]string) *sessionForm {
	f := &sessionForm{Surveys: a.Catalog.Surveys(), Langs: a.Locales.Languages(), Settings: a.Catalog.Settings, Values: values, Errors: map[string]string{}}
	seen := map[string]bool{}
	for _, s := range f.Surveys {
		for _, b := range s.AgeBands {
			if !seen[b.String()] {
				seen[b.String()] = true
				f.Bands = append(f.Bands, b.String())
			}
		}
	}
	byCode := map[string]int{}
	for _, r := range a.Catalog.Regions {
		if r.Province == "" {
			byCode[r.Code] = len(f.Provinces)
			f.Provinces = append(f.Provinces, province{Region: r})
		}
	}
	for _, r := range a.Catalog.Regions {
		if i, ok := byCode[r.Province]; ok {
			f.Provinces[i].Municipalities = append(f.Provinces[i].Municipalities, r)
		}
	}
	return f
}

// newSession shows the form: a worker starts a session in under a minute,
// so everything has a sensible default.
func (a *App) newSession(c *gin.Context) {
	end := endOfDay(a.Store.Now().In(a.Store.Location()))
	first := a.Catalog.Surveys()[0]
	values := map[string]string{"survey": first.ID, "band": "10-13", "lang": a.localizer(c).Lang().Tag, "setting": "school",
		"closes": end.Format("2006-01-02T15:04")}
	a.renderSessionForm(c, http.StatusOK, a.newSessionForm(values))
}

func (a *App) renderSessionForm(c *gin.Context, status int, f *sessionForm) {
	p := a.page(c, "sessions.new_title", f)
	p.Nav = "sessions"
	a.render(c, status, "session_new", p)
}

func endOfDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 0, 0, t.Location())
}

// createSession checks the form and opens the session.
func (a *App) createSession(c *gin.Context) {
	v := viewer(c)
	values := map[string]string{}
	for _, k := range []string{"survey", "band", "lang", "setting", "region", "label", "closes", "ideas"} {
		values[k] = strings.TrimSpace(c.PostForm(k))
	}
	f := a.newSessionForm(values)
	sess := a.sessionFromForm(f, v)
	if len(f.Errors) > 0 {
		a.renderSessionForm(c, http.StatusUnprocessableEntity, f)
		return
	}
	if err := a.Store.CreateSession(c.Request.Context(), sess); err != nil {
		a.fail(c, err)
		return
	}
	a.audit(c, v.ID, "session_create", sess.Code, sess.SurveyID+" "+sess.AgeBand+" "+sess.Setting+" "+sess.Region)
	c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(sess.ID, 10))
}

func (a *App) sessionFromForm(f *sessionForm, v *Viewer) *store.Session {
	val := f.Values
	s, ok := a.Catalog.Survey(val["survey"])
	if !ok {
		f.Errors["survey"] = "sessions.error_survey"
	} else if _, ok := s.Band(val["band"]); !ok {
		f.Errors["band"] = "sessions.error_band"
	}
	if _, ok := a.Locales.Lang(val["lang"]); !ok {
		f.Errors["lang"] = "sessions.error_lang"
	}
	if !a.Catalog.HasSetting(val["setting"]) {
		f.Errors["setting"] = "sessions.error_setting"
	}
	region, ok := a.Catalog.Region(val["region"])
	if !ok {
		f.Errors["region"] = "sessions.error_region"
	}
	if utf8.RuneCountInString(val["label"]) > 100 {
		f.Errors["label"] = "sessions.error_label"
	}
	now := a.Store.Now()
	closes, err := time.ParseInLocation("2006-01-02T15:04", val["closes"], a.Store.Location())
	if err != nil || !closes.After(now) || closes.After(now.AddDate(0, 3, 0)) {
		f.Errors["closes"] = "sessions.error_closes"
	}
	if len(f.Errors) > 0 {
		return nil
	}
	return &store.Session{OrganisationID: v.OrganisationID, CreatedBy: v.ID, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash,
		AgeBand: val["band"], Lang: val["lang"], Setting: val["setting"], Region: region.Code, Label: val["label"],
		ClosesAt: closes, ResultsUntil: closes.Add(a.Config.ResultsFor), Ideas: val["ideas"] == "on"}
}

// workerSession loads the session in the URL for a staff user: a worker
// only sees their organisation's; anything else is "not found", so ids of
// other organisations cannot even be confirmed.
func (a *App) workerSession(c *gin.Context) (*store.Session, *survey.Survey, bool) {
	sess, ok := ownedByID(a, c, a.Store.SessionByID, func(s *store.Session) int64 { return s.OrganisationID }, "no such session here")
	if !ok {
		return nil, nil, false
	}
	s, ok := a.shippedSurvey(c, sess.SurveyID)
	return sess, s, ok
}

// ownedByID loads the record named by the URL's :id for a staff user and
// answers "not found" unless it belongs to the user's organisation (an
// admin sees all): the one check for sessions and invitation rounds.
func ownedByID[T any](a *App, c *gin.Context, load func(context.Context, int64) (T, error), org func(T) int64, what string) (T, bool) {
	var rec T
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err == nil {
		rec, err = load(c.Request.Context(), id)
	}
	v := viewer(c)
	if err != nil || (!v.Is("admin") && org(rec) != v.OrganisationID) {
		a.fail(c, fault.New(fault.NotFound, "error.not_found", what))
		var zero T
		return zero, false
	}
	return rec, true
}

// shippedSurvey is the survey a session or round was made for, or 410
// when this build no longer ships it.
func (a *App) shippedSurvey(c *gin.Context, id string) (*survey.Survey, bool) {
	s, ok := a.Catalog.Survey(id)
	if !ok {
		a.fail(c, fault.New(fault.Gone, "error.gone", "survey no longer shipped"))
	}
	return s, ok
}
