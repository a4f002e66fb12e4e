package staff

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// actor is the staff user as the decision package knows them.
func actor(c *gin.Context) decision.Actor {
	v := httpkit.ViewerOf(c)
	return decision.Actor{UserID: v.ID, OrganisationID: v.OrganisationID}
}

// voiceID is the :id of a request's URL; false when it is not a number
// (answered as "not found", like a request that is not the user's).
func (h *Handler) voiceID(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		h.Fail(c, fault.New(fault.NotFound, "error.not_found", "no such request"))
		return 0, false
	}
	return id, true
}

// VoiceList is GET /voice: the requests the worker may read (their own
// and those a colleague added them to), never anyone else's, whatever
// their role.
func (h *Handler) VoiceList(c *gin.Context) {
	list, err := h.Decisions.List(c.Request.Context(), actor(c))
	if err != nil {
		h.Fail(c, err)
		return
	}
	p := h.Page(c, "decision.list_title", list)
	p.Nav = "voice"
	h.Render(c, http.StatusOK, "voice_list", p)
}

// voiceForm is the new request's form: what was typed, the choices, and
// what is wrong.
type voiceForm struct {
	Values         url.Values
	Settings       []string
	AgeBands       []string
	NotAsked       []string
	Langs          []langOption
	Error, Field   string
	MinDay         string
	DefaultByWhen  string
	RetentionDays  int
	RetentionOwned bool
}

type langOption struct {
	Tag, Name string
	Draft     bool // a child-facing draft language (locale.Registry)
}

// VoiceNew is GET /voice/new: the form, with help and examples for each
// field.
func (h *Handler) VoiceNew(c *gin.Context) {
	h.renderVoiceNew(c, http.StatusOK, url.Values{"ask": {"1"}, "lang": {h.Localizer(c).Lang().Tag}, "age_band": {"8-12"}}, nil)
}

func (h *Handler) renderVoiceNew(c *gin.Context, status int, values url.Values, err error) {
	f := &voiceForm{Values: values, Settings: h.Catalog.Settings, AgeBands: decision.AgeBands, NotAsked: decision.NotAskedReasons,
		MinDay: h.Store.Today()}
	for _, l := range h.Locales.Offered() {
		f.Langs = append(f.Langs, langOption{Tag: l.Tag, Name: l.Name, Draft: l.Draft()})
	}
	if err != nil {
		_, f.Error, f.Field = h.Problem(c, err)
	}
	days, own, rerr := h.Decisions.Retention(c.Request.Context(), httpkit.ViewerOf(c).OrganisationID)
	if rerr != nil {
		h.Fail(c, rerr)
		return
	}
	f.RetentionDays, f.RetentionOwned = days, own
	p := h.Page(c, "decision.new_title", f)
	p.Nav = "voice"
	h.Render(c, status, "voice_new", p)
}

// VoiceCreate is POST /voice: a new request. Its link and code are shown
// once, on the page this answers with: only their hashes are kept.
func (h *Handler) VoiceCreate(c *gin.Context) {
	in, err := decision.DecodeNew(c.Request.PostForm)
	var id int64
	var acc *decision.Access
	if err == nil {
		id, acc, err = h.Decisions.Create(c.Request.Context(), actor(c), in)
	}
	if fault.Is(err, fault.Invalid) {
		h.renderVoiceNew(c, http.StatusUnprocessableEntity, c.Request.PostForm, err)
		return
	}
	if err != nil {
		h.Fail(c, err)
		return
	}
	if acc == nil {
		c.Redirect(http.StatusSeeOther, "/voice/"+strconv.FormatInt(id, 10))
		return
	}
	h.renderHandover(c, id, in.Request, in.Lang, acc)
}

// handover is the page that shows a link and code once, to print or
// copy: the link for the child, the code to hand over in person.
type handover struct {
	ID       int64
	Label    string
	Link     string
	Code     string
	QR       template.HTML // the link as a QR code, an inline SVG
	Lang     string
	Young    bool
	VisitFor int // minutes
}

func (h *Handler) renderHandover(c *gin.Context, id int64, req decision.Request, lang string, acc *decision.Access) {
	link := h.PublicURL("/v/" + acc.Link + "?lang=" + url.QueryEscape(lang))
	qr, err := qrSVG(link, h.Localizer(c).T("decision.handover_qr"))
	if err != nil {
		h.Fail(c, err)
		return
	}
	v := &handover{ID: id, Label: req.Label, Link: link, Code: acc.Code[:3] + " " + acc.Code[3:], QR: template.HTML(qr), Lang: lang,
		Young: req.Young(), VisitFor: int(decision.VisitFor / time.Minute)}
	p := h.Page(c, "decision.handover_title", v)
	p.Nav = "voice"
	p.NoIndex = true
	h.Render(c, http.StatusOK, "voice_handover", p)
}

// VoiceNewCode is POST /voice/:id/code: a new link and code; the old ones
// stop working. Only the worker who asked.
func (h *Handler) VoiceNewCode(c *gin.Context) {
	id, ok := h.voiceID(c)
	if !ok {
		return
	}
	acc, err := h.Decisions.NewCode(c.Request.Context(), id, actor(c))
	if err != nil {
		h.Fail(c, err)
		return
	}
	cs, err := h.Decisions.Open(c.Request.Context(), id, actor(c), decision.ReadPage)
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.renderHandover(c, id, cs.Request, cs.Lang, acc)
}

// VoiceAddReader is POST /voice/:id/readers: the owner lets a colleague
// of the organisation read the request.
func (h *Handler) VoiceAddReader(c *gin.Context) {
	h.voiceReaders(c, h.Decisions.AddReader)
}

// VoiceRemoveReader is POST /voice/:id/readers/remove.
func (h *Handler) VoiceRemoveReader(c *gin.Context) {
	h.voiceReaders(c, h.Decisions.RemoveReader)
}

func (h *Handler) voiceReaders(c *gin.Context, change func(ctx context.Context, id int64, a decision.Actor, user int64) error) {
	id, ok := h.voiceID(c)
	if !ok {
		return
	}
	// Whose request it is comes first: a form without a user is refused
	// only to the owner, everyone else is told there is no such request.
	user, _ := strconv.ParseInt(c.PostForm("user"), 10, 64)
	if err := change(c.Request.Context(), id, actor(c), user); err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/voice/"+strconv.FormatInt(id, 10)+"#readers")
}

// VoiceErase is POST /voice/:id/erase: the owner erases the words now;
// the shell stays for the process figures. The form must say so twice.
func (h *Handler) VoiceErase(c *gin.Context) {
	id, ok := h.voiceID(c)
	if !ok {
		return
	}
	if err := h.Decisions.Erase(c.Request.Context(), id, actor(c), c.PostForm("confirm") == "1"); err != nil {
		h.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/voice?erased=1")
}
