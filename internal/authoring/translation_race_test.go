package authoring_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/fault"
)

// translated is a draft's translation sheet for one language with the
// title's words replaced.
func translated(t *testing.T, e *env, draftID int64, lang, title string) []byte {
	t.Helper()
	sheet, _, err := e.a.TranslationSheet(context.Background(), draftID, lang, func(r authoring.Reason) string { return r.ID })
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(sheet))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("translation")
	for i, r := range rows {
		if len(r) > 0 && r[0] == "title" {
			cell, _ := excelize.CoordinatesToCellName(3, i+1)
			f.SetCellStr("translation", cell, title)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Two translators sending their languages' sheets at the same moment both
// keep their words, or the later one is told the draft changed: neither
// revision is built on a draft that no longer is the latest, which would
// drop the other's words without a word.
func TestTranslationsAtOnceLoseNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	im := e.imported(t, example(t))
	for round := range 8 {
		de := translated(t, e, im.DraftID, "de", "Deutsch "+string(rune('A'+round)))
		fr := translated(t, e, im.DraftID, "fr", "Français "+string(rune('A'+round)))
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := map[string]error{}
		var mu sync.Mutex
		for lang, sheet := range map[string][]byte{"de": de, "fr": fr} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				tr, err := e.a.ImportTranslation(ctx, im.DraftID, lang, sheet, lang+".xlsx", e.author)
				if err == nil && len(tr.Problems) > 0 {
					t.Errorf("%s: %+v", lang, tr.Problems)
				}
				mu.Lock()
				errs[lang] = err
				mu.Unlock()
			}()
		}
		close(start)
		wg.Wait()
		d, err := e.a.Draft(ctx, im.DraftID)
		if err != nil {
			t.Fatal(err)
		}
		for lang, want := range map[string]string{"de": "Deutsch " + string(rune('A'+round)), "fr": "Français " + string(rune('A'+round))} {
			switch err := errs[lang]; {
			case err == nil && d.Survey.Texts.Get(lang, "title") != want:
				t.Fatalf("round %d: the %s sheet was kept, but the draft's title in %s is %q: the other sheet's revision dropped it",
					round, lang, lang, d.Survey.Texts.Get(lang, "title"))
			case err != nil && !fault.Is(err, fault.Conflict):
				t.Fatalf("round %d: %s: %v", round, lang, err)
			}
		}
	}
}
