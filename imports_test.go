package kinderstem_test

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// floor is each package's place in the house: a package may import only
// packages on a lower floor, so arrows point down and no cycle can form.
// A new package without a floor fails the test, so its place is decided
// when it is made. The web surfaces share a floor: they never import each
// other.
var floor = map[string]int{
	"":                         0, // the root: embed.go, the assets as one fs.FS
	"internal/fault":           0,
	"internal/keys":            0,
	"internal/locale":          0,
	"internal/auth":            0,
	"internal/release":         1,
	"internal/metrics":         0, // Prometheus only; the store and web report to it through small methods
	"internal/survey":          1,
	"internal/locale/childset": 2, // reads the surveys to derive the child-facing messages
	"internal/store":           2,
	"internal/xlsform":         2,
	"internal/indicator":       3,
	"internal/decision":        3,
	"internal/declare":         3,
	"internal/registration":    4,
	"internal/model":           4, // design-based regressions of an indicator, under the release gate
	"internal/process":         4,
	"internal/drill":           4,
	"internal/authoring":       4,
	"internal/export":          5,
	"internal/edition":         5,
	"internal/demo":            5,
	"internal/loadtest":        6,
	"internal/web/httpkit":     6,
	"internal/web/child":       7,
	"internal/web/respond":     7,
	"internal/web/staff":       7,
	"internal/web/api":         7,
	"internal/web/public":      7,
	"internal/web/voice":       7,
	"internal/web":             8,
	"cmd/kinderstem":           9,
	"internal/testkit":         10, // only tests import it (testOnly)
	"internal/testkit/shipped": 2,  // only tests import it (testOnly); no database, so no SQLite to link
	"internal/testkit/memtmp":  0,  // only tests import it (testOnly): their temporary files in memory
}

// testOnly are packages no package but a test (or another of them) may
// import.
var testOnly = map[string]bool{"internal/testkit": true, "internal/testkit/shipped": true, "internal/testkit/memtmp": true}

const module = "github.com/kinderstem/kinderstem"

func TestImportsPointDown(t *testing.T) {
	t.Parallel()
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if name := d.Name(); path != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		p, err := build.Default.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		rel := strings.TrimPrefix(filepath.ToSlash(path), ".")
		from, ok := floor[rel]
		if !ok {
			t.Errorf("package %q has no floor in imports_test.go", rel)
			return nil
		}
		for _, imp := range p.Imports {
			dep, ours := strings.CutPrefix(imp, module)
			if !ours {
				continue
			}
			dep = strings.TrimPrefix(dep, "/")
			to, known := floor[dep]
			switch {
			case !known:
				t.Errorf("%s imports %s, which has no floor", rel, dep)
			case testOnly[dep] && !testOnly[rel]:
				t.Errorf("%s imports %s, which only tests may import", rel, dep)
			case to >= from:
				t.Errorf("%s (floor %d) imports %s (floor %d): imports point down only", rel, from, dep, to)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
