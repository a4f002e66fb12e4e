package authoring

import (
	"context"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// PilotReport is what the author of a draft learns from its pilots with
// children: per question, in bands, whether children did not understand
// it and what they did instead. Only closed pilots of at least k children
// count, each one whole, so two looks at the report never differ by one
// child; the counts go through the release gate (perturbed, then banded),
// and below k children in all it says nothing but that.
type PilotReport struct {
	Revision int // the draft revision the pilots tried
	Running  int // pilots still open: not counted yet
	Small    int // closed pilots of fewer than k children: never counted
	Counted  int // closed pilots counted
	Children int // children in the counted pilots, as released (perturbed)
	Enough   bool
	Items    []PilotItem
}

// PilotItem is one question's bands.
type PilotItem struct {
	Item   *survey.Item
	Number int
	Text   string // the question's words in the revision's own language

	Unclear  release.Band // tapped "I don't understand this question"
	Answered release.Band // of all children: tapped it and answered anyway
	DontKnow release.Band // ... and said "I don't know"
	Skipped  release.Band // ... and skipped
}

// PilotResults reports the pilots of a draft revision through the release
// gate.
func (a *Service) PilotResults(ctx context.Context, draftID int64, revision int, policy release.Policy) (*PilotReport, error) {
	pilots, err := a.Store.Pilots(ctx, draftID, revision)
	if err != nil {
		return nil, err
	}
	w, err := a.DraftSurvey(ctx, draftID, revision)
	if err != nil {
		return nil, err
	}
	now := a.Store.Now()
	rep := &PilotReport{Revision: revision}
	children := 0
	sum := map[string]store.PilotCount{}
	for _, p := range pilots {
		switch {
		case p.Session.IsOpen(now) || now.Before(p.Session.GraceUntil):
			rep.Running++
		case p.Children < policy.K():
			rep.Small++
		default:
			rep.Counted++
			children += p.Children
			for item, c := range p.Counts {
				t := sum[item]
				t.Unclear, t.Answered, t.DontKnow, t.Skipped = t.Unclear+c.Unclear, t.Answered+c.Answered, t.DontKnow+c.DontKnow, t.Skipped+c.Skipped
				sum[item] = t
			}
		}
	}
	counts := make([]release.PilotCount, 0, len(w.Survey.Items()))
	for _, it := range w.Survey.Items() {
		c := sum[it.ID]
		counts = append(counts, release.PilotCount{Item: it.ID, Unclear: c.Unclear, Answered: c.Answered, DontKnow: c.DontKnow, Skipped: c.Skipped})
	}
	rel, err := policy.Pilot(draftID, revision, children, counts)
	if err != nil || !rel.Shown {
		return rep, err
	}
	rep.Enough, rep.Children = true, rel.Children
	for i, it := range w.Survey.Items() {
		b := rel.Items[it.ID]
		rep.Items = append(rep.Items, PilotItem{Item: it, Number: i + 1, Text: w.Survey.Texts.Get(w.Survey.Source, it.Text), Unclear: b.Unclear, Answered: b.Answered, DontKnow: b.DontKnow, Skipped: b.Skipped})
	}
	return rep, nil
}

// EarlierPilots reports the pilots of a draft's revisions before the
// given one, newest first, each through the release gate as its own
// report: after a question is fixed, its author can still see what the
// children made of the words before.
func (a *Service) EarlierPilots(ctx context.Context, draftID int64, before int, policy release.Policy) ([]*PilotReport, error) {
	revs, err := a.Store.PilotRevisions(ctx, draftID)
	if err != nil {
		return nil, err
	}
	var out []*PilotReport
	for i := len(revs) - 1; i >= 0; i-- {
		if revs[i] >= before {
			continue
		}
		if _, err := a.DraftSurvey(ctx, draftID, revs[i]); err != nil {
			continue // a revision today's rules no longer read: its report cannot be shown, the page can
		}
		rep, err := a.PilotResults(ctx, draftID, revs[i], policy)
		if err != nil {
			return nil, err
		}
		out = append(out, rep)
	}
	return out, nil
}

// Taps turns what a child sent in a pilot into counts: for each question
// the child marked "I don't understand", what the child did instead.
// Marks on questions the pilot does not ask are dropped.
func Taps(s *survey.Survey, unclear []string, answers []survey.Answer) []store.PilotTap {
	code := map[string]int{}
	for _, a := range answers {
		code[a.Item] = a.Code
	}
	var out []store.PilotTap
	seen := map[string]bool{}
	for _, item := range unclear {
		c, asked := code[item]
		if _, ok := s.Item(item); !ok || !asked || seen[item] {
			continue
		}
		seen[item] = true
		out = append(out, store.PilotTap{Item: item, Answered: c >= 0, DontKnow: c == survey.CodeDontKnow, Skipped: c == survey.CodeSkipped})
	}
	return out
}
