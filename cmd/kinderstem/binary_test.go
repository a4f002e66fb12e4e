package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// binDir holds the kinderstem binary the tests run; TestMain removes it.
var binDir string

// binaryName is the name the tests run the binary by.
const binaryName = "kinderstem"

func TestMain(m *testing.M) {
	// Started by the name kinderstem (the link built below), this test
	// binary is the kinderstem binary: main, from this package's source,
	// compiled with the tests. The tests need not link the command a
	// second time (go build would run the external linker once more,
	// ahead of every test that starts the binary).
	if filepath.Base(os.Args[0]) == binaryName {
		main()
		os.Exit(0)
	}
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

// built makes the kinderstem binary the first time a test asks for it (a
// test run with -short never does): a symbolic link named kinderstem to
// this test binary, which TestMain turns into the command.
var built = sync.OnceValues(func() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(binDir, binaryName)
	if err := os.Symlink(self, bin); err != nil {
		return "", err
	}
	return bin, nil
})

// buildBinary returns the path of the kinderstem binary: this package's
// main, as the test binary holds it.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	bin, err := built()
	if err != nil {
		tb.Fatalf("build: %v", err)
	}
	return bin
}
