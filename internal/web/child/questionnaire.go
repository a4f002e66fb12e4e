package child

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/language"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// childSession finds the session of a code typed by a child, and the
// questionnaire it runs (a pilot's words are set on the request). A code
// in the wrong case or with dashes is sent to its canonical form. On
// failure it has answered already (a friendly page) and returns nil.
func (h *Handler) childSession(c *gin.Context) (*store.Session, *survey.Survey) {
	if code := codeOf(c); code != "" && code != c.Param("code") {
		u := url.URL{Path: "/s/" + code, RawQuery: c.Request.URL.RawQuery}
		c.Redirect(http.StatusMovedPermanently, u.String())
		return nil, nil
	}
	sess, err := h.sessionByCode(c, false)
	if err != nil {
		h.childLanguage(c, "", nil)
		h.Fail(c, err)
		return nil, nil
	}
	s, err := h.sessionSurvey(c, sess)
	if err != nil {
		h.childLanguage(c, sess.Lang, nil)
		h.Fail(c, err)
		return nil, nil
	}
	return sess, s
}

// sessionSurvey returns the survey version a child's session runs, and
// gives the request a pilot's words.
func (h *Handler) sessionSurvey(c *gin.Context, sess *store.Session) (*survey.Survey, error) {
	s, overlay, err := h.SessionSurvey(c.Request.Context(), sess)
	if err != nil {
		return nil, err
	}
	httpkit.SetOverlay(c, overlay)
	return s, nil
}

// langParam is the query parameter and form field a child's language
// choice travels in.
const langParam = "lang"

// childLanguage sets the language of a child's page: the child's choice in
// ?lang=, else the session's default, among the languages the survey is
// written in (a written survey may have fewer than every shipped one; its
// own language then). A shared tablet remembers nothing: no cookie is read
// or set.
func (h *Handler) childLanguage(c *gin.Context, sessionLang string, s *survey.Survey) locale.Lang {
	speaks := func(l locale.Lang) bool { return s == nil || s.Speaks(l.Tag) }
	lang, ok := h.Locales.Lang(c.Query(langParam))
	if !ok || !speaks(lang) {
		lang, ok = h.Locales.Lang(sessionLang)
	}
	if (!ok || !speaks(lang)) && s != nil && s.Written() {
		lang, ok = h.Locales.Lang(s.Source)
	}
	if !ok {
		lang = h.Locales.Negotiate("", "", c.GetHeader("Accept-Language"))
	}
	httpkit.SetLang(c, lang.Tag)
	c.Header("Content-Language", lang.Tag)
	return lang
}

// Questionnaire is GET /s/{code}: the whole questionnaire in one page.
func (h *Handler) Questionnaire(c *gin.Context) {
	sess, s := h.childSession(c)
	if sess == nil {
		return
	}
	lang := h.childLanguage(c, sess.Lang, s)
	now := h.Store.Now()
	if !sess.IsOpen(now) {
		if sess.IsPilot() {
			// A pilot keeps no answers: there are no results to show.
			h.Fail(c, fault.New(fault.Gone, "error.session_closed", "closed pilot"))
			return
		}
		if sess.Ideas && h.votePage(c, sess) {
			return
		}
		if sess.ShowsResults(now) || h.answerOutlives(c, sess) {
			h.groupResultsForChildren(c, sess, s)
			return
		}
		h.Fail(c, fault.New(fault.Gone, "error.session_closed", "closed"))
		return
	}
	v := h.questionnaireView(c, sess, s, lang)
	v.Start = "welcome"
	v.Before = h.before(c, sess)
	if c.Query(langParam) == "" {
		v.Start = "languages"
		// No choice made yet: greet in the browser's language if it is ours.
		if b, ok := h.browserLang(c.GetHeader("Accept-Language")); ok {
			v.Greeting = greeting{Lang: b, Text: h.Locales.For(b.Tag).T("child.choose_language")}
		}
	}
	// The blank questionnaire holds nothing of any child: the browser may
	// keep it, asking the server again before each use ("no-cache"), so
	// that the service worker keeps the copy the navigation received
	// instead of downloading it once more (static/sw.js).
	c.Header("Cache-Control", "private, no-cache")
	h.offerDictionary(c, sess.Code)
	p := h.ChildPage(c, s.Title, v)
	p.BodyClass = "child questionnaire"
	if v.Youngest {
		p.BodyClass += " youngest"
	}
	h.RenderChild(c, http.StatusOK, "questionnaire", p)
}

// DictionaryMaxAge is how long a tablet's browser may use a questionnaire
// page as a compression dictionary: long enough to fill its cache.
const DictionaryMaxAge = 60

// offerDictionary makes the page a compression dictionary (RFC 9842) for
// the session's other pages when the service worker fetches it to fill
// the tablet's cache (a script's request, not a navigation) and the
// browser offers none this server can use yet: the next languages' pages
// then come as the difference from this one (internal/web/dictionary.go).
// A browser keeps a dictionary only from an answer it may keep for a
// while (max-age); the worker asks with cache "no-store", so the page
// does not linger in the browser's HTTP cache. A navigation never gets
// one: without JavaScript the page's submission id must be fresh each
// time ("no-cache").
func (h *Handler) offerDictionary(c *gin.Context, code string) {
	mode := c.GetHeader("Sec-Fetch-Mode")
	if mode == "" || mode == "navigate" || c.GetHeader("Available-Dictionary") != "" {
		return
	}
	c.Header("Cache-Control", "private, max-age="+strconv.Itoa(DictionaryMaxAge))
	c.Header("Use-As-Dictionary", `match="/s/`+code+`"`)
}

// browserLang is the first language of an Accept-Language header that is
// one of ours; false when none is.
func (h *Handler) browserLang(header string) (locale.Lang, bool) {
	if len(header) > 512 {
		return locale.Lang{}, false
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return locale.Lang{}, false
	}
	for _, t := range tags {
		base, _ := t.Base()
		if l, ok := h.Locales.Lang(base.String()); ok {
			return l, true
		}
	}
	return locale.Lang{}, false
}
