package staff

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/edition"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// editionsView is the list of editions with the form for a new one, or
// one draft with its form, its check and its preview.
type editionsView struct {
	Editions   []editionRow
	Edition    *editionRow
	Themes     []editionTheme
	Breakdowns []string
	Quarters   [][2]string
	Values     url.Values
	Error      string
	Field      string
	Counting   bool
}

type editionRow struct {
	*store.Edition
	Preview   string // the signed preview link of a computed draft
	Public    string // the published edition's public page
	Shown     int
	Hidden    int
	Protected int
	TooFew    int
}

// editionTheme groups the indicators an edition may hold by theme.
type editionTheme struct {
	Title string
	Refs  []editionRef
}

type editionRef struct {
	Value, Title, Source string
}

// EditionList is GET /editions: published editions and drafts, and the
// form for a new draft.
func (h *Handler) EditionList(c *gin.Context) {
	from, to := edition.HalfYear(h.Store.Now())
	spec := edition.DefaultSpec(h.sources(), h.Localizer(c).T("editions.default_title", "From", from, "To", to), from, to)
	h.renderEditions(c, http.StatusOK, nil, formOf(spec), nil)
}

// CreateEdition is POST /editions: a new draft, computed at once.
func (h *Handler) CreateEdition(c *gin.Context) {
	h.saveEdition(c, 0)
}

