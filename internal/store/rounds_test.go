package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

func newRound(tb testing.TB, open bool, links int) (*store.Store, string, *clock, *store.Round, []string) {
	tb.Helper()
	c := testkit.NewClock(time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC))
	s, path := mustOpen(tb, store.Options{Now: c.Now})
	ctx := context.Background()
	org, err := s.CreateOrganisation(ctx, "Coalitie", "ngo")
	if err != nil {
		tb.Fatal(err)
	}
	r := &store.Round{OrganisationID: org, SurveyID: "child_guarantee", SurveyVersion: 1, SurveyHash: "h", OpenLink: open, ClosesAt: c.Now().Add(48 * time.Hour)}
	tokens, err := s.CreateRound(ctx, r, links)
	if err != nil {
		tb.Fatal(err)
	}
	return s, path, c, r, tokens
}

// One response per personal link; the response is found again by its own
// secret, not by the link, and can be changed until the round closes.
func TestRoundOneResponsePerLink(t *testing.T) {
	t.Parallel()
	s, _, c, r, tokens := newRound(t, false, 3)
	ctx := context.Background()
	if len(tokens) != 3 || tokens[0] == tokens[1] {
		t.Fatalf("tokens = %v", tokens)
	}
	secret, err := s.StartResponse(ctx, tokens[0], "nl", []store.Answer{{Item: "m.poverty", Code: 0}, {Item: "m.homeless", Code: -2}, {Item: "comment", Text: "ok"}})
	if err != nil {
		t.Fatal(err)
	}
	if secret == tokens[0] {
		t.Fatal("the resume secret is the link")
	}
	if _, err := s.StartResponse(ctx, tokens[0], "nl", nil); !fault.Is(err, fault.Conflict) {
		t.Fatalf("second response through one link: err = %v, want a conflict", err)
	}
	if _, used, err := s.Invitation(ctx, tokens[0]); err != nil || !used {
		t.Fatalf("invitation used = %v, %v", used, err)
	}
	if err := s.SaveResponse(ctx, secret, "fr", []store.Answer{{Item: "m.poverty", Code: 3}}); err != nil {
		t.Fatal(err)
	}
	got, lang, answers, err := s.Response(ctx, secret)
	if err != nil || got.ID != r.ID || lang != "fr" || len(answers) != 1 || answers[0].Code != 3 {
		t.Fatalf("response = %v %q %+v %v", got, lang, answers, err)
	}
	n, err := s.CountRound(ctx, r.ID)
	if err != nil || n.Responses != 1 || n.LinksUsed != 1 {
		t.Fatalf("count = %+v, %v", n, err)
	}
	c.Add(49 * time.Hour)
	if err := s.SaveResponse(ctx, secret, "nl", nil); !fault.Is(err, fault.Gone) {
		t.Fatalf("change after closing: err = %v, want gone", err)
	}
	if _, err := s.StartResponse(ctx, tokens[1], "nl", nil); !fault.Is(err, fault.Gone) {
		t.Fatalf("start after closing: err = %v, want gone", err)
	}
}

// Ten first saves at once through one link store one response.
func TestRoundConcurrentFirstSaves(t *testing.T) {
	t.Parallel()
	s, _, _, r, tokens := newRound(t, false, 1)
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.StartResponse(ctx, tokens[0], "nl", []store.Answer{{Item: "a", Code: 1}}); err == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	n, _ := s.CountRound(ctx, r.ID)
	if ok != 1 || n.Responses != 1 {
		t.Fatalf("%d saves succeeded, %d responses stored; want 1 and 1", ok, n.Responses)
	}
}

// An open link takes many responses, each with its own secret.
func TestRoundOpenLink(t *testing.T) {
	t.Parallel()
	s, _, _, r, tokens := newRound(t, true, 50)
	ctx := context.Background()
	if len(tokens) != 1 {
		t.Fatalf("an open round made %d links", len(tokens))
	}
	a, err1 := s.StartResponse(ctx, tokens[0], "nl", nil)
	b, err2 := s.StartResponse(ctx, tokens[0], "en", nil)
	if err1 != nil || err2 != nil || a == b {
		t.Fatalf("two responses through the open link: %v %v", err1, err2)
	}
	n, _ := s.CountRound(ctx, r.ID)
	if n.Responses != 2 || n.LinksUsed != 0 {
		t.Fatalf("count = %+v", n)
	}
}

// The file keeps no token and nothing that ties a response to its link:
// no column of responses holds an invitation's hash, round id aside.
func TestRoundKeepsNoLinkToTheInvitation(t *testing.T) {
	t.Parallel()
	s, path, _, _, tokens := newRound(t, false, 2)
	ctx := context.Background()
	if _, err := s.StartResponse(ctx, tokens[1], "nl", []store.Answer{{Item: "a", Code: 2}}); err != nil {
		t.Fatal(err)
	}
	rows := rawQuery(t, path, `SELECT count(*) FROM responses r JOIN invitations i ON i.hash = r.key`)
	defer rows.Close()
	var joined int
	for rows.Next() {
		rows.Scan(&joined)
	}
	if joined != 0 {
		t.Fatal("a response is keyed by its invitation's hash")
	}
	cols := rawQuery(t, path, `SELECT name FROM pragma_table_info('responses')`)
	defer cols.Close()
	var names []string
	for cols.Next() {
		var n string
		cols.Scan(&n)
		names = append(names, n)
	}
	if len(names) != 3 || names[0] != "key" || names[1] != "round_id" || names[2] != "lang" {
		t.Fatalf("responses columns = %v, want key, round_id, lang and nothing else", names)
	}
}

func TestRoundBadInput(t *testing.T) {
	t.Parallel()
	s, _, c, r, _ := newRound(t, false, 1)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		links int
		close time.Time
	}{
		{"no links", 0, c.Now().Add(time.Hour)},
		{"too many links", store.MaxLinks + 1, c.Now().Add(time.Hour)},
		{"closes in the past", 3, c.Now().Add(-time.Hour)},
	} {
		rr := *r
		rr.ClosesAt = tc.close
		if _, err := s.CreateRound(ctx, &rr, tc.links); !fault.Is(err, fault.Invalid) {
			t.Errorf("%s: err = %v, want invalid", tc.name, err)
		}
	}
	for _, tok := range []string{"", "x", "AAAAAAAAAAAAAAAAAAAAAA", "!!!!!!!!!!!!!!!!!!!!!!"} {
		if _, _, err := s.Invitation(ctx, tok); !fault.Is(err, fault.NotFound) {
			t.Errorf("token %q: err = %v, want not found", tok, err)
		}
		if _, err := s.StartResponse(ctx, tok, "nl", nil); !fault.Is(err, fault.NotFound) {
			t.Errorf("start with %q: err = %v, want not found", tok, err)
		}
	}
}
