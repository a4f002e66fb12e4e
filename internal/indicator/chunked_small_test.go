package indicator

import (
	"bytes"
	"slices"
	"testing"
)

// Values read back as pushed and put, two to a byte below 16, across chunk
// boundaries; the first value of 16 or more, pushed or put, widens the
// column once, and every earlier row reads the same after as before. Full
// chunks of zeros only are shared, narrow and wide, and a put into one
// goes into a copy. A view keeps the rows it was made with, and the
// snapshot keeps the values a byte each, as it kept the byte columns, and
// reads them back to the same column.
func TestSmallColumn(t *testing.T) {
	t.Parallel()
	n := 2*chunkRows + 3
	cyclic := func(r int) uint8 { return uint8(r % 16) }
	zero := func(int) uint8 { return 0 }
	for _, c := range []struct {
		name   string
		push   func(row int) uint8
		puts   [][2]int // row, value: put in order after the pushes
		wide   bool
		shared []int // the full chunks held as the shared zeros at the end
	}{
		{"nibbles", cyclic, nil, false, nil},
		{"15 and 0 put stay narrow", cyclic, [][2]int{{chunkRows - 1, 15}, {chunkRows, 0}, {n - 1, 15}}, false, nil},
		{"16 pushed widens", func(r int) uint8 { return uint8(min(r, 16)) }, nil, true, nil},
		{"16 put widens", cyclic, [][2]int{{chunkRows - 1, 16}, {chunkRows, 3}}, true, nil},
		{"254 pushed at a chunk's start", func(r int) uint8 { return uint8(r/chunkRows) * 127 }, nil, true, []int{0}},
		{"versions past 15", func(r int) uint8 { return uint8(1 + r*20/n) }, nil, true, nil},
		{"zeros shared", func(r int) uint8 { return uint8(r/(2*chunkRows)) * 3 }, nil, false, []int{0, 1}},
		{"a put unshares", zero, [][2]int{{chunkRows + 5, 9}}, false, []int{0}},
		{"zeros shared wide", func(r int) uint8 { return uint8(r/(2*chunkRows)) * 16 }, nil, true, []int{0, 1}},
		{"a put widens and unshares", zero, [][2]int{{5, 16}}, true, []int{1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var col smallColumn
			want := make([]uint8, n)
			check := func(stage string, col *smallColumn, rows int) {
				t.Helper()
				if col.len() != rows {
					t.Fatalf("%s: %d rows, want %d", stage, col.len(), rows)
				}
				for r := range rows {
					if got := col.at(r); got != want[r] {
						t.Fatalf("%s: row %d = %d, want %d", stage, r, got, want[r])
					}
				}
			}
			for r := range n {
				want[r] = c.push(r)
				if want[r] > 15 && !col.isWide {
					check("before widening", &col, r)
				}
				col.push(want[r])
			}
			check("pushed", &col, n)
			for _, p := range c.puts {
				want[p[0]] = uint8(p[1])
				col.put(p[0], uint8(p[1]))
			}
			check("put", &col, n)
			if col.isWide != c.wide {
				t.Fatalf("wide %v, want %v", col.isWide, c.wide)
			}
			checkChunks(t, &col, c.shared)

			v := col.view()
			col.push(1)
			check("the view after a push", &v, n)
			file := written(t, func(w *snapWriter) { writeSmall(w, &v, nil) })
			var old chunked[uint8] // as the byte columns were written
			for _, x := range want {
				old.push(x)
			}
			if !bytes.Equal(file, written(t, func(w *snapWriter) { writeChunks(w, old, nil) })) {
				t.Fatal("written otherwise than a column of bytes")
			}
			r := newSnapReader(bytes.NewReader(file), int64(len(file)))
			back := readSmall(r, n, false, nil)
			if r.err != nil {
				t.Fatal(r.err)
			}
			check("read back", &back, n)
			if back.isWide != slices.ContainsFunc(want, func(x uint8) bool { return x > 15 }) {
				t.Fatalf("read back wide %v", back.isWide)
			}
			checkChunks(t, &back, c.shared)
			if !bytes.Equal(file, written(t, func(w *snapWriter) { writeSmall(w, &back, nil) })) {
				t.Fatal("written again otherwise")
			}
		})
	}
	if slices.ContainsFunc(zeros[:], func(b byte) bool { return b != 0 }) {
		t.Fatal("the shared zeros were written")
	}
}

// checkChunks fails unless a column's chunks are whole but the last, with
// room for a whole chunk, and exactly the full chunks numbered in shared
// are the shared zeros.
func checkChunks(t *testing.T, c *smallColumn, shared []int) {
	t.Helper()
	chunks, full := c.wide.chunks, chunkRows
	if !c.isWide {
		chunks, full = c.nib, chunkRows/2
	}
	if want := (c.rows + chunkRows - 1) / chunkRows; len(chunks) != want {
		t.Fatalf("%d chunks, want %d", len(chunks), want)
	}
	for i, ch := range chunks {
		last := i == len(chunks)-1
		if !last && len(ch) != full || last && cap(ch) != full {
			t.Fatalf("chunk %d of %d holds %d of %d", i, len(chunks), len(ch), cap(ch))
		}
		if isZeros(ch) != slices.Contains(shared, i) {
			t.Fatalf("chunk %d shared %v, want %v", i, isZeros(ch), !isZeros(ch))
		}
	}
}

