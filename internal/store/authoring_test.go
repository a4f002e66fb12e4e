package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

func (f *fixture) user(tb testing.TB, email string) int64 {
	tb.Helper()
	u := &store.User{OrganisationID: f.session.OrganisationID, Email: email, Role: "admin", PasswordHash: "x"}
	if err := f.s.CreateUser(context.Background(), u); err != nil {
		tb.Fatal(err)
	}
	return u.ID
}

// Each upload is a revision of the survey's one open draft; reviews name
// the revision; publishing closes the draft, once.
func TestDraftsReviewsVersions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	author, reviewer := f.user(t, "author@example.org"), f.user(t, "reviewer@example.org")
	d1, r1, err := f.s.SaveRevision(ctx, "play", []byte("id: play\n"), "0123456789abcdef", "play.xlsx", author)
	if err != nil || r1 != 1 {
		t.Fatalf("first revision %d, %v", r1, err)
	}
	f.clock.Add(time.Minute)
	d2, r2, err := f.s.SaveRevision(ctx, "play", []byte("id: play\nversion: 1\n"), "fedcba9876543210", "play-2.xlsx", author)
	if err != nil || d2 != d1 || r2 != 2 {
		t.Fatalf("second upload: draft %d revision %d, %v; want draft %d revision 2", d2, r2, err, d1)
	}
	other, _, _ := f.s.SaveRevision(ctx, "games", []byte("id: games\n"), "0000000000000000", "games.xlsx", author)
	d, err := f.s.DraftByID(ctx, d1)
	if err != nil || d.Revision != 2 || d.FileName != "play-2.xlsx" || d.Published != 0 {
		t.Fatalf("draft = %+v, %v", d, err)
	}
	if rev, err := f.s.RevisionOf(ctx, d1, 1); err != nil || string(rev.Definition) != "id: play\n" || rev.Hash != "0123456789abcdef" {
		t.Fatalf("revision 1 = %+v, %v", rev, err)
	}
	if _, err := f.s.RevisionOf(ctx, d1, 3); !fault.Is(err, fault.NotFound) {
		t.Fatalf("revision 3: %v", err)
	}
	if err := f.s.AddReview(ctx, &store.Review{DraftID: d1, Revision: 2, Reviewer: reviewer, Approved: true, WordingOnly: []string{"pet", "walks"}, Comment: "Goed"}); err != nil {
		t.Fatal(err)
	}
	reviews, err := f.s.Reviews(ctx, d1)
	if err != nil || len(reviews) != 1 || !reviews[0].Approved || len(reviews[0].WordingOnly) != 2 || reviews[0].ReviewerName != "reviewer@example.org" {
		t.Fatalf("reviews = %+v, %v", reviews, err)
	}
	v := &store.Version{SurveyID: "play", Version: 1, Hash: "fedcba9876543210", Definition: []byte("id: play\nversion: 1\n"), DraftID: d1, Revision: 2,
		Languages: []string{"nl", "fr"}, WordingOnly: []string{"pet"}, ApprovedBy: reviewer, PublishedBy: author}
	if err := f.s.PublishVersion(ctx, v); err != nil {
		t.Fatal(err)
	}
	if err := f.s.PublishVersion(ctx, v); !fault.Is(err, fault.Conflict) {
		t.Fatalf("publishing twice: %v", err)
	}
	// The same survey's next upload starts a new draft.
	d3, r3, err := f.s.SaveRevision(ctx, "play", []byte("id: play\nversion: 2\n"), "1111111111111111", "play-3.xlsx", author)
	if err != nil || d3 == d1 || r3 != 1 {
		t.Fatalf("after publishing: draft %d revision %d, %v", d3, r3, err)
	}
	vs, err := f.s.Versions(ctx)
	if err != nil || len(vs) != 1 || vs[0].Version != 1 || vs[0].Languages[1] != "fr" || vs[0].WordingOnly[0] != "pet" {
		t.Fatalf("versions = %+v, %v", vs, err)
	}
	drafts, err := f.s.Drafts(ctx)
	if err != nil || len(drafts) != 3 || drafts[len(drafts)-1].ID != d1 || drafts[len(drafts)-1].Published != 1 {
		t.Fatalf("drafts: %d, %v", len(drafts), err)
	}
	_ = other
}

// A pilot counts children and taps, once per questionnaire id, only while
// open; no answer of a child is kept anywhere.
func TestPilotCounts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	author := f.user(t, "author@example.org")
	d, rev, err := f.s.SaveRevision(ctx, "play", []byte("id: play\n"), "0123456789abcdef", "play.xlsx", author)
	if err != nil {
		t.Fatal(err)
	}
	sess := &store.Session{OrganisationID: f.session.OrganisationID, SurveyID: "play", SurveyVersion: 7, SurveyHash: "0123456789abcdef", AgeBand: "10-13",
		Lang: "nl", Setting: "school", Region: "gent", ClosesAt: f.clock.Now().Add(time.Hour), ResultsUntil: f.clock.Now().Add(time.Hour)}
	if err := f.s.CreatePilot(ctx, sess, d, rev); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.s.SessionByID(ctx, sess.ID); !got.IsPilot() {
		t.Fatal("the pilot session is not marked a pilot")
	}
	if gd, gr, err := f.s.PilotOf(ctx, sess.ID); err != nil || gd != d || gr != rev {
		t.Fatalf("PilotOf = %d %d %v", gd, gr, err)
	}
	child := func(n byte, taps ...store.PilotTap) bool {
		ok, err := f.s.RecordPilot(ctx, sess.ID, [16]byte{n}, taps)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	child(1, store.PilotTap{Item: "pet", Answered: true})
	child(2, store.PilotTap{Item: "pet", Skipped: true}, store.PilotTap{Item: "walks", DontKnow: true})
	if child(2, store.PilotTap{Item: "pet", Skipped: true}) {
		t.Error("a replay counted as a new child")
	}
	child(3)
	pilots, err := f.s.Pilots(ctx, d, rev)
	if err != nil || len(pilots) != 1 {
		t.Fatalf("pilots = %v, %v", pilots, err)
	}
	p := pilots[0]
	if p.Children != 3 || p.Counts["pet"] != (store.PilotCount{Item: "pet", Unclear: 2, Answered: 1, Skipped: 1}) || p.Counts["walks"].DontKnow != 1 {
		t.Fatalf("pilot = %d children, %+v", p.Children, p.Counts)
	}
	if n := count(t, f.path, `SELECT count(*) FROM submissions WHERE session_id = ?`, sess.ID); n != 0 {
		t.Fatalf("a pilot stored %d submissions", n)
	}
	if err := f.s.CloseSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.RecordPilot(ctx, sess.ID, [16]byte{4}, nil); !fault.Is(err, fault.Gone) {
		t.Fatalf("a closed pilot took a child: %v", err)
	}
}
