package indicator

import (
	"fmt"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// WeightsPopulation is the one weighting an analyst can ask for: survey
// indicators weighted to the imported population's margins of age band ×
// sex by province (weights.go).
const WeightsPopulation = "population"

// Population is the number of children by province, sex and age in years,
// from the imported population table (municipalities added up to their
// province).
type Population struct {
	n map[popKey]float64
}

type popKey struct {
	province string
	sex      int // sexGirl or sexBoy
	age      int
}

// The sex classes of weighting: the two sexes a population table has, and
// the children who answered "other" or did not say.
const (
	sexGirl = iota
	sexBoy
	sexOther
	sexClasses
)

// NewPopulation adds a population table up by province; rows of areas the
// catalog does not place in a province are left out.
func NewPopulation(cat *survey.Catalog, rows []store.PopulationCount) *Population {
	p := &Population{n: map[popKey]float64{}}
	for _, r := range rows {
		prov := cat.ProvinceOf(r.Area)
		if prov == "" {
			continue
		}
		sex := sexGirl
		if r.Sex == "male" {
			sex = sexBoy
		}
		p.n[popKey{prov, sex, r.Age}] += float64(r.Count)
	}
	return p
}

// WithPopulation sets the population weights=population weights to; Load
// reads the imported table when this option is not given.
func WithPopulation(p *Population) Option {
	return func(ix *Index) { ix.pop = p }
}

// inBand is the population of a province, sex and age band ("10-13").
func (p *Population) inBand(province string, sex int, band string) float64 {
	var lo, hi int
	if _, err := fmt.Sscanf(band, "%d-%d", &lo, &hi); err != nil {
		return 0
	}
	total := 0.0
	for a := lo; a <= hi; a++ {
		total += p.n[popKey{province, sex, a}]
	}
	return total
}

// checkWeights refuses an unknown weighting, and population weights
// without a population table.
func (ix *Index) checkWeights(w string) error {
	switch {
	case w == "":
		return nil
	case w != WeightsPopulation:
		return fault.Field("weights", "error.weights_invalid", "weights must be population or left out")
	case ix.pop == nil || len(ix.pop.n) == 0:
		return fault.Field("weights", "error.weights_no_population", "no population table is imported (kinderstem population import)")
	}
	return nil
}

// HasPopulation reports whether the index has a population table to weight
// with.
func (ix *Index) HasPopulation() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.pop != nil && len(ix.pop.n) > 0
}
