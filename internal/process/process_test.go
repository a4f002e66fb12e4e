package process_test

import (
	"math"
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/indicator"
	"github.com/kinderstem/kinderstem/internal/process"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, time.UTC) }

// Three organisations: org 1 answered two of its three closed sessions,
// after 2 and 10 days, and 12 children rated; org 2 has one closed
// session with 3 raters; org 3 only an open session. Session 1's ideas
// round made 4 topics, 3 of them answered with a "we will"; session 4's
// made 2, neither answered so.
func sessions() ([]store.ProcessSession, map[int64]store.ReplyParts) {
	ss := []store.ProcessSession{
		{ID: 1, OrganisationID: 1, Region: "44021", OpenedAt: day(1, 5), ClosedAt: day(1, 5), FirstAnswerAt: day(1, 7), PublicReplies: []int64{10}, Heard: store.Heard{Yes: 6, Some: 2, No: 1}, Topics: 4, TopicsWeWill: 3},
		{ID: 2, OrganisationID: 1, Region: "44021", OpenedAt: day(2, 5), ClosedAt: day(2, 5), FirstAnswerAt: day(2, 15), PublicReplies: []int64{10}, Heard: store.Heard{Yes: 2, No: 1}},
		{ID: 3, OrganisationID: 1, Region: "11002", OpenedAt: day(4, 5), ClosedAt: day(4, 6)},
		{ID: 4, OrganisationID: 2, Region: "11002", OpenedAt: day(4, 9), ClosedAt: day(4, 9), FirstAnswerAt: day(4, 9), PublicReplies: []int64{11}, Heard: store.Heard{Yes: 3}, Topics: 2},
		{ID: 5, OrganisationID: 3, Region: "11002", OpenedAt: day(5, 1)},
	}
	for i := range ss {
		ss[i].HeardCells = cells(ss[i])
	}
	return ss, map[int64]store.ReplyParts{
		10: {Parts: 4, WeWill: 3},
		11: {Parts: 2, WeWill: 0},
	}
}

// cells are the heard_counts rows of a session's faces, under its first
// public answer.
func cells(s store.ProcessSession) []store.HeardCell {
	var out []store.HeardCell
	for _, c := range []store.HeardCell{{Rating: "yes", N: s.Heard.Yes}, {Rating: "some", N: s.Heard.Some}, {Rating: "no", N: s.Heard.No}} {
		if c.N > 0 {
			c.ReplyID = s.PublicReplies[0]
			out = append(out, c)
		}
	}
	return out
}

var secret = []byte("process test record secret")

// withSecret is the default policy with the test secret.
var withSecret = release.Policy{}.WithSecret(secret)

