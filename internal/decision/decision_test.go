package decision_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/testkit"
)

// world is a store with a clock, an organisation with two workers, and
// the service on them.
type world struct {
	t         *testing.T
	st        *store.Store
	path      string
	clock     *testkit.Clock
	svc       *decision.Service
	org, org2 int64
	owner     decision.Actor
	colleague decision.Actor
	stranger  decision.Actor // a worker of another organisation
}

var secret = []byte("a voice secret of thirty-two bytes!!")

func newWorld(t *testing.T) *world {
	t.Helper()
	clock := testkit.NewClock(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	st, path := testkit.OpenStore(t, store.Options{Now: clock.Now})
	svc, err := decision.New(st, secret, []string{"youth_care", "residential_care", "other"}, []string{"nl", "fr", "en", "de", "ar", "uk"})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, st: st, path: path, clock: clock, svc: svc}
	ctx := context.Background()
	w.org, _ = st.CreateOrganisation(ctx, "Jeugdhulp Noord", "care_provider")
	w.org2, _ = st.CreateOrganisation(ctx, "Jeugdhulp Zuid", "care_provider")
	w.owner = decision.Actor{UserID: w.user("owner@noord.example", "worker", w.org), OrganisationID: w.org}
	w.colleague = decision.Actor{UserID: w.user("colleague@noord.example", "worker", w.org), OrganisationID: w.org}
	w.stranger = decision.Actor{UserID: w.user("worker@zuid.example", "worker", w.org2), OrganisationID: w.org2}
	return w
}

func (w *world) user(email, role string, org int64) int64 {
	w.t.Helper()
	u := &store.User{OrganisationID: org, Email: email, Role: role, PasswordHash: "x"}
	if err := w.st.CreateUser(context.Background(), u); err != nil {
		w.t.Fatal(err)
	}
	return u.ID
}

// The words a test child and worker use: the tests search for them.
const (
	childWords    = "Ik wil bij oma Mieke blijven wonen"
	childSecret   = "Mijn geheim voor Jonas alleen"
	decisionWords = "Verblijf bij grootmoeder Mieke verlengd"
)

func (w *world) ask(extra ...func(*decision.NewRequest)) (int64, *decision.Access) {
	w.t.Helper()
	in := decision.NewRequest{Request: decision.Request{Label: "S. placement", About: "Verlenging van het verblijf",
		ChildAbout: "Waar je na de zomer woont", WhoDecides: "De jeugdrechter, samen met je consulent", ByWhen: "2026-04-01", AgeBand: "8-12"},
		Setting: "youth_care", Lang: "nl", Ask: true}
	for _, f := range extra {
		f(&in)
	}
	id, acc, err := w.svc.Create(context.Background(), w.owner, in)
	if err != nil {
		w.t.Fatal(err)
	}
	return id, acc
}

