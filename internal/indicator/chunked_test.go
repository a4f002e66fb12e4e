package indicator

import (
	"bytes"
	"testing"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// Rows land where they were put across chunk boundaries, and a column
// holds at most one partly filled chunk.
func TestChunked(t *testing.T) {
	t.Parallel()
	var c chunked[int8]
	n := 2*chunkRows + 3
	for i := range n {
		c.push(int8(i % 100))
	}
	if got := len(c.chunks); got != 3 {
		t.Fatalf("%d rows in %d chunks, want 3", n, got)
	}
	c.put(chunkRows, -2)
	for _, r := range []int{0, chunkRows - 1, chunkRows + 1, n - 1} {
		if got, want := c.at(r), int8(r%100); got != want {
			t.Errorf("row %d = %d, want %d", r, got, want)
		}
	}
	if got := c.at(chunkRows); got != -2 {
		t.Errorf("row %d = %d after put, want -2", chunkRows, got)
	}
	for i, ch := range c.chunks {
		if cap(ch) != chunkRows {
			t.Errorf("chunk %d has capacity %d, want %d", i, cap(ch), chunkRows)
		}
	}
}

// A full chunk of zeros only is shared, not held: columns of rows nobody
// was shown or asked take no memory of their own. A value put in such a
// chunk goes into a copy of it, so the other columns sharing it still read
// zeros, and so does the shared chunk itself.
func TestZeroChunksShared(t *testing.T) {
	t.Parallel()
	var a, b chunked[uint16]
	var x, y codeColumn
	for range 3*chunkRows + 1 {
		pushRow(&a, 0)
		pushRow(&b, 0)
		x.push(notShown)
		y.push(notShown)
	}
	for _, chunks := range [][][]uint16{a.chunks[:3], b.chunks[:3]} {
		for i, ch := range chunks {
			if !isZeros(ch) {
				t.Fatalf("full chunk %d of zeros is not shared", i)
			}
		}
	}
	for i := range 3 {
		if !isZeros(x.small.nib[i]) || !isZeros(y.small.nib[i]) {
			t.Fatalf("full chunk %d of codes not shown is not shared", i)
		}
	}
	a.put(chunkRows+5, 77)
	x.put(chunkRows+5, 3)
	x.put(chunkRows+6, survey.CodeDontKnow)
	if a.at(chunkRows+5) != 77 || b.at(chunkRows+5) != 0 || a.at(chunkRows+4) != 0 {
		t.Fatalf("put into a shared chunk: %d, the other column %d", a.at(chunkRows+5), b.at(chunkRows+5))
	}
	if x.at(chunkRows+5) != 3 || x.at(chunkRows+6) != survey.CodeDontKnow || y.at(chunkRows+5) != notShown || x.at(chunkRows+7) != notShown {
		t.Fatalf("put into a shared chunk of codes: %d %d, the other column %d", x.at(chunkRows+5), x.at(chunkRows+6), y.at(chunkRows+5))
	}
	if isZeros(a.chunks[1]) || !isZeros(a.chunks[0]) || isZeros(x.small.nib[1]) {
		t.Fatal("the chunk changed is still shared, or another was unshared")
	}
	for i, z := range zeros {
		if z != 0 {
			t.Fatalf("the shared zeros were written at byte %d", i)
		}
	}
	// A chunk with a value in it is kept.
	var c chunked[uint8]
	for i := range chunkRows + 1 {
		pushRow(&c, uint8(min(i, 1)))
	}
	if isZeros(c.chunks[0]) {
		t.Fatal("a chunk with values is shared as zeros")
	}
}

// A narrowed column gives back every value as it was pushed: in half the
// width while a chunk's values lie near its first, at full width from the
// first that does not, and the same after a snapshot's round trip (where
// a chunk is narrowed again if all its values allow).
func TestNarrowed(t *testing.T) {
	t.Parallel()
	var c narrowed[int32, int16]
	var want []int32
	push := func(v int32) {
		c.push(v)
		want = append(want, v)
	}
	for i := range 2*chunkRows + 10 {
		switch {
		case i < chunkRows: // the first chunk: near its first value, either side
			push(int32(100_000 + i%3000 - 1500))
		case i == chunkRows+7: // the second: one far value widens it
			push(1 << 30)
		default:
			push(int32(i))
		}
	}
	if c.chunks[0].wide != nil || c.chunks[1].wide == nil || c.chunks[2].wide != nil {
		t.Fatalf("chunks wide: %v %v %v, want narrow, wide, narrow", c.chunks[0].wide != nil, c.chunks[1].wide != nil, c.chunks[2].wide != nil)
	}
	check := func(name string, c *narrowed[int32, int16]) {
		t.Helper()
		if c.len() != len(want) {
			t.Fatalf("%s: %d values, want %d", name, c.len(), len(want))
		}
		for i, v := range want {
			if got := c.at(i); got != v {
				t.Fatalf("%s: row %d = %d, want %d", name, i, got, v)
			}
		}
	}
	check("pushed", &c)
	v := c.view()
	c.push(5)
	check("view", &v)
	want = append(want, 5)
	var buf bytes.Buffer
	w := newSnapWriter(&buf)
	writeNarrowed(w, c)
	if w.w.Flush(); w.err != nil {
		t.Fatal(w.err)
	}
	r := newSnapReader(&buf, int64(buf.Len()))
	back := readNarrowed[int32, int16](r, len(want))
	if r.err != nil {
		t.Fatal(r.err)
	}
	check("read back", &back)
	var m narrowed[uint16, int8]
	for i := range 300 {
		m.push(uint16(200 + i)) // months 127 past the first and on: wide
	}
	for i := range 300 {
		if m.at(i) != uint16(200+i) {
			t.Fatalf("month %d = %d", i, m.at(i))
		}
	}
}

// A month column gives back every month as it was pushed: a byte each
// while they lie within 255 months of the first, two bytes each for all
// from the first that does not; and the same after a snapshot's round trip.
func TestMonthColumn(t *testing.T) {
	t.Parallel()
	for _, far := range []uint16{0, 100, 300 + 256} { // none, an older month, one past reach
		var c monthColumn
		var want []uint16
		for i := range chunkRows + 20 {
			m := uint16(300 + i%200)
			if far != 0 && i == chunkRows+3 {
				m = far
			}
			c.push(m)
			want = append(want, m)
		}
		if c.isWide != (far != 0) {
			t.Fatalf("far month %d: wide %v", far, c.isWide)
		}
		var buf bytes.Buffer
		w := newSnapWriter(&buf)
		writeMonths(w, c.view())
		if w.w.Flush(); w.err != nil {
			t.Fatal(w.err)
		}
		r := newSnapReader(&buf, int64(buf.Len()))
		back := readMonths(r, len(want))
		if r.err != nil {
			t.Fatal(r.err)
		}
		for i, m := range want {
			if c.at(i) != m || back.at(i) != m {
				t.Fatalf("far month %d: row %d = %d, read back %d, want %d", far, i, c.at(i), back.at(i), m)
			}
		}
	}
}
