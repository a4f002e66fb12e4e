package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// binDir holds the binary that the tests build once; TestMain removes it.
var binDir string

func TestMain(m *testing.M) {
	// Most of these tests wait on a server of their own (starting it,
	// loading it, killing it), not on this process's CPU: unless -parallel
	// is given, run four at a time rather than one per core.
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		flag.Set("test.parallel", "4")
	}
	dir, err := os.MkdirTemp("", "kinderstem-test-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// built links the binary the first time a test asks for it (a test run
// with -short never does), and only that once.
var built = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "kinderstem")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", fmt.Errorf("%w\n%s", err, out)
	}
	return bin, nil
})

// buildBinary returns the path of the kinderstem binary built from this
// package's source.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	bin, err := built()
	if err != nil {
		tb.Fatalf("build: %v", err)
	}
	return bin
}
