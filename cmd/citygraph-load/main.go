// Command citygraph-load is a small load generator for citygraph's GraphQL
// endpoint. It sends three typical queries (a municipality with its
// partners, the German-Ukrainian network, the top 20 by betweenness) in
// turn at a fixed rate for a fixed time and prints throughput, latency
// percentiles, errors and the server's resident memory before and after.
//
//	citygraph-load [--url http://127.0.0.1:8080/graphql] [--rate 500] [--duration 30s] [--concurrency 64]
//
// It only talks to loopback addresses and stops by itself: the duration is
// capped at 5 minutes and the rate at 5,000 requests per second.
//
// Latency is measured from the moment a request was due, not from when a
// worker got to it, so a stalled server shows up in the percentiles instead
// of slowing the generator down (no coordinated omission).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"
)

// Bounds that keep a run harmless.
const (
	maxDuration    = 5 * time.Minute
	maxRate        = 5000
	maxConcurrency = 512
)

// query is one of the typical requests.
type query struct {
	Name      string         `json:"operationName"`
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables,omitempty"`
	extra     bool           // sent only when --queries names it
}

// typicalQueries are the requests of the load test: the first three are
// sent by default, the others when --queries names them. city names a
// municipality with partners in the served data; CitiesOfALand asks for
// the twenty most populous places of Baden-Württemberg (an answer of the
// same size on any graph with places there).
func typicalQueries(city string) []query {
	return []query{
		{
			Name: "CityWithPartners",
			Query: `query CityWithPartners($name: String!) {
  city(name: $name) {
    id name country state population
    partners { kind since status city { id name country } }
  }
}`,
			Variables: map[string]any{"name": city},
		},
		{
			Name: "GermanUkrainianNetwork",
			Query: `query GermanUkrainianNetwork {
  partnershipNetwork(countries: ["DE", "UA"]) {
    summary { nodes links byKind { kind count } }
    nodes { id name country }
    links { source target kind since }
  }
}`,
		},
		{
			Name: "Top20Betweenness",
			Query: `query Top20Betweenness {
  centrality(metric: BETWEENNESS, top: 20) { rank score city { id name country } }
}`,
		},
		{
			Name: "CitiesOfALand",
			Query: `query CitiesOfALand {
  cities(filter: {state: "DE-BW"}, orderBy: {field: POPULATION, direction: DESC}, first: 20) {
    nodes { id name population }
  }
}`,
			extra: true,
		},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "citygraph-load:", err)
		os.Exit(1)
	}
}

// options are the settings of one run.
type options struct {
	url         string
	rate        int
	duration    time.Duration
	warmup      time.Duration
	concurrency int
	city        string
	jsonOut     bool
	maxErrors   int
	save        string
	queries     string        // comma-separated names; empty: all
	distinct    bool          // make every request's text unique (no cached answers)
	seq         *atomic.Int64 // numbers the requests of a run, for distinct
	run         string        // tells this run's requests from other runs', for distinct
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	o := options{seq: new(atomic.Int64), run: strconv.FormatInt(time.Now().UnixNano(), 36)}
	fs := flag.NewFlagSet("citygraph-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint (loopback addresses only)")
	fs.IntVar(&o.rate, "rate", 500, "requests per second, spread evenly over the three queries")
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "how long to send after the warm-up (at most 5m)")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "time at the same rate before measuring (caches, connections)")
	fs.IntVar(&o.concurrency, "concurrency", 64, "most requests in flight at once")
	fs.StringVar(&o.city, "city", "Mannheim", "the municipality of the CityWithPartners query")
	fs.BoolVar(&o.jsonOut, "json", false, "print the result as JSON")
	fs.IntVar(&o.maxErrors, "max-errors", 0, "exit with an error when more requests than this failed")
	fs.StringVar(&o.queries, "queries", "", "comma-separated names of the queries to send (CityWithPartners, GermanUkrainianNetwork, Top20Betweenness, CitiesOfALand); the first three when empty")
	fs.BoolVar(&o.distinct, "distinct", false, "end every request's query with a comment of its own (# request N), so that the server answers none from its caches of parsed queries and answers: measures the resolvers, not the caches")
	fs.StringVar(&o.save, "save", "", "only send each query once and save its answer as DIR/NAME.json (for the plain-server baseline)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	case o.rate <= 0 || o.rate > maxRate:
		return o, fmt.Errorf("--rate %d: must be 1 to %d", o.rate, maxRate)
	case o.duration <= 0 || o.duration+o.warmup > maxDuration || o.warmup < 0:
		return o, fmt.Errorf("--duration %s with --warmup %s: together at most %s", o.duration, o.warmup, maxDuration)
	case o.concurrency <= 0 || o.concurrency > maxConcurrency:
		return o, fmt.Errorf("--concurrency %d: must be 1 to %d", o.concurrency, maxConcurrency)
	}
	if err := checkLoopback(o.url); err != nil {
		return o, err
	}
	if _, err := selectQueries(o); err != nil {
		return o, err
	}
	return o, nil
}

