package authoring_test

import (
	"bytes"
	"context"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/authoring"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/locale"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

type env struct {
	a                *authoring.Service
	st               *store.Store
	author, reviewer int64
	clock            *testkit.Clock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	clock := testkit.NewClock(time.Date(2026, 5, 12, 9, 0, 0, 0, time.UTC))
	st, _, cat, bundle := testkit.OpenCatalogStore(t, store.Options{Now: clock.Now})
	e := &env{a: authoring.New(st, cat.Clone(), bundle.Clone()), st: st, clock: clock}
	ctx := context.Background()
	org, err := st.CreateOrganisation(ctx, "Gemeente", "municipality")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		id    *int64
		email string
	}{{&e.author, "author@example.org"}, {&e.reviewer, "reviewer@example.org"}} {
		user := &store.User{OrganisationID: org, Email: u.email, Role: "admin", PasswordHash: "x"}
		if err := st.CreateUser(ctx, user); err != nil {
			t.Fatal(err)
		}
		*u.id = user.ID
	}
	return e
}

// example is the example shipped in surveys/examples, with cells changed:
// "survey!C4" = "new words".
func example(t *testing.T, edits ...string) []byte {
	t.Helper()
	data, err := fs.ReadFile(kinderstem.Assets(), "surveys/examples/play.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(edits) == 0 {
		return data
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i := 0; i+1 < len(edits); i += 2 {
		sheet, cell, _ := strings.Cut(edits[i], "!")
		if err := f.SetCellStr(sheet, cell, edits[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (e *env) imported(t *testing.T, data []byte) *authoring.Imported {
	t.Helper()
	im, err := e.a.Import(context.Background(), data, "play.xlsx", e.author)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Problems) > 0 {
		t.Fatalf("problems: %+v", im.Problems)
	}
	return im
}

func (e *env) approve(t *testing.T, im *authoring.Imported, wording ...string) {
	t.Helper()
	if err := e.a.Review(context.Background(), im.DraftID, im.Revision, e.reviewer, true, wording, "ok"); err != nil {
		t.Fatal(err)
	}
}

// An import becomes a draft; only a second person's approval of that very
// revision lets it be published; publishing makes version 1, which the
// catalogue and the translations know at once.
func TestImportReviewPublish(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	im := e.imported(t, example(t))
	d, err := e.a.Draft(ctx, im.DraftID)
	if err != nil {
		t.Fatal(err)
	}
	if d.NextVersion != 1 || len(d.Blocks) != 1 || d.Blocks[0].ID != "authoring.block_review" {
		t.Fatalf("a fresh draft: next version %d, blocks %+v", d.NextVersion, d.Blocks)
	}
	if _, err := e.a.Publish(ctx, im.DraftID, im.Revision, e.author); !fault.Is(err, fault.Conflict) {
		t.Fatalf("published without a review: %v", err)
	}
	if err := e.a.Review(ctx, im.DraftID, im.Revision, e.author, true, nil, ""); !fault.Is(err, fault.Forbidden) {
		t.Fatalf("the author approved their own revision: %v", err)
	}
	e.approve(t, im)
	// A new upload after the approval needs its own.
	im2 := e.imported(t, example(t, "survey!C4", "Ik speel graag buiten."))
	if _, err := e.a.Publish(ctx, im.DraftID, im.Revision, e.author); err != authoring.ErrChanged {
		t.Fatalf("published an old revision: %v", err)
	}
	if _, err := e.a.Publish(ctx, im2.DraftID, im2.Revision, e.author); !fault.Is(err, fault.Conflict) {
		t.Fatalf("published an unreviewed revision: %v", err)
	}
	e.approve(t, im2)
	s, err := e.a.Publish(ctx, im2.DraftID, im2.Revision, e.author)
	if err != nil {
		t.Fatal(err)
	}
	cur, ok := e.a.Catalog.Survey("play")
	if !ok || cur != s || s.Version != 1 || len(s.Languages()) != 6 {
		t.Fatalf("catalogue: %v %+v", ok, cur)
	}
	if got := e.a.Locales.For("ar").T(s.Title); got != "اللعب ووقت الفراغ" {
		t.Errorf("the Arabic title is %q", got)
	}
	it, _ := s.Item("play_outside")
	if got := e.a.Locales.For("nl").T(it.Text); got != "Ik speel graag buiten." {
		t.Errorf("the published words are %q", got)
	}
	if ids := e.st.ItemIDs("play"); len(ids) != len(s.Items()) {
		t.Errorf("%d items numbered for %d items", len(ids), len(s.Items()))
	}
}

// A published item whose words change needs a new name unless the
// reviewer marks it "wording only", which is kept with the version; one
// whose answers change always needs a new name. Sessions keep version 1.
func TestNewVersionRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	im := e.imported(t, example(t))
	e.approve(t, im)
	v1, err := e.a.Publish(ctx, im.DraftID, im.Revision, e.author)
	if err != nil {
		t.Fatal(err)
	}
	// Other answers for play_outside: a new scale.
	bad := e.imported(t, example(t, "survey!AA4", "true_for_me", "survey!A4", "select_one true_for_me"))
	d, _ := e.a.Draft(ctx, bad.DraftID)
	if len(d.Blocks) == 0 || d.Blocks[0].ID != "authoring.block_answers" {
		t.Fatalf("blocks of a changed scale: %+v", d.Blocks)
	}
	if err := e.a.Review(ctx, bad.DraftID, bad.Revision, e.reviewer, true, []string{"play_outside"}, ""); !fault.Is(err, fault.Invalid) {
		t.Fatalf("marked a changed scale wording only: %v", err)
	}
	// Other words: blocked until marked.
	im2 := e.imported(t, example(t, "survey!C4", "Ik speel graag buiten."))
	e.approve(t, im2)
	d, _ = e.a.Draft(ctx, im2.DraftID)
	if len(d.Blocks) != 1 || d.Blocks[0].ID != "authoring.block_words" {
		t.Fatalf("blocks of changed words: %+v", d.Blocks)
	}
	e.approve(t, im2, "play_outside")
	v2, err := e.a.Publish(ctx, im2.DraftID, im2.Revision, e.author)
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 || v2.Hash == v1.Hash {
		t.Fatalf("version 2: %d %s", v2.Version, v2.Hash)
	}
	if old, ok := e.a.Catalog.Version("play", 1); !ok || old != v1 {
		t.Fatal("version 1 is gone from the catalogue")
	}
	vs, _ := e.st.Versions(ctx)
	if len(vs) != 2 || strings.Join(vs[1].WordingOnly, " ") != "play_outside" {
		t.Fatalf("versions kept: %+v", vs)
	}
	// A fresh catalogue after a restart has both versions, the same.
	fresh := authoring.New(e.st, catalogOf(t), bundleOf(t))
	if err := fresh.LoadPublished(ctx); err != nil {
		t.Fatal(err)
	}
	if cur, _ := fresh.Catalog.Survey("play"); cur.Version != 2 || cur.Hash != v2.Hash {
		t.Fatalf("after a restart: %+v", cur)
	}
	if old, ok := fresh.Catalog.Version("play", 1); !ok || old.Hash != v1.Hash {
		t.Fatal("after a restart, version 1 is gone")
	}
}

func catalogOf(t *testing.T) *survey.Catalog {
	cat, _ := testkit.Content(t)
	return cat.Clone()
}

func bundleOf(t *testing.T) *locale.Bundle {
	_, b := testkit.Content(t)
	return b.Clone()
}

// A pilot says nothing below k children, and then only bands.
func TestPilotResults(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	im := e.imported(t, example(t))
	org, _ := e.st.CreateOrganisation(ctx, "Jeugdhuis", "ngo")
	pilot := func(children, unclear int) *store.Session {
		sess := &store.Session{OrganisationID: org, SurveyID: "play", SurveyHash: "x", AgeBand: "10-13", Lang: "nl", Setting: "school",
			Region: "gent", ClosesAt: e.clock.Now().Add(time.Hour), ResultsUntil: e.clock.Now().Add(time.Hour)}
		if err := e.st.CreatePilot(ctx, sess, im.DraftID, im.Revision); err != nil {
			t.Fatal(err)
		}
		for i := range children {
			var taps []store.PilotTap
			if i < unclear {
				taps = []store.PilotTap{{Item: "place_kind", Skipped: true}}
			}
			if _, err := e.st.RecordPilot(ctx, sess.ID, [16]byte{byte(sess.ID), byte(i)}, taps); err != nil {
				t.Fatal(err)
			}
		}
		return sess
	}
	policy := release.MustPolicy(10, 0).WithSecret([]byte("the tests' record secret"))
	big := pilot(12, 8)
	rep, err := e.a.PilotResults(ctx, im.DraftID, im.Revision, policy)
	if err != nil || rep.Enough || rep.Running != 1 || len(rep.Items) != 0 {
		t.Fatalf("an open pilot is counted: %+v %v", rep, err)
	}
	e.st.CloseSession(ctx, big.ID)
	small := pilot(3, 3)
	e.st.CloseSession(ctx, small.ID)
	rep, _ = e.a.PilotResults(ctx, im.DraftID, im.Revision, policy)
	if !rep.Enough || rep.Children < 10 || rep.Children > 14 || rep.Small != 1 || rep.Counted != 1 {
		t.Fatalf("report = %+v", rep)
	}
	for _, it := range rep.Items {
		want := release.BandNone
		if it.Item.ID == "place_kind" {
			want = release.BandMany
		}
		if it.Unclear != want {
			t.Errorf("%s: %s, want %s", it.Item.ID, it.Unclear, want)
		}
	}
}

func TestPreviewToken(t *testing.T) {
	t.Parallel()
	key := []byte("a preview key of thirty-two bytes")
	now := time.Date(2026, 5, 12, 9, 0, 0, 0, time.UTC)
	tok := authoring.PreviewToken(key, 42, 3, now.Add(time.Hour))
	if d, r, err := authoring.ParsePreviewToken(key, tok, now); err != nil || d != 42 || r != 3 {
		t.Fatalf("%d %d %v", d, r, err)
	}
	for name, bad := range map[string]string{
		"expired":   authoring.PreviewToken(key, 42, 3, now.Add(-time.Second)),
		"other key": authoring.PreviewToken([]byte("another key"), 42, 3, now.Add(time.Hour)),
		"changed":   tok[:len(tok)-2] + "AA",
		"garbage":   "not-a-token",
	} {
		if _, _, err := authoring.ParsePreviewToken(key, bad, now); !fault.Is(err, fault.NotFound) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The translation sheet of a language goes out with the source words and
// comes back with the target's: a new revision that speaks the language.
// A sheet with a key it does not know, a key twice, or made for another
// language changes nothing.
func TestTranslationRoundTrip(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	// The example without German for the title and the first question.
	im := e.imported(t, example(t, "survey!F4", "", "settings!E2", ""))
	d, _ := e.a.Draft(ctx, im.DraftID)
	if d.Missing["de"] != 2 || len(d.Survey.Languages()) != 5 {
		t.Fatalf("missing German: %d, languages %v", d.Missing["de"], d.Survey.Languages())
	}
	sheet, _, err := e.a.TranslationSheet(ctx, im.DraftID, "de", func(r authoring.Reason) string { return r.ID })
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(sheet))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("translation")
	if rows[0][1] != "source::Nederlands (nl)" || rows[0][2] != "target::Deutsch (de)" || rows[1][0] != "title" || rows[1][3] != "authoring.note_title" {
		t.Fatalf("sheet starts %v / %v", rows[0], rows[1])
	}
	filled := 0
	for i, r := range rows[1:] {
		if len(r) < 3 || r[2] == "" {
			cell, _ := excelize.CoordinatesToCellName(3, i+2)
			f.SetCellStr("translation", cell, "Deutsch: "+r[1])
			filled++
		}
	}
	var buf bytes.Buffer
	f.Write(&buf)
	if filled != 2 {
		t.Fatalf("%d rows to translate, want 2", filled)
	}
	tr, err := e.a.ImportTranslation(ctx, im.DraftID, "de", buf.Bytes(), "play-de.xlsx", e.author)
	if err != nil || len(tr.Problems) > 0 {
		t.Fatalf("import: %v %+v", err, tr)
	}
	d, _ = e.a.Draft(ctx, im.DraftID)
	if d.Revision != 2 || d.Missing["de"] != 0 || len(d.Survey.Languages()) != 6 || d.Survey.Texts.Get("de", "title") != "Deutsch: Spelen en vrije tijd" {
		t.Fatalf("after the translation: revision %d, missing %d, languages %v", d.Revision, d.Missing["de"], d.Survey.Languages())
	}
	for name, edit := range map[string][2]string{
		"unknown key":    {"A2", "nonsense"},
		"duplicate key":  {"A3", "title"},
		"other language": {"C1", "target::Français (fr)"},
	} {
		g, _ := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		g.SetCellStr("translation", edit[0], edit[1])
		var b bytes.Buffer
		g.Write(&b)
		tr, err := e.a.ImportTranslation(ctx, im.DraftID, "de", b.Bytes(), "x.xlsx", e.author)
		if err != nil || len(tr.Problems) != 1 {
			t.Errorf("%s: %v %+v", name, err, tr)
		}
	}
	if d2, _ := e.a.Draft(ctx, im.DraftID); d2.Revision != 2 {
		t.Errorf("a sheet with problems made revision %d", d2.Revision)
	}
}
