package model

// Treatment coding: each predictor with L levels in the model adds L − 1
// columns, one per level other than its reference, 1 for the children of
// that level and 0 otherwise; the first column is the intercept, the value
// (or log-odds) of a child in every reference level. A crossing of levels
// is one row of the design matrix, numbered level by level, the first
// predictor's slowest, as in R's model.matrix(~ a + b) with the reference
// as each factor's first level.

// designMatrix returns the rows of the design matrix of every crossing of
// the predictors' levels (sizes), with the reference level of each
// predictor (refs), and each column's predictor and level (-1, -1 for the
// intercept).
func designMatrix(sizes, refs []int) (X [][]float64, termDim, termLevel []int) {
	termDim, termLevel = []int{-1}, []int{-1}
	col := make([][]int, len(sizes)) // predictor, level -> column, 0 for the reference
	for d, n := range sizes {
		col[d] = make([]int, n)
		for l := 0; l < n; l++ {
			if l == refs[d] {
				continue
			}
			col[d][l] = len(termDim)
			termDim, termLevel = append(termDim, d), append(termLevel, l)
		}
	}
	cells := 1
	for _, n := range sizes {
		cells *= n
	}
	for cell := 0; cell < cells; cell++ {
		x := make([]float64, len(termDim))
		x[0] = 1
		for d, l := range crossing(cell, sizes) {
			if c := col[d][l]; c > 0 {
				x[c] = 1
			}
		}
		X = append(X, x)
	}
	return X, termDim, termLevel
}

// crossing splits a crossing's number into its levels.
func crossing(cell int, sizes []int) []int {
	out := make([]int, len(sizes))
	for d := len(sizes) - 1; d >= 0; d-- {
		out[d] = cell % sizes[d]
		cell /= sizes[d]
	}
	return out
}

// cellOf numbers a crossing of levels.
func cellOf(levels, sizes []int) int {
	cell := 0
	for d, l := range levels {
		cell = cell*sizes[d] + l
	}
	return cell
}
