package indicator

// The population weights travel with the microdata: every row carries the
// weight the index gives its class (province × age band × sex class, as
// weights.go computes it from perturbed class sizes), so that a design
// declared on the file (sessions as clusters, these weights) gives the
// same weighted estimate as weights=population. A row whose quasi
// identifiers the microdata's protection left out gets the weight of what
// it still shows, never of what was left out: without its gender, the
// weight of the "other or not said" class of its province and band (that
// is N_pb / n_pb, the average of the band); without its province, the
// average weight of all weighted children.

// ClassWeights are a survey's population weights by class.
type ClassWeights struct {
	ws    *weightSet
	bands map[string]int // age band ("10-13") -> position
	prov  map[string]int // province NIS code -> position
	info  Weighting
}

// MicrodataWeights returns the population weights of a survey's rows by
// class, or nil when no population table is imported (every child then
// counts once) or the index holds no such survey.
func (ix *Index) MicrodataWeights(surveyID string) *ClassWeights {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	t := ix.tables[surveyID]
	if t == nil || ix.pop == nil || len(ix.pop.n) == 0 {
		return nil
	}
	tw := &t.weights
	tw.mu.Lock()
	if tw.set == nil || tw.rows != t.rows || tw.pop != ix.pop {
		tw.set, tw.rows, tw.pop = ix.makeWeights(t, false), t.rows, ix.pop
	}
	ws := tw.set
	tw.mu.Unlock()
	cw := &ClassWeights{ws: ws, bands: map[string]int{}, prov: map[string]int{}, info: ws.info}
	for i, b := range t.bands.names {
		cw.bands[b] = i
	}
	for id, pos := range ws.provPos {
		if pos >= 0 {
			cw.prov[ix.regions.names[id]] = pos
		}
	}
	return cw
}

// Of is the weight of a row that shows province, band and gender ("" for
// one left out).
func (cw *ClassWeights) Of(province, band, gender string) float64 {
	prov, ok := cw.prov[province]
	b, okb := cw.bands[band]
	if !ok || !okb || b >= cw.ws.nb {
		prov, b = cw.ws.nprov, 0 // no province: the average weight
	}
	sx := min(int(genderID(gender)), sexOther) // "" is "other or not said"
	return cw.ws.w[(prov*cw.ws.nb+b)*sexClasses+sx]
}

// Weighting says how the weights were made (the provinces raked).
func (cw *ClassWeights) Weighting() Weighting { return cw.info }
