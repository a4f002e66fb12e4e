package registration

import (
	"context"
	"slices"

	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Series is a registration indicator's published figures in the areas
// asked for.
type Series struct {
	Reg     *survey.Registration
	Sel     Selection
	Figures []Figure // in catalog area order, then period
	Periods []string // every period with a figure, oldest first
}

// SeriesOf reads an indicator's figures and publishes them (Published:
// the areas asked for, counts of fewer than k children hidden).
func SeriesOf(ctx context.Context, st *store.Store, cat *survey.Catalog, reg *survey.Registration, regions []string, lang string, p release.Policy) (*Series, error) {
	return SeriesFor(ctx, st, cat, reg, Totals(regions), lang, p)
}

// SeriesFor is SeriesOf for one selection (PublishedSel).
func SeriesFor(ctx context.Context, st *store.Store, cat *survey.Catalog, reg *survey.Registration, sel Selection, lang string, p release.Policy) (*Series, error) {
	p.Note(release.Registration)
	vals, err := st.RegistrationValues(ctx, reg.ID)
	if err != nil {
		return nil, err
	}
	s := &Series{Reg: reg, Sel: sel, Figures: PublishedSel(cat, reg, vals, sel, lang, p)}
	for _, f := range s.Figures {
		if !slices.Contains(s.Periods, f.Period) {
			s.Periods = append(s.Periods, f.Period)
		}
	}
	slices.Sort(s.Periods)
	return s, nil
}

// Select publishes the registration indicators asked for, as the exports
// give them: one (indicatorID) or all, every figure (each sex and age band)
// in the areas of regions, in catalog order. An unknown indicator is a
// NotFound fault.
func Select(ctx context.Context, st *store.Store, cat *survey.Catalog, indicatorID string, regions []string, lang string, p release.Policy) ([]*Series, error) {
	p.Note(release.Registration)
	regs, err := chosen(cat, indicatorID)
	if err != nil {
		return nil, err
	}
	out := make([]*Series, 0, len(regs))
	for _, reg := range regs {
		s, err := SeriesFor(ctx, st, cat, reg, Selection{Regions: regions}, lang, p)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// chosen is the one registration indicator asked for, or all.
func chosen(cat *survey.Catalog, indicatorID string) ([]*survey.Registration, error) {
	if indicatorID == "" {
		return cat.Registrations(), nil
	}
	reg, ok := cat.RegistrationByID(indicatorID)
	if !ok {
		return nil, fault.New(fault.NotFound, "error.indicator_unknown", "no registration indicator "+survey.Clip(indicatorID))
	}
	return []*survey.Registration{reg}, nil
}

// SelectFiltered publishes the registration indicators asked for under
// the analysts' filters (SelectionFor); leftOut names those whose figures
// cannot follow a filter, so none is listed unfiltered.
func SelectFiltered(ctx context.Context, st *store.Store, cat *survey.Catalog, indicatorID string, f indicator.Filter, lang string, p release.Policy) (series []*Series, leftOut []string, err error) {
	p.Note(release.Registration)
	regs, err := chosen(cat, indicatorID)
	if err != nil {
		return nil, nil, err
	}
	out := make([]*Series, 0, len(regs))
	for _, reg := range regs {
		sel, ok := SelectionFor(reg, f)
		if !ok {
			leftOut = append(leftOut, "registration/"+reg.ID)
			continue
		}
		s, err := SeriesFor(ctx, st, cat, reg, sel, lang, p)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, s)
	}
	return out, leftOut, nil
}

// Headline is the area an overview shows: the highest level with figures
// (Belgium, a region, then provinces, then municipalities).
func (s *Series) Headline() string {
	if len(s.Figures) == 0 {
		return ""
	}
	return s.Figures[0].Area
}

// Trend is one area's figures by period.
func (s *Series) Trend(area string) []Figure {
	var out []Figure
	for _, f := range s.Figures {
		if f.Area == area {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(x, y Figure) int {
		switch {
		case x.Period < y.Period:
			return -1
		case x.Period > y.Period:
			return 1
		}
		return 0
	})
	return out
}