// written is what write writes.
func written(t *testing.T, write func(w *snapWriter)) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := newSnapWriter(&buf)
	write(w)
	if w.w.Flush(); w.err != nil {
		t.Fatal(w.err)
	}
	return buf.Bytes()
}

// nibbleCodes are the codes a code column's nibbles stand for. A narrow
// column is written to the snapshot as its nibbles, so these are part of
// the file's format.
var nibbleCodes = [16]int8{notShown, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}

// Every code has a small value of its own, and the codes that fit a nibble
// have the snapshot's.
func TestCodeValues(t *testing.T) {
	t.Parallel()
	var seen [256]bool
	for i := range 256 {
		code := int8(i)
		v := codeMap.small[uint8(code)]
		if seen[v] || codeMap.value[v] != code {
			t.Fatalf("code %d is held as %d, which stands for %d", code, v, codeMap.value[v])
		}
		seen[v] = true
	}
	for nib, code := range nibbleCodes {
		if v := codeMap.small[uint8(code)]; int(v) != nib {
			t.Errorf("code %d is held as %d, the snapshot's nibble is %d", code, v, nib)
		}
	}
}

// Codes read back as written, two to a byte, across chunks; a code that
// does not fit four bits widens the column and keeps every earlier code.
// Either way the snapshot holds what it held before codes were held as
// small values, and reads back to the same column.
func TestCodeColumn(t *testing.T) {
	t.Parallel()
	var c codeColumn
	n := chunkRows + 101
	want := make([]int8, n)
	for r := range n {
		want[r] = nibbleCodes[r%16]
		c.push(want[r])
	}
	if c.small.isWide || len(c.small.nib) != 2 || cap(c.small.nib[0]) != chunkRows/2 {
		t.Fatalf("%d rows: wide %v, %d chunks; want two chunks of nibbles", n, c.small.isWide, len(c.small.nib))
	}
	for i, r := range []int{3, chunkRows, chunkRows + 1} {
		want[r] = int8(10 + i)
		c.put(r, want[r])
	}
	check := func(stage string, c *codeColumn) {
		t.Helper()
		for r := range want {
			if got := c.at(r); got != want[r] {
				t.Fatalf("%s: row %d = %d, want %d", stage, r, got, want[r])
			}
		}
	}
	roundTrip := func(stage string) {
		t.Helper()
		v := c.view()
		file := written(t, func(w *snapWriter) { writeCodes(w, &v) })
		if !bytes.Equal(file, written(t, func(w *snapWriter) { writeCodesAsBefore(w, want) })) {
			t.Fatalf("%s: written otherwise than before", stage)
		}
		r := newSnapReader(bytes.NewReader(file), int64(len(file)))
		back := readCodes(r, len(want), nil)
		if r.err != nil {
			t.Fatal(r.err)
		}
		check(stage+", read back", &back)
		if back.small.isWide != c.small.isWide {
			t.Fatalf("%s: read back wide %v", stage, back.small.isWide)
		}
		if !bytes.Equal(file, written(t, func(w *snapWriter) { writeCodes(w, &back) })) {
			t.Fatalf("%s: written again otherwise", stage)
		}
	}
	check("nibbles", &c)
	roundTrip("nibbles")
	if c.small.isWide {
		t.Fatal("codes that fit four bits widened the column")
	}
	want[7] = 40 // a choice item with codes above 12
	c.put(7, 40)
	if !c.small.isWide {
		t.Fatal("code 40 did not widen the column")
	}
	check("widened", &c)
	for _, code := range []int8{-1, -3, notShown, 127, 0} {
		c.push(code)
		want = append(want, code)
	}
	check("pushed after widening", &c)
	roundTrip("widened")
}

// writeCodesAsBefore writes codes as a code column was written while it
// held them as they are: their nibbles (the places in nibbleCodes) when
// all have one, else the codes.
func writeCodesAsBefore(w *snapWriter, codes []int8) {
	packed := make([]byte, (len(codes)+1)/2)
	for r, code := range codes {
		i := slices.Index(nibbleCodes[:], code)
		if i < 0 {
			var wide chunked[int8]
			for _, code := range codes {
				wide.push(code)
			}
			w.u64(1)
			writeChunks(w, wide, nil)
			return
		}
		packed[r>>1] |= byte(i) << ((r & 1) << 2)
	}
	var nib chunked[byte] // in chunks of chunkRows/2 bytes, as the column held them
	for len(packed) > 0 {
		k := min(len(packed), chunkRows/2)
		nib.chunks, packed = append(nib.chunks, packed[:k]), packed[k:]
	}
	w.u64(0)
	writeChunks(w, nib, nil)
}
