// Command analyticsbench times citygraph's graph kernels on one graph, for
// scripts/bench_peers.py, which runs igraph and NetworKit on the same graph
// in the same run and prints the ratios.
//
//	go run ./scripts/analyticsbench -graph p190 -count 3 -edges /tmp/g.tsv
//	go run ./scripts/analyticsbench -graph twin:25914:1 -count 3
//	go run ./scripts/analyticsbench -graph edges:/tmp/g.tsv -kernels betweenness -count 1
//
// -graph is "p190" (analytics/testdata, run from the repository root),
// "store:PATH" (an embedded store; the "load" kernel is then its warm start),
// "twin:LINKS:SEED" (analytics.SyntheticTwinGraph), "edges:PATH" (an edge
// list as -edges writes it) or "pairs:PATH" (a CSV pair list with the
// columns city1, country1, city2, country2, a place being a name and a
// country; repeated pairs and self-loops dropped). -edges writes the graph
// as "n m" then one "a b" line per link (node indices), for the peers. The
// output is one JSON object: the graph's shape and, per kernel, the median
// wall time of -count runs in seconds ("seconds") and the median CPU time
// of the process over each run ("cpu_seconds", all threads).
package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/rs/zerolog"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "analyticsbench:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("analyticsbench", flag.ContinueOnError)
	spec := fs.String("graph", "p190", `"p190" or "twin:LINKS:SEED"`)
	count := fs.Int("count", 3, "runs per kernel; the median is reported")
	workers := fs.Int("workers", 0, "goroutines for the parallel kernels (0: one per CPU)")
	edges := fs.String("edges", "", "write the edge list here for igraph")
	kernels := fs.String("kernels", "load,betweenness,closeness,harmonic,pagerank,louvain,components,stats", "comma-separated kernels to time")
	samples := fs.Int("samples", 256, "sources for sampled betweenness")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the timed runs here")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	load, err := loader(*spec)
	if err != nil {
		return err
	}
	p := analytics.NewProjection(load())
	if *edges != "" {
		if err := writeEdges(*edges, p); err != nil {
			return err
		}
	}
	res := map[string]any{"graph": *spec, "nodes": p.N(), "links": p.M(), "workers": *workers}
	times := map[string]float64{}
	cpu := map[string]float64{}
	for _, k := range strings.Split(*kernels, ",") {
		var f func()
		switch k {
		case "load":
			f = func() { analytics.NewProjection(load()) }
		case "betweenness":
			f = func() { analytics.Betweenness(p, *workers) }
		case "betweenness_sampled":
			f = func() { analytics.BetweennessSampled(p, *samples, rand.New(rand.NewPCG(1, 2)), *workers) }
		case "closeness":
			f = func() { analytics.Closeness(p, *workers) }
		case "harmonic":
			f = func() { analytics.Harmonic(p, *workers) }
		case "pagerank":
			f = func() { analytics.PageRank(p, 0.85) }
		case "eigenvector":
			f = func() { analytics.Eigenvector(p) }
		case "louvain":
			f = func() { analytics.Louvain(p, 1) }
		case "components":
			f = func() { analytics.Components(p) }
		case "kcore":
			f = func() { analytics.KCore(p) }
		case "stats":
			f = func() { analytics.Stats(p, *workers) }
		case "stats_nomean":
			f = func() { _, _ = analytics.Exec{Workers: *workers}.Stats(p, false) }
		case "diameter":
			f = func() { analytics.Diameter(p) }
		default:
			return fmt.Errorf("unknown kernel %q", k)
		}
		ts := make([]float64, *count)
		cs := make([]float64, *count)
		for i := range ts {
			c0 := cpuSeconds()
			t0 := time.Now()
			f()
			ts[i] = time.Since(t0).Seconds()
			cs[i] = cpuSeconds() - c0
		}
		slices.Sort(ts)
		slices.Sort(cs)
		times[k] = ts[len(ts)/2]
		cpu[k] = cs[len(cs)/2]
	}
	res["seconds"] = times
	res["cpu_seconds"] = cpu
	return json.NewEncoder(out).Encode(res)
}

// cpuSeconds returns the user and system CPU time of the process so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// loader returns a function that builds the snapshot of spec.
func loader(spec string) (func() *graph.Snapshot, error) {
	if spec == "p190" {
		if _, err := os.Stat("analytics/testdata/p190_relations.tsv.gz"); err != nil {
			return nil, fmt.Errorf("load p190 (run from the repository root): %w", err)
		}
		return func() *graph.Snapshot {
			s, err := readP190("analytics/testdata/p190_names.tsv.gz", "analytics/testdata/p190_relations.tsv.gz")
			if err != nil {
				fmt.Fprintln(os.Stderr, "analyticsbench:", err)
				os.Exit(1)
			}
			return s
		}, nil
	}
	if path, ok := strings.CutPrefix(spec, "edges:"); ok {
		return fileLoader(path, readEdges), nil
	}
	if path, ok := strings.CutPrefix(spec, "pairs:"); ok {
		return fileLoader(path, readPairs), nil
	}
	if path, ok := strings.CutPrefix(spec, "store:"); ok {
		return storeLoader(path), nil
	}
	parts := strings.Split(spec, ":")
	if len(parts) != 3 || parts[0] != "twin" {
		return nil, fmt.Errorf("graph %q: want p190 or twin:LINKS:SEED", spec)
	}
	links, err := strconv.Atoi(parts[1])
	if err != nil {
		return nil, fmt.Errorf("graph %q: links: %w", spec, err)
	}
	seed, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("graph %q: seed: %w", spec, err)
	}
	return func() *graph.Snapshot { return analytics.SyntheticTwinGraph(links, seed) }, nil
}

