// Package decision owns a child's own voice in a decision about them, the
// one place Kinderstem holds personal data about a child: the worker's
// request with its personal link and code, the child's say and their
// choices about who may read it, the decision recorded along the steps of
// the UN Committee's General Comment 14, the explanation back to the
// child with "do you feel heard?", retention and erasure, and the
// anonymous process figures, which leave through the release gate.
//
// Every word is sealed under a data key of the request's own, wrapped by
// the key file's voice secret (seal.go); only the readers a request names
// may open it, and every opening is written to the audit log first.
package decision

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/keys"
	"github.com/kinderstem/kinderstem/internal/store"
)

// The rules of time, in one place.
const (
	// DefaultRetention is how many days an organisation keeps a request's
	// words after the child read the explanation, unless it set another.
	DefaultRetention = 90
	// MinRetention and MaxRetention bound what an organisation may set.
	MinRetention = 7
	MaxRetention = 730
	// Backstop erases a request nobody has touched for this many days,
	// read or not: a request left half-way is not kept for ever.
	Backstop = 365
	// VisitFor is how long a visit token lasts after the last screen: a
	// child who walks away from a shared device leaves nothing open.
	VisitFor = 30 * time.Minute
	// WrongCodesPause and WrongCodesClose: after 5 wrong codes in a row the
	// link pauses for PauseFor; after 10 it stays shut until the worker
	// makes a new code. A guesser of a six-digit code has 10 tries in a
	// million.
	WrongCodesPause = 5
	WrongCodesClose = 10
	PauseFor        = 15 * time.Minute
)

// Service runs requests for a child's view on the store, with keys made
// from the key file's voice secret.
type Service struct {
	st       *store.Store
	kek      []byte // wraps each request's data key
	kekID    string // its fingerprint, kept beside each wrapped key
	codeKey  []byte // HMACs the codes
	visitKey []byte // signs visit tokens
	settings []string
	langs    []string
	erasures erasures
}

// New makes the service. secret is the key file's voice secret; settings
// and langs are what a request may name.
func New(st *store.Store, secret []byte, settings, langs []string) (*Service, error) {
	if len(secret) < keys.Size {
		return nil, fmt.Errorf("decision: the voice secret must be %d or more bytes", keys.Size)
	}
	kek := derive(secret, "kek")
	return &Service{st: st, kek: kek, kekID: keys.Fingerprint(kek), codeKey: derive(secret, "code"), visitKey: derive(secret, "visit"),
		settings: slices.Clone(settings), langs: slices.Clone(langs)}, nil
}

// Actor is the staff user asking.
type Actor struct {
	UserID, OrganisationID int64
}

// dataKey unwraps a request's data key.
func (s *Service) dataKey(r *store.VoiceRequest) ([]byte, error) {
	if r.Erased || r.Wrapped == nil {
		return nil, fault.New(fault.Gone, "voice.error_erased", "the request's words are erased")
	}
	if r.KEK != s.kekID {
		return nil, ErrForeignKey
	}
	return open(s.kek, kindKey, r.ID, r.Wrapped)
}

// sealPart seals a part's value as JSON under a request's data key.
func sealPart(dek []byte, id int64, part string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("decision: %w", err)
	}
	return seal(dek, partKinds[part], id, b)
}

// openPart opens a sealed part into v; false when the request has no such
// part.
func openPart(dek []byte, r *store.VoiceRequest, part string, v any) (bool, error) {
	blob, ok := r.Texts[part]
	if !ok {
		return false, nil
	}
	b, err := open(dek, partKinds[part], r.ID, blob)
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("decision: %s of request %d: %w", part, r.ID, err)
	}
	return true, nil
}

// today is the store's day.
func (s *Service) today() string { return s.st.Today() }

// retention is an organisation's retention in days.
func (s *Service) retention(ctx context.Context, org int64) (int, error) {
	days, _, err := s.st.VoiceRetention(ctx, org, DefaultRetention)
	return days, err
}

// eraseOn is the day a read explanation's words will be erased.
func eraseOn(readOn string, days int) string {
	t, err := time.Parse(time.DateOnly, readOn)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, days).Format(time.DateOnly)
}

// daysBetween counts whole days from one day to another.
func daysBetween(from, to string) (int, bool) {
	a, err1 := time.Parse(time.DateOnly, from)
	b, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil || b.Before(a) {
		return 0, false
	}
	return int(b.Sub(a).Hours() / 24), true
}

func ptr[T any](v T) *T { return &v }
