package export

import (
	"slices"
	"testing"

	"github.com/kinderstem/kinderstem/internal/testkit"
)

// Every column of the one definition is complete where every file reads
// it: a description in every language (a missing message would print its
// id in the codebook), a type each writer knows, and protections the
// codebook page can name. A column added to microdata_columns.go without
// them fails here.
func TestMicrodataColumnsComplete(t *testing.T) {
	t.Parallel()
	cat, bundle := testkit.Content(t)
	s, ok := cat.Survey("wellbeing")
	if !ok {
		t.Fatal("no wellbeing survey")
	}
	for _, lang := range bundle.Languages() {
		for i, fc := range fixed {
			id := "exports2.col." + fc.name
			if !bundle.Has(lang.Tag, id) {
				t.Errorf("%s: no %s", lang.Tag, id)
			}
			if !slices.Contains([]string{"string", "integer", "number", "boolean"}, fc.typ) {
				t.Errorf("%s: type %q, which the Parquet writer and the syntax files do not know", fc.name, fc.typ)
			}
			for _, p := range fc.protection {
				if !slices.Contains(Protections, p) || !bundle.Has(lang.Tag, "exports2.protect."+p) {
					t.Errorf("%s: protection %q is not one the codebook names in %s", fc.name, p, lang.Tag)
				}
			}
			l := bundle.For(lang.Tag)
			m := &Microdata{Catalog: cat, Survey: s, T: func(id string) string { return l.T(id) }}
			if cols, _ := m.columns(); cols[i].Name != fc.name || cols[i].Type != fc.typ {
				t.Errorf("column %d is %s %s, the definition says %s %s", i, cols[i].Name, cols[i].Type, fc.name, fc.typ)
			}
		}
	}
}
