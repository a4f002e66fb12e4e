package edition

// fixedValue is an unknown the equations fix, and the value they give it.
type fixedValue struct {
	col   int
	value float64
}

// unitRows reduces the rows (coefficients of cols unknowns, then the
// right-hand side) to reduced row echelon form and returns the unknowns
// whose unit vector is one of its rows: those the equations fix, with
// their values. Coefficients are small integers and the systems small,
// so floating point with partial pivoting is exact enough; eps only
// absorbs rounding.
func unitRows(rows [][]float64, cols int) []fixedValue {
	const eps = 1e-9
	r := 0
	var pivots []int
	for c := 0; c < cols && r < len(rows); c++ {
		best := r
		for i := r + 1; i < len(rows); i++ {
			if abs(rows[i][c]) > abs(rows[best][c]) {
				best = i
			}
		}
		if abs(rows[best][c]) < eps {
			continue
		}
		rows[r], rows[best] = rows[best], rows[r]
		pv := rows[r][c]
		for k := c; k <= cols; k++ {
			rows[r][k] /= pv
		}
		for i := range rows {
			if i == r || abs(rows[i][c]) < eps {
				continue
			}
			f := rows[i][c]
			for k := c; k <= cols; k++ {
				rows[i][k] -= f * rows[r][k]
			}
		}
		pivots = append(pivots, c)
		r++
	}
	var out []fixedValue
	for i, c := range pivots {
		unit := true
		for k := 0; k < cols; k++ {
			if k != c && abs(rows[i][k]) > eps {
				unit = false
				break
			}
		}
		if unit {
			out = append(out, fixedValue{col: c, value: rows[i][cols]})
		}
	}
	return out
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
