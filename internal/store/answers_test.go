package store_test

import (
	"context"
	"crypto/sha256"
	"slices"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// secondSession adds another session of the fixture's organisation.
func (f *fixture) secondSession(tb testing.TB) *store.Session {
	tb.Helper()
	s2 := *f.session
	s2.ID, s2.Code = 0, ""
	if err := f.s.CreateSession(context.Background(), &s2); err != nil {
		tb.Fatal(err)
	}
	return &s2
}

func twoPartReply(f *fixture, sessions ...int64) *store.Reply {
	return &store.Reply{OrganisationID: f.session.OrganisationID, Lang: "nl", Sessions: sessions, Parts: []store.ReplyPart{
		{Theme: "wellbeing", Texts: map[string]store.PartText{
			"nl": {Title: "Speeltijd", YouSaid: "Jullie willen meer speeltijd.", WeWill: "De pauze wordt 10 minuten langer.", WhoDecides: "De directie, in juni."},
			"en": {Title: "Playtime", YouSaid: "You want more playtime.", WeWill: "Break gets 10 minutes longer.", WhoDecides: "The head, in June."},
		}},
		{TopicID: 42, Texts: map[string]store.PartText{
			"nl": {Title: "Skatepark", YouSaid: "Jullie willen een skatepark.", WeWillNot: "Er is geen plaats, want het plein is te klein.", WhoDecides: "De gemeenteraad, in 2027."},
		}},
	}}
}

// One answer goes to two sessions, keeps its parts and languages, and is
// public under both only while the worker keeps it public.
func TestReplyAcrossSessionsPublicAndWithdrawn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	s2 := f.secondSession(t)
	r := twoPartReply(f, f.session.ID, s2.ID)
	if err := f.s.SaveReply(ctx, r); err != nil {
		t.Fatal(err)
	}
	for _, sid := range []int64{f.session.ID, s2.ID} {
		if _, err := f.s.PublicReply(ctx, sid); !fault.Is(err, fault.NotFound) {
			t.Fatalf("a draft is public under session %d: %v", sid, err)
		}
	}
	if err := f.s.SetReplyPublic(ctx, r.ID, true); err != nil {
		t.Fatal(err)
	}
	for _, sid := range []int64{f.session.ID, s2.ID} {
		got, err := f.s.PublicReply(ctx, sid)
		if err != nil {
			t.Fatalf("session %d: %v", sid, err)
		}
		if len(got.Parts) != 2 || got.Parts[0].Texts["en"].WeWill != "Break gets 10 minutes longer." || got.Parts[1].TopicID != 42 ||
			got.Parts[1].Texts["nl"].WeWillNot == "" || got.Parts[0].Theme != "wellbeing" {
			t.Fatalf("session %d reads %+v", sid, got.Parts)
		}
		if langs := got.Langs(); !slices.Equal(langs, []string{"nl"}) {
			t.Fatalf("languages of every part: %v, want [nl]", langs)
		}
	}
	first, _ := f.s.Reply(ctx, r.ID)
	f.clock.Add(time.Hour)
	if err := f.s.SetReplyPublic(ctx, r.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.PublicReply(ctx, s2.ID); !fault.Is(err, fault.NotFound) {
		t.Fatalf("a withdrawn answer is still public: %v", err)
	}
	f.s.SetReplyPublic(ctx, r.ID, true)
	again, _ := f.s.Reply(ctx, r.ID)
	if !again.FirstPublicAt.Equal(first.FirstPublicAt) || first.FirstPublicAt.IsZero() {
		t.Fatalf("first public at moved from %v to %v", first.FirstPublicAt, again.FirstPublicAt)
	}
	// Dropping a session from the answer takes it away there only.
	r.Sessions = []int64{s2.ID}
	if err := f.s.SaveReply(ctx, r); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.PublicReply(ctx, f.session.ID); !fault.Is(err, fault.NotFound) {
		t.Fatalf("the dropped session still reads the answer: %v", err)
	}
	if _, err := f.s.PublicReply(ctx, s2.ID); err != nil {
		t.Fatal(err)
	}
}

// A save that fails leaves the answer as it was: nothing half-written.
func TestSaveReplyIsAllOrNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	r := twoPartReply(f, f.session.ID)
	if err := f.s.SaveReply(ctx, r); err != nil {
		t.Fatal(err)
	}
	bad := twoPartReply(f, f.session.ID)
	bad.ID = r.ID
	p := bad.Parts[1].Texts["nl"]
	p.WeWill = "Trojan \u202e source"
	bad.Parts[1].Texts["nl"] = p
	if err := f.s.SaveReply(ctx, bad); !fault.Is(err, fault.Invalid) {
		t.Fatalf("hidden characters: %v, want invalid", err)
	}
	fresh := twoPartReply(f, 999999)
	if err := f.s.SaveReply(ctx, fresh); err == nil || fresh.ID != 0 {
		t.Fatalf("a new answer to no session: %v, id %d", err, fresh.ID)
	}
	bad = twoPartReply(f, f.session.ID, 999999) // no such session: the foreign key fails mid-way
	bad.ID = r.ID
	bad.Parts = bad.Parts[:1]
	if err := f.s.SaveReply(ctx, bad); err == nil {
		t.Fatal("an answer to a session that does not exist was stored")
	}
	got, err := f.s.Reply(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Parts) != 2 || !slices.Equal(got.Sessions, []int64{f.session.ID}) {
		t.Fatalf("a failed save changed the answer: %d parts, sessions %v", len(got.Parts), got.Sessions)
	}
}

