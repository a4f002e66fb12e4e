package indicator

import "testing"

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
		var ms monthSums
		if got := ms.add(c.m, c.u, c.sign); got != c.fits {
			t.Errorf("%s: fits %v, want %v", c.name, got, c.fits)
		}
	}
}

// The month sums are what the products by gender give, by sex class, and
// over all genders together.
func TestMonthSumsAddUp(t *testing.T) {
	m, u := [4]int64{3, 4, 1, 2}, [4]int64{7, 9, 2, 5}
	var ms monthSums
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
