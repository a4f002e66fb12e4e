package indicator_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/demo"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
)

// ComputeAll gives what Compute gives, query by query, in order, and fails
// as the first failing query does.
func TestComputeAllEqualsComputeOneByOne(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, err := demo.Generate(context.Background(), f.st, f.cat, f.clock, demo.Options{Submissions: 1500, Months: 4, Seed: 3,
		End: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Workers: 16})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := indicator.Load(context.Background(), f.st, f.cat)
	if err != nil {
		t.Fatal(err)
	}
	var qs []indicator.Query
	for _, s := range f.cat.Surveys() {
		for _, ind := range s.Indicators {
			qs = append(qs, indicator.Query{Survey: s.ID, Indicator: ind.ID, Policy: release.MustPolicy(5, 0),
				By: []indicator.Dim{indicator.DimAgeBand, indicator.DimGender}})
		}
	}
	all, err := ix.ComputeAll(qs)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(qs) || len(qs) < 8 {
		t.Fatalf("%d results for %d queries", len(all), len(qs))
	}
	computed := 0
	for i, q := range qs {
		one, err := ix.Compute(q)
		if indicator.BaseTooSmall(err) {
			// A survey under the minimum base: Compute refuses it, and
			// ComputeAll leaves it out the same way.
			if all[i] != nil {
				t.Errorf("%s.%s: Compute refuses the base, ComputeAll shows it", q.Survey, q.Indicator)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		computed++
		if flat(one) != flat(all[i]) {
			t.Errorf("%s.%s: ComputeAll differs from Compute:\n%s\n%s", q.Survey, q.Indicator, flat(one), flat(all[i]))
		}
	}
	if computed < 8 {
		t.Fatalf("only %d of %d indicators over the minimum base", computed, len(qs))
	}
	bad := append(append([]indicator.Query{}, qs[:3]...), indicator.Query{Survey: "wellbeing", Indicator: "nope"})
	if _, err := ix.ComputeAll(append(bad, qs[3:]...)); err == nil {
		t.Fatal("ComputeAll with an unknown indicator succeeded")
	}
}

// flat prints a result's numbers: the grid holds pointers, and a cell
// without answers holds NaN, which is not equal to itself.
func flat(r *indicator.Result) string {
	out := fmt.Sprint(r.Survey.ID, r.Indicator.ID, r.By, r.Rows, r.Cols, r.Scale, r.K, r.Distribution, *r.Grid.Total)
	for i, row := range r.Grid.Cells {
		out += fmt.Sprint(*r.Grid.RowTotals[i])
		for _, c := range row {
			out += fmt.Sprint(*c)
		}
	}
	for _, c := range r.Grid.ColTotals {
		out += fmt.Sprint(*c)
	}
	return out
}
