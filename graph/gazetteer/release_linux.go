package gazetteer

import (
	"os"
	"syscall"
	"unsafe"
)

// releasePages tells the kernel that the whole pages of b, memory mapped
// from the binary and only read, are not needed for now: they leave the
// process's resident memory and are read from the binary again if they
// are touched again. LoadWorld releases the compressed world gazetteer
// (15 MB) once it has decompressed it.
func releasePages(b []byte) {
	if len(b) == 0 {
		return
	}
	page := os.Getpagesize()
	off := (page - int(uintptr(unsafe.Pointer(&b[0]))%uintptr(page))) % page
	if off >= len(b) {
		return
	}
	b = b[off:]
	if n := len(b) / page * page; n > 0 {
		_ = syscall.Madvise(b[:n], syscall.MADV_DONTNEED) // advice: nothing to do if it is not taken
	}
}
