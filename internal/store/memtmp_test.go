package store_test

// The store's tests make their files with t.TempDir, as every package's
// do through testkit (which these tests cannot use: it opens stores):
// on the memory file system when there is one.
import _ "github.com/kinderstem/kinderstem/internal/testkit/memtmp"
