package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kinderstem/kinderstem/internal/web"
)

// BenchmarkSubmitJSON posts whole wellbeing submissions through the real
// router into a real store, from many goroutines so that they share
// commits as they do under load. What it is for is allocs/op and B/op:
// the garbage of one submission sets how often the collector runs once the
// indicator index fills most of the memory limit (see README, Benchmarks).
// The request and recorder made per op are counted too.
//
//	go test ./internal/web -run '^$' -bench SubmitJSON -benchmem
func BenchmarkSubmitJSON(b *testing.B) {
	e := newEnvWith(b, func(c *web.Config) { c.ClientRate, c.SessionRate = 1<<30, 1<<30 })
	sess := e.openSession("wellbeing", "10-13", "nl", "school")
	s, _ := e.catalog.Survey("wellbeing")
	var answers []string
	for i, it := range s.Items() {
		switch {
		case it.ID == "anything_else":
			answers = append(answers, `"anything_else":"meer speeltijd"`)
		case i%7 == 3:
			answers = append(answers, fmt.Sprintf("%q:%q", it.ID, "dont_know"))
		case it.ID == "life_satisfaction":
			answers = append(answers, `"life_satisfaction":8`)
		default:
			answers = append(answers, fmt.Sprintf("%q:1", it.ID))
		}
	}
	body := `{"id":"%s","lang":"nl","age":11,"gender":"girl","answers":{` + strings.Join(answers, ",") + `}}`
	api := "/api/v1/sessions/" + sess.Code + "/submissions"
	h := e.srv.Config.Handler
	var n atomic.Int64
	b.SetParallelism(32)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, api, strings.NewReader(fmt.Sprintf(body, uid(int(n.Add(1))))))
			req.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusCreated {
				b.Fatalf("status %d: %s", w.Code, w.Body)
			}
		}
	})
}