func fileLoader(path string, read func(io.Reader) (*graph.Snapshot, error)) func() *graph.Snapshot {
	return func() *graph.Snapshot {
		f, err := os.Open(path)
		if err == nil {
			defer f.Close()
			var s *graph.Snapshot
			if s, err = read(bufio.NewReaderSize(f, 1<<16)); err == nil {
				return s
			}
		}
		fmt.Fprintf(os.Stderr, "analyticsbench: %s: %v\n", path, err)
		os.Exit(1)
		return nil
	}
}

// storeLoader reads the snapshot of an embedded store, as every command
// does before its kernel runs ("load" then times the warm start).
func storeLoader(path string) func() *graph.Snapshot {
	return func() *graph.Snapshot {
		ctx := context.Background()
		st, err := sqlite.Open(ctx, path, zerolog.Nop())
		if err == nil {
			defer st.Close()
			var s *graph.Snapshot
			if s, err = st.Snapshot(ctx); err == nil {
				return s
			}
		}
		fmt.Fprintf(os.Stderr, "analyticsbench: %s: %v\n", path, err)
		os.Exit(1)
		return nil
	}
}

// readEdges reads "n m" and then one "a b" line per link.
func readEdges(r io.Reader) (*graph.Snapshot, error) {
	sc := bufio.NewScanner(r)
	var n, m int
	if !sc.Scan() {
		return nil, errors.New("empty edge list")
	}
	if _, err := fmt.Sscan(sc.Text(), &n, &m); err != nil {
		return nil, fmt.Errorf("line 1: %w", err)
	}
	s := &graph.Snapshot{Version: 1, Municipalities: make([]graph.Municipality, n)}
	for i := range s.Municipalities {
		id := "N:" + strconv.Itoa(i)
		s.Municipalities[i] = graph.Municipality{ID: id, Name: id}
	}
	s.Partnerships = make([]graph.Partnership, 0, m)
	for line := 2; sc.Scan(); line++ {
		a, b, ok := strings.Cut(sc.Text(), " ")
		x, err1 := strconv.Atoi(a)
		y, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || x < 0 || y < 0 || x >= n || y >= n {
			return nil, fmt.Errorf("line %d: want two node indices below %d", line, n)
		}
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: s.Municipalities[x].ID, B: s.Municipalities[y].ID, Kind: graph.KindPartnership})
	}
	return s, sc.Err()
}

// readPairs reads a CSV pair list (city1, country1, city2, country2 and
// any other columns); a place is a name and a country.
func readPairs(r io.Reader) (*graph.Snapshot, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	need := []string{"city1", "country1", "city2", "country2"}
	for _, c := range need {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("no column %q in %v", c, head)
		}
	}
	s := &graph.Snapshot{Version: 1}
	index := map[string]string{}
	place := func(name, country string) string {
		key := name + "\x00" + country
		if id, ok := index[key]; ok {
			return id
		}
		id := "P:" + strconv.Itoa(len(index))
		index[key] = id
		s.Municipalities = append(s.Municipalities, graph.Municipality{ID: id, Name: name})
		return id
	}
	seen := map[[2]string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return s, nil
		}
		if err != nil {
			return nil, err
		}
		a := place(rec[col["city1"]], rec[col["country1"]])
		b := place(rec[col["city2"]], rec[col["country2"]])
		k := [2]string{min(a, b), max(a, b)}
		if a == b || seen[k] {
			continue
		}
		seen[k] = true
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: k[0], B: k[1], Kind: graph.KindPartnership})
	}
}

func readP190(names, relations string) (*graph.Snapshot, error) {
	s := &graph.Snapshot{Version: 1}
	err := eachRow(names, func(f []string) {
		s.Municipalities = append(s.Municipalities, graph.Municipality{ID: f[0], Name: f[1]})
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(relations, func(f []string) {
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: min(f[0], f[1]), B: max(f[0], f[1]), Kind: graph.KindPartnership})
	})
	return s, err
}

func eachRow(path string, row func([]string)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	sc := bufio.NewScanner(z)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 2 {
			return fmt.Errorf("read %s:%d:1: want two tab-separated fields", path, line)
		}
		row(fields)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

func writeEdges(path string, p *analytics.Projection) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write edges: %w", err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "%d %d\n", p.N(), p.M())
	for v := int32(0); v < int32(p.N()); v++ {
		for _, u := range p.Neighbors(v) {
			if v < u {
				fmt.Fprintf(w, "%d %d\n", v, u)
			}
		}
	}
	return errors.Join(w.Flush(), f.Close())
}
