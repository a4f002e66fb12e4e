package export

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"

	"github.com/kinderstem/kinderstem/internal/store"
)

// Microdata protection, the way sdcMicro does it: the quasi-identifiers
// (age, gender, municipality, setting, organisation, session, month,
// language) are recoded (age to its band, municipality to province, month
// to quarter; the organisation is not exported), then locally suppressed
// until every combination holds at least MicroK rows, where a suppressed
// value matches any value: first gender and language, then the session,
// then everything but the survey version. Rows leave in random order
// (shuffled in blocks of shuffleBlock), with a random row id and session
// pseudonyms that hold for one export only.

// MicroK is the fewest rows any combination of quasi-identifiers may hold.
const MicroK = 5

// shuffleBlock is how many rows are shuffled together: memory stays flat
// however many rows stream out.
const shuffleBlock = 8192

// quarterOf turns "2026-03-14" into "2026-Q1".
func quarterOf(day string) string {
	if len(day) < 7 {
		return ""
	}
	m := int(day[5]-'0')*10 + int(day[6]-'0')
	return fmt.Sprintf("%s-Q%d", day[:4], (m-1)/3+1)
}

// sdc holds the class sizes of the first pass and what the second pass
// suppressed.
type sdc struct {
	k                        int
	full, noPerson, area     map[string]int
	suppressedPerson         int // rows without gender and language
	suppressedSession        int // rows without session as well
	suppressedAll            int // rows without any quasi-identifier
	rowSecret, sessionSecret []byte
}

func newSDC(k int) *sdc {
	s := &sdc{k: max(k, MicroK), full: map[string]int{}, noPerson: map[string]int{}, area: map[string]int{},
		rowSecret: make([]byte, 32), sessionSecret: make([]byte, 32)}
	rand.Read(s.rowSecret)
	rand.Read(s.sessionSecret)
	return s
}

func (s *sdc) keys(r *store.CodedRow, si sessionInfo) (full, noPerson, area string) {
	q := quarterOf(r.Day)
	area = fmt.Sprintf("%d|%s|%s|%s|%s", r.SurveyVersion, r.AgeBand, q, si.setting, si.province)
	noPerson = fmt.Sprintf("%s|%d", area, r.SessionID)
	full = fmt.Sprintf("%s|%s|%s", noPerson, r.Gender, r.Lang)
	return full, noPerson, area
}

func (s *sdc) count(r *store.CodedRow, si sessionInfo) {
	full, noPerson, area := s.keys(r, si)
	s.full[full]++
	s.noPerson[noPerson]++
	s.area[area]++
}

// level says how much of a row's quasi-identifiers must go: 0 none, 1
// gender and language, 2 also the session, 3 everything.
func (s *sdc) level(r *store.CodedRow, si sessionInfo) int {
	full, noPerson, area := s.keys(r, si)
	switch {
	case s.full[full] >= s.k:
		return 0
	case s.noPerson[noPerson] >= s.k:
		return 1
	case s.area[area] >= s.k:
		return 2
	}
	return 3
}

// tally counts what the second pass will suppress, for the codebook.
func (s *sdc) tally(r *store.CodedRow, si sessionInfo) {
	switch s.level(r, si) {
	case 1:
		s.suppressedPerson++
	case 2:
		s.suppressedSession++
	case 3:
		s.suppressedAll++
	}
}

func (s *sdc) pseudonym(secret []byte, what string, id int64) string {
	mac := hmac.New(sha256.New, secret)
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(id))
	mac.Write([]byte(what))
	mac.Write(b[:])
	return hex.EncodeToString(mac.Sum(nil))[:12]
}

// firstPass counts the classes of the selection.
func (m *Microdata) firstPass(ctx context.Context, sessions map[int64]sessionInfo) (*sdc, error) {
	s := newSDC(m.K)
	err := m.Store.ScanHeads(ctx, m.Survey.ID, func(r *store.CodedRow) error {
		if si, ok := sessions[r.SessionID]; ok && m.keep(r, si) {
			s.count(r, si)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = m.Store.ScanHeads(ctx, m.Survey.ID, func(r *store.CodedRow) error {
		if si, ok := sessions[r.SessionID]; ok && m.keep(r, si) {
			s.tally(r, si)
		}
		return nil
	})
	return s, err
}

// shuffler holds up to shuffleBlock rows and lets them out in random order.
type shuffler struct {
	buf   [][]any
	yield func([]any) error
}

func (sh *shuffler) add(row []any) error {
	sh.buf = append(sh.buf, append([]any(nil), row...))
	if len(sh.buf) >= shuffleBlock {
		return sh.flush()
	}
	return nil
}

func (sh *shuffler) flush() error {
	mrand.Shuffle(len(sh.buf), func(i, j int) { sh.buf[i], sh.buf[j] = sh.buf[j], sh.buf[i] })
	for _, row := range sh.buf {
		if err := sh.yield(row); err != nil {
			return err
		}
	}
	sh.buf = sh.buf[:0]
	return nil
}
