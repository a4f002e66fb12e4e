package memtmp

import "syscall"

// tmpfsMagic is the file system type statfs reports for tmpfs.
const tmpfsMagic = 0x01021994

// memoryDir returns /dev/shm when it is a writable tmpfs with at least
// free bytes available.
func memoryDir(free uint64) (string, bool) {
	const dir = "/dev/shm"
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil || st.Type != tmpfsMagic {
		return "", false
	}
	if st.Bavail*uint64(st.Bsize) < free {
		return "", false
	}
	if syscall.Access(dir, 2 /* W_OK */) != nil {
		return "", false
	}
	return dir, true
}
