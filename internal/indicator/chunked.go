package indicator

// chunkShift sets how many rows one chunk of a column holds (16,384).
const (
	chunkShift = 14
	chunkRows  = 1 << chunkShift
	chunkMask  = chunkRows - 1
)

// chunked is a column of values that grows a fixed-size chunk at a time.
// A plain slice doubles when it fills: every column of a table at once, on
// the same submission, copying the old backing array and leaving it as
// garbage. Under live load that doubled a 30 MB index for a moment and
// kept up to half of it unused. Chunks are never copied, and at most one
// partly filled chunk per column is spare.
type chunked[T any] struct {
	chunks [][]T
}

func (c *chunked[T]) at(row int) T {
	return c.chunks[row>>chunkShift][row&chunkMask]
}

func (c *chunked[T]) put(row int, v T) {
	c.chunks[row>>chunkShift][row&chunkMask] = v
}

func (c *chunked[T]) push(v T) {
	n := len(c.chunks)
	if n == 0 || len(c.chunks[n-1]) == chunkRows {
		c.chunks = append(c.chunks, make([]T, 0, chunkRows))
		n++
	}
	c.chunks[n-1] = append(c.chunks[n-1], v)
}
