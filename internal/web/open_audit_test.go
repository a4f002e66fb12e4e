package web_test

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// rationalAudit is the test's own answer to "can a hidden cell be worked
// out from what the editions publish?", written apart from the code that
// protects them and in exact arithmetic: cells are named by indicator,
// months and levels; every table's margins are the sums of their parts,
// a period is the sum of its quarters, and a quarter a table by period
// leaves out is empty. It returns the hidden cells the published counts
// fix at fewer than k children.
func rationalAudit(eds []openJSON) []string {
	known := map[string]int{}
	hidden := map[string]bool{}
	var lines [][]string
	k := 0
	for _, ed := range eds {
		k = max(k, ed.K)
		for _, ind := range ed.Indicators {
			for _, tb := range ind.Tables {
				ids := make([]string, len(tb.Cells))
				for i, c := range tb.Cells {
					ids[i] = auditID(ind.Key, ed.From, ed.To, tb.By, c.Levels)
					if c.Shown {
						known[ids[i]] = *c.N
					} else {
						hidden[ids[i]] = true
					}
				}
				lines = append(lines, auditMargins(tb.By, tb.Cells, ids)...)
				for _, id := range auditEmpty(ind.Key, ed.From, ed.To, tb.By, tb.Cells) {
					known[id] = 0
				}
			}
		}
	}
	// A period is the sum of its quarters, published or not.
	for _, id := range append(sortedKeys(known), sortedKeys(hidden)...) {
		parts := strings.Split(id, "|")
		qs := auditQuarters(parts[1])
		if len(qs) < 2 {
			continue
		}
		line := []string{id}
		for _, q := range qs {
			line = append(line, parts[0]+"|"+q+"|"+parts[2])
		}
		lines = append(lines, line)
	}
	var unknown []string
	col := map[string]int{}
	for _, line := range lines {
		for _, id := range line {
			if _, ok := known[id]; !ok {
				if _, seen := col[id]; !seen {
					col[id] = len(unknown)
					unknown = append(unknown, id)
				}
			}
		}
	}
	n := len(unknown)
	var rows [][]*big.Rat
	for _, line := range lines {
		row := make([]*big.Rat, n+1)
		for i := range row {
			row[i] = new(big.Rat)
		}
		any := false
		for i, id := range line {
			sign := int64(1)
			if i == 0 {
				sign = -1
			}
			if j, ok := col[id]; ok {
				row[j].Add(row[j], big.NewRat(sign, 1))
				any = true
			} else {
				row[n].Sub(row[n], big.NewRat(sign*int64(known[id]), 1))
			}
		}
		if any {
			rows = append(rows, row)
		}
	}
	// Reduced row echelon form, exactly.
	r := 0
	var pivots []int
	for c := 0; c < n && r < len(rows); c++ {
		p := -1
		for i := r; i < len(rows); i++ {
			if rows[i][c].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		rows[r], rows[p] = rows[p], rows[r]
		inv := new(big.Rat).Inv(rows[r][c])
		for j := c; j <= n; j++ {
			rows[r][j].Mul(rows[r][j], inv)
		}
		for i := range rows {
			if i != r && rows[i][c].Sign() != 0 {
				f := new(big.Rat).Set(rows[i][c])
				for j := c; j <= n; j++ {
					rows[i][j].Sub(rows[i][j], new(big.Rat).Mul(f, rows[r][j]))
				}
			}
		}
		pivots = append(pivots, c)
		r++
	}
	var leaks []string
	for i, c := range pivots {
		unit := true
		for j := 0; j < n; j++ {
			if j != c && rows[i][j].Sign() != 0 {
				unit = false
				break
			}
		}
		v, _ := rows[i][n].Float64()
		if unit && v < float64(k)-0.5 {
			leaks = append(leaks, fmt.Sprintf("%s = %.0f", unknown[c], v))
		}
	}
	slices.Sort(leaks)
	return leaks
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// auditID names a cell by the children it counts.
func auditID(key, from, to string, by, levels []string) string {
	var fixed []string
	for i, d := range by {
		if i >= len(levels) || levels[i] == "all" {
			continue
		}
		if d == "period" {
			y, q := levels[i][:4], int(levels[i][6]-'0')
			from, to = fmt.Sprintf("%s-%02d", y, 3*q-2), fmt.Sprintf("%s-%02d", y, 3*q)
			continue
		}
		fixed = append(fixed, d+"="+levels[i])
	}
	slices.Sort(fixed)
	return key + "|" + from + ".." + to + "|" + strings.Join(fixed, ";")
}

type auditCell = struct {
	Levels []string `json:"levels"`
	Shown  bool     `json:"shown"`
	Value  *float64 `json:"value"`
	Lower  *float64 `json:"lower"`
	Upper  *float64 `json:"upper"`
	N      *int     `json:"n"`
}

// auditMargins: every cell with "all" at a breakdown (or the total) is
// the sum of the cells that differ from it only there.
func auditMargins(by []string, cells []auditCell, ids []string) [][]string {
	lv := func(c auditCell) []string {
		if len(c.Levels) == 0 {
			return slices.Repeat([]string{"all"}, len(by))
		}
		return c.Levels
	}
	var out [][]string
	for i, m := range cells {
		for pos := range by {
			if lv(m)[pos] != "all" {
				continue
			}
			line := []string{ids[i]}
			for j, c := range cells {
				same := lv(c)[pos] != "all"
				for q := range by {
					if q != pos && lv(c)[q] != lv(m)[q] {
						same = false
					}
				}
				if same {
					line = append(line, ids[j])
				}
			}
			if len(line) > 1 {
				out = append(out, line)
			}
		}
	}
	return out
}

// auditEmpty: the quarters of an edition a table by period has no row
// for are empty, with every level of its other breakdown.
func auditEmpty(key, from, to string, by []string, cells []auditCell) []string {
	pos := slices.Index(by, "period")
	if pos < 0 {
		return nil
	}
	have := map[string]bool{}
	for _, c := range cells {
		if pos < len(c.Levels) {
			have[c.Levels[pos]] = true
		}
	}
	var out []string
	for _, q := range auditQuarters(from + ".." + to) {
		level := q[:4] + "-Q" + fmt.Sprint((int(q[5]-'0')*10+int(q[6]-'0')+2)/3)
		if have[level] {
			continue
		}
		for _, c := range cells {
			if pos < len(c.Levels) && c.Levels[pos] != "all" {
				levels := slices.Clone(c.Levels)
				levels[pos] = level
				out = append(out, auditID(key, from, to, by, levels))
			}
		}
	}
	return out
}

// auditQuarters splits "2026-01..2026-06" into its quarters.
func auditQuarters(span string) []string {
	from, to, _ := strings.Cut(span, "..")
	var out []string
	var y, m int
	fmt.Sscanf(from, "%d-%d", &y, &m)
	for len(out) < 100 {
		f, l := fmt.Sprintf("%04d-%02d", y, m), fmt.Sprintf("%04d-%02d", y, m+2)
		if l > to {
			break
		}
		out = append(out, f+".."+l)
		if m += 3; m > 12 {
			y, m = y+1, 1
		}
	}
	return out
}
