package indicator

import (
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/survey"
)

// A month sum says when it no longer fits in 32 bits, in either direction,
// so that the month places are marked wide instead of answering wrong.
func TestMonthSumsFit(t *testing.T) {
	for _, c := range []struct {
		name string
		m, u [4]int64
		sign int64
		fits bool
	}{
		{"a class of 30", [4]int64{12, 15, 2, 1}, [4]int64{40, 52, 6, 3}, 1, true},
		{"taken out again", [4]int64{12, 15, 2, 1}, [4]int64{40, 52, 6, 3}, -1, true},
		{"m² past 2^31", [4]int64{46341, 0, 0, 0}, [4]int64{}, 1, false},
		{"m·u past 2^31 across classes", [4]int64{0, 50000, 0, 0}, [4]int64{50000, 0, 0, 0}, 1, false},
		{"other and not said together", [4]int64{0, 0, 30000, 20000}, [4]int64{}, 1, false},
		{"below -2^31", [4]int64{0, 0, 0, 46341}, [4]int64{}, -1, false},
	} {
		var ms wideSums
		if got := ms.add(c.m, c.u, c.sign); got != c.fits {
			t.Errorf("%s: fits %v, want %v", c.name, got, c.fits)
		}
	}
}

// The month sums are what the products by gender give, by sex class, and
// over all genders together.
func TestMonthSumsAddUp(t *testing.T) {
	m, u := [4]int64{3, 4, 1, 2}, [4]int64{7, 9, 2, 5}
	var ms wideSums
	ms.add(m, u, 1)
	ms.add([4]int64{1, 0, 0, 0}, [4]int64{2, 0, 0, 0}, 1)
	ms.add([4]int64{1, 0, 0, 0}, [4]int64{2, 0, 0, 0}, -1)
	mx, ux := [sexClasses]int64{3, 4, 3}, [sexClasses]int64{7, 9, 7}
	for x := range sexClasses {
		for y := range sexClasses {
			if got := int64(ms.mm[pair(x, y)]); got != mx[x]*mx[y] {
				t.Errorf("mm[%d][%d] = %d, want %d", x, y, got, mx[x]*mx[y])
			}
			if got := int64(ms.mu[x*sexClasses+y]); got != mx[x]*ux[y] {
				t.Errorf("mu[%d][%d] = %d, want %d", x, y, got, mx[x]*ux[y])
			}
			if got := int64(ms.uu[pair(x, y)]); got != ux[x]*ux[y] {
				t.Errorf("uu[%d][%d] = %d, want %d", x, y, got, ux[x]*ux[y])
			}
		}
	}
	n, mm, mu, uu := ms.union()
	if n != 1 || mm != 10*10 || mu != 10*23 || uu != 23*23 {
		t.Errorf("union = %d, %d, %d, %d; want 1, 100, 230, 529", n, mm, mu, uu)
	}
}

