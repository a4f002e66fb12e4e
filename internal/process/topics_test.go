package process_test

import (
	"fmt"
	"io/fs"
	"net/url"
	"testing"
	"time"

	kinderstem "github.com/kinderstem/kinderstem"
	"github.com/kinderstem/kinderstem/internal/fault"
	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/process"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
	"github.com/kinderstem/kinderstem/internal/survey"
)

var topicDay = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// topicRows: many children's ideas in Gent (Oost-Vlaanderen) and one
// small group's topic in Hasselt (Limburg).
func topicRows() []store.TopicRow {
	return []store.TopicRow{
		{TopicID: 1, SessionID: 1, Region: "44021", AgeBand: "10-13", Theme: "violence", Ideas: 7, OpenedAt: topicDay},
		{TopicID: 2, SessionID: 1, Region: "44021", AgeBand: "10-13", Theme: "", Ideas: 6, OpenedAt: topicDay},
		{TopicID: 3, SessionID: 2, Region: "44021", AgeBand: "10-13", Theme: "violence", Ideas: 9, OpenedAt: topicDay},
		{TopicID: 4, SessionID: 3, Region: "71072", AgeBand: "10-13", Theme: "health", Ideas: 3, OpenedAt: topicDay},
	}
}

func provinceOf(r string) string { return map[string]string{"44021": "40000", "71072": "70000"}[r] }

// The overall minus the shown provinces: an analyst subtracts the cells
// shown from the overall to read the hidden small group's topics and
// ideas. With cell keys the difference is exact only by chance; without
// perturbation it would be exact in every installation.
func TestTopicCountsSubtractionAttack(t *testing.T) {
	t.Parallel()
	const runs = 200
	exact := 0
	for i := range runs {
		p := release.MustPolicy(5, 0).WithSecret([]byte(fmt.Sprintf("installation %d", i)))
		all, err := process.TopicCounts(topicRows(), provinceOf, process.TopicQuery{Policy: p})
		if err != nil {
			t.Fatal(err)
		}
		byProvince, err := process.TopicCounts(topicRows(), provinceOf, process.TopicQuery{Policy: p, By: []string{"province"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 || all[0].Hidden || len(byProvince) != 2 || byProvince[0].Hidden || !byProvince[1].Hidden {
			t.Fatalf("installation %d: overall %+v, by province %+v", i, all, byProvince)
		}
		if byProvince[1].Ideas != 0 || byProvince[1].Topics != 0 {
			t.Fatalf("a hidden cell carries numbers: %+v", byProvince[1])
		}
		if all[0].Ideas-byProvince[0].Ideas == 3 && all[0].Topics-byProvince[0].Topics == 1 {
			exact++
		}
	}
	if exact > runs/3 {
		t.Fatalf("overall minus the shown province gave the small group's counts exactly in %d of %d installations", exact, runs)
	}
	t.Logf("exact in %d of %d installations", exact, runs)
}

// The same topics get the same noise however they are asked, so asking
// again and averaging gains nothing.
func TestTopicCountsSameNoiseWhateverAsked(t *testing.T) {
	t.Parallel()
	p := release.MustPolicy(5, 0).WithSecret([]byte("one installation"))
	a, _ := process.TopicCounts(topicRows(), provinceOf, process.TopicQuery{Policy: p, By: []string{"province"}})
	rows := topicRows()
	rows[0], rows[2] = rows[2], rows[0]
	b, _ := process.TopicCounts(rows, provinceOf, process.TopicQuery{Policy: p, By: []string{"province"}, Filter: filterFrom("2026-01")})
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("reordered and reworded: %+v, then %+v", a, b)
	}
}

// The query takes breakdowns in any order and the sessions' filters, and
// refuses what does not apply to topics with an error naming the field.
func TestParseTopicQuery(t *testing.T) {
	t.Parallel()
	cat := catalog(t)
	p := release.MustPolicy(5, 0)
	for _, c := range []struct {
		query, field string
		by           []string
	}{
		{"", "", process.TopicDims},
		{"by=none", "", nil},
		{"by=province,theme", "", []string{"theme", "province"}},
		{"by=province&by=age_band", "", []string{"age_band", "province"}},
		{"by=colour", "by", nil},
		{"by=theme,theme", "by", nil},
		{"gender=girl", "gender", nil},
		{"period=month", "period", nil},
		{"from=2026-13", "from", nil},
		{"region=atlantis", "region", nil},
		{"lang=en", "lang", nil},
	} {
		q, _ := url.ParseQuery(c.query)
		tq, err := process.ParseTopicQuery(q, cat, p)
		f, _ := fault.As(err)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.query, err)
		case c.field == "" && fmt.Sprint(tq.By) != fmt.Sprint(c.by):
			t.Errorf("%s: by %v, want %v", c.query, tq.By, c.by)
		case c.field != "" && (f == nil || f.Field != c.field):
			t.Errorf("%s: %v, want an error on %s", c.query, err, c.field)
		}
	}
}

func catalog(t *testing.T) *survey.Catalog {
	t.Helper()
	surveys, _ := fs.Sub(kinderstem.Assets(), "surveys")
	cat, err := survey.Load(surveys)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func filterFrom(month string) indicator.Filter { return indicator.Filter{From: month} }
