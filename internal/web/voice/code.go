package voice

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// codePage is the first page of a link: it says nothing of the request,
// only asks the code, in the child's language.
type codePage struct {
	Action string
	Langs  []langLink
	Done   string // what just happened: sent, declined, withdrawn, left
	Error  string // message id of a wrong or locked code
	Help   *httpkit.Help
}

type langLink struct {
	locale.Lang
	URL     string
	Current bool
}

// doneKinds are the ends of a visit the first page can say.
var doneKinds = []string{"sent", "declined", "withdrawn", "left"}

// CodePage is GET /v/{link}: the code box. The link alone opens nothing.
func (h *Handler) CodePage(c *gin.Context) {
	r, ok := h.knock(c)
	if !ok {
		return
	}
	lang := h.language(c, r.Lang)
	v := h.codeView(c, lang)
	if d := c.Query("done"); slices.Contains(doneKinds, d) {
		v.Done = d
	}
	h.renderCode(c, http.StatusOK, v)
}

func (h *Handler) codeView(c *gin.Context, lang locale.Lang) *codePage {
	v := &codePage{Action: base(c), Help: h.HelpFor(lang.Tag)}
	for _, l := range h.Locales.Offered() {
		v.Langs = append(v.Langs, langLink{Lang: l, URL: base(c) + "?lang=" + l.Tag, Current: l.Tag == lang.Tag})
	}
	return v
}

func (h *Handler) renderCode(c *gin.Context, status int, v *codePage) {
	p := h.ChildPage(c, "voice.code_title", v)
	p.BodyClass = "child voice"
	h.RenderChild(c, status, "voice_code", p)
}

// Enter is POST /v/{link}: the code. A right code opens the visit on the
// screen where the child is; a wrong one shows the box again, and a link
// locked after wrong codes says so.
func (h *Handler) Enter(c *gin.Context) {
	r, ok := h.knock(c)
	if !ok {
		return
	}
	lang := h.language(c, r.Lang)
	v, err := h.Decisions.Enter(c.Request.Context(), c.Param("link"), c.PostForm("code"))
	if err != nil {
		status, msg, _ := h.Problem(c, err)
		if k := fault.KindOf(err); k != fault.Invalid && k != fault.TooMany {
			h.Fail(c, err)
			return
		}
		page := h.codeView(c, lang)
		page.Error = msg
		h.renderCode(c, status, page)
		return
	}
	h.arrive(c, v, lang)
}