func TestComputeProcessIndicators(t *testing.T) {
	t.Parallel()
	ss, parts := sessions()
	nan := math.NaN()
	cases := []struct {
		name string
		q    process.Query
		want []process.Group
	}{
		{"all, k 10: 15 raters shown", process.Query{Policy: release.MustPolicy(10, 0)}, []process.Group{
			{Sessions: 5, Closed: 4, Answered: 3, AnsweredShare: 0.75, MedianDays: 2, Parts: 6, WeWill: 3, WeWillShare: 0.5, Topics: 6, TopicsWeWill: 3, TopicsWeWillShare: 0.5, Raters: 15, HeardShare: 11.0 / 15}}},
		// Org 1's share is hidden too, or the overall's 15 minus its 12
		// would be org 2's 3 (org 3 has nobody who rated).
		{"by organisation: org 2's 3 raters hidden, and org 1's beside them", process.Query{By: "organisation", Policy: release.MustPolicy(10, 0)}, []process.Group{
			{Organisation: 1, Sessions: 3, Closed: 3, Answered: 2, AnsweredShare: 2.0 / 3, MedianDays: 6, Parts: 4, WeWill: 3, WeWillShare: 0.75, Topics: 4, TopicsWeWill: 3, TopicsWeWillShare: 0.75, HeardHidden: true, HeardShare: nan},
			{Organisation: 2, Sessions: 1, Closed: 1, Answered: 1, AnsweredShare: 1, MedianDays: 0, Parts: 2, WeWill: 0, WeWillShare: 0, Topics: 2, HeardHidden: true, HeardShare: nan},
			{Organisation: 3, Sessions: 1, AnsweredShare: nan, MedianDays: nan, WeWillShare: nan, TopicsWeWillShare: nan, HeardHidden: true, HeardShare: nan}}},
		{"the smallest k, five", process.Query{By: "organisation", Policy: release.MustPolicy(release.MinK, 0), Filter: indicator.Filter{Organisations: []int64{2}}}, []process.Group{
			{Organisation: 2, Sessions: 1, Closed: 1, Answered: 1, AnsweredShare: 1, MedianDays: 0, Parts: 2, WeWillShare: 0, Topics: 2, HeardHidden: true, HeardShare: nan}}},
		{"by quarter, filtered from April", process.Query{Period: "quarter", Policy: release.MustPolicy(5, 0), Filter: indicator.Filter{From: "2026-04"}}, []process.Group{
			{Period: "2026-Q2", Sessions: 3, Closed: 2, Answered: 1, AnsweredShare: 0.5, MedianDays: 0, Parts: 2, WeWillShare: 0, Topics: 2, HeardHidden: true, HeardShare: nan}}},
		// January's share is hidden too, or the region's 12 over both
		// months minus January's 9 would be February's 3.
		{"by region and month", process.Query{By: "region", Period: "month", Policy: release.MustPolicy(5, 0), Filter: indicator.Filter{Regions: []string{"44021"}}}, []process.Group{
			{Region: "44021", Period: "2026-01", Sessions: 1, Closed: 1, Answered: 1, AnsweredShare: 1, MedianDays: 2, Parts: 4, WeWill: 3, WeWillShare: 0.75, Topics: 4, TopicsWeWill: 3, TopicsWeWillShare: 0.75, HeardHidden: true, HeardShare: nan},
			{Region: "44021", Period: "2026-02", Sessions: 1, Closed: 1, Answered: 1, AnsweredShare: 1, MedianDays: 10, Parts: 4, WeWill: 3, WeWillShare: 0.75, TopicsWeWillShare: nan, HeardHidden: true, HeardShare: nan}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.q.Policy = c.q.Policy.WithSecret(secret)
			got, err := process.Compute(ss, parts, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("%d groups, want %d: %+v", len(got), len(c.want), got)
			}
			for i := range got {
				if !same(got[i], c.want[i]) {
					t.Errorf("group %d:\n got %+v\nwant %+v", i, got[i], c.want[i])
				}
			}
		})
	}
}

// same compares exactly, except the felt-heard raters and share, which
// are perturbed: the raters by at most release.PerturbMaxNoise from
// 4 children on, the share by what that noise on raters and "yes" can do.
func same(a, b process.Group) bool {
	eq := func(x, y float64) bool { return (math.IsNaN(x) && math.IsNaN(y)) || math.Abs(x-y) < 1e-9 }
	fa, fb := a, b
	for _, f := range []*process.Group{&fa, &fb} {
		f.AnsweredShare, f.MedianDays, f.WeWillShare, f.TopicsWeWillShare, f.HeardShare, f.Raters = 0, 0, 0, 0, 0, 0
	}
	heardOK := a.Raters == b.Raters && eq(a.HeardShare, b.HeardShare) // hidden: 0 and NaN
	if !b.HeardHidden && !a.HeardHidden {
		m := release.PerturbMaxNoise
		yes := b.HeardShare * float64(b.Raters)
		lo, hi := (yes-float64(m))/float64(b.Raters+m), min(1, (yes+float64(m))/float64(b.Raters-m))
		heardOK = a.Raters >= b.Raters-m && a.Raters <= b.Raters+m && a.HeardShare >= lo-1e-9 && a.HeardShare <= hi+1e-9
	}
	return fa == fb && heardOK && eq(a.AnsweredShare, b.AnsweredShare) && eq(a.MedianDays, b.MedianDays) && eq(a.WeWillShare, b.WeWillShare) && eq(a.TopicsWeWillShare, b.TopicsWeWillShare)
}

func TestComputeRefusesUnknownBreakdowns(t *testing.T) {
	t.Parallel()
	for _, q := range []process.Query{{By: "gender", Policy: withSecret}, {Period: "week", Policy: withSecret}, {}} {
		if _, err := process.Compute(nil, nil, q); err == nil {
			t.Errorf("%+v accepted", q)
		}
	}
}
