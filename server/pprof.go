package server

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
)

// PprofAddr returns the address Run serves the profiles on (Config.PprofAddr
// with its port chosen), nil when they are off or Run does not listen yet.
func (s *Server) PprofAddr() net.Addr {
	if a := s.pprof.Load(); a != nil {
		return *a
	}
	return nil
}

// CheckPprofAddr checks an address for Config.PprofAddr: host:port with a
// loopback host (127.0.0.0/8, ::1 or localhost). The profiles tell much
// about the process and a CPU profile costs CPU, so they are never served
// to the network.
func CheckPprofAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("address %q: profiles are only served on a loopback address (127.0.0.1, ::1, localhost)", addr)
	}
	return nil
}

// listenLoopback listens on addr after CheckPprofAddr.
func listenLoopback(ctx context.Context, addr string) (net.Listener, error) {
	if err := CheckPprofAddr(addr); err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// pprofHandler serves net/http/pprof's pages on a mux of its own (not
// http.DefaultServeMux, which the API never uses either).
func pprofHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index) // also heap, goroutine, allocs, block, mutex, ...
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
