package indicator

import "github.com/kinderstem/kinderstem/internal/release"

// tally is a true count and its cell key, before perturbation: it never
// leaves this package. It is release.Tally in half the memory, for the
// index's per-cell counters.
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

// perturbed is the count as it may be published (release.Perturb).
func (t tally) perturbed() int { return release.Perturb(int(t.n), t.key) }

// Option configures an index.
type Option func(*Index)

// WithRecordKey sets the secret the record keys are made from
// (release.Keys). It must not be stored in the database: a backup would
// then be a key. Without it an index makes a random secret of its own, and
// its published numbers change from one start to the next, which lets an
// attacker average them: every command that serves or exports numbers
// passes one.
func WithRecordKey(secret []byte) Option {
	return func(ix *Index) { ix.recordSecret = append([]byte(nil), secret...) }
}