// selectQueries returns the typical queries o.queries names, all when it
// is empty; an unknown name is an error listing the known ones.
func selectQueries(o options) ([]query, error) {
	all := typicalQueries(o.city)
	if o.queries == "" {
		return slices.DeleteFunc(all, func(q query) bool { return q.extra }), nil
	}
	var out []query
	var names []string
	for _, q := range all {
		names = append(names, q.Name)
	}
	for _, n := range strings.Split(o.queries, ",") {
		i := slices.IndexFunc(all, func(q query) bool { return q.Name == strings.TrimSpace(n) })
		if i < 0 {
			return nil, fmt.Errorf("--queries: unknown query %q; known: %s", n, strings.Join(names, ", "))
		}
		out = append(out, all[i])
	}
	return out, nil
}

// checkLoopback refuses any target that is not on this machine's loopback.
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--url %q: not an http URL", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("--url %q: only loopback addresses (127.0.0.0/8, ::1, localhost) are allowed", raw)
	}
	return nil
}

// sample is one finished request.
type sample struct {
	query   int
	latency time.Duration
	err     string // "" for success
}

// Stats summarises the samples of one query or of all.
type Stats struct {
	Name       string  `json:"name"`
	Requests   int     `json:"requests"`
	Errors     int     `json:"errors"`
	Throughput float64 `json:"throughputPerSecond"`
	P50ms      float64 `json:"p50ms"`
	P90ms      float64 `json:"p90ms"`
	P99ms      float64 `json:"p99ms"`
	MaxMs      float64 `json:"maxMs"`
}

// Result is what a run prints.
type Result struct {
	URL         string         `json:"url"`
	Rate        int            `json:"rate"`
	Concurrency int            `json:"concurrency"`
	Duration    string         `json:"duration"`
	Queries     []Stats        `json:"queries"`
	Total       Stats          `json:"total"`
	Late        int            `json:"late"`
	ErrorKinds  map[string]int `json:"errorKinds,omitempty"`
	RSSBefore   int64          `json:"rssBeforeBytes"`
	RSSAfter    int64          `json:"rssAfterBytes"`
	HeapBefore  int64          `json:"heapBeforeBytes"`
	HeapAfter   int64          `json:"heapAfterBytes"`
	// ServerCPUms is the server's CPU time per request during the
	// measurement, ServerCPUCores its CPU time per second of it (1 = one
	// core busy): figures that depend little on other load on the machine.
	ServerCPUms    float64 `json:"serverCpuMsPerRequest"`
	ServerCPUCores float64 `json:"serverCpuCores"`
	// ServerGCs is how many garbage collections the server ran during
	// the measurement, ServerAllocKB what it allocated per request.
	ServerGCs     int64          `json:"serverGCs"`
	ServerAllocKB float64        `json:"serverAllocKBPerRequest"`
	ResponseBytes map[string]int `json:"responseBytes"`
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	queries, _ := selectQueries(o) // checked by parseOptions
	bodies := make([][]byte, len(queries))
	for i, q := range queries {
		bodies[i], _ = json.Marshal(q) // plain maps and strings
	}
	client := &http.Client{
		Transport: &http.Transport{
			MaxIdleConns:        o.concurrency,
			MaxIdleConnsPerHost: o.concurrency,
			IdleConnTimeout:     30 * time.Second,
			DisableCompression:  true,
		},
		Timeout: 30 * time.Second,
	}
	defer client.CloseIdleConnections()

	// Check each query once, so a wrong schema or city fails loudly.
	respBytes := map[string]int{}
	for i, q := range queries {
		body := bodies[i]
		if o.distinct {
			body = distinctBody(body, o.run, int(o.seq.Add(1)))
		}
		n, err := do(ctx, client, o.url, body)
		if err != nil {
			return fmt.Errorf("query %s does not work: %w", q.Name, err)
		}
		respBytes[q.Name] = n
	}
	if o.save != "" {
		return saveAnswers(ctx, client, o, queries, bodies)
	}
	metricsURL := strings.TrimSuffix(strings.TrimSuffix(o.url, "/"), "/graphql") + "/metrics"
	before := serverMemory(ctx, client, metricsURL)

	if o.warmup > 0 {
		fmt.Fprintf(stderr, "warming up for %s at %d req/s\n", o.warmup, o.rate)
		_, _ = fire(ctx, client, o, bodies, o.warmup)
	}
	fmt.Fprintf(stderr, "measuring for %s at %d req/s, at most %d in flight\n", o.duration, o.rate, o.concurrency)
	start := time.Now()
	samples, late := fire(ctx, client, o, bodies, o.duration)
	elapsed := time.Since(start)
	after := serverMemory(ctx, client, metricsURL)

	res := Result{
		URL: o.url, Rate: o.rate, Concurrency: o.concurrency, Duration: o.duration.String(),
		Late: late, ErrorKinds: map[string]int{},
		RSSBefore: before.rss, RSSAfter: after.rss, HeapBefore: before.heap, HeapAfter: after.heap,
		ResponseBytes: respBytes,
	}
	res.ServerGCs = after.gcs - before.gcs
	if a := after.alloc - before.alloc; a > 0 && len(samples) > 0 {
		res.ServerAllocKB = a / 1024 / float64(len(samples))
	}
	if cpu := after.cpu - before.cpu; cpu > 0 && len(samples) > 0 {
		res.ServerCPUms = cpu * 1000 / float64(len(samples))
		res.ServerCPUCores = cpu / elapsed.Seconds()
	}
	for i, q := range queries {
		res.Queries = append(res.Queries, summarise(q.Name, samples, func(s sample) bool { return s.query == i }, elapsed))
	}
	res.Total = summarise("all", samples, func(sample) bool { return true }, elapsed)
	for _, s := range samples {
		if s.err != "" {
			res.ErrorKinds[s.err]++
		}
	}
	if o.jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return err
		}
	} else {
		printResult(stdout, res)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if res.Total.Errors > o.maxErrors {
		return fmt.Errorf("%d of %d requests failed", res.Total.Errors, res.Total.Requests)
	}
	return nil
}