// submitted stores n children's questionnaires in the fixture's session.
func (f *fixture) submitted(tb testing.TB, n int) {
	tb.Helper()
	for range n {
		if _, err := f.s.Submit(context.Background(), f.submission()); err != nil {
			tb.Fatal(err)
		}
	}
}

// Each one-time token counts once; the counts keep no link to a token;
// a session of three children takes three faces, no more.
func TestHeardCountsOncePerToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.submitted(t, 3)
	r := twoPartReply(f, f.session.ID)
	if err := f.s.SaveReply(ctx, r); err != nil {
		t.Fatal(err)
	}
	tok := func(s string) [32]byte { return sha256.Sum256([]byte(s)) }
	for i, c := range []struct {
		token, rating string
		want          fault.Kind // Internal: no error
	}{
		{"a", "yes", fault.Internal},
		{"b", "some", fault.Internal},
		{"a", "no", fault.Conflict},
		{"c", "maybe", fault.Invalid},
		{"c", "yes", fault.Internal},
		{"d", "no", fault.Conflict}, // a fourth face in a group of three
	} {
		err := f.s.RecordHeard(ctx, tok(c.token), r.ID, f.session.ID, c.rating)
		if (err == nil) != (c.want == fault.Internal) || (err != nil && !fault.Is(err, c.want)) {
			t.Fatalf("case %d (%s %s): %v, want %v", i, c.token, c.rating, err, c.want)
		}
	}
	counts, err := f.s.HeardCounts(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h := counts[f.session.ID]; h != (store.Heard{Yes: 2, Some: 1}) {
		t.Fatalf("counts %+v", h)
	}
}

// The process data: days from close to the first public answer, a
// session linked later counts from when it was linked.
func TestProcessDataDaysToFirstAnswer(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	s2 := f.secondSession(t)
	f.s.CloseSession(ctx, f.session.ID)
	f.s.CloseSession(ctx, s2.ID)
	r := twoPartReply(f, f.session.ID)
	f.s.SaveReply(ctx, r)
	f.clock.Add(3 * 24 * time.Hour)
	if err := f.s.SetReplyPublic(ctx, r.ID, true); err != nil {
		t.Fatal(err)
	}
	f.clock.Add(4 * 24 * time.Hour)
	r.Sessions = []int64{f.session.ID, s2.ID}
	if err := f.s.SaveReply(ctx, r); err != nil {
		t.Fatal(err)
	}
	sessions, parts, err := f.s.ProcessData(ctx)
	if err != nil {
		t.Fatal(err)
	}
	days := map[int64]float64{}
	for _, s := range sessions {
		days[s.ID] = s.FirstAnswerAt.Sub(s.ClosedAt).Hours() / 24
		if len(s.PublicReplies) != 1 {
			t.Fatalf("session %d has public answers %v", s.ID, s.PublicReplies)
		}
	}
	if days[f.session.ID] != 3 || days[s2.ID] != 7 {
		t.Fatalf("days to first answer %v, want 3 and 7", days)
	}
	if parts[r.ID] != (store.ReplyParts{Parts: 2, WeWill: 1}) {
		t.Fatalf("parts %+v", parts[r.ID])
	}
}
