package web

import (
	"crypto/sha256"
	"os"
	"testing"
)

// BenchmarkCompressStatic is what the first request for the largest
// script costs the server: both compressed forms at the highest quality.
func BenchmarkCompressStatic(b *testing.B) {
	data, err := os.ReadFile("../../static/child.js")
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		data[0] = byte(i) // a new content each time: the process cache would answer otherwise
		compressed(sha256.Sum256(data), data)
	}
}
