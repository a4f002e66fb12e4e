package indicator

import (
	"runtime"
	"sync"
)

// ComputeAll answers several queries, on as many cores as there are, in
// their order; the first error in that order is returned. The overview and
// the API ask for every indicator at once, each one pass over the rows:
// over a million submissions that is 15 passes of about 10 ms.
//
// A query refused because its selection holds fewer children than the
// minimum base leaves a nil result when another query of the batch could
// be answered: a page or an export of many indicators shows those it can
// (one survey may have too few children where another has enough). When
// every query was refused, the refusal is the answer.
func (ix *Index) ComputeAll(qs []Query) ([]*Result, error) {
	out, err := ix.computeAll(qs)
	if err != nil {
		return nil, err
	}
	var refused error
	answered := false
	for i, res := range out {
		if res.err == nil {
			answered = true
			continue
		}
		refused = res.err
		out[i] = computed{}
	}
	if !answered && refused != nil {
		return nil, refused
	}
	return unwrap(out), nil
}

// computed is one query's answer or its refusal for too small a base.
type computed struct {
	*Result
	err error
}

func unwrap(cs []computed) []*Result {
	out := make([]*Result, len(cs))
	for i, c := range cs {
		out[i] = c.Result
	}
	return out
}

// compute answers one query; a refusal for too small a base is kept as a
// value, any other error is returned.
func (ix *Index) computeOne(q Query) (computed, error) {
	res, err := ix.Compute(q)
	if BaseTooSmall(err) {
		return computed{err: err}, nil
	}
	return computed{Result: res}, err
}

func (ix *Index) computeAll(qs []Query) ([]computed, error) {
	out := make([]computed, len(qs))
	errs := make([]error, len(qs))
	workers := min(len(qs), runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i, q := range qs {
			if out[i], errs[i] = ix.computeOne(q); errs[i] != nil {
				return nil, errs[i]
			}
		}
		return out, nil
	}
	next := make(chan int, len(qs))
	for i := range qs {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i], errs[i] = ix.computeOne(qs[i])
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
