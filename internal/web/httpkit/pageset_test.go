package httpkit

import (
	"errors"
	"html/template"
	"io"
	"os"
	"testing"
)

// TestEveryPageSetHoldsWhatItCalls escapes every page through every layout.
// html/template follows every {{template}} call an entry can reach, in
// every branch, when it first escapes it, and fails on a name the set does
// not define; so a page set that left out a partial it calls, directly or
// through another partial, fails here whatever data a test would give it.
func TestEveryPageSetHoldsWhatItCalls(t *testing.T) {
	v := &views{fsys: os.DirFS("../../.."), funcs: funcs(func(s string) string { return s })}
	if err := v.parse(); err != nil {
		t.Fatal(err)
	}
	if len(v.pages) < 40 {
		t.Fatalf("%d page sets; the pages are in templates/pages", len(v.pages))
	}
	for name, set := range v.pages {
		for _, entry := range []string{"layout", "child_layout", "open_layout", "embed_layout"} {
			if set.Lookup(entry) == nil {
				t.Errorf("page %s has no %s", name, entry)
				continue
			}
			var escape *template.Error
			if err := set.ExecuteTemplate(io.Discard, entry, nil); errors.As(err, &escape) {
				t.Errorf("page %s through %s: %v", name, entry, err)
			}
		}
	}
}
