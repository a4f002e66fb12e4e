package staff

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// sessionRow is one line of the sessions list.
type sessionRow struct {
	*store.Session
	Survey *survey.Survey
	Count  int
	Open   bool
	Title  string             // a pilot's title, in the draft's own words
	State  store.SessionState // prepared; an answer written, public
}

// SessionList shows the sessions of the worker's organisation (all of them
// to an admin), newest first, with how many questionnaires each received.
func (h *Handler) SessionList(c *gin.Context) {
	v := httpkit.ViewerOf(c)
	ctx := c.Request.Context()
	sessions, err := h.Store.Sessions(ctx, httpkit.Org(v), 200)
	if err != nil {
		h.Fail(c, err)
		return
	}
	ids := make([]int64, len(sessions))
	for i, s := range sessions {
		ids[i] = s.ID
	}
	counts, err := h.Store.SessionCounts(ctx, ids)
	if err != nil {
		h.Fail(c, err)
		return
	}
	states, err := h.Store.SessionStates(ctx, ids)
	if err != nil {
		h.Fail(c, err)
		return
	}
	now := h.Store.Now()
	rows := make([]sessionRow, len(sessions))
	for i, s := range sessions {
		sv, _, _ := h.SessionSurvey(ctx, s)
		if sv == nil {
			sv, _ = h.Catalog.Survey(s.SurveyID)
		}
		rows[i] = sessionRow{Session: s, Survey: sv, Count: counts[s.ID], Open: s.IsOpen(now), State: states[s.ID]}
		if s.IsPilot() {
			rows[i].Count, _ = h.sessionCount(ctx, s)
			rows[i].Title = h.pilotTitle(c, sv)
		}
	}
	p := h.Page(c, "sessions.title", rows)
	p.Nav = "sessions"
	h.Render(c, http.StatusOK, "sessions", p)
}

// sessionForm is the new-session form with its values and errors.
type sessionForm struct {
	Surveys   []*survey.Survey
	Pilots    []pilotChoice  // drafts ready to try with a group
	Themes    []survey.Theme // themes a one-theme session can take
	Deciders  []string
	Bands     []string
	Langs     []locale.Lang
	Settings  []string
	Provinces []survey.Province
	Values    map[string]string
	Errors    map[string]string // field -> message id
}

func (h *Handler) newSessionForm(c *gin.Context, values map[string]string) *sessionForm {
	f := &sessionForm{Surveys: h.Catalog.Surveys(), Langs: h.Locales.Offered(), Settings: h.Catalog.Settings, Values: values, Errors: map[string]string{},
		Provinces: h.Catalog.Provinces(), Pilots: h.pilotChoices(c), Deciders: store.Deciders}
	for _, th := range h.Catalog.Themes {
		for _, s := range f.Surveys {
			if slices.Contains(s.Themes(), th.ID) {
				f.Themes = append(f.Themes, th)
				break
			}
		}
	}
	for _, s := range f.Surveys {
		f.Bands = bandsOf(f.Bands, s)
	}
	for _, p := range f.Pilots {
		f.Bands = bandsOf(f.Bands, p.Draft.Survey)
	}
	return f
}

// NewSession shows the form: a worker starts a session in under a minute,
// so everything has a sensible default.
func (h *Handler) NewSession(c *gin.Context) {
	end := endOfDay(h.Store.Now().In(h.Store.Location()))
	first := h.Catalog.Surveys()[0]
	values := map[string]string{"survey": first.ID, "band": "10-13", "lang": h.Localizer(c).Lang().Tag, "setting": "school",
		"closes": end.Format("2006-01-02T15:04"), "kind": store.KindFull}
	h.renderSessionForm(c, http.StatusOK, h.newSessionForm(c, values))
}

func (h *Handler) renderSessionForm(c *gin.Context, status int, f *sessionForm) {
	p := h.Page(c, "sessions.new_title", f)
	p.Nav = "sessions"
	h.Render(c, status, "session_new", p)
}

func endOfDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 0, 0, t.Location())
}

