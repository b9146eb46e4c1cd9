//go:build !unix

package server

// cpuSeconds is not available on this system.
func cpuSeconds() (float64, bool) { return 0, false }
