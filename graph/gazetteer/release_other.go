//go:build !linux

package gazetteer

// releasePages does nothing on this system (see release_linux.go).
func releasePages([]byte) {}
