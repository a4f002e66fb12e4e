package process_test

import (
	"net/url"
	"testing"

	"github.com/kinderstem/kinderstem/internal/process"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/testkit"
	"github.com/kinderstem/kinderstem/internal/testkit/shipped"
)

// FuzzTopicQuery feeds the topic counts' query parser any query string:
// it answers a query or an Invalid fault whose message every language
// has, never a panic, and what it accepts counts without an error.
func FuzzTopicQuery(f *testing.F) {
	f.Add("by=theme,age_band,province&from=2026-01&to=2026-12&region=gent")
	f.Add("by=none&age_band=10-13&setting=school&organisation=3")
	f.Add("by=colour&gender=x&period=month&by=theme")
	f.Add("region=" + url.QueryEscape("70000,hasselt,,") + "&from=2026-13")
	cat, locales := testkit.Content(f)
	p := release.MustPolicy(5, 0).WithSecret([]byte("fuzz"))
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		tq, err := process.ParseTopicQuery(q, cat, p)
		if err != nil {
			shipped.WantInvalid(t, locales, err)
			return
		}
		if _, err := process.TopicCounts(topicRows(), cat.ProvinceOf, tq); err != nil {
			t.Fatalf("%q parsed but does not count: %v", raw, err)
		}
	})
}
