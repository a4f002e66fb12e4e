package indicator

import "testing"

// Rows land where they were put across chunk boundaries, and a column
// holds at most one partly filled chunk.
func TestChunked(t *testing.T) {
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
