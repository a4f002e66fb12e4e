package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenPagesRender(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	c := e.client()
	for _, p := range []string{"/open/nl/", "/open/en/themes/wellbeing/", "/open/nl/indicators/wellbeing/life_satisfied/",
		"/open/ar/indicators/wellbeing/life_satisfied/chart.svg", "/open/fr/editions/", "/open/de/editions/1/", "/open/uk/children/",
		"/open/nl/children/40000/", "/open/nl/accessibility/", "/open/data/edition-1.csv", "/open/data/edition-1.json",
		"/open/catalog.jsonld", "/open/context.jsonld", "/embed/nl/wellbeing/life_satisfied/", "/open/nl/indicators/registration/kansarmoede/"} {
		r := c.get(p)
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d\n%.2000s", p, r.StatusCode, r.body)
		}
	}
	t.Log(c.get("/open/nl/indicators/wellbeing/life_satisfied/").body)
}

// dumpOpen writes pages for a look by hand: KINDERSTEM_DUMP=dir.
func TestOpenDump(t *testing.T) {
	dir := os.Getenv("KINDERSTEM_DUMP")
	if dir == "" {
		t.Skip("set KINDERSTEM_DUMP")
	}
	e := standardOpen(t)
	c := e.client()
	for name, p := range map[string]string{"home": "/open/nl/", "ind": "/open/nl/indicators/wellbeing/life_satisfied/", "kids": "/open/nl/children/40000/",
		"reg": "/open/en/indicators/registration/kansarmoede/", "csv": "/open/data/edition-1.csv", "cat": "/open/catalog.jsonld"} {
		os.WriteFile(filepath.Join(dir, name+".html"), []byte(c.get(p).body), 0o644)
	}
}
