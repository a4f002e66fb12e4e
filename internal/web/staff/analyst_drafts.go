package staff

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
	"github.com/kinderstem/kinderstem/internal/xlsform"
)

// draftView is a draft's page: what it asks, what keeps it from being
// published, words for children, languages, previews, reviews, pilots.
type draftView struct {
	*authoring.Draft
	Blocks     []string // translated
	Changes    []changeView
	Words      []string // translated, one per finding
	Langs      []draftLang
	Bands      []string
	CanReview  bool // the viewer wrote none of it
	CanPublish bool
	Pilots     *authoring.PilotReport
	// EarlierPilots are the reports of the revisions before, newest first.
	EarlierPilots []*authoring.PilotReport
	Translated    *importView // the outcome of a translation sheet's upload
	Flash         string      // message id
	K             int         // the disclosure threshold the pilots' report waits for
}

type changeView struct {
	Item, What     string
	Answers, Words bool
	Since          int // the version compared with
}

type draftLang struct {
	locale.Lang
	Missing int
	Speaks  bool
}

// loadDraft reads the draft in the URL; on failure it has answered.
func (h *Handler) loadDraft(c *gin.Context) (*authoring.Draft, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	var d *authoring.Draft
	if err == nil {
		d, err = h.Authoring.Draft(c.Request.Context(), id)
	} else {
		err = fault.New(fault.NotFound, "error.not_found", "no such draft")
	}
	if err != nil {
		h.Fail(c, err)
		return nil, false
	}
	return d, true
}

// DraftPage is GET /surveys/drafts/{id}.
func (h *Handler) DraftPage(c *gin.Context) {
	d, ok := h.loadDraft(c)
	if !ok {
		return
	}
	h.renderDraft(c, http.StatusOK, d, &draftView{Flash: flashOf(c.Query("done"))})
}

// flashOf turns the ?done= of a redirect into its message id.
func flashOf(done string) string {
	switch done {
	case "reviewed", "imported", "translated":
		return "authoring.done_" + done
	}
	return ""
}

func (h *Handler) renderDraft(c *gin.Context, status int, d *authoring.Draft, v *draftView) {
	loc := h.Localizer(c)
	viewer := httpkit.ViewerOf(c)
	v.Draft, v.K = d, h.K()
	v.CanReview = d.Published == 0 && !d.Wrote(viewer.ID)
	v.CanPublish = d.Published == 0 && len(d.Blocks) == 0 && viewer.Is("admin")
	for _, b := range d.Blocks {
		v.Blocks = append(v.Blocks, loc.T(b.ID, b.Args...))
	}
	for _, ch := range d.Changes {
		v.Changes = append(v.Changes, changeView{Item: ch.Item, What: ch.What, Answers: ch.Answers, Words: ch.Words, Since: ch.Since})
	}
	for _, w := range d.Words {
		v.Words = append(v.Words, w.Item+": "+loc.T("xlsform.words_"+w.Check, "Lang", w.Lang, "Band", w.Band, "Value", w.Value, "Limit", w.Limit, "Word", w.Word))
	}
	for _, l := range h.Locales.Languages() {
		v.Langs = append(v.Langs, draftLang{Lang: l, Missing: d.Missing[l.Tag], Speaks: d.Survey.Speaks(l.Tag)})
	}
	for _, b := range d.Survey.AgeBands {
		v.Bands = append(v.Bands, b.String())
	}
	var err error
	if v.Pilots, err = h.Authoring.PilotResults(c.Request.Context(), d.ID, d.Revision, h.Release(c)); err != nil {
		h.Fail(c, err)
		return
	}
	if v.EarlierPilots, err = h.Authoring.EarlierPilots(c.Request.Context(), d.ID, d.Revision, h.Release(c)); err != nil {
		h.Fail(c, err)
		return
	}
	p := h.Page(c, "authoring.draft_title", v)
	p.Nav = "surveys"
	h.Render(c, status, "draft", p)
}

// ReviewDraft is POST /surveys/drafts/{id}/review: a second admin's or
// analyst's approval (or "not yet") of the current revision, with the
// items whose changed words still ask the same question.
func (h *Handler) ReviewDraft(c *gin.Context) {
	d, ok := h.loadDraft(c)
	if !ok {
		return
	}
	rev, _ := strconv.Atoi(c.PostForm("revision"))
	v := httpkit.ViewerOf(c)
	approved := c.PostForm("verdict") == "approve"
	wording := c.PostFormArray("wording_only")
	comment := strings.TrimSpace(c.PostForm("comment"))
	if len(comment) > 2000 {
		comment = comment[:2000]
	}
	if err := h.Authoring.Review(c.Request.Context(), d.ID, rev, v.ID, approved, wording, comment); err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, v.ID, map[bool]string{true: "survey_approve", false: "survey_not_yet"}[approved], d.SurveyID,
		"draft "+strconv.FormatInt(d.ID, 10)+" revision "+strconv.Itoa(rev)+" wording only: "+strings.Join(wording, " "))
	c.Redirect(http.StatusSeeOther, draftURL(d.ID)+"?done=reviewed")
}

