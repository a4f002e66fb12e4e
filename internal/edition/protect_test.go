package edition

import (
	"slices"
	"testing"
)

// shown and hidden make cells of a hand-made table.
func shown(n int, levels ...string) *Cell {
	return &Cell{Levels: levels, Shown: true, N: n, Value: 0.5}
}
func hidden(levels ...string) *Cell { return &Cell{Levels: levels} }

func snap(from, to string, tables ...*Table) *Snapshot {
	return &Snapshot{K: 10, From: from, To: to, Indicators: []*Indicator{{Source: SourceSurvey, Survey: "s", ID: "i", Base: "s:q", Tables: tables}}}
}

// The rules of the check, each on the smallest tables that show it: a
// hidden cell is safe only when no equation of any table of any edition
// gives it back as fewer than k children.
func TestAuditAcrossTablesAndEditions(t *testing.T) {
	t.Parallel()
	byProvince := func() *Table {
		// One table hides C (5 children) and B beside it: safe alone.
		return &Table{By: []string{"province"}, Cells: []*Cell{shown(100), shown(50, "A"), hidden("B"), hidden("C")}}
	}
	twoWay := func() *Table {
		// Another table of the same edition shows B as a margin.
		return &Table{By: []string{"age_band", "province"}, Cells: []*Cell{shown(100),
			shown(30, "6-9", "A"), hidden("6-9", "B"), hidden("6-9", "C"), shown(40, "6-9", "all"),
			shown(20, "10-13", "A"), hidden("10-13", "B"), hidden("10-13", "C"), shown(60, "10-13", "all"),
			shown(50, "all", "A"), shown(45, "all", "B"), hidden("all", "C")}}
	}
	cases := []struct {
		name  string
		snaps []*Snapshot
		leaks []string
	}{
		{"one table alone", []*Snapshot{snap("2026-01", "2026-06", byProvince())}, nil},
		{"a margin of one table is the complement of another",
			[]*Snapshot{snap("2026-01", "2026-06", byProvince(), twoWay())}, []string{"s:q|2026-01..2026-06|province=C"}},
		{"a half-year minus a quarter published in another edition",
			[]*Snapshot{
				snap("2026-01", "2026-06", &Table{Cells: []*Cell{shown(46)}}),
				snap("2026-01", "2026-03", &Table{Cells: []*Cell{shown(40)}}),
			}, []string{"s:q|2026-04..2026-06|"}},
		{"a half-year minus a large quarter leaves k or more", []*Snapshot{
			snap("2026-01", "2026-06", &Table{Cells: []*Cell{shown(80)}}),
			snap("2026-01", "2026-03", &Table{Cells: []*Cell{shown(40)}}),
		}, nil},
		{"the same period twice with other breakdowns", []*Snapshot{
			snap("2026-01", "2026-06", &Table{By: []string{"gender"}, Cells: []*Cell{shown(60), shown(30, "girl"), hidden("boy"), hidden("other")}}),
			snap("2026-01", "2026-06", &Table{By: []string{"age_band", "gender"}, Cells: []*Cell{shown(60),
				shown(20, "6-9", "girl"), shown(15, "6-9", "boy"), hidden("6-9", "other"), hidden("6-9", "all"),
				shown(10, "10-13", "girl"), shown(12, "10-13", "boy"), hidden("10-13", "other"), hidden("10-13", "all"),
				shown(30, "all", "girl"), shown(27, "all", "boy"), hidden("all", "other")}}),
		}, []string{"s:q|2026-01..2026-06|gender=other"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Audit(tc.snaps...); !slices.Equal(got, tc.leaks) {
				t.Fatalf("Audit = %q, want %q", got, tc.leaks)
			}
			// Protect the last edition against the others: nothing leaks
			// after, and only cells of the last edition were hidden.
			last := tc.snaps[len(tc.snaps)-1]
			if err := Protect(last, tc.snaps[:len(tc.snaps)-1]); err != nil {
				t.Fatal(err)
			}
			if got := Audit(tc.snaps...); len(got) != 0 {
				t.Fatalf("after Protect: %q", got)
			}
			if (last.Protected > 0) != (len(tc.leaks) > 0) {
				t.Errorf("Protect hid %d cells for %d leaks", last.Protected, len(tc.leaks))
			}
		})
	}
}

// When only an earlier, frozen edition could give way, the new edition
// cannot be published as chosen.
func TestProtectRefusesWhatOnlyEarlierEditionsCouldHide(t *testing.T) {
	t.Parallel()
	old := snap("2026-01", "2026-06", &Table{Cells: []*Cell{shown(46)}})
	quarter := snap("2026-01", "2026-03", &Table{Cells: []*Cell{shown(40)}})
	// The quarter is the new edition's only cell: hiding it is allowed.
	if err := Protect(quarter, []*Snapshot{old}); err != nil {
		t.Fatal(err)
	}
	if quarter.Indicators[0].Tables[0].Cells[0].Shown {
		t.Fatal("the quarter's total is still shown")
	}
}
