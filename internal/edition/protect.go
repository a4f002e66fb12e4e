package edition

import (
	"fmt"
	"slices"
	"strings"
)

// The check across tables and editions. Each table hides its own small
// cells and their complements (indicator.Suppress), but an edition has
// many tables over the same children, and earlier editions published
// more: the margin a two-way table hides as a complement can be the very
// cell a one-way table shows, and a quarter hidden in this edition can be
// a year's total minus quarters published in others. So every cell is
// named by the children it counts (its identity: the respondents of the
// indicator, the months it covers and the levels it fixes), tables of
// every edition become equations between identities (a margin is the sum
// of its parts), and a hidden cell is safe only when no combination of
// those equations with the published numbers gives it back. That is a
// question of linear algebra (Audit); Protect hides more cells of the new
// edition, smallest first, until the answer is no everywhere.

// identity names the children a cell counts.
func identity(base, from, to string, by, levels []string) string {
	var fixed []string
	for i, d := range by {
		lv := "all"
		if i < len(levels) {
			lv = levels[i]
		}
		if lv == "all" {
			continue
		}
		if d == "period" {
			if f, t, ok := quarterOf(lv); ok {
				from, to = f, t
				continue
			}
		}
		fixed = append(fixed, d+"="+lv)
	}
	slices.Sort(fixed)
	return base + "|" + from + ".." + to + "|" + strings.Join(fixed, ";")
}

// ucell is one identity and where it is published.
type ucell struct {
	id       string
	fresh    []*Cell // its cells in the edition being protected
	oldShown bool    // shown by an earlier (frozen) edition
	// zero: a quarter a table by period leaves out because nobody
	// answered in it: the table says it is empty.
	zero bool
	n    int // its base where shown
}

func (u *ucell) known() bool {
	if u.oldShown || u.zero {
		return true
	}
	for _, c := range u.fresh {
		if c.Shown {
			return true
		}
	}
	return false
}

// universe is every identity of one respondent base and the equations
// between them: lines[i][0] is a total, the rest its parts.
type universe struct {
	cells map[string]*ucell
	order []string
	lines [][]string
}

func (u *universe) cell(id string) *ucell {
	c, ok := u.cells[id]
	if !ok {
		c = &ucell{id: id}
		u.cells[id] = c
		u.order = append(u.order, id)
	}
	return c
}

// universes builds one universe per respondent base from the edition
// being protected (fresh, may be nil) and the earlier ones.
func universes(fresh *Snapshot, earlier []*Snapshot) map[string]*universe {
	out := map[string]*universe{}
	add := func(s *Snapshot, isFresh bool) {
		for _, ind := range s.Indicators {
			if ind.Source != SourceSurvey || ind.Base == "" {
				continue
			}
			u := out[ind.Base]
			if u == nil {
				u = &universe{cells: map[string]*ucell{}}
				out[ind.Base] = u
			}
			for _, t := range ind.Tables {
				ids := make([]string, len(t.Cells))
				for i, c := range t.Cells {
					ids[i] = identity(ind.Base, s.From, s.To, t.By, c.Levels)
					uc := u.cell(ids[i])
					switch {
					case isFresh:
						uc.fresh = append(uc.fresh, c)
					case c.Shown:
						uc.oldShown = true
					}
					if c.Shown {
						uc.n = c.N
					}
				}
				u.lines = append(u.lines, tableLines(t, ids)...)
				for _, id := range emptyQuarters(ind.Base, s, t) {
					u.cell(id).zero = true
				}
			}
		}
	}
	for _, s := range earlier {
		add(s, false)
	}
	if fresh != nil {
		add(fresh, true)
	}
	for _, u := range out {
		u.periodLines()
	}
	return out
}

// periodLines add what no table says but every edition implies: a cell
// over several quarters counts the children of each quarter with the same
// levels, so editions of overlapping periods are tied together (a year's
// total minus the quarters published elsewhere). A quarter no edition
// published enters as a hidden cell.
func (u *universe) periodLines() {
	for _, id := range slices.Clone(u.order) {
		base, rest, _ := strings.Cut(id, "|")
		span, fixed, _ := strings.Cut(rest, "|")
		from, to, _ := strings.Cut(span, "..")
		quarters := quartersBetween(from, to)
		if len(quarters) < 2 {
			continue
		}
		line := []string{id}
		for _, q := range quarters {
			line = append(line, u.cell(base+"|"+q[0]+".."+q[1]+"|"+fixed).id)
		}
		u.lines = append(u.lines, line)
	}
}