func draftURL(id int64) string { return "/surveys/drafts/" + strconv.FormatInt(id, 10) }

// PublishDraft is POST /surveys/drafts/{id}/publish: the approved current
// revision becomes the survey's next version, at once in the catalogue.
func (h *Handler) PublishDraft(c *gin.Context) {
	d, ok := h.loadDraft(c)
	if !ok {
		return
	}
	rev, _ := strconv.Atoi(c.PostForm("revision"))
	v := httpkit.ViewerOf(c)
	s, err := h.Authoring.Publish(c.Request.Context(), d.ID, rev, v.ID)
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, v.ID, "survey_publish", s.ID, "version "+strconv.Itoa(s.Version)+" hash "+s.Hash+" from draft "+strconv.FormatInt(d.ID, 10)+" revision "+strconv.Itoa(rev))
	c.Redirect(http.StatusSeeOther, "/surveys?published="+s.ID)
}

// DraftForm is GET /surveys/drafts/{id}/draft.xlsx: the current revision
// as an XLSForm, to change and upload again.
func (h *Handler) DraftForm(c *gin.Context) {
	d, ok := h.loadDraft(c)
	if !ok {
		return
	}
	_, langs := h.Authoring.Langs()
	s := d.Survey
	data, err := xlsform.Write(s, langs, func(lang, id string) string {
		if t := s.Texts.Get(lang, id); t != "" || s.Texts.Get(s.Source, id) != "" {
			return t
		}
		return h.surveyText(lang, id)
	})
	if err != nil {
		h.Fail(c, err)
		return
	}
	attach(c, s.ID+"-draft-"+strconv.Itoa(d.Revision)+".xlsx", xlsxType)
	c.Writer.Write(data)
}

// TranslationSheet is GET /surveys/drafts/{id}/translation/{lang}: the
// draft's words with a column for one language, for a translator.
func (h *Handler) TranslationSheet(c *gin.Context) {
	d, ok := h.loadDraft(c)
	if !ok {
		return
	}
	lang, ok := h.Locales.Lang(c.Param("lang"))
	if !ok || lang.Tag == d.Survey.Source {
		h.NotFound(c)
		return
	}
	loc := h.Localizer(c)
	data, _, err := h.Authoring.TranslationSheet(c.Request.Context(), d.ID, lang.Tag, func(r authoring.Reason) string { return loc.T(r.ID, r.Args...) })
	if err != nil {
		h.Fail(c, err)
		return
	}
	attach(c, d.SurveyID+"-"+lang.Tag+".xlsx", xlsxType)
	c.Writer.Write(data)
}

// ImportTranslation is POST /surveys/drafts/{id}/translation: a filled-in
// translation sheet becomes the draft's next revision, or nothing when it
// has a problem; the page says every problem and warning with its row.
func (h *Handler) ImportTranslation(c *gin.Context) {
	d, ok := h.loadDraft(c)
	if !ok {
		return
	}
	fail := func(status int, msg string) {
		h.renderDraft(c, status, d, &draftView{Translated: &importView{Problems: []issueView{{Text: h.Localizer(c).T(msg, "MB", xlsform.MaxBytes>>20)}}}})
	}
	lang, ok := h.Locales.Lang(c.PostForm("lang"))
	if !ok || lang.Tag == d.Survey.Source || d.Published > 0 {
		fail(http.StatusUnprocessableEntity, "authoring.error_lang")
		return
	}
	data, name, ok := h.upload(c, fail)
	if !ok {
		return
	}
	v := httpkit.ViewerOf(c)
	tr, err := h.Authoring.ImportTranslation(c.Request.Context(), d.ID, lang.Tag, data, name, v.ID)
	if err != nil {
		h.Fail(c, err)
		return
	}
	loc := h.Localizer(c)
	view := &importView{FileName: name, Problems: issues(loc, tr.Problems), Warnings: issues(loc, tr.Warnings), DraftID: d.ID, Revision: tr.Revision}
	if len(tr.Problems) > 0 {
		h.renderDraft(c, http.StatusUnprocessableEntity, d, &draftView{Translated: view})
		return
	}
	h.Audit(c, v.ID, "survey_translation", d.SurveyID, lang.Tag+" "+name+" revision "+strconv.Itoa(tr.Revision))
	if d, ok = h.loadDraft(c); ok {
		h.renderDraft(c, http.StatusOK, d, &draftView{Translated: view, Flash: "authoring.done_translated"})
	}
}

// canPilot reports whether a draft's current revision may be tried with
// children: a second person approved it.
func canPilot(d *authoring.Draft) bool {
	return d.Published == 0 && d.Approval != nil && !slices.ContainsFunc(d.Blocks, func(r authoring.Reason) bool { return r.ID == "authoring.block_versions" })
}
