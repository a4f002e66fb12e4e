package process

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"hash"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/store"
)

// The felt-heard counts are perturbed the way the analysts' tables are
// (indicator.Perturb, cell key perturbation), because hiding alone is
// undone by subtraction: the overall row minus the shown organisations
// gives a hidden organisation's raters and "yes" (attack_test.go). The
// counts keep nothing per child, so a row of heard_counts (an answer, a
// session, a face and its count) stands in for a record: its key is 16
// bits of an HMAC under the record secret, and a cell's key is the sum of
// its rows' keys mod 2^16. Only closed ratings are counted, so a row never
// changes and the same cell always gets the same noise.

// cellKeys makes row keys under one secret.
type cellKeys struct{ mac hash.Hash }

func newCellKeys(secret []byte) *cellKeys {
	return &cellKeys{mac: hmac.New(sha256.New, secret)}
}

// of is the key of one heard_counts row of session sessionID.
func (c *cellKeys) of(sessionID int64, cell store.HeardCell) uint16 {
	var b [8 + 8 + 8]byte
	binary.BigEndian.PutUint64(b[:8], uint64(cell.ReplyID))
	binary.BigEndian.PutUint64(b[8:16], uint64(sessionID))
	binary.BigEndian.PutUint64(b[16:], uint64(cell.N))
	c.mac.Reset()
	c.mac.Write([]byte("kinderstem felt-heard cell v1\x00" + cell.Rating + "\x00"))
	c.mac.Write(b[:])
	var sum [sha256.Size]byte
	return binary.BigEndian.Uint16(c.mac.Sum(sum[:0]))
}

// heardTally is a true count and its cell key before perturbation.
type heardTally struct {
	n   int
	key uint32
}

func (t *heardTally) add(n int, key uint16) {
	t.n += n
	t.key += uint32(key)
}

func (t heardTally) perturbed() int { return indicator.Perturb(t.n, t.key) }
