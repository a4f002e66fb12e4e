package main

import (
	"context"
	"flag"
	"strings"
	"testing"
)

// soakFor is how long TestSoak plays its national day: CI passes
// -soak 60s in a step of its own; go test ./... leaves it out.
var soakFor = flag.Duration("soak", 0, "run TestSoak for this long (e.g. 60s; 30m for the documented figures)")

// The national-day soak against the real binary, with SIGKILL and a
// restore drill half-way (kinderstem soak): no acknowledged submission
// may be lost, from the database or from the Litestream replica, the
// drill must pass, and no request may get a 5xx answer.
func TestSoak(t *testing.T) {
	if *soakFor == 0 {
		t.Skip("a long run: go test ./cmd/kinderstem -run TestSoak -soak 60s")
	}
	bin := buildBinary(t)
	ls := litestreamBin(t)
	var out syncBuffer
	err := run(context.Background(), []string{"soak", "--bin", bin, "--duration", soakFor.String(), "--litestream", ls, "--dir", t.TempDir()},
		func(string) string { return "" }, strings.NewReader(""), &out)
	t.Log("\n" + out.String())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "acknowledged but lost: 0 of ") || !strings.Contains(out.String(), "missing from the restored replica: 0") {
		t.Fatal("the report does not say 0 acknowledged but lost")
	}
}
