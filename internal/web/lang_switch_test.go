package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/store"
)

// Every staff page takes the language switch: ?lang=xx on any page a
// staff member can open answers as the page does without it, in that
// language, never a refusal because lang is not one of the page's own
// parameters. The routes come from the router, so a page added later is
// switched too.
func TestEveryStaffPageSwitchesLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.importSample(t)
	sess := e.openSession("wellbeing", "10-13", "nl", "school", withIdeas)
	round, _ := e.newRound(2, false)
	reply := &store.Reply{OrganisationID: e.org("Testclub"), Lang: "nl", Sessions: []int64{sess.ID},
		Parts: []store.ReplyPart{{Texts: map[string]store.PartText{"nl": {Title: "Speelplein", WeWill: "We maken het groter."}}}}}
	if err := e.store.SaveReply(ctx, reply); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{"/sessions/": strconv.FormatInt(sess.ID, 10), "/answers/": strconv.FormatInt(reply.ID, 10),
		"/rounds/": strconv.FormatInt(round.ID, 10), "/indicators/registration/": "kansarmoede"}
	params := map[string]string{":survey": "wellbeing", ":indicator": "life_satisfied", ":format": "csv", ":file": "wellbeing.csv"}
	admin := e.login("admin", "Stad")

	pages := 0
	for _, r := range e.app.RouteTable() {
		rl := accessTable[r.Method+" "+r.Path]
		if r.Method != http.MethodGet || rl.public || strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		parts := strings.Split(r.Path, "/")
		for i, p := range parts {
			switch {
			case p == ":id":
				for prefix, id := range ids {
					if strings.HasPrefix(r.Path, prefix) {
						parts[i] = id
					}
				}
			case params[p] != "":
				parts[i] = params[p]
			}
		}
		path := strings.Join(parts, "/")
		plain := admin.get(path).StatusCode
		for _, lang := range []string{"en", "ar"} {
			got := admin.get(path + "?lang=" + lang)
			if got.StatusCode != plain || got.StatusCode >= 500 {
				t.Errorf("GET %s?lang=%s: status %d, without the switch %d\n%.400s", path, lang, got.StatusCode, plain, got.body)
				continue
			}
			if strings.HasPrefix(got.Header.Get("Content-Type"), "text/html") {
				pages++
				if !strings.Contains(got.body, `<html lang="`+lang+`"`) {
					t.Errorf("GET %s?lang=%s: the page is not in %s", path, lang, lang)
				}
			}
		}
	}
	if pages < 30 {
		t.Fatalf("only %d staff pages switched: the route table was not walked", pages)
	}
}