// quartersBetween lists the quarters from the month from (a quarter's
// first) to the month to (a quarter's last), as their first and last
// months.
func quartersBetween(from, to string) [][2]string {
	var out [][2]string
	y, m := 0, 0
	if _, err := fmt.Sscanf(from, "%d-%d", &y, &m); err != nil {
		return nil
	}
	for len(out) < 400 {
		f := fmt.Sprintf("%04d-%02d", y, m)
		t := fmt.Sprintf("%04d-%02d", y, m+2)
		if t > to {
			break
		}
		out = append(out, [2]string{f, t})
		if m += 3; m > 12 {
			y, m = y+1, m-12
		}
	}
	return out
}

// emptyQuarters are the cells a table by period shows to be empty: the
// quarters of the edition it has no row for, with each level of its
// other breakdown.
func emptyQuarters(base string, s *Snapshot, t *Table) []string {
	pos := slices.Index(t.By, "period")
	if pos < 0 {
		return nil
	}
	have := map[string]bool{}
	for _, c := range t.Cells {
		if pos < len(c.Levels) {
			have[c.Levels[pos]] = true
		}
	}
	var out []string
	for _, q := range quartersBetween(s.From, s.To) {
		level := quarterLevel(q[0])
		if have[level] {
			continue
		}
		seen := map[string]bool{}
		for _, c := range t.Cells {
			if pos >= len(c.Levels) || c.Levels[pos] == "all" {
				continue
			}
			levels := slices.Clone(c.Levels)
			levels[pos] = level
			id := identity(base, s.From, s.To, t.By, levels)
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// quarterLevel names the quarter that starts with month m: "2026-Q3".
func quarterLevel(m string) string {
	mo, _ := month(m)
	return m[:4] + "-Q" + itoa((mo+2)/3)
}

// tableLines are a table's equations: each margin (a cell with "all" at
// some breakdown) is the sum of the cells that differ from it only by a
// level there.
func tableLines(t *Table, ids []string) [][]string {
	if len(t.By) == 0 {
		return nil
	}
	levels := func(c *Cell) []string {
		if len(c.Levels) == 0 {
			return slices.Repeat([]string{"all"}, len(t.By))
		}
		return c.Levels
	}
	var out [][]string
	for i, m := range t.Cells {
		ml := levels(m)
		for pos := range t.By {
			if ml[pos] != "all" {
				continue
			}
			line := []string{ids[i]}
			for j, c := range t.Cells {
				cl := levels(c)
				if cl[pos] == "all" || !sameBut(ml, cl, pos) {
					continue
				}
				line = append(line, ids[j])
			}
			if len(line) > 1 {
				out = append(out, line)
			}
		}
	}
	return out
}

func sameBut(a, b []string, pos int) bool {
	for i := range a {
		if i != pos && a[i] != b[i] {
			return false
		}
	}
	return true
}

// determined lists the hidden identities of a universe that the
// published numbers give back as fewer than k children: those whose unit
// vector lies in the row space of the equations restricted to the hidden
// cells, with the value the published bases then give them. A hidden
// complement the equations give back as k or more reveals no small group
// by itself; a small cell beside it then follows too, and is listed.
func (u *universe) determined(k int) (leaks, fixed []string) {
	col := map[string]int{}
	var unknown []string
	for _, id := range u.order {
		if !u.cells[id].known() {
			col[id] = len(unknown)
			unknown = append(unknown, id)
		}
	}
	if len(unknown) == 0 {
		return nil, nil
	}
	n := len(unknown)
	var rows [][]float64
	for _, line := range u.lines {
		row := make([]float64, n+1)
		hidden := false
		for i, id := range line {
			sign := 1.0
			if i == 0 {
				sign = -1
			}
			if j, ok := col[id]; ok {
				row[j] += sign
				hidden = true
				continue
			}
			row[n] -= sign * float64(u.cells[id].n)
		}
		if hidden {
			rows = append(rows, row)
		}
	}
	for _, f := range unitRows(rows, n) {
		fixed = append(fixed, unknown[f.col])
		if f.value < float64(k)-0.5 {
			leaks = append(leaks, unknown[f.col])
		}
	}
	return leaks, fixed
}
