package indicator

import (
	"math"
	"sync"

	"github.com/kinderstem/kinderstem/internal/release"
)

// Population weights (weights=population). Every child gets the weight of
// its class: the province of its session, its age band and its sex class
// (girl, boy, or "other" and not said). The weights make the children of
// each province and age band add up to that band's population, in three
// steps:
//
//  1. Children of sex class "other" or who did not say are kept: each gets
//     the average weight of its province and band, N_pb / n_pb, so the
//     band's sexed children stand for the rest of its population,
//     N_pb * s_pb / n_pb (s_pb: girls and boys in the sample).
//  2. Post-stratification, when every band of the province has at least
//     WeightCellMin girls and WeightCellMin boys: a girl's weight is
//     N_pb,girl * (s_pb / n_pb) / n_pb,girl, a boy's the same with boys.
//  3. Raking otherwise (a cell of the full cross is empty or thinner than
//     WeightCellMin, and a weight resting on it would be erratic): the
//     girls and boys of the province are raked (iterative proportional
//     fitting) to two margins, the age bands (N_pb * s_pb / n_pb) and the
//     sexes (the sum over bands of N_pb,sex * s_pb / n_pb), from weights of
//     1, until both match within 1e-9 (at most 1000 rounds). A sex with no
//     child in the province leaves the sex margin out.
//
// Children of a session without a province, of a province or band the
// population table does not cover, get the average weight of the children
// who are weighted (their population over their number), so that they
// count neither more nor less than a typical child.
//
// Disclosure control counts children, not weights: the class sizes n are
// perturbed counts (cell key perturbation, perturb.go), so a weight
// N/n' reveals at most a perturbed count; cells are shown or hidden on
// their unweighted perturbed n, whatever the weights; and a weighted value
// is made from perturbed counts of the cell's children by class and value
// (design.go), never from true counts.
//
// The interval is the linearisation variance of the weighted ratio mean
// with sessions as clusters, weights taken as fixed (design.go); treating
// the weights as fixed ignores the variance calibration usually removes,
// so the interval is usually slightly wider than R's calibrated one.

// WeightCellMin is the fewest children (perturbed) a post-stratum of
// province × age band × sex may hold; with fewer in any of a province's
// strata, that province is raked. It is the default disclosure threshold:
// no weight rests on a group a page would hide.
const WeightCellMin = release.DefaultK

// Weighting describes how a result was weighted.
type Weighting struct {
	Method string // "population": age band × sex by province
	// Raked lists the provinces (NIS codes) raked on age band and sex
	// because a stratum was thinner than WeightCellMin; the others were
	// post-stratified.
	Raked []string
}

// tableWeights caches a table's weights until rows are added or the
// population changes.
type tableWeights struct {
	mu   sync.Mutex
	rows int
	pop  *Population
	set  *weightSet
}

// weightSet is the weight of every class of a table.
type weightSet struct {
	w       []float64 // by class
	nb      int       // age bands
	provPos []int     // regions dict id -> province position; -1: none
	nprov   int       // provinces; position nprov is "no province"
	info    Weighting
}

// class is a row's weighting class.
func (ws *weightSet) class(t *table, dims []sessionDims, row int) int {
	prov := ws.nprov
	if id := int(dims[t.session.at(row)].province); id < len(ws.provPos) && ws.provPos[id] >= 0 {
		prov = ws.provPos[id]
	}
	sx := min(int(t.gender.at(row)), sexOther)
	return (prov*ws.nb+int(t.band.at(row)))*sexClasses + sx
}

// weightsOf returns the table's weights: from perturbed class sizes, kept
// until rows are added; from true ones for exact (Check, tests).
func (c *computation) weightsOf() *weightSet {
	t, ix := c.t, c.ix
	if c.score.exact {
		return ix.makeWeights(t, true)
	}
	tw := &t.weights
	tw.mu.Lock()
	defer tw.mu.Unlock()
	if tw.set == nil || tw.rows != t.rows || tw.pop != ix.pop {
		tw.set, tw.rows, tw.pop = ix.makeWeights(t, false), t.rows, ix.pop
	}
	return tw.set
}