// The month sums of a run of places are 16 bits until one of its places
// needs more; then the run moves to 32 bits, once, and every place in it
// keeps its sums. Runs are made when a session first counts in them, and
// one run's moving leaves the others as they are.
func TestMonthRunsWiden(t *testing.T) {
	type step struct {
		place, ind int
		m, u       [4]int64
		sign       int64
	}
	small := func(place, ind int, sign int64) step {
		return step{place, ind, [4]int64{5, 6, 1, 0}, [4]int64{12, 18, 2, 0}, sign}
	}
	large := func(place, ind int, sign int64) step {
		return step{place, ind, [4]int64{20, 0, 0, 0}, [4]int64{300, 0, 0, 0}, sign} // u² = 90,000
	}
	for _, c := range []struct {
		name  string
		steps []step
		wide  map[[2]int]bool // run (page, indicator) -> 32 bits; absent: no run
	}{
		{"small sums stay in 16 bits", []step{small(0, 0, 1), small(1, 0, 1), small(1, 0, 1)},
			map[[2]int]bool{{0, 0}: false}},
		{"one large place widens its run", []step{small(0, 0, 1), large(1, 0, 1), small(300, 0, 1)},
			map[[2]int]bool{{0, 0}: true, {1, 0}: false}},
		{"and the run stays wide when it is taken out", []step{small(0, 0, 1), large(1, 0, 1), large(1, 0, -1)},
			map[[2]int]bool{{0, 0}: true}},
		{"other indicators keep their own runs", []step{large(2, 1, 1), small(2, 0, 1)},
			map[[2]int]bool{{0, 0}: false, {0, 1}: true}},
		{"a sum below zero widens", []step{small(0, 0, -1)},
			map[[2]int]bool{{0, 0}: true}},
		{"many small sessions pass 65,535 together", func() (s []step) {
			for range 202 { // 202 · 18² = 65,448 fits; 203 do not
				s = append(s, small(7, 0, 1))
			}
			return append(s, small(7, 0, 1))
		}(), map[[2]int]bool{{0, 0}: true}},
	} {
		var u monthPages
		u.width = 2
		u.grow(301)
		want := map[[2]int]*wideSums{}
		for _, s := range c.steps {
			if !u.add(s.place, s.ind, s.m, s.u, s.sign) {
				t.Fatalf("%s: a sum did not fit in 32 bits", c.name)
			}
			k := [2]int{s.place, s.ind}
			if want[k] == nil {
				want[k] = &wideSums{}
			}
			want[k].add(s.m, s.u, s.sign)
		}
		for k, w := range want {
			if got := sumsAt(&u, k[0], k[1]); got != *w {
				t.Errorf("%s: place %d, indicator %d: %+v, want %+v", c.name, k[0], k[1], got, *w)
			}
		}
		for pg := range 2 {
			for i := range 2 {
				r := u.run(pg*monthPage, i)
				isWide, ok := c.wide[[2]int{pg, i}]
				switch {
				case !ok && (r.narrow != nil || r.wide != nil):
					t.Errorf("%s: run %d, %d made with no session in it", c.name, pg, i)
				case ok && isWide != (r.wide != nil), ok && !isWide && r.narrow == nil:
					t.Errorf("%s: run %d, %d: wide %v, want %v", c.name, pg, i, r.wide != nil, isWide)
				}
			}
		}
	}
}

// A 32-bit sum that passes its limit says so, after its run moved to 32
// bits, so that the places by month are marked wide.
func TestMonthRunsPastTheLimit(t *testing.T) {
	defer func(l int64) { monthSumLimit = l }(monthSumLimit)
	monthSumLimit = 1000
	var u monthPages
	u.width = 1
	u.grow(1)
	if !u.add(0, 0, [4]int64{3, 0, 0, 0}, [4]int64{30, 0, 0, 0}, 1) {
		t.Fatal("900 did not fit under 1,000")
	}
	if u.add(0, 0, [4]int64{2, 0, 0, 0}, [4]int64{20, 0, 0, 0}, 1) {
		t.Fatal("900 + 400 fit under 1,000")
	}
	if u.run(0, 0).wide == nil {
		t.Fatal("the run is not in 32 bits")
	}
}

// A survey without indicators still counts its rows: its places by month
// have no sums to keep, and adding a row to them returns.
func TestPlacesWithoutIndicators(t *testing.T) {
	tb := newTable(&survey.Survey{ID: "no-indicators"})
	done := make(chan struct{})
	go func() {
		defer close(done)
		d := sessionAt{idx: 0}
		row := tb.addRow(1, 1, "10-13", "girl", "2026-03-10", d, 11)
		tb.settle(row, d, []int64{42})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("adding a row to a table without indicators did not return")
	}
	if len(tb.blocks.months.keys) != 1 || tb.rows != 1 {
		t.Fatalf("%d places by month and %d rows, want 1 and 1", len(tb.blocks.months.keys), tb.rows)
	}
}

// sumsAt is the sums of place a for indicator i, in 32 bits.
func sumsAt(u *monthPages, a, i int) wideSums {
	switch r := u.run(a-a%monthPage, i); {
	case r.wide != nil:
		return r.wide[a%monthPage]
	case r.narrow != nil:
		return widened(&r.narrow[a%monthPage])
	}
	return wideSums{}
}
