package web_test

import (
	"go/build"
	"slices"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/web"
	"github.com/kinderstem/kinderstem/internal/web/httpkit"
)

const module = "github.com/kinderstem/kinderstem"

// Every route is handled in the package of the surface its group
// declared where it was mounted: a child's route by internal/web/child,
// the staff's by internal/web/staff, and so on. A handler that strays into
// another surface's package, or a route mounted outside a declared group,
// fails here.
func TestEveryRouteLivesInItsSurface(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	routes := e.app.Routes()
	if len(routes) < 50 {
		t.Fatalf("only %d routes recorded", len(routes))
	}
	mounted := map[string]bool{}
	for _, r := range routes {
		mounted[r.Method+" "+r.Path] = true
		pkg := module + "/internal/web/" + string(r.Surface) + "."
		if r.Surface == httpkit.Site {
			pkg = module + "/internal/web."
		}
		if !strings.HasPrefix(r.Handler, pkg) {
			t.Errorf("%s %s is declared %q but handled by %s", r.Method, r.Path, r.Surface, r.Handler)
		}
	}
	for _, r := range e.app.RouteTable() {
		if !mounted[r.Method+" "+r.Path] {
			t.Errorf("%s %s is not mounted in a group that declares its surface", r.Method, r.Path)
		}
	}
}

// The import rule of the web layer: surfaces never import each other (what
// two share is plumbing in httpkit or a rule in a domain package),
// httpkit imports no surface, and nothing below web imports web.
func TestSurfacesNeverImportEachOther(t *testing.T) {
	t.Parallel()
	surfaces := []string{"child", "voice", "respond", "staff", "api", "public"}
	imports := func(dir string) []string {
		p, err := build.Default.ImportDir(dir, 0)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		return p.Imports
	}
	for _, s := range append([]string{"httpkit"}, surfaces...) {
		for _, imp := range imports(s) {
			rest, ours := strings.CutPrefix(imp, module+"/internal/web")
			if !ours {
				continue
			}
			if s == "httpkit" || rest != "/httpkit" {
				t.Errorf("internal/web/%s imports %s", s, imp)
			}
		}
	}
	web := imports(".")
	for _, s := range append([]string{"httpkit"}, surfaces...) {
		if !slices.Contains(web, module+"/internal/web/"+s) {
			t.Errorf("internal/web does not mount %s", s)
		}
	}
}

var _ = web.Route{}