// makeWeights counts the table's children by class and turns the counts
// into weights. Caller holds ix.mu (read).
func (ix *Index) makeWeights(t *table, exact bool) *weightSet {
	provs := ix.provinceLevels()
	ws := &weightSet{nb: max(1, len(t.bands.names)), nprov: len(provs), provPos: make([]int, len(ix.regions.names)),
		info: Weighting{Method: WeightsPopulation}}
	for i := range ws.provPos {
		ws.provPos[i] = -1
	}
	for pos, id := range provs {
		ws.provPos[id] = pos
	}
	classes := (ws.nprov + 1) * ws.nb * sexClasses
	tallies := make([]tally, classes)
	if cb := t.whole; cb.ok {
		// The cube's row tallies are the rows' tallies by cell, and a
		// cell lies in one class.
		for cell, k := range cb.keys {
			prov := ws.nprov
			if id := int(k.province); id < len(ws.provPos) && ws.provPos[id] >= 0 {
				prov = ws.provPos[id]
			}
			tallies[(prov*ws.nb+int(k.band))*sexClasses+min(int(k.gender), sexOther)].merge(cb.tally(cell, 0))
		}
	} else {
		for row := 0; row < t.rows; row++ {
			tallies[ws.class(t, ix.dims, row)].add(t.key.at(row))
		}
	}
	n := make([]float64, classes)
	for h, tl := range tallies {
		n[h] = float64(tl.perturbed())
		if exact {
			n[h] = float64(tl.n)
		}
	}
	ws.w = make([]float64, classes)
	var popSum, nSum float64
	for pos, id := range provs {
		prov := ix.regions.names[id]
		pop := make([][sexClasses]float64, ws.nb) // N by band and sex (other: none)
		cnt := make([][sexClasses]float64, ws.nb)
		thin := false
		for b := 0; b < ws.nb && b < len(t.bands.names); b++ {
			for s := 0; s < sexClasses; s++ {
				cnt[b][s] = n[(pos*ws.nb+b)*sexClasses+s]
			}
			pop[b][sexGirl] = ix.pop.inBand(prov, sexGirl, t.bands.names[b])
			pop[b][sexBoy] = ix.pop.inBand(prov, sexBoy, t.bands.names[b])
			if nb := cnt[b][0] + cnt[b][1] + cnt[b][2]; nb > 0 && pop[b][0]+pop[b][1] > 0 &&
				(cnt[b][sexGirl] < WeightCellMin || cnt[b][sexBoy] < WeightCellMin) {
				thin = true
			}
		}
		w := provinceWeights(pop, cnt, thin)
		if thin {
			ws.info.Raked = append(ws.info.Raked, prov)
		}
		for b := range w {
			for s := 0; s < sexClasses; s++ {
				ws.w[(pos*ws.nb+b)*sexClasses+s] = w[b][s]
				if w[b][s] > 0 {
					popSum += w[b][s] * cnt[b][s]
					nSum += cnt[b][s]
				}
			}
		}
	}
	avg := 1.0
	if nSum > 0 {
		avg = popSum / nSum
	}
	for h := range ws.w {
		if ws.w[h] == 0 {
			ws.w[h] = avg
		}
	}
	return ws
}

// provinceWeights returns the weights of one province by band and sex
// class (0 where the population or the sample has nobody) from the
// population N and the sample counts n: post-stratified, or raked when
// thin (see the top of this file).
func provinceWeights(pop, cnt [][sexClasses]float64, thin bool) [][sexClasses]float64 {
	w := make([][sexClasses]float64, len(pop))
	bandTarget := make([]float64, len(pop)) // what the band's girls and boys stand for
	var sexTarget [2]float64
	for b := range pop {
		nb := cnt[b][0] + cnt[b][1] + cnt[b][2]
		npb := pop[b][0] + pop[b][1]
		if nb == 0 || npb == 0 {
			continue
		}
		w[b][sexOther] = npb / nb
		sexed := cnt[b][0] + cnt[b][1]
		bandTarget[b] = npb * sexed / nb
		for s := 0; s < 2; s++ {
			sexTarget[s] += pop[b][s] * sexed / nb
			if !thin && cnt[b][s] > 0 {
				w[b][s] = pop[b][s] * sexed / nb / cnt[b][s]
			}
		}
	}
	if thin {
		rake(w, cnt, bandTarget, sexTarget)
	}
	return w
}

// rake fits the girls' and boys' weights w[b][0..1] to the band and sex
// targets by iterative proportional fitting from weights of 1.
func rake(w, cnt [][sexClasses]float64, bandTarget []float64, sexTarget [2]float64) {
	g := make([][2]float64, len(w))
	for b := range g {
		g[b] = [2]float64{1, 1}
	}
	var sexN [2]float64
	for b := range cnt {
		sexN[0] += cnt[b][0]
		sexN[1] += cnt[b][1]
	}
	for round := 0; round < 1000; round++ {
		for b := range g {
			if sum := g[b][0]*cnt[b][0] + g[b][1]*cnt[b][1]; sum > 0 {
				f := bandTarget[b] / sum
				g[b][0], g[b][1] = g[b][0]*f, g[b][1]*f
			}
		}
		off := 0.0
		for s := 0; s < 2; s++ {
			if sexN[s] == 0 || sexN[1-s] == 0 {
				continue // one sex only: the band margin is all there is
			}
			sum := 0.0
			for b := range g {
				sum += g[b][s] * cnt[b][s]
			}
			f := sexTarget[s] / sum
			off = math.Max(off, math.Abs(f-1))
			for b := range g {
				g[b][s] *= f
			}
		}
		if off < 1e-9 {
			break
		}
	}
	for b := range g {
		for s := 0; s < 2; s++ {
			if cnt[b][s] > 0 && bandTarget[b] > 0 {
				w[b][s] = g[b][s]
			}
		}
	}
}
