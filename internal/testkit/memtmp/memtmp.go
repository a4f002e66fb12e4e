// Package memtmp, imported for its effect, puts a test binary's temporary
// files (t.TempDir, os.MkdirTemp("", …)) on the memory file system at
// /dev/shm when the machine has one with room and TMPDIR is not set.
//
// The tests' SQLite files then commit without waiting for a disk: every
// commit's fsync is still made, but on tmpfs it returns at once. On this
// project's 2-core machine that took a third off the wall time of the
// packages that write most (internal/web, internal/indicator,
// cmd/kinderstem), which spent it waiting on fsync, not computing. No
// test can tell the two apart: what a test can break a server with
// (SIGKILL, a full file, a failed commit) leaves the page cache as it
// is, on either file system; only a power cut would differ. Set TMPDIR
// (e.g. TMPDIR=/tmp go test ./...) to run the tests on disk.
//
// Only tests import it.
package memtmp

import "os"

// minFree is the room /dev/shm must have: a small container's /dev/shm
// (64 MB by default) would fill with the demo databases of parallel
// tests, so it is left alone.
const minFree = 1 << 30

func init() {
	if _, set := os.LookupEnv("TMPDIR"); set {
		return
	}
	if dir, ok := memoryDir(minFree); ok {
		os.Setenv("TMPDIR", dir)
	}
}
