package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/edition"
	"github.com/kinderstem/kinderstem/internal/store"
)

// A draft computed under a lower k than the server's (k was raised since)
// is not previewed: it would show anyone with the link groups today's k
// hides. The analyst is told to compute it again.
func TestOpenPreviewOfADraftUnderALowerK(t *testing.T) {
	t.Parallel()
	e := standardOpen(t)
	ctx := context.Background()
	blob, err := (&edition.Snapshot{K: 3, From: "2026-01", To: "2026-06"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	ed := &store.Edition{Title: "Onder een lagere k", From: "2026-01", To: "2026-06", Spec: []byte(`{}`), Snapshot: blob, ComputedAt: e.clock.Now()}
	if err := e.store.CreateEdition(ctx, ed); err != nil {
		t.Fatal(err)
	}
	a := e.login("analyst", "Coalitie")
	page := a.get("/editions/" + strconv.FormatInt(ed.ID, 10))
	page.want(t, http.StatusOK)
	link := regexpValue(t, page.body, `href="(/open/preview/[^"]+/nl/)"`)
	got := e.client().get(link)
	if got.StatusCode == http.StatusOK || strings.Contains(got.body, "Onder een lagere k") {
		t.Fatalf("a draft computed under k 3 is previewed: %d", got.StatusCode)
	}
	got.want(t, http.StatusConflict)
}
