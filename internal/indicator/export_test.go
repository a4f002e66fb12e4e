package indicator

// ComputeExact runs a query without perturbation, so tests can check the
// tallies against the stored answers. Only tests can call it.
func (ix *Index) ComputeExact(q Query) (*Result, error) { return ix.compute(q, true) }
