package edition

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/registration"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

// Sources are what an edition is computed from.
type Sources struct {
	Index   *indicator.Index
	Store   *store.Store
	Catalog *survey.Catalog
}

// Compute makes an edition's cells, once, through the release gate: each
// survey indicator by each breakdown of the spec over the edition's
// period (perturbed, k, the minimum base, complementary hiding within the
// table), the registration figures of provinces and higher areas up to
// the period's end, the professionals' pools over every closed round,
// and the adults' public answers. The check across tables and editions
// (Protect) is the caller's next step; the spec must have passed Check.
func Compute(ctx context.Context, src Sources, spec Spec, p release.Policy, now time.Time) (*Snapshot, error) {
	p.Note(release.Edition)
	snap := &Snapshot{K: p.K(), From: spec.From, To: spec.To, ComputedAt: now.UTC().Truncate(time.Second), Breakdowns: spec.Breakdowns}
	cat := src.Catalog
	for _, ref := range spec.Indicators {
		var (
			ind *Indicator
			err error
		)
		switch ref.Source {
		case SourceSurvey:
			ind, err = surveyIndicator(src, ref, spec, p)
		case SourceRegistration:
			ind, err = registrationIndicator(ctx, src, ref, spec, p)
		case SourcePool:
			ind, err = poolIndicator(ctx, src, ref, p, now)
		}
		if err != nil {
			return nil, err
		}
		if ind != nil {
			snap.Indicators = append(snap.Indicators, ind)
		}
	}
	replies, err := publicReplies(ctx, src.Store, cat, spec.To)
	if err != nil {
		return nil, err
	}
	snap.Replies = replies
	return snap, nil
}

func surveyIndicator(src Sources, ref Ref, spec Spec, p release.Policy) (*Indicator, error) {
	refs, err := src.Catalog.Indicators(ref.Survey, ref.ID)
	if err != nil {
		return nil, err
	}
	s, def := refs[0].Survey, refs[0].Indicator
	ind := describe(s, def)
	ind.Base = base(s, def)
	ind.Child = childWords(s, def)
	share := def.Kind == survey.Share
	for _, b := range spec.Breakdowns {
		var by []indicator.Dim
		if b != Total {
			for _, d := range strings.Split(b, "+") {
				by = append(by, indicator.Dim(d))
			}
		}
		q := indicator.Query{Survey: s.ID, Indicator: def.ID, By: by, Period: "quarter", Policy: p,
			Filter: indicator.Filter{From: spec.From, To: spec.To}}
		t := &Table{By: dimNames(by)}
		res, err := src.Index.Compute(q)
		if indicator.BaseTooSmall(err) {
			t.TooFew = true
			ind.Tables = append(ind.Tables, t)
			continue
		}
		if err != nil {
			return nil, err
		}
		ind.Scale = res.Scale
		t.Cells = append(t.Cells, cellOf(res.Grid.Total, nil, share))
		for _, nc := range res.Cells() {
			t.Cells = append(t.Cells, cellOf(nc.Cell, nc.Levels, share))
		}
		ind.Tables = append(ind.Tables, t)
	}
	return ind, nil
}

func dimNames(by []indicator.Dim) []string {
	var out []string
	for _, d := range by {
		out = append(out, string(d))
	}
	return out
}

// cellOf keeps a computed cell as published: hidden ones without
// numbers, shown ones at the precision every output shows.
func cellOf(c *indicator.Cell, levels []string, share bool) *Cell {
	out := &Cell{Levels: slices.Clone(levels)}
	if c == nil || c.Suppressed {
		return out
	}
	out.Shown, out.N = true, c.N
	out.Value = round(c.Value, share)
	if !math.IsNaN(c.Lower) && !math.IsNaN(c.Upper) {
		out.CI, out.Lower, out.Upper = true, round(c.Lower, share), round(c.Upper, share)
	}
	return out
}

// describe is what every reader sees of a survey indicator beside its
// numbers.
func describe(s *survey.Survey, def *survey.Indicator) *Indicator {
	return &Indicator{Source: SourceSurvey, Survey: s.ID, ID: def.ID, Theme: def.Theme, CRC: slices.Clone(def.CRC),
		Title: def.Title, Definition: def.Definition, Kind: string(def.Kind), Meta: MetaOf(def)}
}

// MetaOf is the policy metadata an indicator's definition carries into
// an edition. The survey model has none of it yet (basis, policy links,
// recommendations, reference values); the pages show whatever is here.
func MetaOf(*survey.Indicator) Meta { return Meta{} }

// base names the respondents a survey indicator's cells count.
func base(s *survey.Survey, def *survey.Indicator) string {
	items := slices.Clone(def.Items)
	slices.Sort(items)
	b := s.ID + ":" + strings.Join(items, ",")
	if def.Kind == survey.Index {
		b += ":" + strconv.Itoa(def.MinItems)
	}
	return b
}

