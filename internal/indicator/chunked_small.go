package indicator

import "slices"

// smallColumn is a row column of small unsigned values, two to a byte while
// every value is below 16, one to a byte from the first that is not. A
// row's survey version, age band and gender take a handful of values, so
// this halves their columns; a decade of survey versions that passes 15
// widens its own column, once, and nothing else changes. The whole column
// is narrow or wide, so reading a value costs one branch that always goes
// the same way, not one per chunk. Answer codes are held in one too
// (codeColumn).
type smallColumn struct {
	rows   int
	nib    [][]byte // chunks of chunkRows/2 bytes, row 2k in the low half of byte k
	wide   chunked[uint8]
	isWide bool
}

func (c *smallColumn) at(row int) uint8 {
	if c.isWide {
		return c.wide.at(row)
	}
	return c.nib[row>>chunkShift][(row&chunkMask)>>1] >> ((row & 1) << 2) & 0x0f
}

func (c *smallColumn) put(row int, v uint8) {
	switch {
	case c.isWide:
	case v > 0x0f:
		c.widen()
	default:
		c.putNibble(row, v)
		return
	}
	c.wide.put(row, v)
}

// putNibble sets row to v, below 16, in a narrow column; a shared chunk of
// zeros is copied first.
func (c *smallColumn) putNibble(row int, v uint8) {
	ch := c.nib[row>>chunkShift]
	if isZeros(ch) {
		ch = append([]byte(nil), ch...)
		c.nib[row>>chunkShift] = ch
	}
	p := &ch[(row&chunkMask)>>1]
	shift := (row & 1) << 2
	*p = *p&^(0x0f<<shift) | v<<shift
}

// push adds a row holding v. As pushRow does, it shares the chunk it
// fills before when that holds only zeros: a row's values are set as it
// is added, so that chunk is settled.
func (c *smallColumn) push(v uint8) {
	if !c.isWide && v > 0x0f {
		c.widen()
	}
	row := c.rows
	c.rows++
	if c.isWide {
		pushRow(&c.wide, v)
		return
	}
	if row&chunkMask == 0 {
		if n := len(c.nib); n > 0 {
			c.nib[n-1] = shareIfZeros(c.nib[n-1], chunkRows/2)
		}
		c.nib = append(c.nib, make([]byte, 0, chunkRows/2))
	}
	if row&1 == 0 {
		last := len(c.nib) - 1
		c.nib[last] = append(c.nib[last], 0)
	}
	c.putNibble(row, v)
}

// pushChunk adds the rows of a whole chunk, or of the last, holding vs:
// what push does value by value, with a narrow column's chunk packed at
// once when every value fits, as when a snapshot is read.
func (c *smallColumn) pushChunk(vs []byte) {
	if c.isWide || c.rows&chunkMask != 0 || len(vs) > chunkRows || slices.ContainsFunc(vs, func(v byte) bool { return v > 0x0f }) {
		for _, v := range vs {
			c.push(v)
		}
		return
	}
	if n := len(c.nib); n > 0 {
		c.nib[n-1] = shareIfZeros(c.nib[n-1], chunkRows/2)
	}
	ch := make([]byte, (len(vs)+1)/2, chunkRows/2)
	for i, v := range vs {
		ch[i>>1] |= v << ((i & 1) << 2)
	}
	c.nib = append(c.nib, ch)
	c.rows += len(vs)
}

// widen moves the column to one byte a row.
func (c *smallColumn) widen() {
	var w chunked[uint8]
	for r := range c.rows {
		pushRow(&w, c.at(r))
	}
	c.wide, c.isWide, c.nib = w, true, nil
}

func (c *smallColumn) len() int { return c.rows }

// view is the column as it is now, safe to read while rows are added:
// full chunks never change, and the last one is a copy.
func (c *smallColumn) view() smallColumn {
	v := *c
	v.wide = viewOf(c.wide)
	v.nib = append([][]byte(nil), c.nib...)
	if n := len(v.nib); n > 0 {
		v.nib[n-1] = append([]byte(nil), v.nib[n-1]...)
	}
	return v
}

// values puts chunk i's values in buf, one to a byte, as the snapshot
// keeps them; buf has room for a whole chunk.
func (c *smallColumn) values(i int, buf []byte) []byte {
	if c.isWide {
		return append(buf[:0], c.wide.chunks[i]...)
	}
	buf = buf[:0]
	for _, b := range c.nib[i] {
		buf = append(buf, b&0x0f, b>>4)
	}
	return buf[:min(chunkRows, c.rows-i*chunkRows)]
}

// codeColumn is one column's answer codes, held as small values (below):
// two to a byte while every code is not shown, don't know, skipped or 0
// to 12, one to a byte from the first code that is not. Every item of the
// shipped surveys fits, which halves the index's largest part; a choice
// item with higher codes widens its own column, once, and nothing else
// changes.
type codeColumn struct {
	small smallColumn
}

// A code is held as the small value code+3 (modulo 256), so that don't
// know (-2), skipped (-1) and 0 to 12 are 1 to 15. Not shown is 0, so that
// a new column holds zeros and a full chunk of rows nobody was shown is
// shared; -3, whose value that would be, takes not shown's (131).
var codeMap = newValueMap(notShown, 3)

func (c *codeColumn) at(row int) int8 { return codeMap.value[c.small.at(row)] }

func (c *codeColumn) put(row int, code int8) { c.small.put(row, codeMap.small[uint8(code)]) }

// push adds a row holding code.
func (c *codeColumn) push(code int8) { c.small.push(codeMap.small[uint8(code)]) }

// view is the column as it is now, safe to read while rows are added.
func (c *codeColumn) view() codeColumn { return codeColumn{small: c.small.view()} }

// valueMap is how a column's values are held as small values: value v as
// small[v], small value s standing for value[s]. Every value has a small
// value of its own, so a widened column holds any value.
type valueMap[T int8 | uint8] struct {
	small [256]uint8
	value [256]T
}

// newValueMap holds a value v as v+shift (modulo 256), except empty, which
// is held as 0, so that a new column (empty in every row) holds zeros and
// a full chunk of empty rows is shared; the value whose small value 0
// would have been takes empty's, empty+shift.
func newValueMap[T int8 | uint8](empty T, shift uint8) (m valueMap[T]) {
	for i := range 256 {
		v, s := T(i), uint8(i)+shift
		switch {
		case v == empty:
			s = 0
		case s == 0:
			s = uint8(empty) + shift
		}
		m.small[uint8(v)], m.value[s] = s, v
	}
	return m
}

// values turns small values into the values they hold, in place.
func (m *valueMap[T]) values(vs []byte) {
	for i, v := range vs {
		vs[i] = uint8(m.value[v])
	}
}

// smalls turns values into the small values that hold them, in place.
func (m *valueMap[T]) smalls(vs []byte) {
	for i, v := range vs {
		vs[i] = m.small[v]
	}
}
