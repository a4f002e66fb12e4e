package demo

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// SamplePopulation is the shipped synthetic population table, inside the
// surveys folder (its README says how it was made).
const SamplePopulation = "population/sample.csv"

// SeedPopulation loads the synthetic population sample into a demo
// database that has no population table yet, so the demo's indicator
// pages can be weighted. It does nothing outside a demo.
func SeedPopulation(ctx context.Context, st *store.Store, cat *survey.Catalog, surveys fs.FS) error {
	demo, err := st.HasDemoData(ctx)
	if err != nil || !demo {
		return err
	}
	have, err := st.Population(ctx)
	if err != nil || len(have) > 0 {
		return err
	}
	f, err := surveys.Open(SamplePopulation)
	if err != nil {
		return fmt.Errorf("demo: population sample: %w", err)
	}
	defer f.Close()
	rows, err := registration.DecodePopulation(f, "sample.csv", cat)
	if err != nil {
		return fmt.Errorf("demo: population sample: %w", err)
	}
	return st.ReplacePopulation(ctx, "sample.csv", rows)
}
