package indicator

// cellColumn holds a fixed number of values per cell, in chunks of 256
// cells, so the cube grows without copying. Within a chunk the values are
// laid out slot by slot (the 256 cells' values of slot 0, then of slot
// 1, ...): a query reads a few slots of every cell, and so reads them in
// runs instead of a cache line of every cell.
type cellColumn[T uint16] struct {
	width  int
	chunks [][]T
}

// cellCounts are the cube's counts in 16 bits: a cell is one month of one
// survey version, age band, gender, setting and province, and almost no
// cell counts 65,536 children. The upper 16 bits of a count that passes
// 65,535 are kept in a chunk of the same layout beside its chunk, made for
// the first such count in it, so a count never wraps and the counts take
// two bytes instead of four.
type cellCounts struct {
	cellColumn[uint16]
	high [][]uint16 // by chunk: the upper halves, nil while every count in it fits
}

func (c *cellCounts) grow(cells int) {
	c.cellColumn.grow(cells)
	for len(c.high) < len(c.chunks) {
		c.high = append(c.high, nil)
	}
}

// inc adds one to the count of a cell at a slot.
func (c *cellCounts) inc(cell, slot int) {
	p := c.ref(cell, slot)
	*p++
	if *p != 0 {
		return
	}
	ch := cell / cubeChunk
	if c.high[ch] == nil {
		c.high[ch] = make([]uint16, cubeChunk*c.width)
	}
	c.high[ch][slot*cubeChunk+cell&(cubeChunk-1)]++ // a cell counts fewer than 2^32 rows
}

// at is the count of a cell at a slot.
func (c *cellCounts) at(cell, slot int) uint32 {
	n := uint32(*c.ref(cell, slot))
	if h := c.high[cell/cubeChunk]; h != nil {
		n |= uint32(h[slot*cubeChunk+cell&(cubeChunk-1)]) << 16
	}
	return n
}

// runHigh is the upper halves at a slot of the cells of the chunk from
// cell first, nil when every count of the chunk fits in 16 bits.
func (c *cellCounts) runHigh(first, slot int) []uint16 {
	if h := c.high[first/cubeChunk]; h != nil {
		return h[slot*cubeChunk : (slot+1)*cubeChunk]
	}
	return nil
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
