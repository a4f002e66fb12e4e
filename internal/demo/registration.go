package demo

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// SampleRegistration is the shipped file of registration figures, inside
// the surveys folder: only figures published at the URL on each row.
const SampleRegistration = "registration/sample.csv"

// SeedRegistration loads the sample registration figures into a demo
// database that has none yet, so the demo's overview shows registration
// data beside the survey's. It does nothing outside a demo.
func SeedRegistration(ctx context.Context, st *store.Store, cat *survey.Catalog, surveys fs.FS) error {
	demo, err := st.HasDemoData(ctx)
	if err != nil || !demo {
		return err
	}
	have, err := st.RegistrationValues(ctx, "")
	if err != nil || len(have) > 0 {
		return err
	}
	f, err := surveys.Open(SampleRegistration)
	if err != nil {
		return fmt.Errorf("demo: registration sample: %w", err)
	}
	defer f.Close()
	rows, err := registration.Decode(f, "sample.csv", cat)
	if err != nil {
		return fmt.Errorf("demo: registration sample: %w", err)
	}
	return st.ReplaceRegistration(ctx, 0, "sample.csv", rows)
}