// EditionPage is GET /editions/{id}: a draft to change, check, preview
// and publish, or a published edition.
func (h *Handler) EditionPage(c *gin.Context) {
	e, err := h.edition(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	spec, err := edition.DecodeSpec(e.Spec)
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.renderEditions(c, http.StatusOK, e, formOf(spec), nil)
}

// SaveEdition is POST /editions/{id}: the draft changed and computed
// again.
func (h *Handler) SaveEdition(c *gin.Context) {
	e, err := h.edition(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.saveEdition(c, e.ID)
}

func (h *Handler) saveEdition(c *gin.Context, id int64) {
	var current *store.Edition
	if id != 0 {
		current, _ = h.edition(c)
	}
	spec, err := edition.SpecFromForm(c.Request.PostForm, h.Catalog)
	if err != nil {
		h.renderEditions(c, http.StatusUnprocessableEntity, current, c.Request.PostForm, err)
		return
	}
	ix := h.Index()
	if ix == nil {
		h.Fail(c, httpkit.ErrCounting)
		return
	}
	src := edition.Sources{Index: ix, Store: h.Store, Catalog: h.Catalog}
	var by int64
	if v := httpkit.ViewerOf(c); v != nil {
		by = v.ID
	}
	e, err := edition.SaveDraft(c.Request.Context(), src, h.Shelf, id, spec, h.Release(c), by)
	if fault.Is(err, fault.Invalid) || fault.Is(err, fault.Conflict) {
		h.renderEditions(c, http.StatusUnprocessableEntity, current, c.Request.PostForm, err)
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, by, "edition_save", strconv.FormatInt(e.ID, 10), spec.Title)
	c.Redirect(http.StatusSeeOther, "/editions/"+strconv.FormatInt(e.ID, 10))
}

// PublishEdition is POST /editions/{id}/publish: the draft, as
// previewed, frozen as the next edition.
func (h *Handler) PublishEdition(c *gin.Context) {
	e, err := h.edition(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	n, err := edition.Publish(c.Request.Context(), h.Store, h.Shelf, e.ID, h.Release(c))
	if fault.Is(err, fault.Conflict) {
		spec, _ := edition.DecodeSpec(e.Spec)
		h.renderEditions(c, http.StatusConflict, e, formOf(spec), err)
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.Audit(c, httpkit.ViewerOf(c).ID, "edition_publish", strconv.Itoa(n), e.Title)
	c.Redirect(http.StatusSeeOther, "/editions/"+strconv.FormatInt(e.ID, 10))
}

// DeleteEdition is POST /editions/{id}/delete: a draft thrown away.
func (h *Handler) DeleteEdition(c *gin.Context) {
	e, err := h.edition(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	if err := h.Store.DeleteDraft(c.Request.Context(), e.ID); err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/editions")
}

func (h *Handler) edition(c *gin.Context) (*store.Edition, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, fault.New(fault.NotFound, "error.not_found", "no such edition")
	}
	return h.Store.Edition(c.Request.Context(), id)
}

func (h *Handler) sources() edition.Sources {
	return edition.Sources{Index: h.Index(), Store: h.Store, Catalog: h.Catalog}
}

// formOf is a spec as the form's values.
func formOf(s edition.Spec) url.Values {
	v := url.Values{"title": {s.Title}, "from": {s.From}, "to": {s.To}}
	for _, r := range s.Indicators {
		v.Add("indicator", r.FormValue())
	}
	v["breakdown"] = append([]string(nil), s.Breakdowns...)
	return v
}

func (h *Handler) renderEditions(c *gin.Context, status int, current *store.Edition, values url.Values, problem error) {
	ctx := c.Request.Context()
	all, err := h.Store.Editions(ctx, false)
	if err != nil {
		h.Fail(c, err)
		return
	}
	v := &editionsView{Values: values, Breakdowns: edition.Breakdowns, Counting: h.Index() == nil}
	now := h.Store.Now()
	y := now.Year()
	v.Quarters = edition.Quarters(strconv.Itoa(y-3)+"-01", strconv.Itoa(y)+"-12")
	for _, e := range all {
		v.Editions = append(v.Editions, h.editionRow(e, now))
	}
	if current != nil {
		row := h.editionRow(current, now)
		v.Edition = &row
	}
	if problem != nil {
		_, msg, field := h.Problem(c, problem)
		v.Error, v.Field = msg, field
	}
	v.Themes = h.editionThemes(c)
	title := "editions.title"
	if current != nil {
		title = "editions.edit_title"
	}
	p := h.Page(c, title, v)
	p.Nav = "editions"
	h.Render(c, status, "editions", p)
}

func (h *Handler) editionRow(e *store.Edition, now time.Time) editionRow {
	row := editionRow{Edition: e}
	if e.Published() {
		row.Public = "/open/nl/editions/" + strconv.Itoa(e.Number) + "/"
	} else if e.Snapshot != nil {
		row.Preview = "/open/preview/" + h.EditionPreviewToken(e.ID, now.Add(httpkit.EditionPreviewFor)) + "/nl/"
	}
	if snap, err := edition.Decode(e.Snapshot); err == nil {
		row.Protected = snap.Protected
		for _, ind := range snap.Indicators {
			for _, t := range ind.Tables {
				if t.TooFew {
					row.TooFew++
				}
				for _, cell := range t.Cells {
					if cell.Shown {
						row.Shown++
					} else {
						row.Hidden++
					}
				}
			}
		}
	}
	return row
}

// editionThemes are the indicators an edition may hold, by theme.
func (h *Handler) editionThemes(c *gin.Context) []editionTheme {
	l := h.Localizer(c)
	var out []editionTheme
	refs := edition.AllIndicators(h.Catalog)
	for _, th := range h.Catalog.Themes {
		et := editionTheme{Title: l.T(th.Title)}
		for _, r := range refs {
			title, theme := h.refTitle(r)
			if theme == th.ID {
				et.Refs = append(et.Refs, editionRef{Value: r.FormValue(), Title: l.T(title), Source: l.T("open.kind_" + r.Source)})
			}
		}
		if len(et.Refs) > 0 {
			out = append(out, et)
		}
	}
	return out
}

// refTitle is an indicator's title message id and theme.
func (h *Handler) refTitle(r edition.Ref) (string, string) {
	if r.Source == edition.SourceRegistration {
		if reg, ok := h.Catalog.RegistrationByID(r.ID); ok {
			return reg.Title, reg.Theme
		}
		return r.ID, ""
	}
	var s *survey.Survey
	for _, x := range h.Catalog.All() {
		if x.ID == r.Survey {
			s = x
		}
	}
	if s == nil {
		return r.ID, ""
	}
	if ind, ok := s.Indicator(r.ID); ok {
		return ind.Title, ind.Theme
	}
	return r.ID, ""
}

// Has reports whether the form has value v for name, for the template.
func (v *editionsView) Has(name, value string) bool {
	for _, x := range v.Values[name] {
		if x == value {
			return true
		}
	}
	return false
}
