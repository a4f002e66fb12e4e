package childset_test

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kinderstem/kinderstem/internal/locale/childset"
)

func repo() fs.FS { return os.DirFS("../../..") }

// The shipped set holds what each kind of source brings, and not the
// staff's words that share a file or a template with a child's.
func TestShippedSet(t *testing.T) {
	t.Parallel()
	ids, err := childset.Messages(childset.Repository(repo()))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"child.start", "wellbeing.title", // survey domains, whole
		"scale.happy.1",                                   // an answer scale of a children's survey
		"help.title", "nav.skip", "results.what_you_said", // templates and the partials they include
		"error.too_many_codes", "voice.error_too_long", // Go code of the child's surfaces
		"prepare.decider.school", // a literal prefix in Go code
		"voice.q_people_young",   // a printf pattern in a template
	} {
		if !slices.Contains(ids, want) {
			t.Errorf("child-facing set lacks %s", want)
		}
	}
	for _, not := range []string{
		"nav.sessions",        // the staff menu, in the same partial file as the child's logo
		"monitor.basis.heard", // an indicator's basis, named in a children's survey file for analysts
		"lang.draft",          // for the adult, in the worker's language
		"sessions.lang",       // a staff form
	} {
		if slices.Contains(ids, not) {
			t.Errorf("child-facing set holds %s", not)
		}
	}
}

// A text added to a child's page joins the set by being used there, so a
// draft language cannot miss it.
func TestNewChildTextJoins(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{}
	err := fs.WalkDir(repo(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && !strings.HasPrefix(p, "locales") && !strings.HasPrefix(p, "surveys") && !strings.HasPrefix(p, "templates") {
				return fs.SkipDir
			}
			return nil
		}
		b, err := fs.ReadFile(repo(), p)
		files[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files["locales/site.nl.toml"].Data = append(files["locales/site.nl.toml"].Data, "\n\"site.brand_new\" = \"Nieuw\"\n"...)
	before, err := childset.Messages(childset.Repository(files))
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(before, "site.brand_new") {
		t.Fatal("an unused message is in the set")
	}
	bye := files["templates/pages/child_bye.html"]
	bye.Data = []byte(strings.Replace(string(bye.Data), `{{define "content"}}`, `{{define "content"}}{{.T "site.brand_new"}}`, 1))
	after, err := childset.Messages(childset.Repository(files))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(after, "site.brand_new") {
		t.Error("a message added to the child's goodbye page is not in the set")
	}
}
