package export

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	mrand "math/rand/v2"

	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

// Microdata protection, the way sdcMicro does it: the quasi-identifiers
// (age, gender, municipality, setting, organisation, session, month,
// language) are recoded (age to its band, municipality to province, month
// to quarter; the organisation is not exported), then locally suppressed
// until every combination holds at least MicroK rows, where a suppressed
// value matches any value: first the language, then gender, then the
// session, then everything but the survey version.
//
// A blank must not name anyone either. In a session of 28 girls, 29 boys
// and one non-binary child, suppressing that one child's gender leaves the
// only blank gender among visible ones, and the blank says what it hides.
// So wherever some rows of a group show a value and others are blanked
// (languages within a class that shows gender, genders within a session),
// the blanked rows must hold at least two values and MicroK rows; until
// they do, the smallest shown value of that group is blanked too.
//
// Classes are counted over every row of the survey, and a filter keeps
// only rows whose shown values (after recoding and suppression) match it:
// so a filtered file is the unfiltered file's rows, no more, and holds
// whole classes. No two files, filtered any way, tell more together than
// the unfiltered one alone. Rows leave in random order (shuffled in blocks
// of shuffleBlock), with a random row id and session pseudonyms that hold
// for one export only.

// MicroK is the fewest rows any combination of quasi-identifiers may hold.
const MicroK = release.MinK

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

// quarterNum numbers the quarter of "2026-03-14" as year*4 + quarter.
func quarterNum(day string) uint16 {
	if len(day) < 7 {
		return 0
	}
	y := 0
	for _, c := range day[:4] {
		y = y*10 + int(c-'0')
	}
	m := int(day[5]-'0')*10 + int(day[6]-'0')
	return uint16(y*4 + (m-1)/3)
}

// sdc holds the class sizes of the first pass, the levels forced by the
// blanks rule, and what the second pass suppressed.
type sdc struct {
	k       int
	classes [4]map[qiKey]int // by level: everything, no language, no gender either, no session either
	// forced: the least level of a class at level 0 (a language blanked
	// beside shown ones) or 1 (a gender blanked beside shown ones).
	forced map[qiKey]int
	// Rows moved one by one by the blanks rule (microdata_blanks.go):
	// per class at level 0, how many rows go to which level, in order of
	// their record keys; keys makes those (nil: only whole classes move).
	takes        map[qiKey][]take
	taken        map[qiKey]int
	rowLevel     map[int64]int
	keys         *release.Keys
	suppressed   [5]int // rows that leave, by level
	leaving      int    // rows that leave
	sessionMAC   hash.Hash
	sessionNames map[int64]string
	rows         *mrand.ChaCha8 // random row ids, for this export only
	ids          map[idKey]uint16
}

type idKey struct {
	field byte
	value string
}

// id numbers a value of a quasi-identifier.
func (s *sdc) id(field byte, v string) uint16 {
	if n, ok := s.ids[idKey{field, v}]; ok {
		return n
	}
	n := uint16(len(s.ids) + 1)
	s.ids[idKey{field, v}] = n
	return n
}

// rowID is a random id for a row: unrelated to the order of arrival and
// to any other export. It starts with a letter, as session pseudonyms do,
// so no spreadsheet reads it as a number ("3639e9234857" would become
// 1.8e308, "0042..." would lose its zeros).
func (s *sdc) rowID() string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], s.rows.Uint64())
	return "r" + hex.EncodeToString(b[:])
}

// session is a session's pseudonym in this export.
func (s *sdc) session(id int64) string {
	if p, ok := s.sessionNames[id]; ok {
		return p
	}
	p := pseudonym(s.sessionMAC, id)
	s.sessionNames[id] = p
	return p
}

// qiKey is a row's quasi-identifiers after recoding, each value
// numbered by sdc.id so a class costs a few bytes.
type qiKey struct {
	session                                           int64
	version, band, quarter, setting, province, gender uint16
	lang                                              uint16
}

