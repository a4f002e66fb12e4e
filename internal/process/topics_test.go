package process_test

import (
	"fmt"
	"io/fs"
	"maps"
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

// The subtraction attack: an analyst subtracts the cells shown from a
// total another query shows to read a hidden small group's ideas. Limburg
// holds one small group's 3 ideas on health (hidden under k) beside
// Oost-Vlaanderen's 28 on other themes and Antwerpen's 8 on health. The overall minus the shown provinces, and health
// minus its shown provinces, gave the 3 exactly now and then with the
// cell keys alone (44 and 60 of 200 installations); with the smallest cell
// shown hidden beside a lone hidden one, never. 200 record secrets, each
// an installation.
func TestTopicCountsSubtractionAttack(t *testing.T) {
	t.Parallel()
	rows := append(topicRows(), store.TopicRow{TopicID: 5, SessionID: 4, Region: "11002", AgeBand: "14-17", Theme: "health", Ideas: 8, OpenedAt: topicDay})
	rows[1].Ideas = 12 // the unsorted theme shown, whatever the noise
	province := func(r string) string {
		if r == "11002" {
			return "10000"
		}
		return provinceOf(r)
	}
	cases := []struct {
		name             string
		total, parts     []string          // breakdowns
		totalCell, small map[string]string // levels of the total's cell, of the hidden cell
	}{
		{"the provinces of the overall", nil, []string{"province"}, map[string]string{}, map[string]string{"province": "70000"}},
		{"the provinces of one theme", []string{"theme"}, []string{"theme", "province"},
			map[string]string{"theme": "health"}, map[string]string{"theme": "health", "province": "70000"}},
	}
	const runs = 200
	for _, c := range cases {
		exact := 0
		for i := range runs {
			p := release.MustPolicy(5, 0).WithSecret([]byte(fmt.Sprintf("installation %d", i)))
			totals, err := process.TopicCounts(rows, province, process.TopicQuery{Policy: p, By: c.total})
			if err != nil {
				t.Fatal(err)
			}
			parts, err := process.TopicCounts(rows, province, process.TopicQuery{Policy: p, By: c.parts})
			if err != nil {
				t.Fatal(err)
			}
			total, small := cellOf(totals, c.totalCell), cellOf(parts, c.small)
			if total == nil || total.Hidden || small == nil || !small.Hidden || small.Ideas != 0 || small.Topics != 0 {
				t.Fatalf("%s, installation %d: totals %+v, parts %+v", c.name, i, totals, parts)
			}
			ideas := total.Ideas
			for _, cell := range parts {
				if !cell.Hidden && inLine(cell.Levels, c.totalCell) {
					ideas -= cell.Ideas
				}
			}
			if ideas == 3 {
				exact++
			}
		}
		if exact > 0 {
			t.Errorf("%s: the total minus the cells shown gave the small group's 3 ideas exactly in %d of %d installations", c.name, exact, runs)
		}
	}
}

// cellOf is the cell with exactly these levels.
func cellOf(cells []process.TopicCell, levels map[string]string) *process.TopicCell {
	for i := range cells {
		if maps.Equal(cells[i].Levels, levels) {
			return &cells[i]
		}
	}
	return nil
}

// inLine reports whether a cell's levels include the total's.
func inLine(levels, total map[string]string) bool {
	for d, v := range total {
		if levels[d] != v {
			return false
		}
	}
	return true
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
