package process_test

import (
	"testing"
	"time"

	"github.com/kinderstem/kinderstem/internal/process"
	"github.com/kinderstem/kinderstem/internal/release"
	"github.com/kinderstem/kinderstem/internal/store"
)

// BenchmarkCompute100k: the process indicators by organisation and
// quarter over 100,000 sessions of 300 organisations.
func BenchmarkCompute100k(b *testing.B) {
	ss := make([]store.ProcessSession, 100_000)
	parts := map[int64]store.ReplyParts{}
	start := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range ss {
		opened := start.Add(time.Duration(i) * 15 * time.Minute)
		s := store.ProcessSession{ID: int64(i + 1), OrganisationID: int64(i%300 + 1), Region: "44021", OpenedAt: opened, ClosedAt: opened.Add(2 * time.Hour)}
		if i%3 != 0 {
			reply := int64(i/10 + 1)
			s.FirstAnswerAt, s.PublicReplies = opened.Add(time.Duration(i%40)*24*time.Hour), []int64{reply}
			s.Heard = store.Heard{Yes: i % 7, Some: i % 3, No: i % 2}
			s.HeardCells = cells(s)
			parts[reply] = store.ReplyParts{Parts: 3, WeWill: i % 4}
		}
		ss[i] = s
	}
	q := process.Query{By: "organisation", Period: "quarter", Policy: release.MustPolicy(10, 0).WithSecret(secret)}
	b.ResetTimer()
	for b.Loop() {
		if _, err := process.Compute(ss, parts, q); err != nil {
			b.Fatal(err)
		}
	}
}