func newSDC(k int) *sdc {
	s := &sdc{k: k, ids: map[idKey]uint16{}, sessionNames: map[int64]string{}, forced: map[qiKey]int{},
		takes: map[qiKey][]take{}, taken: map[qiKey]int{}, rowLevel: map[int64]int{}}
	for i := range s.classes {
		s.classes[i] = map[qiKey]int{}
	}
	secret := make([]byte, 64)
	rand.Read(secret)
	s.sessionMAC = hmac.New(sha256.New, secret[:32])
	s.rows = mrand.NewChaCha8([32]byte(secret[32:]))
	return s
}

// key returns the row's class with nothing suppressed.
func (s *sdc) key(r *store.CodedRow, si sessionInfo) qiKey {
	return qiKey{version: uint16(r.SurveyVersion), band: s.id('b', r.AgeBand), quarter: quarterNum(r.Day), setting: s.id('s', si.setting),
		province: s.id('p', si.province), session: r.SessionID, gender: s.id('g', r.Gender), lang: s.id('l', r.Lang)}
}

// widen returns a class at each level of suppression.
func widen(k qiKey) [4]qiKey {
	var out [4]qiKey
	out[0] = k
	k.lang = 0
	out[1] = k
	k.gender = 0
	out[2] = k
	k.session = 0
	out[3] = k
	return out
}

func (s *sdc) count(r *store.CodedRow, si sessionInfo) {
	for i, k := range widen(s.key(r, si)) {
		s.classes[i][k]++
	}
}

// level says how much of a row's quasi-identifiers must go: 0 none, 1
// the language, 2 gender as well, 3 the session as well, 4 every one.
func (s *sdc) level(r *store.CodedRow, key qiKey) int { return max(s.levelOf(key), s.rowLevel[r.ID]) }

// levelOf is the level of a class: the first at which at least k rows
// match it, or deeper where the blanks rule forced it.
func (s *sdc) levelOf(k qiKey) int {
	w := widen(k)
	least := max(s.forced[w[0]], s.forced[w[1]])
	for i := least; i < len(w); i++ {
		if s.classes[i][w[i]] >= s.k {
			return i
		}
	}
	return 4
}

func pseudonym(mac hash.Hash, id int64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(id))
	mac.Reset()
	mac.Write(b[:])
	var sum [sha256.Size]byte
	return "s" + hex.EncodeToString(mac.Sum(sum[:0])[:6])
}

// firstPass counts the classes of every row of the survey, applies the
// blanks rule (which may read the heads once more, to pick the rows it
// moves), and counts the rows the filter keeps by the level of
// suppression they leave with.
func (m *Microdata) firstPass(ctx context.Context, sessions map[int64]sessionInfo, k int, f *shownFilter) (*sdc, error) {
	s := newSDC(k)
	if keys, err := m.Policy.Keys(); err == nil {
		s.keys = keys
	}
	err := m.Store.ScanHeads(ctx, m.Survey.ID, func(r *store.CodedRow) error {
		if si, ok := sessions[r.SessionID]; ok {
			s.count(r, si)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.blankNamesNoOne()
	if err := m.pickMoved(ctx, sessions, s); err != nil {
		return nil, err
	}
	for key, n := range s.classes[0] {
		n -= s.taken[key]
		if level := s.levelOf(key); f.keeps(s, key, level) {
			s.suppressed[level] += n
			s.leaving += n
		}
		for _, t := range s.takes[key] {
			if level := max(s.levelOf(key), t.level); f.keeps(s, key, level) {
				s.suppressed[level] += t.n
				s.leaving += t.n
			}
		}
	}
	return s, nil
}

// shuffler holds up to shuffleBlock rows and lets them out in random
// order; its row buffers are reused from block to block.
type shuffler struct {
	buf   [][]any
	n     int
	yield func([]any) error
}

func (sh *shuffler) add(row []any) error {
	if sh.n == len(sh.buf) {
		sh.buf = append(sh.buf, make([]any, len(row)))
	}
	copy(sh.buf[sh.n], row)
	sh.n++
	if sh.n >= shuffleBlock {
		return sh.flush()
	}
	return nil
}

func (sh *shuffler) flush() error {
	rows := sh.buf[:sh.n]
	mrand.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	for _, row := range rows {
		if err := sh.yield(row); err != nil {
			return err
		}
	}
	sh.n = 0
	return nil
}
