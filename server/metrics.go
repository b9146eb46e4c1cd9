package server

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	rtmetrics "runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// durationBuckets (read-only) are the upper bounds, in seconds, of the request duration
// histogram: fine below 10 ms where the reads live, coarse above.
var durationBuckets = [...]float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics holds the server's counters. It writes the Prometheus text
// exposition format (version 0.0.4) by hand; the few metric families here
// do not need a client library.
type metrics struct {
	inFlight atomic.Int64

	mu       sync.Mutex
	requests map[requestKey]uint64  // by handler, operation, status
	hists    map[histKey]*histogram // by handler, operation
	opNames  map[string]struct{}    // operation labels seen, bounded
	started  time.Time
}

type requestKey struct {
	handler, operation string
	status             int
}

type histKey struct{ handler, operation string }

type histogram struct {
	counts [len(durationBuckets)]uint64 // per bucket, not cumulative
	count  uint64
	sum    float64
}

func newMetrics() *metrics {
	return &metrics{
		requests: make(map[requestKey]uint64),
		hists:    make(map[histKey]*histogram),
		opNames:  make(map[string]struct{}),
		started:  time.Now(),
	}
}

// operationLabel bounds the label values clients can create: names that are
// not plain GraphQL names, and new names past the first few dozen, become
// "other". Must be called with mu held.
func (m *metrics) operationLabel(op string) string {
	if op == "" {
		return defaultOperationLabel
	}
	if !isGraphQLName(op) || len(op) > 64 {
		return otherOperationLabel
	}
	if _, ok := m.opNames[op]; ok {
		return op
	}
	if len(m.opNames) >= maxOperationLabelCount {
		return otherOperationLabel
	}
	m.opNames[op] = struct{}{}
	return op
}

func isGraphQLName(s string) bool {
	for i, c := range s {
		ok := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (i > 0 && c >= '0' && c <= '9')
		if !ok {
			return false
		}
	}
	return s != ""
}

// observe records one finished request.
func (m *metrics) observe(handler, op string, status int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	op = m.operationLabel(op)
	m.requests[requestKey{handler, op, status}]++
	hk := histKey{handler, op}
	h := m.hists[hk]
	if h == nil {
		h = &histogram{}
		m.hists[hk] = h
	}
	i, _ := slices.BinarySearch(durationBuckets[:], sec)
	if i < len(h.counts) {
		h.counts[i]++
	}
	h.count++
	h.sum += sec
}

// projectionFigures is what /metrics says about the served projection.
type projectionFigures struct {
	ready, degraded bool
	version         int64
	nodes, links    int
	haveProjection  bool
}

// write writes all metric families in the text format.
func (m *metrics) write(w io.Writer, pf projectionFigures) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	m.mu.Lock()
	reqKeys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		reqKeys = append(reqKeys, k)
	}
	slices.SortFunc(reqKeys, func(a, b requestKey) int {
		return cmpStrings(a.handler, b.handler, a.operation, b.operation, strconv.Itoa(a.status), strconv.Itoa(b.status))
	})
	p("# HELP citygraph_http_requests_total HTTP requests served, by handler, GraphQL operation name and status.\n")
	p("# TYPE citygraph_http_requests_total counter\n")
	for _, k := range reqKeys {
		p("citygraph_http_requests_total{handler=%s,operation=%s,status=\"%d\"} %d\n",
			quote(k.handler), quote(k.operation), k.status, m.requests[k])
	}
	histKeys := make([]histKey, 0, len(m.hists))
	for k := range m.hists {
		histKeys = append(histKeys, k)
	}
	slices.SortFunc(histKeys, func(a, b histKey) int { return cmpStrings(a.handler, b.handler, a.operation, b.operation) })
	p("# HELP citygraph_http_request_duration_seconds Time from the request's arrival to the end of its response.\n")
	p("# TYPE citygraph_http_request_duration_seconds histogram\n")
	for _, k := range histKeys {
		h := m.hists[k]
		labels := fmt.Sprintf("handler=%s,operation=%s", quote(k.handler), quote(k.operation))
		var cum uint64
		for i, ub := range durationBuckets {
			cum += h.counts[i]
			p("citygraph_http_request_duration_seconds_bucket{%s,le=\"%s\"} %d\n", labels, formatFloat(ub), cum)
		}
		p("citygraph_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %d\n", labels, h.count)
		p("citygraph_http_request_duration_seconds_sum{%s} %s\n", labels, formatFloat(h.sum))
		p("citygraph_http_request_duration_seconds_count{%s} %d\n", labels, h.count)
	}
	m.mu.Unlock()

	p("# HELP citygraph_http_requests_in_flight Requests being served now.\n")
	p("# TYPE citygraph_http_requests_in_flight gauge\n")
	p("citygraph_http_requests_in_flight %d\n", m.inFlight.Load())

	p("# HELP citygraph_ready Whether a projection is being served (1) or not yet (0).\n")
	p("# TYPE citygraph_ready gauge\n")
	p("citygraph_ready %d\n", b2i(pf.ready))
	p("# HELP citygraph_degraded Whether the store is unreachable and the last projection is served (1).\n")
	p("# TYPE citygraph_degraded gauge\n")
	p("citygraph_degraded %d\n", b2i(pf.degraded))
	if pf.haveProjection {
		p("# HELP citygraph_projection_version Store version of the projection being served.\n")
		p("# TYPE citygraph_projection_version gauge\n")
		p("citygraph_projection_version %d\n", pf.version)
		p("# HELP citygraph_projection_nodes Municipalities in the projection being served.\n")
		p("# TYPE citygraph_projection_nodes gauge\n")
		p("citygraph_projection_nodes %d\n", pf.nodes)
		p("# HELP citygraph_projection_links Partnerships (links of any kind) in the projection being served.\n")
		p("# TYPE citygraph_projection_links gauge\n")
		p("citygraph_projection_links %d\n", pf.links)
	}

	writeRuntime(p)
	p("# HELP process_start_time_seconds Start time of the server since the Unix epoch.\n")
	p("# TYPE process_start_time_seconds gauge\n")
	p("process_start_time_seconds %d\n", m.started.Unix())
	if cpu, ok := cpuSeconds(); ok {
		p("# HELP process_cpu_seconds_total User and system CPU time spent, in seconds.\n")
		p("# TYPE process_cpu_seconds_total counter\n")
		p("process_cpu_seconds_total %s\n", formatFloat(cpu))
	}
	if rss, ok := residentBytes(); ok {
		p("# HELP process_resident_memory_bytes Resident memory of the process.\n")
		p("# TYPE process_resident_memory_bytes gauge\n")
		p("process_resident_memory_bytes %d\n", rss)
	}
	return bw.Flush()
}

