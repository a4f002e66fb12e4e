package indicator

import "math"

// cellColumn holds a fixed number of values per cell, in chunks of 256
// cells, so the cube grows without copying. Within a chunk the values are
// laid out slot by slot (the 256 cells' values of slot 0, then of slot
// 1, ...): a query reads a few slots of every cell, and so reads them in
// runs instead of a cache line of every cell.
type cellColumn[T uint8 | uint16] struct {
	width  int
	chunks [][]T
}

const cubeChunk = 256

func (c *cellColumn[T]) grow(cells int) {
	if cells > len(c.chunks)*cubeChunk {
		c.chunks = append(c.chunks, make([]T, cubeChunk*c.width))
	}
}

// ref is the value of a cell at a slot.
func (c *cellColumn[T]) ref(cell, slot int) *T {
	return &c.chunks[cell/cubeChunk][slot*cubeChunk+cell&(cubeChunk-1)]
}

// run is the values at a slot of the cells of the chunk from cell first.
func (c *cellColumn[T]) run(first, slot int) []T {
	return c.chunks[first/cubeChunk][slot*cubeChunk : (slot+1)*cubeChunk]
}

// cellCounts are the cube's counts, a byte each. A cell is one month of
// one survey version, age band, gender, setting and province: most of its
// counts are small and many are zero, and at 10 M answers only one run of
// a chunk's 256 cells at a slot in some seventy holds a count past 255.
// The first count of a run to pass 255 moves the run, once, to a wide run
// of its own (its counts copied), where the run counts from then on; its
// bytes are not read again. A count never wraps (a cell counts fewer than
// 2^32 rows), and the counts take one byte instead of two.
type cellCounts struct {
	narrow cellColumn[uint8]
	wideAt []int32 // by chunk*width + slot: 1 + the run's place in wide, 0 while its counts fit in a byte
	wide   []*[cubeChunk]uint32
}

// width is the number of counts per cell.
func (c *cellCounts) width() int { return c.narrow.width }

func (c *cellCounts) grow(cells int) {
	c.narrow.grow(cells)
	for len(c.wideAt) < len(c.narrow.chunks)*c.width() {
		c.wideAt = append(c.wideAt, 0)
	}
}

// inc adds one to the count of a cell at a slot.
func (c *cellCounts) inc(cell, slot int) {
	chunk, i := cell/cubeChunk, cell&(cubeChunk-1)
	if w := c.wideAt[chunk*c.width()+slot]; w != 0 {
		c.wide[w-1][i]++
		return
	}
	p := c.narrow.ref(cell, slot)
	if *p < math.MaxUint8 {
		*p++
		return
	}
	c.widen(chunk, slot)[i]++
}

// widen moves the run at a slot of a chunk to a wide run of its own.
func (c *cellCounts) widen(chunk, slot int) *[cubeChunk]uint32 {
	w := new([cubeChunk]uint32)
	for i, n := range c.narrow.run(chunk*cubeChunk, slot) {
		w[i] = uint32(n)
	}
	c.wide = append(c.wide, w)
	c.wideAt[chunk*c.width()+slot] = int32(len(c.wide))
	return w
}

// at is the count of a cell at a slot.
func (c *cellCounts) at(cell, slot int) uint32 {
	narrow, wide := c.run(cell&^(cubeChunk-1), slot)
	if wide != nil {
		return wide[cell&(cubeChunk-1)]
	}
	return uint32(narrow[cell&(cubeChunk-1)])
}

// run is the counts at a slot of the cells of the chunk from cell first:
// their bytes, or, once one of them passed 255, nil and the wide run.
func (c *cellCounts) run(first, slot int) ([]uint8, []uint32) {
	if w := c.wideAt[first/cubeChunk*c.width()+slot]; w != 0 {
		return nil, c.wide[w-1][:]
	}
	return c.narrow.run(first, slot), nil
}

// The snapshot keeps the counts as it did when they were 16 bits: a chunk
// of the lower halves, laid out as a cellColumn's, and for a chunk with a
// count past 65,535 a chunk of the upper halves beside it. The counts are
// converted a chunk at a time, so writing holds no second copy of them.

// chunks is the number of chunks of cells.
func (c *cellCounts) chunks() int { return len(c.narrow.chunks) }

// chunk16 puts the counts of a chunk in low and high, the lower and the
// upper 16 bits of each (both of cubeChunk*width), and reports whether a
// count passed 65,535, that is whether the snapshot holds high.
func (c *cellCounts) chunk16(chunk int, low, high []uint16) bool {
	over := false
	for slot := range c.width() {
		lo, hi := low[slot*cubeChunk:(slot+1)*cubeChunk], high[slot*cubeChunk:(slot+1)*cubeChunk]
		narrow, wide := c.run(chunk*cubeChunk, slot)
		if wide == nil {
			for i, n := range narrow {
				lo[i], hi[i] = uint16(n), 0
			}
			continue
		}
		for i, n := range wide {
			lo[i], hi[i] = uint16(n), uint16(n>>16)
			over = over || n > math.MaxUint16
		}
	}
	return over
}

// addChunk16 appends a chunk of counts in the snapshot's halves (high
// empty when none passed 65,535): a run with a count past 255 becomes a
// wide run, as counting it would have made it.
func (c *cellCounts) addChunk16(low, high []uint16) {
	chunk := c.chunks()
	c.grow(chunk*cubeChunk + 1)
	narrow := c.narrow.chunks[chunk]
	for slot := range c.width() {
		lo := low[slot*cubeChunk : (slot+1)*cubeChunk]
		var hi []uint16
		if len(high) != 0 {
			hi = high[slot*cubeChunk : (slot+1)*cubeChunk]
		}
		if !fitsByte(lo, hi) {
			w := c.widen(chunk, slot)
			for i := range w {
				w[i] = uint32(lo[i])
				if hi != nil {
					w[i] |= uint32(hi[i]) << 16
				}
			}
			continue
		}
		for i, n := range lo {
			narrow[slot*cubeChunk+i] = uint8(n)
		}
	}
}

// fitsByte reports whether every count of a run in halves is below 256.
func fitsByte(lo, hi []uint16) bool {
	for i, n := range lo {
		if n > math.MaxUint8 || hi != nil && hi[i] != 0 {
			return false
		}
	}
	return true
}
