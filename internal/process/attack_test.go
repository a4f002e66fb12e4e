package process_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/process"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

// rated is a closed, answered session of organisation org in month m
// whose children rated: yes "yes", no "no".
func rated(id, org int64, m time.Month, yes, no int) store.ProcessSession {
	s := store.ProcessSession{ID: id, OrganisationID: org, OpenedAt: day(m, 3), ClosedAt: day(m, 3), PublicReplies: []int64{100 + id}, Heard: store.Heard{Yes: yes, No: no}}
	s.HeardCells = cells(s)
	return s
}

// The subtraction attack: a group of 3 children who rated (1 "yes") is
// hidden under k, and its line (the groups that add up to a total shown
// by another query) also holds groups that are shown. The total minus the
// groups shown gave the 3 raters back exactly whenever the cell key noise
// happened to cancel (in 25 of 200 installations across these lines with
// the noise alone); with the smallest group shown hidden beside it, never.
// The lines: the organisations adding up to the overall row, the months
// adding up to it, the months of one organisation adding up to that
// organisation's row, and the organisations of one month adding up to
// that month's row. 200 record secrets, each an installation.
func TestFeltHeardSubtractionAttack(t *testing.T) {
	t.Parallel()
	months := []store.ProcessSession{rated(1, 1, 1, 10, 0), rated(2, 1, 2, 1, 2), rated(3, 1, 3, 12, 8), rated(4, 2, 2, 20, 5)}
	cases := []struct {
		name          string
		ss            []store.ProcessSession
		total, parts  process.Query
		totalKey, key string                   // the total's row, the hidden group's
		inLine        func(process.Group) bool // the parts' rows in the total's line
	}{
		{"organisations", []store.ProcessSession{rated(1, 1, 3, 6, 0), rated(2, 1, 3, 4, 0), rated(3, 2, 3, 1, 2), rated(4, 3, 3, 12, 8)},
			process.Query{}, process.Query{By: "organisation"}, "all", "organisation=2",
			func(process.Group) bool { return true }},
		{"months", months[:3], process.Query{}, process.Query{Period: "month"}, "all", "all,period=2026-02",
			func(process.Group) bool { return true }},
		{"the months of one organisation", months, process.Query{By: "organisation"}, process.Query{By: "organisation", Period: "month"},
			"organisation=1", "organisation=1,period=2026-02", func(g process.Group) bool { return g.Organisation == 1 }},
		{"the organisations of one month", months, process.Query{Period: "month"}, process.Query{By: "organisation", Period: "month"},
			"all,period=2026-02", "organisation=1,period=2026-02", func(g process.Group) bool { return g.Period == "2026-02" }},
	}
	const runs = 200
	for _, c := range cases {
		exact := 0
		for i := range runs {
			p := release.MustPolicy(5, 0).WithSecret([]byte(fmt.Sprintf("installation %d", i)))
			c.total.Policy, c.parts.Policy = p, p
			totals, err := process.Compute(c.ss, nil, c.total)
			if err != nil {
				t.Fatal(err)
			}
			parts, err := process.Compute(c.ss, nil, c.parts)
			if err != nil {
				t.Fatal(err)
			}
			total, hidden := find(totals, c.totalKey), find(parts, c.key)
			if total == nil || total.HeardHidden || hidden == nil || !hidden.HeardHidden || hidden.Raters != 0 {
				t.Fatalf("%s, installation %d: totals %+v, parts %+v", c.name, i, totals, parts)
			}
			raters := total.Raters
			for _, g := range parts {
				if c.inLine(g) && !g.HeardHidden {
					raters -= g.Raters
				}
			}
			if raters == 3 {
				exact++
			}
		}
		if exact > 0 {
			t.Errorf("%s: the total minus the groups shown gave the hidden group's 3 raters exactly in %d of %d installations", c.name, exact, runs)
		}
	}
}

func find(gs []process.Group, key string) *process.Group {
	for i := range gs {
		if gs[i].Key() == key {
			return &gs[i]
		}
	}
	return nil
}
