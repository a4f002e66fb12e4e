package web_test

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/kinderstem/kinderstem/internal/demo"
)

// The demo's participation loop: like any group, its ideas page waits for
// the group's results to be published; serve publishes them once the index
// is loaded (App.PublishSeeded), and then the worker sees the demo's topics.
func TestDemoLoopShowsItsIdeasOncePublished(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	if err := demo.Welcome(ctx, e.store, e.catalog, io.Discard); err != nil {
		t.Fatal(err)
	}
	id, ok, err := demo.LoopSession(ctx, e.store)
	if err != nil || !ok {
		t.Fatalf("no demo loop session: %v", err)
	}
	w := e.login("worker", "Demo: Jeugdhuis De Vlinder")
	page := "/sessions/" + strconv.FormatInt(id, 10) + "/ideas"
	w.get(page).want(t, http.StatusOK, "Publiceer eerst de resultaten van de groep.")
	for range 2 { // the second start leaves the published results alone
		if err := e.app.PublishSeeded(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	w.get(page).want(t, http.StatusOK, `<section class="topic"`, "stemmen: ")
	pub, err := e.store.PublishedResults(ctx, id)
	if err != nil || pub.Count != 30 || pub.Expected != 30 {
		t.Fatalf("published %+v, %v; want 30 of 30", pub, err)
	}
	w.get("/sessions/"+strconv.FormatInt(id, 10)+"/results").want(t, http.StatusOK, `<ol class="results-list">`)
}
