package decision

import (
	"context"
	"slices"
	"strconv"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
)

// NewRequest is a worker's new request: the words, where the decision is
// taken (a setting of reference/settings.yaml), the child's language, and
// whether the child is asked.
type NewRequest struct {
	Request
	Setting string
	Lang    string
	Ask     bool
}

// Create stores a new request with the worker as its owner and, when the
// child is asked, a link and a code, which are returned once: only their
// hashes are kept. A request where the child is not asked names why.
func (s *Service) Create(ctx context.Context, a Actor, in NewRequest) (int64, *Access, error) {
	if err := s.checkNew(in); err != nil {
		return 0, nil, err
	}
	child := store.VoiceWaiting
	if !in.Ask {
		child = store.VoiceNotAsked
	}
	r := &store.VoiceRequest{OrganisationID: a.OrganisationID, Setting: in.Setting, Asked: in.Ask, Child: child, Lang: in.Lang}
	var acc *Access
	err := s.st.CreateVoiceRequest(ctx, r, a.UserID, func(id int64) (store.VoiceSealed, error) {
		var out store.VoiceSealed
		dek, err := newDataKey()
		if err != nil {
			return out, err
		}
		if out.Wrapped, err = seal(s.kek, kindKey, id, dek); err != nil {
			return out, err
		}
		req, err := sealPart(dek, id, partRequest, in.Request)
		if err != nil {
			return out, err
		}
		out.KEK, out.Texts = s.kekID, map[string][]byte{partRequest: req}
		if in.Ask {
			var link store.VoiceLink
			if acc, link, err = s.newAccess(id); err != nil {
				return out, err
			}
			out.Link = &link
		}
		return out, nil
	})
	if err != nil {
		return 0, nil, err
	}
	s.audit(ctx, a, "voice_create", r.ID, "setting "+in.Setting)
	return r.ID, acc, nil
}

func (s *Service) checkNew(in NewRequest) error {
	if err := oneOf("setting", in.Setting, s.settings, "decision.error_setting"); err != nil {
		return err
	}
	if err := oneOf("lang", in.Lang, s.langs, "error.lang_unknown"); err != nil {
		return err
	}
	if err := oneOf("age_band", in.AgeBand, AgeBands, "decision.error_age_band"); err != nil {
		return err
	}
	if in.Ask == (in.NotAsked != "") {
		return fault.Field("not_asked", "decision.error_not_asked", "say why the child is not asked, or ask them")
	}
	if in.NotAsked != "" {
		if err := oneOf("not_asked", in.NotAsked, NotAskedReasons, "decision.error_not_asked"); err != nil {
			return err
		}
	}
	if in.Label == "" || in.ChildAbout == "" || in.WhoDecides == "" {
		return fault.Field("child_about", "decision.error_required", "label, what is decided and who decides are needed")
	}
	return nil
}

// Summary is a request as the worker's list shows it: the label they
// wrote and where it stands, never the child's words.
type Summary struct {
	ID               int64
	Label, ByWhen    string
	Child, Outcome   string
	CreatedOn        string
	DecidedOn        string
	ExplainedOn      string
	ReadOn           string
	Owner, Locked    bool
	SentOn, Heard    string
	ForeignKey       bool // sealed under another key file
	Setting, AgeBand string
}

