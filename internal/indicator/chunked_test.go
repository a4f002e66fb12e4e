package indicator

import "testing"

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

// Codes read back as written, two to a byte, across chunks; a code that
// does not fit four bits widens the column and keeps every earlier code.
func TestCodeColumn(t *testing.T) {
	t.Parallel()
	var c codeColumn
	n := chunkRows + 101
	want := make([]int8, n)
	for r := range n {
		want[r] = nibbleCode[r%16]
		c.push(want[r])
	}
	if c.isWide || len(c.nib) != 2 || cap(c.nib[0]) != chunkRows/2 {
		t.Fatalf("%d rows: wide %v, %d chunks; want two chunks of nibbles", n, c.isWide, len(c.nib))
	}
	for i, r := range []int{3, chunkRows, chunkRows + 1} {
		want[r] = int8(10 + i)
		c.put(r, want[r])
	}
	check := func(stage string) {
		t.Helper()
		for r := range n {
			if got := c.at(r); got != want[r] {
				t.Fatalf("%s: row %d = %d, want %d", stage, r, got, want[r])
			}
		}
	}
	check("nibbles")
	if c.isWide {
		t.Fatal("codes that fit four bits widened the column")
	}
	want[7] = 40 // a choice item with codes above 12
	c.put(7, 40)
	if !c.isWide {
		t.Fatal("code 40 did not widen the column")
	}
	check("widened")
	c.push(-1)
	want = append(want, -1)
	n++
	check("pushed after widening")
}
