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

// codeColumn is one column's answer codes, two to a byte while every code
// fits in four bits (-2 to 12, and not shown), one to a byte from the first
// code that does not. Every item of the shipped surveys fits, which halves
// the index's largest part; a choice item with higher codes widens its own
// column, once, and nothing else changes.
type codeColumn struct {
	rows   int
	nib    [][]byte // chunks of chunkRows/2 bytes, row 2k in the low half of byte k
	wide   chunked[int8]
	isWide bool
}

// nibbleCode is the code a nibble stands for: 0 is not shown, then -2
// (don't know), -1 (skipped), 0, 1, ... 12.
var nibbleCode = [16]int8{notShown, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}

func nibbleOf(code int8) (byte, bool) {
	switch {
	case code == notShown:
		return 0, true
	case code >= -2 && code <= 12:
		return byte(code + 3), true
	}
	return 0, false
}

func (c *codeColumn) at(row int) int8 {
	if c.isWide {
		return c.wide.at(row)
	}
	b := c.nib[row>>chunkShift][(row&chunkMask)>>1]
	return nibbleCode[(b>>((row&1)<<2))&0x0f]
}

func (c *codeColumn) put(row int, code int8) {
	if c.isWide {
		c.wide.put(row, code)
		return
	}
	v, ok := nibbleOf(code)
	if !ok {
		c.widen()
		c.wide.put(row, code)
		return
	}
	ch := c.nib[row>>chunkShift]
	if isZeros(ch) {
		ch = append([]byte(nil), ch...)
		c.nib[row>>chunkShift] = ch
	}
	p := &ch[(row&chunkMask)>>1]
	shift := (row & 1) << 2
	*p = *p&^(0x0f<<shift) | v<<shift
}

// push adds a row holding code.
func (c *codeColumn) push(code int8) {
	row := c.rows
	c.rows++
	if c.isWide {
		pushRow(&c.wide, code)
		return
	}
	if row&chunkMask == 0 {
		if n := len(c.nib); n > 0 {
			c.nib[n-1] = shareIfZeros(c.nib[n-1], chunkRows/2) // not shown to anyone in them
		}
		c.nib = append(c.nib, make([]byte, 0, chunkRows/2))
	}
	if row&1 == 0 {
		last := len(c.nib) - 1
		c.nib[last] = append(c.nib[last], 0)
	}
	c.put(row, code)
}

// widen moves the column to one byte a code.
func (c *codeColumn) widen() {
	var w chunked[int8]
	for r := 0; r < c.rows; r++ {
		w.push(c.at(r))
	}
	c.wide, c.isWide, c.nib = w, true, nil
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
