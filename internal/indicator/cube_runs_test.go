package indicator

import (
	"bytes"
	"fmt"
	"testing"
)

// A run of counts moves to a wide run at its first count past 255 and
// counts on there past 65,535: every count reads back as counted, before
// and after the move, and the run's other cells keep theirs. The snapshot
// holds the counts as 16-bit halves, as it did before the counts took a
// byte: the bytes written are those halves, a snapshot read and written
// again is the same file, and the counts read back are the counts.
func TestCellCountsWidenRun(t *testing.T) {
	t.Parallel()
	const width, cells = 3, 2*cubeChunk + 88 // the last chunk partly filled
	for _, c := range []struct {
		name       string
		cell, slot int
		n          int // the busy cell's count
	}{
		{"255 stays a byte", 300, 1, 255},
		{"256 widens the run", 300, 1, 256},
		{"65,535", 511, 2, 65_535},
		{"65,536 and on", 0, 0, 70_000},
		{"past 65,535 with a lower half below 256", 5, 1, 1<<16 + 200},
		{"in the last chunk", cells - 1, 2, 300},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cb := &cube{width: width}
			cb.n.narrow.width, cb.key.width = width, width
			want := make([][]uint32, cells)
			for cell := range cells {
				want[cell] = make([]uint32, width)
				cb.keys = append(cb.keys, cellKey{month: uint16(cell)})
				cb.n.grow(cell + 1)
				cb.key.grow(cell + 1)
				for slot := range width {
					if cell == c.cell && slot == c.slot {
						continue // counts n, below
					}
					// Small counts, some zero, around the busy cell.
					for range (cell*7 + slot) % 5 {
						cb.n.inc(cell, slot)
						want[cell][slot]++
					}
					*cb.key.ref(cell, slot) = uint16(cell*31 + slot)
				}
			}
			check := func(stage string) {
				t.Helper()
				for cell := range cells {
					for slot := range width {
						if got := cb.n.at(cell, slot); got != want[cell][slot] {
							t.Fatalf("%s: cell %d slot %d counts %d, want %d", stage, cell, slot, got, want[cell][slot])
						}
					}
				}
			}
			check("before")
			for range c.n {
				cb.n.inc(c.cell, c.slot)
				want[c.cell][c.slot]++
				switch n := want[c.cell][c.slot]; n {
				case 255, 256, 257, 65_535, 65_536, 65_537:
					check(fmt.Sprintf("at %d", n))
				default:
					if got := cb.n.at(c.cell, c.slot); got != n {
						t.Fatalf("count %d reads %d", n, got)
					}
				}
			}
			neighbour := c.cell ^ 1 // in the same run
			cb.n.inc(neighbour, c.slot)
			want[neighbour][c.slot]++
			check("after")

			widened := c.n > 255
			if got := len(cb.n.wide); got != map[bool]int{false: 0, true: 1}[widened] {
				t.Errorf("%d wide runs for a count of %d", got, c.n)
			}
			for first := 0; first < cells; first += cubeChunk {
				for slot := range width {
					_, wide := cb.n.run(first, slot)
					busy := first == c.cell&^(cubeChunk-1) && slot == c.slot
					if (wide != nil) != (busy && widened) {
						t.Errorf("the run of cell %d slot %d wide: %v", first, slot, wide != nil)
					}
				}
			}

			written := cubeBytes(t, cb)
			if old := oldCubeBytes(t, cb, want); !bytes.Equal(written, old) {
				t.Fatalf("the cube is written in %d bytes unlike the 16-bit counts' %d", len(written), len(old))
			}
			read := &cube{width: width}
			read.n.narrow.width, read.key.width = width, width
			r := newSnapReader(bytes.NewReader(written), int64(len(written)))
			readCube(r, read, nil)
			if r.err != nil {
				t.Fatal(r.err)
			}
			cb = read
			check("read back")
			if again := cubeBytes(t, read); !bytes.Equal(again, written) {
				t.Fatal("a cube read and written again is not the same bytes")
			}
		})
	}
}

func cubeBytes(tb testing.TB, cb *cube) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := newSnapWriter(&buf)
	writeCube(w, cb, nil)
	if err := w.w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// oldCubeBytes writes a cube as the counts in 16 bits wrote it, from the
// counts want: each chunk's lower halves, then its upper halves when a
// count in it passed 65,535 and none otherwise.
func oldCubeBytes(tb testing.TB, cb *cube, want [][]uint32) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := newSnapWriter(&buf)
	packed := make([]uint64, len(cb.keys))
	for i, k := range cb.keys {
		packed[i] = k.pack()
	}
	writeSlice(w, packed, nil)
	for first := 0; first < len(want); first += cubeChunk {
		low, high := make([]uint16, cubeChunk*cb.width), make([]uint16, cubeChunk*cb.width)
		over := false
		for i, counts := range want[first:min(first+cubeChunk, len(want))] {
			for slot, n := range counts {
				low[slot*cubeChunk+i], high[slot*cubeChunk+i] = uint16(n), uint16(n>>16)
				over = over || n > 65_535
			}
		}
		writeSlice(w, low, nil)
		if !over {
			high = nil
		}
		writeSlice(w, high, nil)
	}
	for _, ch := range cb.key.chunks {
		writeSlice(w, ch, nil)
	}
	if err := w.w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