// writeRuntime writes the Go runtime's memory, goroutine and GC figures.
func writeRuntime(p func(string, ...any)) {
	samples := []rtmetrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/sched/goroutines:goroutines"},
		{Name: "/gc/cycles/total:gc-cycles"},
		{Name: "/gc/heap/allocs:bytes"},
	}
	rtmetrics.Read(samples)
	val := func(i int) uint64 {
		if samples[i].Value.Kind() == rtmetrics.KindUint64 {
			return samples[i].Value.Uint64()
		}
		return 0
	}
	p("# HELP go_memstats_heap_alloc_bytes Bytes of live and not yet swept heap objects.\n")
	p("# TYPE go_memstats_heap_alloc_bytes gauge\n")
	p("go_memstats_heap_alloc_bytes %d\n", val(0))
	p("# HELP go_memstats_sys_bytes Bytes of memory obtained from the OS by the Go runtime.\n")
	p("# TYPE go_memstats_sys_bytes gauge\n")
	p("go_memstats_sys_bytes %d\n", val(1))
	p("# HELP go_goroutines Goroutines that currently exist.\n")
	p("# TYPE go_goroutines gauge\n")
	p("go_goroutines %d\n", val(2))
	p("# HELP go_gc_cycles_total Completed GC cycles.\n")
	p("# TYPE go_gc_cycles_total counter\n")
	p("go_gc_cycles_total %d\n", val(3))
	p("# HELP go_memstats_alloc_bytes_total Bytes allocated on the heap in total.\n")
	p("# TYPE go_memstats_alloc_bytes_total counter\n")
	p("go_memstats_alloc_bytes_total %d\n", val(4))
}

// residentBytes reads the process's resident set size on Linux.
func residentBytes() (int64, bool) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}

// serveMetrics answers /metrics.
func (s *Server) serveMetrics(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.metrics.write(w, s.projectionFigures()); err != nil {
		s.log.Debug().Err(err).Msg("write metrics")
	}
	if c := s.answers; c != nil {
		entries, bytes := c.size()
		_, _ = fmt.Fprintf(w, "# HELP citygraph_response_cache_hits_total Queries answered with bytes encoded before.\n"+
			"# TYPE citygraph_response_cache_hits_total counter\ncitygraph_response_cache_hits_total %d\n"+
			"# HELP citygraph_response_cache_misses_total Cacheable queries that had to be run.\n"+
			"# TYPE citygraph_response_cache_misses_total counter\ncitygraph_response_cache_misses_total %d\n"+
			"# HELP citygraph_response_cache_entries Answers kept.\n"+
			"# TYPE citygraph_response_cache_entries gauge\ncitygraph_response_cache_entries %d\n"+
			"# HELP citygraph_response_cache_bytes Bytes of answers kept.\n"+
			"# TYPE citygraph_response_cache_bytes gauge\ncitygraph_response_cache_bytes %d\n",
			c.hits.Load(), c.misses.Load(), entries, bytes)
	}
}

func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

func formatFloat(f float64) string {
	if math.IsInf(f, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cmpStrings compares pairs in order: (a0,b0), then (a1,b1), ...
func cmpStrings(pairs ...string) int {
	for i := 0; i+1 < len(pairs); i += 2 {
		if c := strings.Compare(pairs[i], pairs[i+1]); c != 0 {
			return c
		}
	}
	return 0
}