// sendView walks a child through the say and sends it: one answer for the
// meeting, one only for the worker.
func (w *world) sendView(acc *decision.Access) *decision.Visit {
	w.t.Helper()
	ctx := context.Background()
	v, err := w.svc.Enter(ctx, acc.Link, acc.Code)
	if err != nil {
		w.t.Fatal(err)
	}
	must(w.t, w.svc.SaveAnswer(ctx, v, "wishes", decision.Answer{Choice: decision.Said, Text: childWords}, nil))
	must(w.t, w.svc.SaveAnswer(ctx, v, "worries", decision.Answer{Choice: decision.Said, Text: childSecret}, nil))
	must(w.t, w.svc.SaveAnswer(ctx, v, "good", decision.Answer{Choice: decision.DontKnow}, nil))
	must(w.t, w.svc.SaveAnswer(ctx, v, "people", decision.Answer{Choice: decision.Said}, []string{"me", "trusted"}))
	must(w.t, w.svc.Send(ctx, v, map[string]string{"wishes": decision.ShareMeeting, "people": decision.ShareMeeting}))
	return v
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantKind(t *testing.T, err error, k fault.Kind, what string) {
	t.Helper()
	if fault.KindOf(err) != k {
		t.Fatalf("%s: %v, want %v", what, err, k)
	}
}

// The whole way: asked, a view sent with the child's choices, read by the
// owner (all of it) and a colleague (what the meeting may read), the
// decision recorded, the explanation shared, read and rated.
func TestRequestToFeltHeard(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	id, acc := w.ask()
	if len(acc.Code) != decision.CodeLen || len(acc.Link) != 22 {
		t.Fatalf("access %+v", acc)
	}
	// Before sending, the worker sees nothing of the draft.
	v, err := w.svc.Enter(ctx, acc.Link, acc.Code)
	must(t, err)
	must(t, w.svc.SaveAnswer(ctx, v, "wishes", decision.Answer{Choice: decision.Said, Text: childWords}, nil))
	c, err := w.svc.Open(ctx, id, w.owner, decision.ReadPage)
	must(t, err)
	if c.Say != nil {
		t.Fatal("the worker reads a draft the child has not sent")
	}
	w.sendView(acc)
	must(t, w.svc.AddReader(ctx, id, w.owner, w.colleague.UserID))

	c, err = w.svc.Open(ctx, id, w.owner, decision.ReadPage)
	must(t, err)
	if c.Say.Answer("worries").Text != childSecret || c.Say.Answer("wishes").Text != childWords || c.Hidden != 0 {
		t.Fatalf("the owner reads %+v (hidden %d)", c.Say, c.Hidden)
	}
	if c.Say.Answer("good").Choice != decision.DontKnow {
		t.Fatalf("good: %+v", c.Say.Answer("good"))
	}
	col, err := w.svc.Open(ctx, id, w.colleague, decision.ReadPage)
	must(t, err)
	if col.Say.Answer("worries").Text != "" || col.Say.Answer("wishes").Text != childWords || col.Hidden != 2 {
		t.Fatalf("a colleague reads %+v (hidden %d): only what the meeting may read", col.Say, col.Hidden)
	}
	meeting, err := w.svc.Open(ctx, id, w.owner, decision.ReadPrintMeet)
	must(t, err)
	if meeting.Say.Answer("worries").Text != "" {
		t.Fatal("the print for the meeting carries what the child kept for their worker")
	}

	// Recording needs the decision, the reasons and how the view was weighed.
	err = w.svc.SaveRecord(ctx, id, w.owner, decision.Record{Decision: decisionWords}, true)
	wantKind(t, err, fault.Invalid, "a record without reasons")
	rec := decision.Record{Decision: decisionWords, Reasons: "Stabiel en veilig", ViewWeight: "Zwaar: haar wens is duidelijk en past bij haar leeftijd."}
	must(t, w.svc.SaveRecord(ctx, id, w.colleague, rec, true))
	err = w.svc.Withdraw(ctx, w.enter(acc))
	wantKind(t, err, fault.Conflict, "withdrawing after the decision")

	// The explanation, then read and rated.
	w.clock.Add(3 * 24 * time.Hour)
	ex := decision.Explanation{Lang: "nl", Decided: "Je blijft bij oma wonen.", Why: "Daar voel je je veilig."}
	must(t, w.svc.SaveExplanation(ctx, id, w.owner, ex, true))
	v = w.enter(acc)
	if v.Stage() != decision.StageExplained || v.Explanation.Decided != ex.Decided {
		t.Fatalf("stage %s, %+v", v.Stage(), v.Explanation)
	}
	wantKind(t, w.svc.Heard(ctx, v, "yes"), fault.Conflict, "rating before reading")
	must(t, w.svc.ReadExplanation(ctx, v))
	must(t, w.svc.Heard(ctx, v, "some"))
	c, err = w.svc.Open(ctx, id, w.owner, decision.ReadPage)
	must(t, err)
	if c.Heard != "some" || c.Outcome != "view" || c.Days != 3 || c.EraseOn != "2026-06-03" {
		t.Fatalf("heard %q, outcome %q, days %d, erase on %q", c.Heard, c.Outcome, c.Days, c.EraseOn)
	}
}

func (w *world) enter(acc *decision.Access) *decision.Visit {
	w.t.Helper()
	v, err := w.svc.Enter(context.Background(), acc.Link, acc.Code)
	must(w.t, err)
	return v
}

// Only the readers a request names open it; everyone else is told it does
// not exist, and only the owner adds readers, makes a new code or erases.
func TestOnlyReadersOpen(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	id, _ := w.ask()
	admin := decision.Actor{UserID: w.user("admin@noord.example", "admin", w.org), OrganisationID: w.org}
	for name, a := range map[string]decision.Actor{"a colleague not added": w.colleague, "another organisation's worker": w.stranger,
		"an admin not added": admin} {
		_, err := w.svc.Open(ctx, id, a, decision.ReadPage)
		wantKind(t, err, fault.NotFound, name)
	}
	wantKind(t, w.svc.AddReader(ctx, id, w.owner, w.stranger.UserID), fault.Invalid, "adding another organisation's worker")
	must(t, w.svc.AddReader(ctx, id, w.owner, w.colleague.UserID))
	wantKind(t, w.svc.AddReader(ctx, id, w.colleague, admin.UserID), fault.Forbidden, "a colleague adding a reader")
	_, err := w.svc.NewCode(ctx, id, w.colleague)
	wantKind(t, err, fault.Forbidden, "a colleague making a new code")
	wantKind(t, w.svc.Erase(ctx, id, w.colleague, true), fault.Forbidden, "a colleague erasing")
	must(t, w.svc.RemoveReader(ctx, id, w.owner, w.colleague.UserID))
	_, err = w.svc.Open(ctx, id, w.colleague, decision.ReadPage)
	wantKind(t, err, fault.NotFound, "a colleague taken off")
	if list, _ := w.svc.List(ctx, w.colleague); len(list) != 0 {
		t.Fatalf("a colleague taken off still lists %d requests", len(list))
	}
}

// Every opening is in the audit log, with who and why, before anything is
// shown.
func TestEveryOpeningIsAudited(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	id, _ := w.ask()
	for _, purpose := range []string{decision.ReadPage, decision.ReadPrintMeet, decision.ReadPrintFile} {
		_, err := w.svc.Open(ctx, id, w.owner, purpose)
		must(t, err)
	}
	log, err := w.st.AuditLog(ctx, 0, 100)
	must(t, err)
	var reads []string
	for _, e := range log {
		if e.Action == "voice_read" && e.UserID == w.owner.UserID {
			reads = append(reads, e.Detail)
		}
	}
	if len(reads) != 3 {
		t.Fatalf("reads in the audit log: %q", reads)
	}
}

// "I don't want to take part now" keeps nothing of a draft, is what the
// worker sees, and can be changed until the decision; taking words back
// erases them.
func TestDeclineAndWithdraw(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	id, acc := w.ask()
	v := w.enter(acc)
	must(t, w.svc.SaveAnswer(ctx, v, "wishes", decision.Answer{Choice: decision.Said, Text: childWords}, nil))
	must(t, w.svc.Decline(ctx, v))
	c, err := w.svc.Open(ctx, id, w.owner, decision.ReadPage)
	must(t, err)
	if c.Child != store.VoiceDeclined || c.Say != nil || c.Texts["say"] != nil {
		t.Fatalf("after declining: %s, %+v", c.Child, c.Say)
	}
	v = w.enter(acc)
	if v.Say.Answer("wishes").Text != "" {
		t.Fatal("a declined draft came back")
	}
	must(t, w.svc.Rejoin(ctx, v))
	w.sendView(acc)
	must(t, w.svc.Withdraw(ctx, w.enter(acc)))
	c, err = w.svc.Open(ctx, id, w.owner, decision.ReadPage)
	must(t, err)
	if c.Child != store.VoiceWithdrawn || c.Say != nil {
		t.Fatalf("after taking back: %s", c.Child)
	}
	must(t, w.svc.SaveRecord(ctx, id, w.owner, decision.Record{Decision: "x", Reasons: "y"}, true))
	c, _ = w.svc.Open(ctx, id, w.owner, decision.ReadPage)
	if c.Outcome != "withdrawn" {
		t.Fatalf("outcome %q", c.Outcome)
	}
}

// A request where the child is not asked names why, has no link until the
// worker makes one for the explanation, and counts as "not asked".
func TestNotAsked(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	_, _, err := w.svc.Create(ctx, w.owner, decision.NewRequest{Request: decision.Request{Label: "x", ChildAbout: "x", WhoDecides: "x",
		AgeBand: "4-7"}, Setting: "other", Lang: "nl"})
	wantKind(t, err, fault.Invalid, "not asked without a reason")
	id, acc := w.ask(func(in *decision.NewRequest) { in.Ask, in.NotAsked = false, "urgent" })
	if acc != nil {
		t.Fatal("a link for a child who is not asked")
	}
	must(t, w.svc.SaveRecord(ctx, id, w.owner, decision.Record{Decision: "x", Reasons: "y"}, true))
	must(t, w.svc.SaveExplanation(ctx, id, w.owner, decision.Explanation{Lang: "nl", Decided: "x", Why: "y"}, true))
	acc, err = w.svc.NewCode(ctx, id, w.owner)
	must(t, err)
	v := w.enter(acc)
	if v.Stage() != decision.StageExplained {
		t.Fatalf("stage %s", v.Stage())
	}
	wantKind(t, w.svc.SaveAnswer(ctx, v, "good", decision.Answer{Choice: decision.DontKnow}, nil), fault.Conflict, "a say after the decision")
}

// A request opened with another key file is named as such, not read as
// noise.
func TestForeignKeyFile(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	id, acc := w.ask()
	other, err := decision.New(w.st, []byte("another voice secret, thirty-two b"), []string{"youth_care"}, []string{"nl"})
	must(t, err)
	_, err = other.Open(context.Background(), id, w.owner, decision.ReadPage)
	if !errors.Is(err, decision.ErrForeignKey) {
		t.Fatalf("open under another key file: %v", err)
	}
	_, err = other.Enter(context.Background(), acc.Link, acc.Code)
	if fault.KindOf(err) == fault.Internal {
		t.Fatalf("enter under another key file: %v", err)
	}
}
