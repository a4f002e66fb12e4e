package child

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kinderstem/kinderstem/internal/testkit"
)

// BenchmarkDecodeJSON decodes a whole wellbeing submission as a tablet
// sends it (every item answered, some "dont_know", one text): the JSON
// decoding that every child's submission goes through.
//
//	go test ./internal/web/child -run '^$' -bench DecodeJSON -benchmem
func BenchmarkDecodeJSON(b *testing.B) {
	cat, _ := testkit.Content(b)
	s, _ := cat.Survey("wellbeing")
	var answers []string
	for i, it := range s.Items() {
		switch {
		case i == 0:
			answers = append(answers, fmt.Sprintf("%q:%q", it.ID, "meer speeltijd"))
		case i%7 == 3:
			answers = append(answers, fmt.Sprintf("%q:%q", it.ID, "dont_know"))
		default:
			answers = append(answers, fmt.Sprintf("%q:%d", it.ID, i%4+1))
		}
	}
	body := []byte(`{"id":"0b8e6f3c-1f5e-4c2a-9d7e-2a1b3c4d5e6f","lang":"nl","age":11,"gender":"girl","answers":{` + strings.Join(answers, ", ") + `}}`)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		in, err := decodeJSON(body)
		if err != nil {
			b.Fatal(err)
		}
		in.Release()
	}
}
