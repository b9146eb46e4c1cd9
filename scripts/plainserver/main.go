// Command plainserver is the baseline of the load test: a plain Go HTTP
// server that answers POST /graphql with bytes read from files, picked by
// the request's operationName, with the Content-Type citygraph sends. It
// does what any Go server must (read the request, write the bytes) and
// nothing else, so that the load test can compare citygraph's CPU per
// request with it in the same run.
//
//	plainserver --addr 127.0.0.1:0 NAME=FILE ...
//
// It prints "listening ADDR" on stderr once it accepts connections.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	bodies := map[string][]byte{}
	for _, arg := range flag.Args() {
		name, file, ok := strings.Cut(arg, "=")
		if !ok {
			fmt.Fprintln(os.Stderr, "plainserver: want NAME=FILE, got", arg)
			os.Exit(2)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "plainserver:", err)
			os.Exit(1)
		}
		bodies[name] = b
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "plainserver:", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "listening", ln.Addr())
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", serveMetrics)
	mux.HandleFunc("POST /graphql", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var req struct {
			OperationName string `json:"operationName"`
		}
		_ = json.Unmarshal(body, &req)
		b, ok := bodies[req.OperationName]
		if !ok {
			http.Error(w, "unknown operation", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/graphql-response+json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		_, _ = w.Write(b)
	})
	if err := http.Serve(ln, mux); err != nil {
		fmt.Fprintln(os.Stderr, "plainserver:", err)
		os.Exit(1)
	}
}

// serveMetrics gives the load generator the process figures it reads from
// citygraph's /metrics: CPU time, resident memory and heap.
func serveMetrics(w http.ResponseWriter, _ *http.Request) {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss := int64(0)
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 1 {
			pages, _ := strconv.ParseInt(f[1], 10, 64)
			rss = pages * int64(os.Getpagesize())
		}
	}
	fmt.Fprintf(w, "process_cpu_seconds_total %g\nprocess_resident_memory_bytes %d\ngo_memstats_heap_alloc_bytes %d\n", cpu, rss, ms.HeapAlloc)
}