// fire sends requests at o.rate for d, cycling through the queries, and
// returns the samples and how many requests found no free worker at their
// due time (they wait; their latency counts from the due time).
func fire(ctx context.Context, client *http.Client, o options, bodies [][]byte, d time.Duration) ([]sample, int) {
	type job struct {
		query, seq int
		due        time.Time
	}
	total := int(d.Seconds() * float64(o.rate))
	jobs := make(chan job, total)
	results := make(chan sample, total)
	var wg sync.WaitGroup
	for range o.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				body := bodies[j.query]
				if o.distinct {
					body = distinctBody(body, o.run, j.seq)
				}
				_, err := do(ctx, client, o.url, body)
				s := sample{query: j.query, latency: time.Since(j.due)}
				if err != nil {
					s.err = errorKind(err)
				}
				results <- s
			}
		}()
	}
	interval := time.Second / time.Duration(o.rate)
	start := time.Now()
	late := 0
	for i := 0; i < total; i++ {
		due := start.Add(time.Duration(i) * interval)
		if wait := time.Until(due); wait > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(wait):
			}
		}
		if ctx.Err() != nil {
			break
		}
		if len(jobs) > 0 {
			late++
		}
		jobs <- job{query: i % len(bodies), seq: int(o.seq.Add(1)), due: due}
	}
	close(jobs)
	wg.Wait()
	close(results)
	samples := make([]sample, 0, total)
	for s := range results {
		samples = append(samples, s)
	}
	return samples, late
}

// distinctBody returns a request body (a JSON query object) whose query
// text ends with the comment "# request RUN-SEQ", a text no other request
// has (run tells runs apart, seq the requests of one).
func distinctBody(body []byte, run string, seq int) []byte {
	var q map[string]any
	if err := json.Unmarshal(body, &q); err != nil {
		return body
	}
	q["query"] = fmt.Sprintf("%s\n# request %s-%d", q["query"], run, seq)
	b, err := json.Marshal(q)
	if err != nil {
		return body
	}
	return b
}

// do sends one request and checks that it succeeded: status 200 and a
// GraphQL response without errors. It returns the response's size.
func do(ctx context.Context, client *http.Client, endpoint string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return len(b), &statusError{resp.StatusCode}
	}
	// Fast path, so the generator takes little CPU from the server it
	// measures: gqlgen writes a response without errors as {"data":...}.
	if bytes.HasPrefix(b, []byte(`{"data":{`)) && !bytes.Contains(b, []byte(`"errors"`)) && json.Valid(b) {
		return len(b), nil
	}
	var r struct {
		Errors []struct {
			Message    string `json:"message"`
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return len(b), fmt.Errorf("response is not JSON: %w", err)
	}
	if len(r.Errors) > 0 {
		return len(b), &graphQLError{code: r.Errors[0].Extensions.Code, msg: r.Errors[0].Message}
	}
	if len(r.Data) == 0 || string(r.Data) == "null" {
		return len(b), errors.New("response has no data")
	}
	return len(b), nil
}

