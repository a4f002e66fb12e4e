package indicator

import (
	"bytes"
	"testing"
)

// Every age has a small value of its own, and unknown is 0.
func TestAgeValues(t *testing.T) {
	t.Parallel()
	var seen [256]bool
	for a := range 256 {
		v := ageMap.small[a]
		if seen[v] || ageMap.value[v] != uint8(a) {
			t.Fatalf("age %d is held as %d, which stands for %d", a, v, ageMap.value[v])
		}
		seen[v] = true
	}
	if ageMap.small[0] != 0 || ageMap.small[4] != 1 || ageMap.small[18] != 15 || ageMap.small[3] <= 15 || ageMap.small[19] <= 15 {
		t.Fatal("unknown is not 0, or 4 to 18 are not 1 to 15, or 3 and 19 fit four bits")
	}
}

// Ages read back as given, two to a byte while they are unknown or 4 to
// 18, a byte each from the first that is not; the snapshot holds the ages
// a byte each either way, as it did when the column held them so.
func TestAgeColumn(t *testing.T) {
	t.Parallel()
	var c ageColumn
	var want []uint8
	for r := range chunkRows + 77 {
		a := uint8(0)
		if r%5 != 0 {
			a = uint8(4 + r%15)
		}
		c.push(a)
		want = append(want, a)
	}
	check := func(stage string, c *ageColumn) {
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
		file := written(t, func(w *snapWriter) { writeSmall(w, &v.small, ageMap.values) })
		var before chunked[uint8]
		for _, a := range want {
			pushRow(&before, a)
		}
		if !bytes.Equal(file, written(t, func(w *snapWriter) { writeChunks(w, before, nil) })) {
			t.Fatalf("%s: written otherwise than a byte an age", stage)
		}
		r := newSnapReader(bytes.NewReader(file), int64(len(file)))
		back := ageColumn{small: readSmall(r, len(want), false, ageMap.smalls)}
		if r.err != nil {
			t.Fatal(r.err)
		}
		check(stage+", read back", &back)
		if back.small.isWide != c.small.isWide {
			t.Fatalf("%s: read back wide %v, want %v", stage, back.small.isWide, c.small.isWide)
		}
	}
	check("nibbles", &c)
	if c.small.isWide {
		t.Fatal("ages of 4 to 18 widened the column")
	}
	roundTrip("nibbles")
	for _, a := range []uint8{3, 19, 0, 255, 4} {
		c.push(a)
		want = append(want, a)
	}
	if !c.small.isWide {
		t.Fatal("age 3 did not widen the column")
	}
	check("widened", &c)
	roundTrip("widened")
}
