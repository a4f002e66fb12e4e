package indicator

import "unsafe"

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
	ch := c.chunks[row>>chunkShift]
	if isZeros(ch) {
		ch = append([]T(nil), ch...)
		c.chunks[row>>chunkShift] = ch
	}
	ch[row&chunkMask] = v
}

// zeros backs every full chunk of a row column that holds only zeros: an
// item nobody in those rows was shown, a background block nobody was
// asked, ages nobody gave. Such a chunk points here instead of holding
// chunkRows zeros of its own. Nothing writes here: put copies such a chunk
// before it changes it.
var zeros [chunkRows * 8]byte

// zeroChunk is the shared chunk of zeros of n values of T, a type of at
// most 8 bytes without pointers.
func zeroChunk[T any](n int) []T {
	var z T
	if unsafe.Sizeof(z)*uintptr(n) > uintptr(len(zeros)) {
		panic("indicator: a chunk larger than the shared zeros")
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&zeros[0])), n)
}

// isZeros reports whether ch is the shared chunk of zeros.
func isZeros[T any](ch []T) bool {
	return len(ch) > 0 && unsafe.Pointer(unsafe.SliceData(ch)) == unsafe.Pointer(&zeros[0])
}

// shareIfZeros returns the shared chunk of zeros in place of a full chunk
// that holds only zeros, and the chunk itself otherwise.
func shareIfZeros[T comparable](ch []T, full int) []T {
	if len(ch) != full || isZeros(ch) {
		return ch
	}
	var zero T
	for _, v := range ch {
		if v != zero {
			return ch
		}
	}
	return zeroChunk[T](full)
}

// pushRow adds a value to a row column; the chunk it fills before is
// settled by then (a row's values are set as it is added) and is shared if
// it holds only zeros.
func pushRow[T comparable](c *chunked[T], v T) {
	if n := len(c.chunks); n > 0 && len(c.chunks[n-1]) == chunkRows {
		c.chunks[n-1] = shareIfZeros(c.chunks[n-1], chunkRows)
	}
	c.push(v)
}

func (c *chunked[T]) push(v T) {
	n := len(c.chunks)
	if n == 0 || len(c.chunks[n-1]) == chunkRows {
		c.chunks = append(c.chunks, make([]T, 0, chunkRows))
		n++
	}
	c.chunks[n-1] = append(c.chunks[n-1], v)
}

func (c *chunked[T]) len() int {
	n := len(c.chunks)
	if n == 0 {
		return 0
	}
	return (n-1)*chunkRows + len(c.chunks[n-1])
}

// ref returns a pointer to the value at row, to change it in place: for
// the blocks, whose chunks are never shared (a row column's may be, and
// changes through put).
func (c *chunked[T]) ref(row int) *T {
	return &c.chunks[row>>chunkShift][row&chunkMask]
}
