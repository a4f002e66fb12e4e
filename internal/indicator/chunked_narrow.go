package indicator

import "unsafe"

// narrowed is a row column of wide values that lie close together within
// a chunk: the rows' session numbers (rows come from the sessions open at
// the time). Each
// chunk holds its first value and every value as a signed difference from
// it, in half the width; a chunk where a value lies farther away holds its
// values at full width from then on, so any value is kept as it is.
type narrowed[W int32 | uint16, N int16 | int8] struct {
	chunks []narrowChunk[W, N]
}

type narrowChunk[W int32 | uint16, N int16 | int8] struct {
	base W
	off  []N // the differences from base; nil once wide
	wide []W // the values, once one does not fit in off
}

func (c *narrowed[W, N]) at(row int) W {
	ch := &c.chunks[row>>chunkShift]
	if ch.wide != nil {
		return ch.wide[row&chunkMask]
	}
	return ch.base + W(ch.off[row&chunkMask])
}

// fits reports whether v is within reach of base in N.
func fits[W int32 | uint16, N int16 | int8](base, v W) bool {
	var n N
	half := int64(1) << (8*unsafe.Sizeof(n) - 1)
	d := int64(v) - int64(base)
	return d >= -half && d < half
}

func (c *narrowed[W, N]) push(v W) {
	n := len(c.chunks)
	if n == 0 || c.chunks[n-1].len() == chunkRows {
		c.chunks = append(c.chunks, narrowChunk[W, N]{base: v, off: make([]N, 0, chunkRows)})
		n++
	}
	ch := &c.chunks[n-1]
	switch {
	case ch.wide != nil:
		ch.wide = append(ch.wide, v)
	case fits[W, N](ch.base, v):
		ch.off = append(ch.off, N(int64(v)-int64(ch.base)))
	default:
		ch.widen()
		ch.wide = append(ch.wide, v)
	}
}

func (ch *narrowChunk[W, N]) len() int {
	if ch.wide != nil {
		return len(ch.wide)
	}
	return len(ch.off)
}

// widen moves a chunk's values to full width.
func (ch *narrowChunk[W, N]) widen() {
	w := make([]W, len(ch.off), chunkRows)
	for i, d := range ch.off {
		w[i] = ch.base + W(d)
	}
	ch.wide, ch.off = w, nil
}

func (c *narrowed[W, N]) len() int {
	if n := len(c.chunks); n > 0 {
		return (n-1)*chunkRows + c.chunks[n-1].len()
	}
	return 0
}

// values puts a chunk's values at full width in buf, for the snapshot,
// which keeps them so.
func (ch *narrowChunk[W, N]) values(buf []W) []W {
	if ch.wide != nil {
		return ch.wide
	}
	buf = buf[:0]
	for _, d := range ch.off {
		buf = append(buf, ch.base+W(d))
	}
	return buf
}

// narrowChunkOf makes a chunk of the values read at full width into vs (a
// buffer, not kept): narrow where they all fit, else a copy at full width.
// Either has room for a whole chunk.
func narrowChunkOf[W int32 | uint16, N int16 | int8](vs []W) narrowChunk[W, N] {
	if len(vs) == 0 {
		return narrowChunk[W, N]{off: make([]N, 0, chunkRows)}
	}
	ch := narrowChunk[W, N]{base: vs[0]}
	for _, v := range vs {
		if !fits[W, N](ch.base, v) {
			ch.wide = append(make([]W, 0, max(len(vs), chunkRows)), vs...)
			return ch
		}
	}
	ch.off = make([]N, len(vs), max(len(vs), chunkRows))
	for i, v := range vs {
		ch.off[i] = N(int64(v) - int64(ch.base))
	}
	return ch
}

// view is the column as it is now, safe to read while rows are added: full
// chunks never change, and the last one is a copy.
func (c *narrowed[W, N]) view() narrowed[W, N] {
	out := narrowed[W, N]{chunks: append([]narrowChunk[W, N](nil), c.chunks...)}
	if n := len(out.chunks); n > 0 {
		last := &out.chunks[n-1]
		last.off, last.wide = append([]N(nil), last.off...), append([]W(nil), last.wide...)
		if c.chunks[n-1].wide == nil {
			last.wide = nil
		} else {
			last.off = nil
		}
	}
	return out
}

// monthColumn holds the rows' months (since January 2000) in a byte each,
// above the first row's month: 255 months, over twenty years of answers.
// A month outside that reach (an older one, or one more than twenty years
// on) moves the column to two bytes a row, once, as a code column widens.
// Unlike narrowed, whose chunks each decide, the whole column is narrow or
// wide, so reading a month costs one more addition, not a branch per chunk:
// every query filters rows by month.
type monthColumn struct {
	rows   int
	base   uint16
	narrow chunked[uint8]
	wide   chunked[uint16]
	isWide bool
}

func (c *monthColumn) at(row int) uint16 {
	if c.isWide {
		return c.wide.at(row)
	}
	return c.base + uint16(c.narrow.at(row))
}

func (c *monthColumn) push(m uint16) {
	if c.rows == 0 {
		c.base = m
	}
	c.rows++
	switch {
	case c.isWide:
		c.wide.push(m)
	case m >= c.base && m-c.base <= 0xff:
		c.narrow.push(uint8(m - c.base))
	default:
		for r := range c.rows - 1 {
			c.wide.push(c.base + uint16(c.narrow.at(r)))
		}
		c.wide.push(m)
		c.narrow, c.isWide = chunked[uint8]{}, true
	}
}

func (c *monthColumn) len() int { return c.rows }

// view is the column as it is now, safe to read while rows are added.
func (c *monthColumn) view() monthColumn {
	v := *c
	v.narrow, v.wide = viewOf(c.narrow), viewOf(c.wide)
	return v
}
