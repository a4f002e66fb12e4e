package decision

import (
	"context"
	"slices"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// Visit is one child's visit through their link and code: the request in
// their words, what they have said so far (their draft until sent), the
// explanation once shared, and a fresh token for the next screen.
type Visit struct {
	Req         *store.VoiceRequest
	Request     Request
	Say         Say
	Explanation *Explanation
	Token       string
	Retention   int // days the words are kept after the explanation is read
	dek         []byte
}

// The child's place in a request, which decides the screens they see.
const (
	StageAsk       = "ask"       // waiting: the say screens
	StageDeclined  = "declined"  // said "not now"; may take part after all
	StageSent      = "sent"      // sent; may take it back
	StageWithdrawn = "withdrawn" // took it back; may take part again
	StageNotAsked  = "not_asked" // nothing to say here yet
	StageDecided   = "decided"   // decided, not yet explained
	StageExplained = "explained" // the explanation is there
)

// Stage is where the child is.
func (v *Visit) Stage() string {
	r := v.Req
	switch {
	case r.ExplainedOn != "":
		return StageExplained
	case r.DecidedOn != "":
		return StageDecided
	}
	switch r.Child {
	case store.VoiceDeclined:
		return StageDeclined
	case store.VoiceSent:
		return StageSent
	case store.VoiceWithdrawn:
		return StageWithdrawn
	case store.VoiceNotAsked:
		return StageNotAsked
	}
	return StageAsk
}

func (s *Service) visit(ctx context.Context, r *store.VoiceRequest) (*Visit, error) {
	dek, err := s.dataKey(r)
	if err != nil {
		return nil, err
	}
	v := &Visit{Req: r, dek: dek, Token: s.visitToken(r.ID, r.Link.Visit, s.st.Now())}
	if _, err := openPart(dek, r, partRequest, &v.Request); err != nil {
		return nil, err
	}
	if _, err := openPart(dek, r, partSay, &v.Say); err != nil {
		return nil, err
	}
	if v.Say.Answers == nil {
		v.Say.Answers = map[string]Answer{}
	}
	if r.ExplainedOn != "" {
		var ex Explanation
		if ok, err := openPart(dek, r, partExplanation, &ex); err != nil {
			return nil, err
		} else if ok {
			v.Explanation = &ex
		}
	}
	if v.Retention, err = s.retention(ctx, r.OrganisationID); err != nil {
		return nil, err
	}
	return v, nil
}

var (
	errDecided    = fault.New(fault.Conflict, "voice.error_decided", "the decision is recorded; the child's say is closed")
	errNotNow     = fault.New(fault.Conflict, "voice.error_not_now", "this step does not fit where the request is")
	errNoTopic    = fault.Field("screen", "voice.error_screen", "no such topic")
	errNoExplain  = fault.New(fault.Conflict, "voice.error_not_now", "no explanation to read yet")
	errBadRating  = fault.Field("heard", "voice.error_screen", "not a felt-heard answer")
	errBadShare   = fault.Field("share", "voice.error_screen", "not a share choice")
	errBadPeople  = fault.Field("people", "voice.error_screen", "not a person to choose")
	errBadChoice  = fault.Field("choice", "voice.error_screen", "not a choice")
	errNotAskedIn = fault.New(fault.Conflict, "voice.error_not_now", "the child was not asked here")
)

// SaveAnswer keeps the child's answer on one topic in their draft, which
// nobody reads before it is sent. Only while the child's say is open.
func (s *Service) SaveAnswer(ctx context.Context, v *Visit, topic string, a Answer, people []string) error {
	if v.Stage() != StageAsk {
		return s.closedFor(v)
	}
	if !slices.Contains(Topics, topic) {
		return errNoTopic
	}
	if a.Choice != "" && !slices.Contains([]string{Said, DontWant, DontKnow}, a.Choice) {
		return errBadChoice
	}
	for _, p := range people {
		if !slices.Contains(People, p) {
			return errBadPeople
		}
	}
	text, err := childText("text", a.Text)
	if err != nil {
		return err
	}
	a.Text = text
	if a.Choice != Said {
		a.Text = "" // "I don't want to say" keeps nothing of what was typed
	}
	a.Share = v.Say.Answers[topic].Share
	next := Say{Answers: map[string]Answer{}, People: v.Say.People}
	for t, old := range v.Say.Answers {
		next.Answers[t] = old
	}
	if topic == "people" {
		next.People = nil
		if a.Choice == Said {
			next.People = people
		}
		if a.Choice == Said && len(people) == 0 && a.Text == "" {
			a.Choice = ""
		}
	} else if a.Choice == Said && a.Text == "" {
		a.Choice = ""
	}
	next.Answers[topic] = a
	return s.putSay(ctx, v, next, store.VoiceChange{})
}

// Send sends the child's say with their choice, per topic, of who may
// read it: the meeting, or only their worker (the default). From now on
// their worker can read it.
func (s *Service) Send(ctx context.Context, v *Visit, shares map[string]string) error {
	if v.Stage() != StageAsk {
		return s.closedFor(v)
	}
	next := Say{Answers: map[string]Answer{}, People: v.Say.People}
	for t, a := range v.Say.Answers {
		switch sh := shares[t]; sh {
		case ShareMeeting, ShareWorker:
			a.Share = sh
		case "":
			a.Share = ShareWorker
		default:
			return errBadShare
		}
		next.Answers[t] = a
	}
	return s.putSay(ctx, v, next, store.VoiceChange{Child: ptr(store.VoiceSent), SentOn: ptr(s.today())})
}

func (s *Service) putSay(ctx context.Context, v *Visit, say Say, ch store.VoiceChange) error {
	sealed, err := sealPart(v.dek, v.Req.ID, partSay, say)
	if err != nil {
		return err
	}
	ch.Put = map[string][]byte{partSay: sealed}
	if err := s.st.ChangeVoice(ctx, v.Req.ID, v.Req.Rev, ch); err != nil {
		return err
	}
	v.Say = say
	v.Req.Rev++
	if ch.Child != nil {
		v.Req.Child = *ch.Child
	}
	if ch.SentOn != nil {
		v.Req.SentOn = *ch.SentOn
	}
	return nil
}

// Decline records "I don't want to take part now", respected as it is:
// whatever the child had written is erased, and their worker sees only
// that they chose not to. They may take part after all until the decision
// is recorded (General Comment 12, para. 16: expressing views is a
// choice, not an obligation).
func (s *Service) Decline(ctx context.Context, v *Visit) error {
	if st := v.Stage(); st != StageAsk {
		return s.closedFor(v)
	}
	return s.dropSay(ctx, v, store.VoiceDeclined)
}

// Withdraw takes back what the child sent, until the decision is
// recorded: the words are erased, and their worker sees that they were
// taken back.
func (s *Service) Withdraw(ctx context.Context, v *Visit) error {
	if v.Stage() != StageSent {
		return s.closedFor(v)
	}
	return s.dropSay(ctx, v, store.VoiceWithdrawn)
}

func (s *Service) dropSay(ctx context.Context, v *Visit, state string) error {
	// Dropped whether or not a draft was saved: the drop also empties the
	// write-ahead log of the draft's older pages.
	ch := store.VoiceChange{Child: ptr(state), Drop: []string{partSay}}
	if err := s.st.ChangeVoice(ctx, v.Req.ID, v.Req.Rev, ch); err != nil {
		return err
	}
	v.Req.Rev++
	v.Req.Child = state
	v.Say = Say{Answers: map[string]Answer{}}
	delete(v.Req.Texts, partSay)
	return nil
}

// Rejoin lets a child who declined or took their words back take part
// after all, until the decision is recorded.
func (s *Service) Rejoin(ctx context.Context, v *Visit) error {
	if st := v.Stage(); st != StageDeclined && st != StageWithdrawn {
		return s.closedFor(v)
	}
	if err := s.st.ChangeVoice(ctx, v.Req.ID, v.Req.Rev, store.VoiceChange{Child: ptr(store.VoiceWaiting)}); err != nil {
		return err
	}
	v.Req.Rev++
	v.Req.Child = store.VoiceWaiting
	return nil
}

// ReadExplanation notes the day the child first read the explanation:
// the retention period counts from it.
func (s *Service) ReadExplanation(ctx context.Context, v *Visit) error {
	if v.Stage() != StageExplained {
		return errNoExplain
	}
	if v.Req.ReadOn != "" {
		return nil
	}
	day := s.today()
	if err := s.st.ChangeVoice(ctx, v.Req.ID, v.Req.Rev, store.VoiceChange{ReadOn: &day}); err != nil {
		return err
	}
	v.Req.Rev++
	v.Req.ReadOn = day
	return nil
}

// Heard keeps the child's answer to "do you feel heard?"; a later answer
// replaces it. Their worker sees it, and the process figures count it.
func (s *Service) Heard(ctx context.Context, v *Visit, rating string) error {
	if !slices.Contains(HeardAnswers, rating) {
		return errBadRating
	}
	if v.Stage() != StageExplained || v.Req.ReadOn == "" {
		return errNoExplain
	}
	if err := s.st.ChangeVoice(ctx, v.Req.ID, v.Req.Rev, store.VoiceChange{Heard: &rating}); err != nil {
		return err
	}
	v.Req.Rev++
	v.Req.Heard = rating
	return nil
}

// closedFor says why a step of the child's say does not fit now.
func (s *Service) closedFor(v *Visit) error {
	switch v.Stage() {
	case StageDecided, StageExplained:
		return errDecided
	case StageNotAsked:
		return errNotAskedIn
	}
	return errNotNow
}
