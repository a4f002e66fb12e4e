package httpkit

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/locale"
)

// views holds one parsed template set per page: the layout and partials
// plus that page's file. The sets are read-only after parsing; nothing per
// request is ever added to them (the request's language travels in the page
// data), so one request cannot render in another's language.
type views struct {
	fsys  fs.FS
	live  bool
	funcs template.FuncMap
	mu    sync.RWMutex
	pages map[string]*template.Template
}

func loadViews(fsys fs.FS, asset func(string) string, live bool) (*views, error) {
	v := &views{fsys: fsys, live: live, funcs: funcs(asset)}
	if e, ok := fsys.(embed.FS); ok && !live {
		return v, v.parseEmbedded(e)
	}
	return v, v.parse()
}

// embeddedViews holds the pages parsed from each embedded file system.
// Embedded files never change and asset (the static files' fingerprinted
// URLs) is made from the same file system, so the parsed sets are the same
// for every App built on it: a process that builds many (the tests build
// hundreds) parses them once. Executing a template from several goroutines
// is safe, and nothing is added to a set after parsing.
var embeddedViews struct {
	mu    sync.Mutex
	pages map[embed.FS]map[string]*template.Template
}

func (v *views) parseEmbedded(e embed.FS) error {
	embeddedViews.mu.Lock()
	defer embeddedViews.mu.Unlock()
	if pages, ok := embeddedViews.pages[e]; ok {
		v.pages = pages
		return nil
	}
	if err := v.parse(); err != nil {
		return err
	}
	if embeddedViews.pages == nil {
		embeddedViews.pages = map[embed.FS]map[string]*template.Template{}
	}
	embeddedViews.pages[e] = v.pages
	return nil
}

func (v *views) parse() error {
	base := template.New("").Funcs(v.funcs)
	shared, err := fs.Glob(v.fsys, "templates/*.html")
	if err != nil {
		return err
	}
	partials, _ := fs.Glob(v.fsys, "templates/partials/*.html")
	if len(shared) == 0 {
		return fmt.Errorf("web: no templates in templates/")
	}
	if base, err = base.ParseFS(v.fsys, append(shared, partials...)...); err != nil {
		return fmt.Errorf("web: parse layout: %w", err)
	}
	pages, _ := fs.Glob(v.fsys, "templates/pages/*.html")
	parsed := map[string]*template.Template{}
	layouts := layoutFiles(shared)
	for _, p := range pages {
		t, err := v.pageSet(base, layouts, p)
		if err != nil {
			return fmt.Errorf("web: parse %s: %w", p, err)
		}
		parsed[strings.TrimSuffix(path.Base(p), ".html")] = t
	}
	v.mu.Lock()
	v.pages = parsed
	v.mu.Unlock()
	return nil
}

func (v *views) execute(buf *bytes.Buffer, name, entry string, data any) error {
	if v.live {
		if err := v.parse(); err != nil {
			return err
		}
	}
	v.mu.RLock()
	t, ok := v.pages[name]
	v.mu.RUnlock()
	if !ok {
		return fmt.Errorf("web: no page template %q", name)
	}
	return t.ExecuteTemplate(buf, entry, data)
}

// Page is what every page template receives. The embedded Localizer gives
// templates {{.T "id"}} and {{.N "id" count}} in the request's language.
type Page struct {
	*locale.Localizer
	Title     string // message id of the page title
	Langs     []locale.Lang
	Path      string // the request path, for language links
	Nav       string // which staff menu entry is current
	User      *Viewer
	CSRF      string
	Flash     string // message id of a one-time notice
	NoIndex   bool
	BodyClass string
	Data      any
	Demo      bool  // staff pages of a database with demo content say its answers are synthetic
	Report    any   // printed under an analyst page's title; nil elsewhere
	Help      *Help // "Need to talk to someone?": on every page a child can see
}

// Page builds the common page data for a staff or public page.
func (k *Kit) Page(c *gin.Context, title string, data any) *Page {
	p := &Page{
		Localizer: k.Localizer(c),
		Title:     title,
		Langs:     k.Locales.Languages(),
		Path:      c.Request.URL.Path,
		User:      ViewerOf(c),
		CSRF:      CSRFToken(c),
		Data:      data,
	}
	if p.User != nil && (p.User.Is("analyst") || p.User.Is("admin")) {
		p.Demo, _ = k.Store.HasDemoData(c.Request.Context())
	}
	return p
}

// ChildPage is the page data for a child's screen: no staff menu, no CSRF
// token (there is no cookie to protect), nothing that names anyone, and
// the helplines.
func (k *Kit) ChildPage(c *gin.Context, title string, data any) *Page {
	l := k.Localizer(c)
	return &Page{Localizer: l, Title: title, Langs: k.Locales.Offered(), Path: c.Request.URL.Path, NoIndex: true, Data: data,
		Help: k.HelpFor(l.Lang().Tag)}
}

// Render writes a page through the layout. Rendering into a buffer first
// means a template error becomes a clean error page, not half a page.
func (k *Kit) Render(c *gin.Context, status int, name string, p *Page) {
	k.renderEntry(c, status, name, "layout", p)
}

// RenderChild writes a child's page through the child layout: no staff
// menu, the child's language, nothing kept on the device.
func (k *Kit) RenderChild(c *gin.Context, status int, name string, p *Page) {
	k.renderEntry(c, status, name, "child_layout", p)
}

// renderEntry keeps nothing on the device ("no-store") unless the handler
// chose a Cache-Control of its own.
func (k *Kit) renderEntry(c *gin.Context, status int, name, entry string, p *Page) {
	var buf bytes.Buffer
	if err := k.views.execute(&buf, name, entry, p); err != nil {
		k.Log.Error("render", "page", name, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("Sorry, something went wrong on our side."))
		return
	}
	if c.Writer.Header().Get("Cache-Control") == "" {
		c.Header("Cache-Control", "no-store")
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

const ctxLang = "kinderstem.lang"

// Localizer returns the request's localizer, with a draft's words when
// the request shows one (SetOverlay).
func (k *Kit) Localizer(c *gin.Context) *locale.Localizer {
	l := k.Locales.For(c.GetString(ctxLang))
	if o, ok := c.Get(ctxOverlay); ok {
		return l.With(o.(*locale.Overlay))
	}
	return l
}

// SetLang sets the request's language: the negotiated one, a child's
// choice, a session's default.
func SetLang(c *gin.Context, tag string) { c.Set(ctxLang, tag) }
