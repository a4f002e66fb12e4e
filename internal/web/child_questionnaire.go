package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// childSession finds the session of a code typed by a child. A code in the
// wrong case or with dashes is sent to its canonical form. On failure it
// has answered already (a friendly page) and returns nil.
func (a *App) childSession(c *gin.Context) (*store.Session, *survey.Survey) {
	if code := codeOf(c); code != "" && code != c.Param("code") {
		u := url.URL{Path: "/s/" + code, RawQuery: c.Request.URL.RawQuery}
		c.Redirect(http.StatusMovedPermanently, u.String())
		return nil, nil
	}
	sess, err := a.sessionByCode(c, false)
	if err != nil {
		a.childLanguage(c, "")
		a.childMessage(c, err)
		return nil, nil
	}
	s, err := a.sessionSurvey(sess)
	if err != nil {
		a.childLanguage(c, sess.Lang)
		a.childMessage(c, err)
		return nil, nil
	}
	return sess, s
}

// sessionSurvey returns the survey version a child's session runs. When
// this build no longer ships that version it is a fault.Gone, said kindly,
// rather than other questions than were planned.
func (a *App) sessionSurvey(sess *store.Session) (*survey.Survey, error) {
	s, ok := a.Catalog.Survey(sess.SurveyID)
	if !ok || s.Version != sess.SurveyVersion {
		return nil, fault.New(fault.Gone, "error.session_closed", "survey version no longer shipped")
	}
	return s, nil
}

// childLanguage sets the language of a child's page: the child's choice in
// ?lang=, else the session's default. A shared tablet remembers nothing:
// no cookie is read or set.
func (a *App) childLanguage(c *gin.Context, sessionLang string) locale.Lang {
	lang, ok := a.Locales.Lang(c.Query(langParam))
	if !ok {
		lang, ok = a.Locales.Lang(sessionLang)
	}
	if !ok {
		lang = a.Locales.Negotiate("", "", c.GetHeader("Accept-Language"))
	}
	withLang(c, lang.Tag)
	c.Header("Content-Language", lang.Tag)
	return lang
}

// questionnairePage is GET /s/{code}: the whole questionnaire in one page.
func (a *App) questionnairePage(c *gin.Context) {
	sess, s := a.childSession(c)
	if sess == nil {
		return
	}
	lang := a.childLanguage(c, sess.Lang)
	now := a.Store.Now()
	if !sess.IsOpen(now) {
		if sess.Ideas && a.votePage(c, sess) {
			return
		}
		if sess.ShowsResults(now) || a.answerOutlives(c, sess) {
			a.groupResultsForChildren(c, sess, s)
			return
		}
		a.childMessage(c, fault.New(fault.Gone, "error.session_closed", "closed"))
		return
	}
	v := a.questionnaireView(sess, s, lang)
	if c.Query(langParam) == "" {
		// No choice made yet: greet in the browser's language if it is ours.
		if b, ok := a.browserLang(c.GetHeader("Accept-Language")); ok {
			v.Greeting = greeting{Lang: b, Text: a.Locales.For(b.Tag).T("child.choose_language")}
		}
	}
	p := a.childPage(c, s.Title, v)
	p.BodyClass = "child questionnaire"
	a.renderChild(c, http.StatusOK, "questionnaire", p)
}

// childPage is the page data for a child's screen: no staff menu, no CSRF
// token (there is no cookie to protect), nothing that names anyone.
func (a *App) childPage(c *gin.Context, title string, data any) *Page {
	return &Page{Localizer: a.localizer(c), Title: title, Langs: a.Locales.Languages(), Path: c.Request.URL.Path, NoIndex: true, Data: data}
}
