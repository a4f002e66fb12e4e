package staff

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/authoring"
)

// previewView is the preview page: the draft in a frame the size of a
// phone or a tablet, exactly as a child's page, in a language and age
// band, with or without JavaScript, and links to change each.
type previewView struct {
	Draft    *authoring.Draft
	Langs    []choiceLink
	Bands    []choiceLink
	Devices  []choiceLink
	Scripts  []choiceLink
	Pilots   []choiceLink
	Device   string
	JS       bool
	FrameURL string // the child's page the frame shows
	OpenURL  string // the same, as a link to open on a tablet of one's own
}

// choiceLink is one choice of the preview: its words and where it leads.
type choiceLink struct {
	Label   string // message id, or a value shown as it is
	Plain   bool   // Label is shown as it is
	URL     string
	Current bool
}

// PreviewPage is GET /surveys/drafts/{id}/preview?in=&band=&device=&js=&pilot=:
// the draft as a child will see it. The frame shows the child's own page
// under a signed link, so nothing differs from a session but that the
// answers are checked and then forgotten.
func (h *Handler) PreviewPage(c *gin.Context) {
	d, ok := h.loadDraft(c)
	if !ok {
		return
	}
	s := d.Survey
	q := c.Request.URL.Query()
	pick := func(key string, options []string) string {
		for _, o := range options {
			if q.Get(key) == o {
				return o
			}
		}
		return options[0]
	}
	var langs, bands []string
	for _, l := range h.Locales.Languages() {
		if s.Speaks(l.Tag) {
			langs = append(langs, l.Tag)
		}
	}
	for _, b := range s.AgeBands {
		bands = append(bands, b.String())
	}
	// The language of the child's page is "in": "lang" is the language
	// of this staff page.
	cur := url.Values{"in": {pick("in", langs)}, "band": {pick("band", bands)}, "device": {pick("device", []string{"phone", "tablet"})},
		"js": {pick("js", []string{"on", "off"})}, "pilot": {pick("pilot", []string{"0", "1"})}}
	link := func(key, value string) string {
		next := url.Values{}
		for k, v := range cur {
			next[k] = v
		}
		next.Set(key, value)
		return draftURL(d.ID) + "/preview?" + next.Encode()
	}
	v := &previewView{Draft: d, Device: cur.Get("device"), JS: cur.Get("js") == "on"}
	for _, tag := range langs {
		l, _ := h.Locales.Lang(tag)
		v.Langs = append(v.Langs, choiceLink{Label: l.Name, Plain: true, URL: link("in", tag), Current: tag == cur.Get("in")})
	}
	for _, b := range bands {
		v.Bands = append(v.Bands, choiceLink{Label: b, Plain: true, URL: link("band", b), Current: b == cur.Get("band")})
	}
	for _, dev := range []string{"phone", "tablet"} {
		v.Devices = append(v.Devices, choiceLink{Label: "authoring.device_" + dev, URL: link("device", dev), Current: dev == v.Device})
	}
	for _, js := range []string{"on", "off"} {
		v.Scripts = append(v.Scripts, choiceLink{Label: "authoring.js_" + js, URL: link("js", js), Current: js == cur.Get("js")})
	}
	for _, p := range []string{"0", "1"} {
		v.Pilots = append(v.Pilots, choiceLink{Label: "authoring.as_pilot_" + p, URL: link("pilot", p), Current: p == cur.Get("pilot")})
	}
	child := url.Values{"lang": {cur.Get("in")}, "band": {cur.Get("band")}}
	if cur.Get("pilot") == "1" {
		child.Set("pilot", "1")
	}
	v.FrameURL = "/preview/" + h.PreviewToken(d.ID, d.Revision) + "?" + child.Encode() + "#welcome"
	v.OpenURL = h.PublicURL(v.FrameURL)
	p := h.Page(c, "authoring.preview_title", v)
	p.Nav = "surveys"
	h.Render(c, http.StatusOK, "draft_preview", p)
}
