package decision_test

import (
	"context"
	"testing"

	"github.com/kinderstem/kinderstem/internal/decision"
)

// Words a child typed but never sent are erased when the decision is
// recorded: from then on nobody may read them (only a sent view is
// shown), and the child can no longer send or erase them ("not now" and
// taking back close with the decision), so keeping them until the
// retention ends keeps a child's words for nobody.
func TestRecordingErasesAnUnsentDraft(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	id, acc := w.ask()
	v, err := w.svc.Enter(ctx, acc.Link, acc.Code)
	must(t, err)
	must(t, w.svc.SaveAnswer(ctx, v, "wishes", decision.Answer{Choice: decision.Said, Text: childWords}, nil))
	must(t, w.svc.SaveRecord(ctx, id, w.owner, decision.Record{Decision: decisionWords, Reasons: "y"}, true))
	r, err := w.st.VoiceRequest(ctx, id)
	must(t, err)
	if _, kept := r.Texts["say"]; kept {
		t.Fatal("the child's unsent draft is kept after the decision is recorded")
	}
	c, err := w.svc.Open(ctx, id, w.owner, decision.ReadPage)
	must(t, err)
	if c.Outcome != "no_answer" || c.Say != nil {
		t.Fatalf("outcome %q, say %+v", c.Outcome, c.Say)
	}
	// A sent view stays for its readers.
	id2, acc2 := w.ask()
	w.sendView(acc2)
	must(t, w.svc.SaveRecord(ctx, id2, w.owner, decision.Record{Decision: decisionWords, Reasons: "y", ViewWeight: "z"}, true))
	if r, _ := w.st.VoiceRequest(ctx, id2); r.Texts["say"] == nil {
		t.Fatal("recording the decision erased the child's sent view")
	}
}
