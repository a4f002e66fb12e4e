//go:build !linux

package memtmp

// memoryDir finds no memory file system outside Linux: the tests keep
// the system's temporary directory.
func memoryDir(uint64) (string, bool) { return "", false }