// childWords says a single-item share in the question's own words for
// children of 10-13, with the answers that count.
func childWords(s *survey.Survey, def *survey.Indicator) *ChildWords {
	if def.Kind != survey.Share || len(def.Items) != 1 {
		return nil
	}
	it, ok := s.Item(def.Items[0])
	if !ok {
		return nil
	}
	band := survey.Band{Min: 10, Max: 13}
	cw := &ChildWords{Question: it.TextFor(band)}
	top := map[int]bool{}
	for _, c := range def.Top {
		top[c] = true
	}
	for _, ch := range it.Choices(band) {
		if !top[ch.Code] {
			continue
		}
		label := ch.Label
		if label == "" {
			label = "#" + strconv.Itoa(ch.Code) // a ladder's step: its number
		}
		cw.Answers = append(cw.Answers, label)
		if sc := it.ScaleDef(); sc != nil && sc.Style == "faces" {
			cw.Faces = append(cw.Faces, strconv.Itoa(survey.Face(ch.Code, sc.Points, it.Negative)))
		}
	}
	if len(cw.Answers) == 0 {
		return nil
	}
	return cw
}

// registrationIndicator keeps the figures of provinces and higher areas
// whose period starts no later than the edition's last year.
func registrationIndicator(ctx context.Context, src Sources, ref Ref, spec Spec, p release.Policy) (*Indicator, error) {
	reg, ok := src.Catalog.RegistrationByID(ref.ID)
	if !ok {
		return nil, nil
	}
	series, err := registration.SeriesOf(ctx, src.Store, src.Catalog, reg, nil, "nl", p)
	if err != nil {
		return nil, err
	}
	ind := &Indicator{Source: SourceRegistration, ID: reg.ID, Theme: reg.Theme, CRC: slices.Clone(reg.CRC), Title: reg.Title,
		Definition: reg.Definition, Kind: reg.Unit, Direction: reg.Direction, SourceOrg: reg.Source.Organisation,
		SourceURL: reg.Source.URL, Reference: reg.Reference}
	last := spec.To[:4]
	for _, f := range series.Figures {
		if !wideArea(src.Catalog, f.Area) || f.Period[:min(4, len(f.Period))] > last {
			continue
		}
		fig := Figure{Area: f.Area, Period: f.Period, Shown: !f.Hidden}
		if fig.Shown {
			fig.Value = f.Value
		}
		ind.Figures = append(ind.Figures, fig)
	}
	return ind, nil
}

// wideArea reports whether an area is a province or higher: the public
// monitor does not publish registration figures of single municipalities.
func wideArea(cat *survey.Catalog, code string) bool {
	r, ok := cat.Area(code)
	return ok && r.Province == ""
}

// poolIndicator is a professionals' indicator over every closed round of
// every organisation: its total only.
func poolIndicator(ctx context.Context, src Sources, ref Ref, p release.Policy, now time.Time) (*Indicator, error) {
	results, err := indicator.ProfessionalPools(ctx, src.Store, src.Catalog, indicator.Request{}, 0, ref.Survey, ref.ID, p, now)
	if err != nil || len(results) == 0 {
		return nil, err
	}
	res := results[0]
	ind := describe(res.Survey, res.Indicator)
	ind.Source, ind.Scale = SourcePool, res.Scale
	ind.Tables = []*Table{{Cells: []*Cell{cellOf(res.Grid.Total, nil, res.Indicator.Kind == survey.Share)}}}
	return ind, nil
}

// publicReplies are the adults' public answers first made public by the
// end of the edition's period, with the provinces of the groups they
// answer, frozen into the edition.
func publicReplies(ctx context.Context, st *store.Store, cat *survey.Catalog, to string) ([]Reply, error) {
	replies, regions, err := st.PublicReplyRegions(ctx)
	if err != nil {
		return nil, err
	}
	var out []Reply
	for _, r := range replies {
		if r.FirstPublicAt.IsZero() || r.FirstPublicAt.UTC().Format("2006-01") > to {
			continue
		}
		rep := Reply{Lang: r.Lang}
		for _, code := range regions[r.ID] {
			if p := cat.ProvinceOf(code); p != "" && !slices.Contains(rep.Provinces, p) {
				rep.Provinces = append(rep.Provinces, p)
			}
		}
		for _, part := range r.Parts {
			pt := Part{Theme: part.Theme, Texts: map[string]PartText{}}
			for lang, t := range part.Texts {
				pt.Texts[lang] = PartText{Title: t.Title, YouSaid: t.YouSaid, WeWill: t.WeWill, WeWillNot: t.WeWillNot, WhoDecides: t.WhoDecides}
			}
			rep.Parts = append(rep.Parts, pt)
		}
		if len(rep.Provinces) > 0 {
			out = append(out, rep)
		}
	}
	return out, nil
}