// saveAnswers writes each query's answer to o.save/NAME.json.
func saveAnswers(ctx context.Context, client *http.Client, o options, queries []query, bodies [][]byte) error {
	if err := os.MkdirAll(o.save, 0o755); err != nil {
		return err
	}
	for i, q := range queries {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.url, bytes.NewReader(bodies[i]))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(o.save, q.Name+".json"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

type statusError struct{ status int }

func (e *statusError) Error() string { return "HTTP " + strconv.Itoa(e.status) }

type graphQLError struct{ code, msg string }

func (e *graphQLError) Error() string { return "GraphQL error " + e.code + ": " + e.msg }

// errorKind names an error for the tally, without per-request detail.
func errorKind(err error) string {
	var se *statusError
	var ge *graphQLError
	switch {
	case errors.As(err, &se):
		return se.Error()
	case errors.As(err, &ge):
		return "GraphQL " + ge.code
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded), os.IsTimeout(err):
		return "timeout"
	}
	return "transport"
}

func summarise(name string, all []sample, keep func(sample) bool, elapsed time.Duration) Stats {
	st := Stats{Name: name}
	var lat []time.Duration
	for _, s := range all {
		if !keep(s) {
			continue
		}
		st.Requests++
		if s.err != "" {
			st.Errors++
		}
		lat = append(lat, s.latency)
	}
	if len(lat) == 0 {
		return st
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	pct := func(p float64) time.Duration {
		i := int(p*float64(len(lat))+0.5) - 1
		return lat[min(max(i, 0), len(lat)-1)]
	}
	st.Throughput = float64(st.Requests-st.Errors) / elapsed.Seconds()
	st.P50ms, st.P90ms, st.P99ms, st.MaxMs = ms(pct(0.50)), ms(pct(0.90)), ms(pct(0.99)), ms(lat[len(lat)-1])
	return st
}

// memory is what the server's /metrics says about its memory and CPU time.
type memory struct {
	rss, heap, gcs int64
	cpu, alloc     float64
}

// serverMemory reads process_resident_memory_bytes and
// go_memstats_heap_alloc_bytes from the server's /metrics; zero when it
// cannot.
func serverMemory(ctx context.Context, client *http.Client, metricsURL string) memory {
	var m memory
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, metricsURL, nil)
	if err != nil {
		return m
	}
	resp, err := client.Do(req)
	if err != nil {
		return m
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		name, val, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			continue
		}
		switch name {
		case "process_resident_memory_bytes":
			m.rss = int64(f)
		case "go_memstats_heap_alloc_bytes":
			m.heap = int64(f)
		case "process_cpu_seconds_total":
			m.cpu = f
		case "go_gc_cycles_total":
			m.gcs = int64(f)
		case "go_memstats_alloc_bytes_total":
			m.alloc = f
		}
	}
	return m
}

func printResult(w io.Writer, r Result) {
	fmt.Fprintf(w, "target %s, %d req/s for %s, at most %d in flight\n\n", r.URL, r.Rate, r.Duration, r.Concurrency)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "query\trequests\terrors\treq/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\tresponse bytes\t")
	for _, s := range append(slices.Clone(r.Queries), r.Total) {
		size := ""
		if n, ok := r.ResponseBytes[s.Name]; ok {
			size = strconv.Itoa(n)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%s\t\n",
			s.Name, s.Requests, s.Errors, s.Throughput, s.P50ms, s.P90ms, s.P99ms, s.MaxMs, size)
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\nrequests that waited for a free worker: %d\n", r.Late)
	for k, n := range r.ErrorKinds {
		fmt.Fprintf(w, "errors %s: %d\n", k, n)
	}
	mib := func(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
	fmt.Fprintf(w, "server RSS before %s, after %s; Go heap before %s, after %s\n",
		mib(r.RSSBefore), mib(r.RSSAfter), mib(r.HeapBefore), mib(r.HeapAfter))
	if r.ServerCPUms > 0 {
		fmt.Fprintf(w, "server CPU: %.3f ms per request, %.2f cores busy on average; %.1f KiB allocated per request, %d garbage collections\n",
			r.ServerCPUms, r.ServerCPUCores, r.ServerAllocKB, r.ServerGCs)
	}
}
