package staff

import (
	"io"
	"io/fs"
	"net/http"
	"path/filepath"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
	"github.com/kinderstem/kinderstem/internal/xlsform"
)

// surveysView is the questionnaires page: what children answer now, what
// is being written, and the form to upload an XLSForm.
type surveysView struct {
	Current  []*survey.Survey // the catalogue's current versions
	Versions []*store.Version // versions published here, by survey and version
	Drafts   []*store.Draft   // open drafts
	Import   *importView      // the outcome of an upload, on the page after it
}

// importView is what an upload found, said in the reader's language.
type importView struct {
	FileName string
	Problems []issueView
	Warnings []issueView
	DraftID  int64
	Revision int
}

// issueView is one problem or warning: where, and what.
type issueView struct {
	Place, Header, Text string
}

func issues(loc *locale.Localizer, is []xlsform.Issue) []issueView {
	out := make([]issueView, len(is))
	for i, x := range is {
		out[i] = issueView{Place: x.Place(), Header: x.Header, Text: loc.T(x.ID, x.Args...)}
	}
	return out
}

// SurveysPage is GET /surveys: the catalogue, the drafts, and (for
// admins) the upload of a questionnaire written in Excel.
func (h *Handler) SurveysPage(c *gin.Context) {
	h.renderSurveys(c, http.StatusOK, nil)
}

func (h *Handler) renderSurveys(c *gin.Context, status int, im *importView) {
	ctx := c.Request.Context()
	v := &surveysView{Current: h.Catalog.All(), Import: im}
	drafts, err := h.Store.Drafts(ctx)
	if err != nil {
		h.Fail(c, err)
		return
	}
	for _, d := range drafts {
		if d.Published == 0 {
			v.Drafts = append(v.Drafts, d)
		}
	}
	if v.Versions, err = h.Store.Versions(ctx); err != nil {
		h.Fail(c, err)
		return
	}
	p := h.Page(c, "authoring.title", v)
	p.Nav = "surveys"
	h.Render(c, status, "surveys", p)
}

// ImportSurvey is POST /surveys/import: an uploaded XLSForm becomes the
// next revision of its survey's draft, or nothing at all when it has a
// problem; either way the page says every problem and warning with its
// sheet, row and column.
func (h *Handler) ImportSurvey(c *gin.Context) {
	data, name, ok := h.upload(c, func(status int, problem string) {
		h.renderSurveys(c, status, &importView{Problems: []issueView{{Text: h.Localizer(c).T(problem, "MB", xlsform.MaxBytes>>20)}}})
	})
	if !ok {
		return
	}
	v := httpkit.ViewerOf(c)
	im, err := h.Authoring.Import(c.Request.Context(), data, name, v.ID)
	if err != nil {
		h.Fail(c, err)
		return
	}
	loc := h.Localizer(c)
	view := &importView{FileName: name, Problems: issues(loc, im.Problems), Warnings: issues(loc, im.Warnings), DraftID: im.DraftID, Revision: im.Revision}
	if len(im.Problems) > 0 {
		h.renderSurveys(c, http.StatusUnprocessableEntity, view)
		return
	}
	h.Audit(c, v.ID, "survey_import", im.Survey.ID, name+" revision "+strconv.Itoa(im.Revision))
	h.renderSurveys(c, http.StatusOK, view)
}

// upload reads the form's file; on failure it has called fail with a
// status and a message id.
func (h *Handler) upload(c *gin.Context, fail func(status int, msg string)) ([]byte, string, bool) {
	fh, err := c.FormFile("file")
	if err != nil {
		if httpkit.IsTooLarge(err) {
			fail(http.StatusRequestEntityTooLarge, "xlsform.file_too_large")
		} else {
			fail(http.StatusUnprocessableEntity, "authoring.error_no_file")
		}
		return nil, "", false
	}
	f, err := fh.Open()
	if err != nil {
		h.Fail(c, err)
		return nil, "", false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, xlsform.MaxBytes+1))
	if err != nil {
		h.Fail(c, err)
		return nil, "", false
	}
	if len(data) > xlsform.MaxBytes {
		fail(http.StatusRequestEntityTooLarge, "xlsform.file_too_large")
		return nil, "", false
	}
	return data, filepath.Base(fh.Filename), true
}

// ExampleForm is GET /surveys/example.xlsx: the example questionnaire the
// documentation walks through.
func (h *Handler) ExampleForm(c *gin.Context) {
	data, err := fs.ReadFile(h.Assets, "surveys/examples/play.xlsx")
	if err != nil {
		h.Fail(c, err)
		return
	}
	attach(c, "kinderstem-example.xlsx", xlsxType)
	c.Writer.Write(data)
}

// ExportSurvey is GET /surveys/export/{survey}: a survey of the catalogue
// as an XLSForm in every language (?version= for an earlier published
// version), to change and upload as its next version.
func (h *Handler) ExportSurvey(c *gin.Context) {
	s, ok := h.Catalog.Survey(c.Param("survey"))
	if v := c.Query("version"); ok && v != "" {
		n, err := strconv.Atoi(v)
		s, ok = h.Catalog.Version(s.ID, n)
		ok = ok && err == nil
	}
	if !ok {
		h.NotFound(c)
		return
	}
	_, langs := h.Authoring.Langs()
	data, err := xlsform.Write(s, langs, h.surveyText)
	if err != nil {
		h.Fail(c, err)
		return
	}
	attach(c, s.ID+"-"+strconv.Itoa(s.Version)+".xlsx", xlsxType)
	c.Writer.Write(data)
}

// surveyText gives a message id's words in a language, "" when there are
// none: a shipped survey's from locales/, a published one's own.
func (h *Handler) surveyText(lang, id string) string {
	if !h.Locales.Has(lang, id) {
		return ""
	}
	return h.Locales.For(lang).T(id)
}
