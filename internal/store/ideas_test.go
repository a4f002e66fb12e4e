package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// ideasFixture is the store fixture with a second session, of the same
// organisation, that has the ideas step.
func ideasFixture(tb testing.TB) (*fixture, *store.Session) {
	tb.Helper()
	f := newFixture(tb)
	sess := &store.Session{OrganisationID: f.session.OrganisationID, SurveyID: "wellbeing", SurveyVersion: 1, SurveyHash: "h", AgeBand: "10-13",
		Lang: "nl", Setting: "youth_work", Region: "gent", ClosesAt: f.clock.Now().Add(2 * time.Hour),
		ResultsUntil: f.clock.Now().Add(90 * 24 * time.Hour), Ideas: true}
	if err := f.s.CreateSession(context.Background(), sess); err != nil {
		tb.Fatal(err)
	}
	return f, sess
}

// submitIdeas stores one child's submission to sess carrying ideas.
func (f *fixture) submitIdeas(tb testing.TB, sess *store.Session, ideas ...store.Idea) store.Receipt {
	tb.Helper()
	sub := f.submission()
	sub.SessionID, sub.Ideas = sess.ID, ideas
	r, err := f.s.Submit(context.Background(), sub)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func count(tb testing.TB, path, query string, args ...any) int {
	tb.Helper()
	rows := rawQuery(tb, path, query, args...)
	defer rows.Close()
	var n int
	rows.Next()
	if err := rows.Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// Ideas ride in the submission's transaction, are stored once however
// often the device sends, and carry nothing that points to the submission.
func TestIdeasStoredOnceAndApart(t *testing.T) {
	t.Parallel()
	f, sess := ideasFixture(t)
	ctx := context.Background()
	got, err := f.s.SessionByID(ctx, sess.ID)
	if err != nil || !got.Ideas {
		t.Fatalf("session read back: ideas = %v, %v; want true", got != nil && got.Ideas, err)
	}
	sub := f.submission()
	sub.SessionID, sub.Ideas = sess.ID, []store.Idea{{Kind: store.IdeaChange, Text: "Een grotere speelplaats"}, {Kind: store.IdeaKeep, Text: "De juf"}}
	for range 3 {
		if _, err := f.s.Submit(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, f.path, `SELECT count(*) FROM ideas`); n != 2 {
		t.Fatalf("ideas after three sends = %d, want 2", n)
	}
	rows := rawQuery(t, f.path, `SELECT name FROM pragma_table_info('ideas')`)
	defer rows.Close()
	for rows.Next() {
		var col string
		rows.Scan(&col)
		switch col {
		case "key", "session_id", "kind", "hidden", "text", "topic_id":
		default:
			t.Errorf("ideas has a column %q: nothing but these six may be kept", col)
		}
	}
}

// A session without the ideas step takes no ideas, and the submission that
// carried them is refused whole.
func TestIdeasRefusedWithoutTheStep(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sub := f.submission()
	sub.Ideas = []store.Idea{{Kind: store.IdeaChange, Text: "Meer bomen"}}
	if _, err := f.s.Submit(context.Background(), sub); !fault.Is(err, fault.Invalid) {
		t.Fatalf("ideas to a session without the step: %v, want an Invalid fault", err)
	}
	assertEmpty(t, f.path)
	if n := count(t, f.path, `SELECT count(*) FROM ideas`); n != 0 {
		t.Fatalf("%d ideas stored, want none", n)
	}
}

func TestMergeRenameAndHide(t *testing.T) {
	t.Parallel()
	f, sess := ideasFixture(t)
	ctx := context.Background()
	f.submitIdeas(t, sess, store.Idea{Kind: store.IdeaChange, Text: "Meer voetbal"}, store.Idea{Kind: store.IdeaKeep, Text: "Het zwembad"})
	f.submitIdeas(t, sess, store.Idea{Kind: store.IdeaChange, Text: "Voetbal elke dag"})
	f.submitIdeas(t, sess, store.Idea{Kind: store.IdeaChange, Text: "Jan van 5B pest mij"})
	ideas, err := f.s.Ideas(ctx, sess.ID)
	if err != nil || len(ideas) != 4 {
		t.Fatalf("ideas = %d, %v; want 4", len(ideas), err)
	}
	key := map[string][]byte{}
	for _, i := range ideas {
		key[i.Text], _ = store.ParseIdeaKey(i.Key)
	}
	topic, err := f.s.MergeIdeas(ctx, sess.ID, [][]byte{key["Meer voetbal"], key["Voetbal elke dag"]}, 0, "  Voetbal  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.RenameTopic(ctx, sess.ID, topic, "Meer voetbal"); err != nil {
		t.Fatal(err)
	}
	if err := f.s.HideIdea(ctx, sess.ID, key["Jan van 5B pest mij"]); err != nil {
		t.Fatal(err)
	}
	topics, err := f.s.Topics(ctx, sess.ID)
	if err != nil || len(topics) != 1 || topics[0].Title != "Meer voetbal" || topics[0].Votes != -1 || topics[0].SessionID != sess.ID {
		t.Fatalf("topics = %+v, %v; want one, renamed, votes -1", topics, err)
	}
	ideas, _ = f.s.Ideas(ctx, sess.ID)
	merged := 0
	for _, i := range ideas {
		if i.Text == "Jan van 5B pest mij" {
			t.Fatal("a hidden idea is still listed")
		}
		if i.TopicID == topic {
			merged++
		}
	}
	if len(ideas) != 3 || merged != 2 {
		t.Fatalf("after hiding: %d ideas, %d in the topic; want 3 and 2", len(ideas), merged)
	}
	if n := count(t, f.path, `SELECT count(*) FROM ideas WHERE text LIKE '%Jan%'`); n != 0 {
		t.Fatal("the hidden idea's text is still in the database file")
	}

	cases := []struct {
		name string
		err  error
		kind fault.Kind
	}{
		{"hide twice", f.s.HideIdea(ctx, sess.ID, key["Jan van 5B pest mij"]), fault.Invalid},
		{"merge a hidden idea", second(f.s.MergeIdeas(ctx, sess.ID, [][]byte{key["Jan van 5B pest mij"]}, topic, "")), fault.Invalid},
		{"merge into another session", second(f.s.MergeIdeas(ctx, f.session.ID, [][]byte{key["Het zwembad"]}, 0, "Zwemmen")), fault.Invalid},
		{"a topic of another session", f.s.RenameTopic(ctx, f.session.ID, topic, "Iets"), fault.Invalid},
		{"no ideas", second(f.s.MergeIdeas(ctx, sess.ID, nil, 0, "Leeg")), fault.Invalid},
		{"empty title", second(f.s.MergeIdeas(ctx, sess.ID, [][]byte{key["Het zwembad"]}, 0, "   ")), fault.Invalid},
		{"hidden characters", f.s.RenameTopic(ctx, sess.ID, topic, "Voet\u202ebal"), fault.Invalid},
	}
	for _, tc := range cases {
		if !fault.Is(tc.err, tc.kind) {
			t.Errorf("%s: %v, want a %v fault", tc.name, tc.err, tc.kind)
		}
	}
	if n := count(t, f.path, `SELECT count(*) FROM topics`); n != 1 {
		t.Fatalf("refused merges left %d topics, want 1", n)
	}
}

func second[T any](_ T, err error) error { return err }

func token(s string) [32]byte { return sha256.Sum256([]byte(s)) }

func TestVoteRound(t *testing.T) {
	t.Parallel()
	f, sess := ideasFixture(t)
	ctx := context.Background()
	if err := f.s.OpenVotes(ctx, sess.ID); !fault.Is(err, fault.Conflict) {
		t.Fatalf("a vote round without topics opened: %v", err)
	}
	for range 3 {
		f.submitIdeas(t, sess, store.Idea{Kind: store.IdeaChange, Text: "Meer bomen"})
	}
	ideas, _ := f.s.Ideas(ctx, sess.ID)
	var ids []int64
	for i, idea := range ideas[:2] {
		k, _ := hex.DecodeString(idea.Key)
		id, err := f.s.MergeIdeas(ctx, sess.ID, [][]byte{k}, 0, "Onderwerp "+string(rune('A'+i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if _, err := f.s.Vote(ctx, sess.ID, token("early"), ids[:1]); !fault.Is(err, fault.Gone) {
		t.Fatalf("a vote before the round opened: %v, want Gone", err)
	}
	if err := f.s.OpenVotes(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		token   string
		topics  []int64
		counted bool
		kind    fault.Kind // 0: no error
	}{
		{"both topics", "a", ids, true, 0},
		{"the same form again", "a", ids[:1], false, 0},
		{"one topic", "b", ids[1:], true, 0},
		{"none ticked", "c", nil, false, fault.Invalid},
		{"too many", "c", []int64{ids[0], ids[1], ids[0], ids[1]}, false, fault.Invalid},
		{"twice the same", "c", []int64{ids[0], ids[0]}, false, fault.Invalid},
		{"another session's topic", "c", []int64{ids[0], 999}, false, fault.Invalid},
		{"the last child", "d", ids[:1], true, 0},
		{"more voters than children", "e", ids[:1], false, fault.Conflict},
	}
	for _, tc := range cases {
		counted, err := f.s.Vote(ctx, sess.ID, token(tc.token), tc.topics)
		if counted != tc.counted || (tc.kind == 0) != (err == nil) || (err != nil && !fault.Is(err, tc.kind)) {
			t.Errorf("%s: counted %v, %v; want %v, kind %v", tc.name, counted, err, tc.counted, tc.kind)
		}
	}
	tally, err := f.s.TopicVotes(ctx, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if tally.Voters != 3 || tally.Votes[ids[0]] != 2 || tally.Votes[ids[1]] != 2 || tally.State != store.VotesOpen {
		t.Fatalf("tally = %+v; want 3 voters, 2 and 2 votes, open", tally)
	}
	if err := f.s.CloseVotes(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.s.OpenVotes(ctx, sess.ID); !fault.Is(err, fault.Conflict) {
		t.Fatalf("a closed vote round opened again: %v", err)
	}
	if _, err := f.s.Vote(ctx, sess.ID, token("late"), ids[:1]); !fault.Is(err, fault.Gone) {
		t.Fatalf("a vote after closing: %v, want Gone", err)
	}
	if _, err := f.s.TopicVotes(ctx, f.session.ID); !fault.Is(err, fault.NotFound) {
		t.Fatalf("votes of a session without ideas: %v, want NotFound", err)
	}
}

// A hidden idea's words leave the file itself, not only the table: once
// the log is checkpointed, no page of the database holds them.
func TestHiddenIdeaLeavesTheFile(t *testing.T) {
	t.Parallel()
	f, sess := ideasFixture(t)
	ctx := context.Background()
	secret := "Pieter uit klas 6 woont naast de bakker"
	// Other ideas around it on the same page, as in a real group.
	for i := range 30 {
		f.submitIdeas(t, sess, store.Idea{Kind: store.IdeaKeep, Text: fmt.Sprintf("Het speelplein, idee %d", i)})
		if i == 15 {
			f.submitIdeas(t, sess, store.Idea{Kind: store.IdeaChange, Text: secret})
		}
	}
	ideas, _ := f.s.Ideas(ctx, sess.ID)
	var key []byte
	for _, i := range ideas {
		if i.Text == secret {
			key, _ = store.ParseIdeaKey(i.Key)
		}
	}
	if err := f.s.HideIdea(ctx, sess.ID, key); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{f.path, f.path + "-wal"} {
		data, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(secret)) {
			t.Fatalf("%s still holds the hidden idea's words", filepath.Base(p))
		}
	}
}

// Ideas follow their submission through the grace period: kept when it
// gets through, and nothing of them when it does not.
func TestIdeasFollowTheGracePeriod(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		after time.Duration
		kept  int
	}{{"within grace", 9 * time.Minute, 1}, {"grace over", 11 * time.Minute, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			f, sess := ideasFixture(t)
			ctx := context.Background()
			if err := f.s.CloseSessionWithGrace(ctx, sess.ID, 10*time.Minute); err != nil {
				t.Fatal(err)
			}
			f.clock.Add(tc.after)
			sub := f.submission()
			sub.SessionID, sub.Ideas = sess.ID, []store.Idea{{Kind: store.IdeaChange, Text: "Laat"}}
			_, err := f.s.Submit(ctx, sub)
			if (tc.kept == 1) != (err == nil) {
				t.Fatalf("submit: %v", err)
			}
			if n := count(t, f.path, `SELECT count(*) FROM ideas`); n != tc.kept {
				t.Fatalf("%d ideas kept, want %d", n, tc.kept)
			}
		})
	}
}
