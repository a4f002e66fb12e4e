package web

import (
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

// Route is one route of the table as mounted: its method and path, the
// surface and answer form its group declared, and the name of the
// function that handles it.
type Route struct {
	Method, Path string
	Surface      httpkit.Surface
	Answer       httpkit.Answer
	Handler      string
}

// Routes lists every route with the surface its group declared, for the
// tests that hold the route table to the package layout.
func (a *App) Routes() []Route {
	names := map[string]string{}
	for _, r := range a.engine.Routes() {
		names[r.Method+" "+r.Path] = r.Handler
	}
	out := make([]Route, len(a.routes))
	for i, r := range a.routes {
		r.Handler = names[r.Method+" "+r.Path]
		out[i] = r
	}
	return out
}

// mountPoint is where a group was mounted, so a path no route matches is
// answered in the form of the group whose prefix it falls under.
type mountPoint struct {
	prefix string
	answer httpkit.Answer
	s      httpkit.Surface
}

// group is a route group that declares its surface and answer form where
// it is mounted, and records each route it adds.
type group struct {
	app       *App
	rg        *gin.RouterGroup
	surface   httpkit.Surface
	answer    httpkit.Answer
	bodyLimit int64 // a larger body than the configured limit, for an upload
}

// group mounts a route group at prefix for a surface: its first handlers
// declare the surface and answer form, then every request's body limit,
// language and checks run in that form (so a child's oversized form is
// answered on a child's page), then the group's own handlers.
func (a *App) group(e *gin.Engine, prefix string, s httpkit.Surface, ans httpkit.Answer, handlers ...gin.HandlerFunc) group {
	a.mounts = append(a.mounts, mountPoint{prefix: prefix, answer: ans, s: s})
	return a.sideGroup(e, prefix, s, ans, handlers...)
}

// sideGroup is a group for a few routes beside another group's prefix
// (the worker's live count in JSON among the session pages): a path no
// route matches there is answered in the other group's form.
func (a *App) sideGroup(e *gin.Engine, prefix string, s httpkit.Surface, ans httpkit.Answer, handlers ...gin.HandlerFunc) group {
	first := []gin.HandlerFunc{httpkit.Mount(s, ans), a.limitBody, a.language, a.checkRequest}
	return group{app: a, rg: e.Group(prefix, append(first, handlers...)...), surface: s, answer: ans}
}

// Group is a sub-group with more handlers, on the same surface.
func (g group) Group(rel string, handlers ...gin.HandlerFunc) group {
	return group{app: g.app, rg: g.rg.Group(rel, handlers...), surface: g.surface, answer: g.answer}
}

// Uploads is the group with routes that take bodies of up to n bytes.
func (g group) Uploads(n int64) group {
	g.bodyLimit = n
	return g
}

// GET adds a GET route.
func (g group) GET(rel string, handlers ...gin.HandlerFunc) { g.handle("GET", rel, handlers) }

// HEAD adds a HEAD route.
func (g group) HEAD(rel string, handlers ...gin.HandlerFunc) { g.handle("HEAD", rel, handlers) }

// POST adds a POST route.
func (g group) POST(rel string, handlers ...gin.HandlerFunc) { g.handle("POST", rel, handlers) }

func (g group) handle(method, rel string, handlers []gin.HandlerFunc) {
	g.rg.Handle(method, rel, handlers...)
	full := joinPaths(g.rg.BasePath(), rel)
	g.app.routes = append(g.app.routes, Route{Method: method, Path: full, Surface: g.surface, Answer: g.answer})
	if g.bodyLimit > 0 {
		if g.app.bodyLimits == nil {
			g.app.bodyLimits = map[string]int64{}
		}
		g.app.bodyLimits[method+" "+full] = g.bodyLimit
	}
}

// joinPaths joins a group's base path and a route's as gin does.
func joinPaths(base, rel string) string {
	if rel == "" {
		return base
	}
	p := path.Join(base, rel)
	if strings.HasSuffix(rel, "/") && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// unmatched starts the answer to a path no route matches: in the form of
// the group with the longest prefix the path falls under (a mistyped
// /api/v1/… path is answered in JSON, a child's /s/… in a child's page).
func (a *App) unmatched(c *gin.Context) {
	best := mountPoint{answer: httpkit.StaffPage, s: httpkit.Site}
	p := c.Request.URL.Path
	for _, m := range a.mounts {
		under := m.prefix == "/" || p == m.prefix || strings.HasPrefix(p, strings.TrimSuffix(m.prefix, "/")+"/")
		if under && len(m.prefix) > len(best.prefix) {
			best = m
		}
	}
	httpkit.Mount(best.s, best.answer)(c)
}
