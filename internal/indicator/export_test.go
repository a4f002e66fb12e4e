package indicator

import (
	"context"
	"crypto/aes"
	"crypto/rand"
	"os"
	"slices"

	"github.com/kinderstem/kinderstem/internal/store"
)

// ComputeExact runs a query without perturbation, so tests can check the
// tallies against the stored answers. Only tests can call it.
func (ix *Index) ComputeExact(q Query) (*Result, error) { return ix.compute(q, how{exact: true}) }

// ComputeFromRows answers a query from the rows, where Compute would add
// up the cube's cells.
func (ix *Index) ComputeFromRows(q Query) (*Result, error) { return ix.compute(q, how{rows: true}) }

// Cubed reports whether Compute answers q from the cube.
func (ix *Index) Cubed(q Query) bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	t := ix.tables[q.Survey]
	ind, _ := t.s.Indicator(q.Indicator)
	f, err := ix.compileFilter(t, q.Filter)
	if err != nil {
		return false
	}
	sc, _ := newScorer(t, ind)
	c := &computation{ix: ix, t: t, q: q, f: f, score: sc, indPos: slices.Index(t.s.Indicators, ind)}
	return c.cubed()
}

// DesignOf returns the design effect (rounded as published) and the
// clustered and simple variances of the mean for values given session by
// session, through the same sums the index keeps.
func DesignOf(sessions [][]float64) (deff, clustered, simple float64) {
	var d designSums
	for _, vs := range sessions {
		var y, yy float64
		for _, v := range vs {
			y += v
			yy += v * v
		}
		d.addCluster(float64(len(vs)), float64(len(vs)), y, yy)
	}
	clustered, simple = d.variances()
	return d.deff(), clustered, simple
}

// SessionOrder rebuilds a table's rows-by-session order, as the first
// query after new submissions does, for its benchmark.
func (ix *Index) SessionOrder(surveyID string) int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	t := ix.tables[surveyID]
	t.order.mu.Lock()
	t.order.rows = -1
	t.order.mu.Unlock()
	order, _ := t.bySession(len(ix.dims))
	return len(order)
}

// RebuildWeights remakes a table's population weights, as the first
// weighted query after new submissions does, for its benchmark.
func (ix *Index) RebuildWeights(surveyID string) int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	t := ix.tables[surveyID]
	return len(ix.makeWeights(t, false).w)
}

// SaveSnapshotUnder writes a snapshot as an index would under a schema
// other than the database's by delta: as the code before a migration did.
func (ix *Index) SaveSnapshotUnder(ctx context.Context, st *store.Store, path string, delta int) error {
	m, err := ix.meta(ctx, st)
	if err != nil {
		return err
	}
	m.schema += delta
	nonce := make([]byte, aes.BlockSize)
	rand.Read(nonce)
	return ix.writeSnapshotTo(ctx, st, path, m, nonce)
}

// SaveSnapshotNonce writes a snapshot with the record keys under the
// given nonce, where SaveSnapshot makes a new one: two snapshots of the
// same index are then the same bytes.
func (ix *Index) SaveSnapshotNonce(ctx context.Context, st *store.Store, path string, nonce []byte) error {
	m, err := ix.meta(ctx, st)
	if err != nil {
		return err
	}
	return ix.writeSnapshotTo(ctx, st, path, m, nonce)
}

func (ix *Index) writeSnapshotTo(ctx context.Context, st *store.Store, path string, m snapMeta, nonce []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	return ix.writeSnapshot(ctx, st, f, m, nonce)
}

// TrendOver is the trend test over a one-way result's rows that have a
// value, in their order, as if they were consecutive periods (rows from
// different sessions: no correlation).
func TrendOver(res *Result) *Trend {
	g := &Grid{Total: res.Grid.Total}
	for _, r := range tested(&res.Grid) {
		g.Cells = append(g.Cells, res.Grid.Cells[r])
	}
	return trendTest(g, res.Grid.Total.Clusters, nil, nil)
}

// IndexScores returns every valid child's index score of an index
// indicator before it is counted in steps of indexStep.
func IndexScores(ix *Index, surveyID, indicatorID string) []float64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	t := ix.tables[surveyID]
	for _, ind := range t.s.Indicators {
		if ind.ID != indicatorID {
			continue
		}
		sc, err := newScorer(t, ind)
		if err != nil {
			return nil
		}
		var out []float64
		for r := 0; r < t.rows; r++ {
			if st, v := sc.index(r); st == rowValid {
				out = append(out, v)
			}
		}
		return out
	}
	return nil
}

// SetPopulation puts in another population table while the index runs,
// as a new import would.
func (ix *Index) SetPopulation(p *Population) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.pop = p
}

// WidenMonthSums moves every run of month sums to 32 bits, as a sum past
// 16 bits moves its own.
func (ix *Index) WidenMonthSums() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, t := range ix.tables {
		for r := range t.blocks.months.month.runs {
			if run := &t.blocks.months.month.runs[r]; run.narrow != nil {
				run.widen()
			}
		}
	}
}

// OverflowMonthSums leaves every table's month sums as a sum past 32 bits
// would: wrong, and marked wide.
func (ix *Index) OverflowMonthSums() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, t := range ix.tables {
		pl := t.blocks.months
		for r := range pl.month.runs {
			run := &pl.month.runs[r]
			run.widen()
			for i := range run.wide {
				run.wide[i].n += 1 << 20
				run.wide[i].mm[0] -= 1 << 30
				run.wide[i].mu[4] += 1 << 30
			}
		}
		pl.wide = true
	}
}
