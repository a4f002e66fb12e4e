package decision_test

import (
	"fmt"
	"math"
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/decision"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

// shells makes n decisions of an organisation and setting with an
// outcome, ids from first on.
func shells(first, org int64, setting, outcome string, heard string, days, n int) []store.VoiceShell {
	out := make([]store.VoiceShell, n)
	for i := range out {
		out[i] = store.VoiceShell{ID: first + int64(i), OrganisationID: org, Setting: setting, Outcome: outcome, Heard: heard, Days: days}
	}
	return out
}

func policy(secret string) release.Policy {
	return release.MustPolicy(10, 0).WithSecret([]byte(secret))
}

// A group of fewer than k decisions shows nothing at all, and its days
// and felt-heard parts need k of their own; a count of 1 or 2 is never
// shown, so no single child's outcome can be read off a share. The
// smallest other organisation is hidden beside the small one, so the
// overall row minus the rows shown gives nothing back.
func TestFiguresHideSmallGroups(t *testing.T) {
	t.Parallel()
	var all []store.VoiceShell
	all = append(all, shells(1, 1, "youth_care", "view", "yes", 4, 30)...)
	all = append(all, shells(100, 1, "youth_care", "declined", "", -1, 1)...)
	all = append(all, shells(200, 2, "residential_care", "view", "no", 9, 4)...)
	all = append(all, shells(300, 3, "youth_care", "view", "yes", 4, 12)...)
	q := decision.FiguresQuery{By: "organisation", Settings: []string{"youth_care", "residential_care"}}
	for i := range 50 {
		figs, err := decision.Figures(all, q, policy(fmt.Sprint("installation ", i)))
		if err != nil {
			t.Fatal(err)
		}
		if len(figs) != 3 || figs[0].Hidden || !figs[1].Hidden || figs[1].Decisions != 0 || !math.IsNaN(figs[1].View) {
			t.Fatalf("%+v", figs)
		}
		if !figs[2].Hidden || figs[2].Decisions != 0 || !math.IsNaN(figs[2].Yes) {
			t.Fatalf("installation %d: the complement of the small organisation is shown: %+v", i, figs[2])
		}
		chose := math.Round(figs[0].ChoseNot * float64(figs[0].Decisions))
		if chose == 1 || chose == 2 {
			t.Fatalf("installation %d shows %v decisions where the child chose not to", i, chose)
		}
		if figs[0].DaysHidden || figs[0].MedianDays != 4 || figs[0].HeardHidden {
			t.Fatalf("installation %d: days %v (hidden %v), heard hidden %v", i, figs[0].MedianDays, figs[0].DaysHidden, figs[0].HeardHidden)
		}
	}
	bySetting, err := decision.Figures(all, decision.FiguresQuery{By: "setting", Settings: []string{"youth_care", "residential_care", "other"}}, policy("x"))
	if err != nil {
		t.Fatal(err)
	}
	// Every setting is listed, an empty one like a hidden one; youth care
	// is hidden too, or the overall minus it would be residential care's 4.
	if len(bySetting) != 3 || !bySetting[0].Hidden || !bySetting[1].Hidden || !bySetting[2].Hidden {
		t.Fatalf("by setting: %+v", bySetting)
	}
}

// The subtraction attack: organisation 1 has 20 decisions, all with a
// view; organisation 2 has 3, one where the child chose not to take part;
// organisation 3 has 15. Organisation 2 is hidden under k; with the noise
// alone, the overall row minus the rows shown gave its 3 decisions exactly
// in 55 of 200 installations (which ones cannot be told, but a child's
// choice must not rest on that). Organisation 3 is hidden beside it, so
// the difference holds 18 decisions and never the 3. 200 record secrets,
// each an installation. The days and felt-heard parts follow the same
// rule.
func TestFiguresSubtractionAttack(t *testing.T) {
	t.Parallel()
	var all []store.VoiceShell
	all = append(all, shells(1, 1, "youth_care", "view", "", -1, 20)...)
	all = append(all, shells(100, 2, "youth_care", "view", "", -1, 2)...)
	all = append(all, shells(200, 2, "youth_care", "declined", "", -1, 1)...)
	all = append(all, shells(300, 3, "youth_care", "view", "", -1, 15)...)
	const runs = 200
	exact := 0
	for i := range runs {
		p := policy(fmt.Sprint("installation ", i))
		overall, err := decision.Figures(all, decision.FiguresQuery{}, p)
		if err != nil {
			t.Fatal(err)
		}
		byOrg, err := decision.Figures(all, decision.FiguresQuery{By: "organisation"}, p)
		if err != nil {
			t.Fatal(err)
		}
		if overall[0].Hidden || byOrg[0].Hidden || !byOrg[1].Hidden {
			t.Fatalf("overall %+v, by organisation %+v", overall, byOrg)
		}
		n := overall[0].Decisions
		for _, f := range byOrg {
			if !f.Hidden {
				n -= f.Decisions
			}
		}
		if n == 3 {
			exact++
		}
	}
	if exact > 0 {
		t.Fatalf("overall minus the organisations shown gave the hidden organisation's decisions exactly in %d of %d installations", exact, runs)
	}

	// The felt-heard part: organisation 1's 20 children all rated, 3 of
	// organisation 3's 15: its faces are hidden, and so are those of the
	// only other organisation that shows faces.
	var rated []store.VoiceShell
	rated = append(rated, shells(1, 1, "youth_care", "view", "yes", -1, 20)...)
	rated = append(rated, shells(100, 2, "youth_care", "view", "yes", -1, 25)...)
	rated = append(rated, shells(200, 3, "youth_care", "view", "", -1, 12)...)
	rated = append(rated, shells(300, 3, "youth_care", "view", "no", -1, 3)...)
	for i := range 50 {
		byOrg, err := decision.Figures(rated, decision.FiguresQuery{By: "organisation"}, policy(fmt.Sprint("installation ", i)))
		if err != nil {
			t.Fatal(err)
		}
		if byOrg[0].Hidden || byOrg[1].Hidden || byOrg[2].Hidden || !byOrg[2].HeardHidden {
			t.Fatalf("installation %d: %+v", i, byOrg)
		}
		if !byOrg[0].HeardHidden || byOrg[1].HeardHidden {
			t.Fatalf("installation %d: the smallest other felt-heard part is not hidden beside organisation 3's: %+v", i, byOrg)
		}
	}
}

// The figures' query takes one known breakdown and nothing else.
func TestParseFigures(t *testing.T) {
	t.Parallel()
	for q, want := range map[string]fault.Kind{"": 0, "by=organisation": 0, "by=setting&lang=en": 0, "by=region": fault.Invalid,
		"by=organisation&by=setting": fault.Invalid, "region=gent": fault.Invalid, "by=": 0} {
		v, _ := url.ParseQuery(q)
		_, err := decision.ParseFigures(v, "lang")
		if (err == nil) != (want == 0) || (err != nil && fault.KindOf(err) != want) {
			t.Errorf("%q: %v", q, err)
		}
	}
}