// List is the requests an actor may read, newest first: only those that
// name them as a reader, whatever their role.
func (s *Service) List(ctx context.Context, a Actor) ([]Summary, error) {
	rs, err := s.st.VoiceRequestsOf(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	out := make([]Summary, 0, len(rs))
	for _, r := range rs {
		sum := Summary{ID: r.ID, Child: r.Child, Outcome: r.Outcome, CreatedOn: r.CreatedOn, DecidedOn: r.DecidedOn, ExplainedOn: r.ExplainedOn,
			ReadOn: r.ReadOn, SentOn: r.SentOn, Heard: r.Heard, Setting: r.Setting}
		if dek, err := s.dataKey(r); err == nil {
			var req Request
			if _, err := openPart(dek, r, partRequest, &req); err != nil {
				return nil, err
			}
			sum.Label, sum.ByWhen, sum.AgeBand = req.Label, req.ByWhen, req.AgeBand
		} else if fault.Is(err, fault.Unavailable) {
			sum.ForeignKey = true
		} else {
			return nil, err
		}
		out = append(out, sum)
	}
	return out, nil
}

// Case is a request opened for one of its readers: everything that reader
// may see, in the clear.
type Case struct {
	*store.VoiceRequest
	Request     Request
	Say         *Say // nil unless the child sent it; for a colleague, only what the meeting may read
	Hidden      int  // answers the child kept for their own worker, left out of Say for this reader
	Record      *Record
	Explanation *Explanation
	Owner       bool // the reader is the worker who asked
	Retention   int  // days
	EraseOn     string
	Locked      bool // the link is shut after wrong codes
}

// The purposes of an opening, as the audit log names them.
const (
	ReadPage        = "page"
	ReadPrintMeet   = "print for the meeting"
	ReadPrintFile   = "print for the file"
	ReadRecordForm  = "decision form"
	ReadExplainForm = "explanation form"
)

// Open opens a request for one of its readers, and writes the reading to
// the audit log first: if the log cannot be written, nothing is shown.
// Anyone who is not a reader (another organisation's worker, an analyst,
// an admin not added) gets fault.NotFound, as if it did not exist. A
// colleague sees the child's say as the meeting may read it; the worker
// who asked sees all of it.
func (s *Service) Open(ctx context.Context, id int64, a Actor, purpose string) (*Case, error) {
	r, owner, err := s.readable(ctx, id, a)
	if err != nil {
		return nil, err
	}
	if err := s.st.Audit(ctx, a.UserID, "voice_read", target(id), purpose); err != nil {
		return nil, err
	}
	dek, err := s.dataKey(r)
	if err != nil {
		return nil, err
	}
	c := &Case{VoiceRequest: r, Owner: owner, Locked: !r.Link.LockedUntil.IsZero() && s.st.Now().Before(r.Link.LockedUntil)}
	if _, err := openPart(dek, r, partRequest, &c.Request); err != nil {
		return nil, err
	}
	if r.Child == store.VoiceSent {
		var say Say
		if _, err := openPart(dek, r, partSay, &say); err != nil {
			return nil, err
		}
		if !owner || purpose == ReadPrintMeet || purpose == ReadPrintFile {
			say, c.Hidden = say.ForMeeting()
		}
		c.Say = &say
	}
	var rec Record
	if ok, err := openPart(dek, r, partDecision, &rec); err != nil {
		return nil, err
	} else if ok {
		c.Record = &rec
	}
	var ex Explanation
	if ok, err := openPart(dek, r, partExplanation, &ex); err != nil {
		return nil, err
	} else if ok {
		c.Explanation = &ex
	}
	if c.Retention, err = s.retention(ctx, r.OrganisationID); err != nil {
		return nil, err
	}
	if r.ReadOn != "" {
		c.EraseOn = eraseOn(r.ReadOn, c.Retention)
	}
	return c, nil
}

// readable loads a request an actor may read, and whether they own it.
func (s *Service) readable(ctx context.Context, id int64, a Actor) (*store.VoiceRequest, bool, error) {
	r, err := s.st.VoiceRequest(ctx, id)
	if err != nil {
		return nil, false, err
	}
	i := slices.IndexFunc(r.Readers, func(rd store.VoiceReader) bool { return rd.UserID == a.UserID })
	if r.Erased || i < 0 || r.OrganisationID != a.OrganisationID {
		return nil, false, fault.New(fault.NotFound, "error.not_found", "not a reader of this request")
	}
	return r, r.Readers[i].Owner, nil
}

// owned loads a request only its owner may change in this way.
func (s *Service) owned(ctx context.Context, id int64, a Actor) (*store.VoiceRequest, error) {
	r, owner, err := s.readable(ctx, id, a)
	if err == nil && !owner {
		err = fault.New(fault.Forbidden, "decision.error_owner_only", "only the worker who asked may do this")
	}
	return r, err
}

// AddReader lets a colleague of the same organisation (a worker or an
// admin there) read the request; only its owner may.
func (s *Service) AddReader(ctx context.Context, id int64, a Actor, userID int64) error {
	if _, err := s.owned(ctx, id, a); err != nil {
		return err
	}
	colleagues, err := s.st.VoiceColleagues(ctx, a.OrganisationID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(colleagues, func(u *store.User) bool { return u.ID == userID }) {
		return fault.Field("user", "decision.error_colleague", "not a worker of this organisation")
	}
	if err := s.st.AddVoiceReader(ctx, id, userID); err != nil {
		return err
	}
	s.audit(ctx, a, "voice_reader_add", id, "user "+strconv.FormatInt(userID, 10))
	return nil
}

// RemoveReader takes a colleague's access away; only the owner may.
func (s *Service) RemoveReader(ctx context.Context, id int64, a Actor, userID int64) error {
	r, err := s.owned(ctx, id, a)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(r.Readers, func(rd store.VoiceReader) bool { return rd.UserID == userID && !rd.Owner }) {
		return fault.Field("user", "decision.error_colleague", "not a colleague on this request")
	}
	if err := s.st.RemoveVoiceReader(ctx, id, userID); err != nil {
		return err
	}
	s.audit(ctx, a, "voice_reader_remove", id, "user "+strconv.FormatInt(userID, 10))
	return nil
}

// Colleagues are who the owner could add.
func (s *Service) Colleagues(ctx context.Context, a Actor) ([]*store.User, error) {
	return s.st.VoiceColleagues(ctx, a.OrganisationID)
}

// NewCode makes a new link and code (the old ones stop working), for a
// child who lost theirs, a link shut by wrong codes, or a request where
// the child was not asked and is now told the decision. Only the owner.
func (s *Service) NewCode(ctx context.Context, id int64, a Actor) (*Access, error) {
	r, err := s.owned(ctx, id, a)
	if err != nil {
		return nil, err
	}
	acc, link, err := s.newAccess(r.ID)
	if err != nil {
		return nil, err
	}
	if err := s.st.SetVoiceLink(ctx, r.ID, link); err != nil {
		return nil, err
	}
	s.audit(ctx, a, "voice_code", id, "")
	return acc, nil
}

// Erase erases a request's words now, before its retention is over (a
// mistake, a request no longer needed); only the owner, who confirmed it.
// The shell stays for the process figures.
func (s *Service) Erase(ctx context.Context, id int64, a Actor, confirmed bool) error {
	if _, err := s.owned(ctx, id, a); err != nil {
		return err
	}
	if !confirmed {
		return fault.Field("confirm", "decision.error_confirm", "tick the box to erase")
	}
	if err := s.st.EraseVoice(ctx, id); err != nil {
		return err
	}
	s.audit(ctx, a, "voice_erase", id, "by its owner")
	return nil
}

func (s *Service) audit(ctx context.Context, a Actor, action string, id int64, detail string) {
	// The change is made; a failure to log it is the store's to report,
	// and the next read is refused if the log still cannot be written.
	_ = s.st.Audit(ctx, a.UserID, action, target(id), detail)
}

func target(id int64) string { return "voice request " + strconv.FormatInt(id, 10) }
