package indicator

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
)

// Cell key perturbation, the method of the ABS TableBuilder and of the
// European 2021 census (the R packages cellKey and ptable document it).
// Every submission carries a record key: 16 bits of an HMAC-SHA256 of its
// id under a secret kept outside the database file, so nothing exported or
// backed up lets anyone recompute it. A cell's key is the sum of its
// records' keys modulo 2^16 (the sum mod 1 of keys in [0,1)); the
// perturbation table maps the cell's count and key to a small noise. The
// same children always get the same noise, so repeating, reordering or
// rewording a query changes nothing; another set of children gets noise
// that is independent of it.
//
// The table (noise: probability), chosen so every row's noise has mean 0,
// counts of 1 and 2 never come out, and large counts move by at most 2
// with variance 1:
//
//	count 0    0: 1                                   (an empty cell stays empty)
//	count 1   -1: 2/3, +2: 1/3                        (0 or 3; variance 2)
//	count 2   -2: 1/3, +1: 2/3                        (0 or 3; variance 2)
//	count 3   -3: 1/6,  0: 1/3, +1: 1/2               (0, 3 or 4; variance 2)
//	count 4   -1: 0.4,  0: 0.3, +1: 0.2, +2: 0.1      (3 to 6; variance 1)
//	count 5+  -2: 0.05, -1: 0.3, 0: 0.3, +1: 0.3, +2: 0.05  (variance 1)
//
// Maximum noise: 2 from 4 children on, 3 below (a cell of 3 may show as 0).
// The error this causes: a count's standard deviation is 1, a share's
// about sqrt(1+p^2)/n per category pair (0.3 percentage points at n=500,
// 0.03 at 5,000); README, "Disclosure control", gives the measured effect.
var ptable = [...][]noiseStep{
	0: {{1, 0}},
	1: {{2.0 / 3, -1}, {1, 2}},
	2: {{1.0 / 3, -2}, {1, 1}},
	3: {{1.0 / 6, -3}, {1.0 / 2, 0}, {1, 1}},
	4: {{0.4, -1}, {0.7, 0}, {0.9, 1}, {1, 2}},
	5: {{0.05, -2}, {0.35, -1}, {0.65, 0}, {0.95, 1}, {1, 2}},
}

// PerturbMaxNoise and PerturbVariance describe the table's row for five
// or more children.
const (
	PerturbMaxNoise = 2
	PerturbVariance = 1.0
)

// noiseStep: a cell key below upTo (and above the step before) gets noise.
type noiseStep struct {
	upTo  float64
	noise int
}

// Perturb returns the published count of n records whose keys sum to key
// (mod 2^16). It is the one place a count is made safe to publish.
func Perturb(n int, key uint32) int {
	if n <= 0 {
		return 0
	}
	row := ptable[min(n, len(ptable)-1)]
	u := float64(key&0xffff) / 65536
	for _, s := range row {
		if u < s.upTo {
			return n + s.noise
		}
	}
	return n + row[len(row)-1].noise
}

// tally is a true count and its cell key, before perturbation: it never
// leaves this package.
type tally struct {
	n   int32
	key uint32
}

func (t *tally) add(key uint16) {
	t.n++
	t.key += uint32(key)
}

func (t *tally) merge(o tally) {
	t.n += o.n
	t.key += o.key
}

func (t tally) perturbed() int { return Perturb(int(t.n), t.key) }

// Option configures an index.
type Option func(*Index)

// WithRecordKey sets the secret the record keys are made from. It must
// not be stored in the database: a backup would then be a key. Without
// it an index makes a random secret of its own, and its published numbers
// change from one start to the next, which lets an attacker average them:
// every command that serves or exports numbers passes one.
func WithRecordKey(secret []byte) Option {
	return func(ix *Index) { ix.recordSecret = append([]byte(nil), secret...) }
}

// recordKey is a submission's fixed random record key. Caller holds mu
// (or the index is not shared yet).
func (ix *Index) recordKey(id int64) uint16 {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(id))
	ix.mac.Reset()
	ix.mac.Write(b[:])
	var sum [sha256.Size]byte
	return binary.BigEndian.Uint16(ix.mac.Sum(sum[:0]))
}

func randomSecret() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}
