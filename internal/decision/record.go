package decision

import (
	"context"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// outcomeOf is what the child had done when the decision was recorded.
var outcomeOf = map[string]string{
	store.VoiceWaiting:   "no_answer",
	store.VoiceDeclined:  "declined",
	store.VoiceSent:      "view",
	store.VoiceWithdrawn: "withdrawn",
	store.VoiceNotAsked:  "not_asked",
}

// SaveRecord keeps the decision record of a reader of the request. A
// draft can be saved again; recording it (final) fixes it, closes the
// child's say (no more sending or taking back) and fixes the outcome the
// process figures count; a draft the child never sent is erased then.
// Recording needs the decision and its reasons,
// and where the child gave a view, how it was weighed.
func (s *Service) SaveRecord(ctx context.Context, id int64, a Actor, rec Record, final bool) error {
	r, _, err := s.readable(ctx, id, a)
	if err != nil {
		return err
	}
	if r.DecidedOn != "" {
		return fault.New(fault.Conflict, "decision.error_recorded", "the decision is recorded already")
	}
	if final {
		switch {
		case rec.Decision == "":
			return fault.Field("decision", "decision.error_decision", "the decision is needed")
		case rec.Reasons == "":
			return fault.Field("reasons", "decision.error_reasons", "the reasons are needed")
		case r.Child == store.VoiceSent && rec.ViewWeight == "":
			return fault.Field("view_weight", "decision.error_view_weight", "say how the child's view was weighed")
		}
	}
	dek, err := s.dataKey(r)
	if err != nil {
		return err
	}
	sealed, err := sealPart(dek, id, partDecision, rec)
	if err != nil {
		return err
	}
	ch := store.VoiceChange{Put: map[string][]byte{partDecision: sealed}}
	if final {
		ch.DecidedOn, ch.Outcome = ptr(s.today()), ptr(outcomeOf[r.Child])
		if r.Child != store.VoiceSent {
			// A draft the child never sent is read by nobody, and from
			// now on the child can neither send nor erase it: it goes.
			ch.Drop = []string{partSay}
		}
	}
	if err := s.st.ChangeVoice(ctx, id, r.Rev, ch); err != nil {
		return err
	}
	if final {
		s.audit(ctx, a, "voice_record", id, "outcome "+outcomeOf[r.Child])
	}
	return nil
}

// SaveExplanation keeps the explanation to the child, written by a reader
// in words the child understands. Sharing it (share) lets the child read
// it through their link and code; from then on it stays as it is. Only
// after the decision is recorded; sharing needs what was decided and why.
func (s *Service) SaveExplanation(ctx context.Context, id int64, a Actor, ex Explanation, share bool) error {
	r, _, err := s.readable(ctx, id, a)
	if err != nil {
		return err
	}
	switch {
	case r.DecidedOn == "":
		return fault.New(fault.Conflict, "decision.error_not_recorded", "record the decision first")
	case r.ExplainedOn != "":
		return fault.New(fault.Conflict, "decision.error_shared", "the explanation is shared already")
	case share && (ex.Decided == "" || ex.Why == ""):
		return fault.Field("decided", "decision.error_explanation", "what was decided and why are needed")
	}
	if err := oneOf("lang", ex.Lang, s.langs, "error.lang_unknown"); err != nil {
		return err
	}
	dek, err := s.dataKey(r)
	if err != nil {
		return err
	}
	sealed, err := sealPart(dek, id, partExplanation, ex)
	if err != nil {
		return err
	}
	ch := store.VoiceChange{Put: map[string][]byte{partExplanation: sealed}}
	if share {
		today := s.today()
		ch.ExplainedOn = &today
		if d, ok := daysBetween(r.SentOn, today); ok {
			ch.Days = &d
		}
	}
	if err := s.st.ChangeVoice(ctx, id, r.Rev, ch); err != nil {
		return err
	}
	if share {
		s.audit(ctx, a, "voice_explain", id, "shared with the child")
	}
	return nil
}

// Retention is an organisation's retention in days, and whether it chose
// it.
func (s *Service) Retention(ctx context.Context, org int64) (int, bool, error) {
	return s.st.VoiceRetention(ctx, org, DefaultRetention)
}

// SetRetention sets how many days an organisation keeps a request's
// words after the child read the explanation (an admin's choice, logged).
func (s *Service) SetRetention(ctx context.Context, org int64, days int, by int64) error {
	if days < MinRetention || days > MaxRetention {
		return fault.Field("days", "decision.error_retention", "retention out of range")
	}
	if err := s.st.SetVoiceRetention(ctx, org, days); err != nil {
		return err
	}
	_ = s.st.Audit(ctx, by, "voice_retention", "organisation "+itoa(org), itoa(int64(days))+" days")
	return nil
}

// Readings lists who opened a request, when and why, newest first (at
// most 500), for its owner only: a child or parent may ask who read it.
func (s *Service) Readings(ctx context.Context, id int64, a Actor) ([]store.AuditEntry, error) {
	if _, err := s.owned(ctx, id, a); err != nil {
		return nil, err
	}
	return s.st.AuditFor(ctx, "voice_read", target(id), 500)
}