// CreateSession checks the form and opens the session.
func (h *Handler) CreateSession(c *gin.Context) {
	v := httpkit.ViewerOf(c)
	values := map[string]string{}
	for _, k := range append([]string{"survey", "band", "lang", "setting", "region", "label", "closes", "ideas", "kind", "theme", "background", "easy"}, prepareFields...) {
		values[k] = strings.TrimSpace(c.PostForm(k))
	}
	f := h.newSessionForm(c, values)
	pilot, isPilot := pilotOf(f.Pilots, values["survey"])
	var draft *survey.Survey
	if pilot != nil {
		draft = pilot.Survey
	}
	sess := h.sessionFromForm(f, v, draft, isPilot)
	// The "before you start" may be filled now or later; what is given
	// must be whole.
	var prep *store.Preparation
	for _, k := range prepareFields {
		if values[k] != "" {
			prep = preparationFrom(values, f.Errors)
			break
		}
	}
	if len(f.Errors) > 0 {
		h.renderSessionForm(c, http.StatusUnprocessableEntity, f)
		return
	}
	var err error
	if pilot != nil {
		err = h.Store.CreatePilot(c.Request.Context(), sess, pilot.ID, pilot.Revision)
	} else {
		err = h.Store.CreateSession(c.Request.Context(), sess)
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	if prep != nil {
		prep.SessionID = sess.ID
		if err := h.Store.SavePreparation(c.Request.Context(), v.ID, prep); err != nil {
			h.Fail(c, err)
			return
		}
	}
	action := "session_create"
	if pilot != nil {
		action = "pilot_create"
	}
	detail := sess.SurveyID + " " + sess.AgeBand + " " + sess.Setting + " " + sess.Region
	if sess.EasyRead {
		detail += " easy_read"
	}
	h.Audit(c, v.ID, action, sess.Code, detail)
	c.Redirect(http.StatusSeeOther, "/sessions/"+strconv.FormatInt(sess.ID, 10))
}

func (h *Handler) sessionFromForm(f *sessionForm, v *httpkit.Viewer, draft *survey.Survey, isPilot bool) *store.Session {
	val := f.Values
	s, ok := h.Catalog.Survey(val["survey"])
	if isPilot {
		s, ok = draft, draft != nil
	}
	if !ok {
		f.Errors["survey"] = "sessions.error_survey"
	} else if _, ok := s.Band(val["band"]); !ok {
		f.Errors["band"] = "sessions.error_band"
	}
	if _, ok := h.Locales.Lang(val["lang"]); !ok {
		f.Errors["lang"] = "sessions.error_lang"
	}
	if !h.Catalog.HasSetting(val["setting"]) {
		f.Errors["setting"] = "sessions.error_setting"
	}
	region, ok := h.Catalog.Region(val["region"])
	if !ok {
		f.Errors["region"] = "sessions.error_region"
	}
	if utf8.RuneCountInString(val["label"]) > 100 {
		f.Errors["label"] = "sessions.error_label"
	}
	now := h.Store.Now()
	closes, err := time.ParseInLocation("2006-01-02T15:04", val["closes"], h.Store.Location())
	if err != nil || !closes.After(now) || closes.After(now.AddDate(0, 3, 0)) {
		f.Errors["closes"] = "sessions.error_closes"
	}
	kind, theme := val["kind"], ""
	switch kind {
	case "", store.KindFull:
		kind = store.KindFull
	case store.KindIdeas:
	case store.KindTheme:
		theme = val["theme"]
		if s == nil || !slices.Contains(s.Themes(), theme) {
			f.Errors["theme"] = "sessions.error_theme"
		}
	default:
		f.Errors["kind"] = "sessions.error_kind"
	}
	easy := val["easy"] == "on"
	if easy && (isPilot || s == nil || !s.OffersEasyRead()) {
		f.Errors["easy"] = "easy.session.none"
	}
	if len(f.Errors) > 0 {
		return nil
	}
	return &store.Session{EasyRead: easy, Kind: kind, Theme: theme, OrganisationID: v.OrganisationID, CreatedBy: v.ID, SurveyID: s.ID, SurveyVersion: s.Version, SurveyHash: s.Hash,
		AgeBand: val["band"], Lang: val["lang"], Setting: val["setting"], Region: region.Code, Label: val["label"],
		ClosesAt: closes, ResultsUntil: closes.Add(h.Config.ResultsFor), Ideas: val["ideas"] == "on",
		// The background block: never for an ideas-only session, which
		// has no questionnaire to end it.
		Background: val["background"] == "on" && kind != store.KindIdeas && s != nil && !s.ForProfessionals()}
}

// workerSession loads the session in the URL for a staff user: a worker
// only sees their organisation's; anything else is "not found", so ids of
// other organisations cannot even be confirmed.
func (h *Handler) workerSession(c *gin.Context) (*store.Session, *survey.Survey, bool) {
	sess, ok := httpkit.OwnedByID(h.Kit, c, h.Store.SessionByID, func(s *store.Session) int64 { return s.OrganisationID }, "no such session here")
	if !ok {
		return nil, nil, false
	}
	s, overlay, err := h.SessionSurvey(c.Request.Context(), sess)
	if err != nil {
		h.Fail(c, err)
		return nil, nil, false
	}
	httpkit.SetOverlay(c, overlay)
	return sess, s, true
}

// pilotTitle is a pilot's title in the worker's language, else the
// draft's own.
func (h *Handler) pilotTitle(c *gin.Context, s *survey.Survey) string {
	if s == nil {
		return ""
	}
	if t := s.Texts.Get(h.Localizer(c).Lang().Tag, s.Title); t != "" {
		return t
	}
	return s.Texts.Get(s.Source, s.Title)
}
