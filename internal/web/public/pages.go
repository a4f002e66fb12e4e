package public

import (
	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/edition"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

const html = "text/html; charset=utf-8"

// render makes a page of the monitor: the open layout, or the embed's.
func (h *Handler) render(c *gin.Context, site *edition.Site, name, entry, class string, data any) ([]byte, error) {
	p := &httpkit.Page{Localizer: site.L, Langs: site.Langs, Path: c.Request.URL.Path, NoIndex: site.Preview, BodyClass: class, Data: data}
	return h.RenderBytes(name, entry, p)
}

// show answers a view of the monitor, or its error.
func (h *Handler) show(c *gin.Context, name, class string, view func(*edition.Site) (any, error)) {
	h.showIn(c, name, "open_layout", class, view)
}

func (h *Handler) showIn(c *gin.Context, name, entry, class string, view func(*edition.Site) (any, error)) {
	site, modified, err := h.site(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	body, err := h.cached(c, site, func() ([]byte, error) {
		data, err := view(site)
		if err != nil {
			return nil, err
		}
		return h.render(c, site, name, entry, class, data)
	})
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.serve(c, site, modified, html, body)
}

// Home is GET /open/{lang}/: the current edition by theme.
func (h *Handler) Home(c *gin.Context) {
	h.show(c, "open_home", "open", func(s *edition.Site) (any, error) { return s.Home(), nil })
}

// Theme is GET /open/{lang}/themes/{theme}/.
func (h *Handler) Theme(c *gin.Context) {
	h.show(c, "open_theme", "open", func(s *edition.Site) (any, error) { return s.Theme(c.Param("theme")) })
}

// Indicator is GET /open/{lang}/indicators/{survey}/{indicator}/: one
// indicator in depth, its permanent address.
func (h *Handler) Indicator(c *gin.Context) {
	h.show(c, "open_indicator", "open", func(s *edition.Site) (any, error) {
		return s.Indicator(c.Param("survey") + "/" + c.Param("indicator"))
	})
}

// Chart is GET /open/{lang}/indicators/{survey}/{indicator}/chart.svg.
func (h *Handler) Chart(c *gin.Context) {
	site, modified, err := h.site(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	svg, err := h.cached(c, site, func() ([]byte, error) { return site.ChartSVG(c.Param("survey") + "/" + c.Param("indicator")) })
	if err != nil {
		h.Fail(c, err)
		return
	}
	h.serve(c, site, modified, "image/svg+xml; charset=utf-8", svg)
}

// Editions is GET /open/{lang}/editions/: every edition with its data.
func (h *Handler) Editions(c *gin.Context) {
	h.show(c, "open_editions", "open", func(s *edition.Site) (any, error) { return s.EditionList(), nil })
}

// Edition is GET /open/{lang}/editions/{n}/: one edition as published.
func (h *Handler) Edition(c *gin.Context) {
	h.show(c, "open_edition", "open", func(s *edition.Site) (any, error) {
		n, ok := atoi(c.Param("n"))
		if !ok {
			return nil, errNoPage
		}
		return s.EditionByNumber(n)
	})
}

// Children is GET /open/{lang}/children/: the children's version, where
// a child chooses their province.
func (h *Handler) Children(c *gin.Context) {
	h.show(c, "open_children", "open kids", func(s *edition.Site) (any, error) { return s.Children(), nil })
}

// Province is GET /open/{lang}/children/{province}/: what children in a
// province said, and the adults' public answers there.
func (h *Handler) Province(c *gin.Context) {
	h.show(c, "open_province", "open kids", func(s *edition.Site) (any, error) { return s.ChildrenIn(c.Param("province")) })
}

// Accessibility is GET /open/{lang}/accessibility/: the accessibility
// statement inside the monitor, so the static site has it too.
func (h *Handler) Accessibility(c *gin.Context) {
	h.show(c, "accessibility", "open", func(s *edition.Site) (any, error) { return s.About("accessibility/", s.L.T("a11y.title")), nil })
}
