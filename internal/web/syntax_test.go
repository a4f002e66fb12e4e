package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// The syntax files and the codebook are formats: each is compared with a
// golden file (UPDATE_GOLDEN=1 writes them anew when a change is meant).
// .ci/syntax-check runs the same files in PSPP and R.
func TestSyntaxGolden(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, smallBase)
	e.wellbeingAnswers(t, []string{"5", "4", "dont_know", "skip", "3"}, []string{"ok"})
	analyst := e.login("analyst", "Stad")
	for _, c := range []struct{ path, golden string }{
		{"/export/microdata/wellbeing.sps?lang=en", "wellbeing.golden.sps"},
		{"/export/microdata/wellbeing.do?lang=en", "wellbeing.golden.do"},
		{"/export/microdata/wellbeing.R?lang=en", "wellbeing.golden.R"},
		{"/export/microdata/wellbeing.sps?lang=nl&semicolon=1&bom=1", "wellbeing-nl-semicolon.golden.sps"},
		{"/export/microdata/wellbeing.datapackage.json?lang=en", "wellbeing.golden.datapackage.json"},
		{"/export/indicators/R?survey=wellbeing&lang=en", "indicators.golden.R"},
	} {
		r := analyst.get(c.path)
		r.want(t, http.StatusOK)
		path := filepath.Join("testdata", c.golden)
		if os.Getenv("UPDATE_GOLDEN") != "" {
			if err := os.WriteFile(path, []byte(r.body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with UPDATE_GOLDEN=1 to make it)", err)
		}
		if r.body != string(want) {
			t.Errorf("%s changed:\n%s\nwant (%s):\n%s\n(UPDATE_GOLDEN=1 if the change is meant)", c.path, r.body, path, want)
		}
	}
}
