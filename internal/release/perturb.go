package release

// Cell key perturbation, the method of the ABS TableBuilder and of the
// European 2021 census (the R packages cellKey and ptable document it).
// Every record carries a record key: 16 bits of an HMAC-SHA256 under the
// record secret, kept outside the database file, so nothing exported or
// backed up lets anyone recompute it (keys.go). A cell's key is the sum of
// its records' keys modulo 2^16 (the sum mod 1 of keys in [0,1)); the
// perturbation table maps the cell's count and key to a small noise. The
// same records always get the same noise, so repeating, reordering or
// rewording a query changes nothing; another set of records gets noise
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
// Maximum noise: 2 from 4 records on, 3 below (a cell of 3 may show as 0).
// The error this causes: a count's standard deviation is 1, a share's
// about sqrt(1+p^2)/n per category pair (0.3 percentage points at n=500,
// 0.03 at 5,000); docs/disclosure-control.md gives the measured effect.
var ptable = [...][]noiseStep{
	0: {{1, 0}},
	1: {{2.0 / 3, -1}, {1, 2}},
	2: {{1.0 / 3, -2}, {1, 1}},
	3: {{1.0 / 6, -3}, {1.0 / 2, 0}, {1, 1}},
	4: {{0.4, -1}, {0.7, 0}, {0.9, 1}, {1, 2}},
	5: {{0.05, -2}, {0.35, -1}, {0.65, 0}, {0.95, 1}, {1, 2}},
}

// PerturbMaxNoise and PerturbVariance describe the table's row for five
// or more records.
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

// Tally is a true count and its cell key before perturbation: what a
// release adds up, never what it shows.
type Tally struct {
	N   int
	Key uint32
}

// Add counts n records whose keys sum to key.
func (t *Tally) Add(n int, key uint16) {
	t.N += n
	t.Key += uint32(key)
}

// Merge adds another tally's records.
func (t *Tally) Merge(o Tally) {
	t.N += o.N
	t.Key += o.Key
}

// Perturbed is the count as it may be shown.
func (t Tally) Perturbed() int { return Perturb(t.N, t.Key) }

// NoiseVariance is the variance of the noise in a count published as
// published, as far as the published count tells: none for 0 (a cell of 1
// to 3 records that came out as 0 is not counted; their noise is what
// hid them), 2 for 3 (what counts of 1 to 3 come out as), and the table's
// variance otherwise. Intervals made from perturbed counts add it.
func NoiseVariance(published int) float64 {
	switch {
	case published <= 0:
		return 0
	case published == 3:
		return 2
	}
	return PerturbVariance
}
