package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/loadtest"
)

// A run that mostly met the rate limits says so, and how to lift them.
func TestBenchReportNamesRateLimits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		byStatus map[int]int
		warned   bool
	}{
		{map[int]int{201: 950, 200: 50}, false},
		{map[int]int{201: 95, 429: 5}, false},
		{map[int]int{201: 18, 429: 982}, true},
	} {
		r := &loadtest.Report{ByStatus: tc.byStatus}
		for _, n := range tc.byStatus {
			r.Requests += n
		}
		var out bytes.Buffer
		printReport(&out, r)
		if got := strings.Contains(out.String(), "--rate-session"); got != tc.warned {
			t.Errorf("%v: warned %v, want %v:\n%s", tc.byStatus, got, tc.warned, out.String())
		}
	}
}
