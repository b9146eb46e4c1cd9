// Command gdscompare runs citygraph's kernels and Neo4j Graph Data Science's
// on the same graph in one Neo4j and prints, per algorithm, the time of each
// (median of --runs), the ratio and how far the answers agree. It is what
// scripts/gds_compare.sh runs against a Neo4j of its own with GDS installed.
//
//	go run ./scripts/gdscompare --load p190 --runs 3           # NEO4J_URI, ... from the environment
//	go run ./scripts/gdscompare --load none --json             # the graph already in the database
//
// Conventions (docs/neo4j.md, "citygraph and GDS"): GDS runs on an
// UNDIRECTED projection of PARTNER_OF with parallel links aggregated
// (SINGLE), as citygraph's projection has them; betweenness is then the
// same number (unordered pairs, not normalised). GDS's PageRank is not
// normalised (it starts every node at 1-d and loses the rank of places
// without links), so both are scaled to sum 1 before they are compared,
// once with GDS's defaults (20 iterations, tolerance 1e-7) and once run to
// convergence. Louvain is compared by modularity and community count.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/graphtest"
	n4 "github.com/citygraph/citygraph/graph/neo4j"
	"github.com/citygraph/citygraph/internal/fixture"
)

// row is one algorithm's comparison.
type row struct {
	Algorithm   string    `json:"algorithm"`
	Citygraph   []float64 `json:"citygraphSeconds"` // every run
	GDS         []float64 `json:"gdsSeconds"`
	CitygraphMd float64   `json:"citygraphMedian"`
	GDSMd       float64   `json:"gdsMedian"`
	Ratio       float64   `json:"ratio"` // GDS median / citygraph median
	// MaxAbsDiff is the largest difference of a place's value (scaled as
	// the conventions say); for Louvain the difference of the modularity.
	MaxAbsDiff float64 `json:"maxAbsDiff"`
	Note       string  `json:"note"`
}

type report struct {
	Places      int     `json:"places"`
	Links       int     `json:"links"`
	GDSVersion  string  `json:"gdsVersion"`
	Concurrency int     `json:"concurrency"`
	Runs        int     `json:"runs"`
	LoadBefore  string  `json:"loadAverageBefore"`
	LoadAfter   string  `json:"loadAverageAfter"`
	ReadSeconds float64 `json:"citygraphReadSeconds"` // median: the graph from Neo4j into a projection
	ProjSeconds float64 `json:"gdsProjectSeconds"`    // median: gds.graph.project
	Rows        []row   `json:"rows"`
}

func main() {
	load := flag.String("load", "p190", "graph to load into an empty database first: p190 (the real Wikidata P190 graph in analytics/testdata), twin:LINKS (synthetic twin-town shaped), none (compare on the graph already there)")
	runs := flag.Int("runs", 3, "runs of each algorithm (the median is reported)")
	conc := flag.Int("concurrency", runtime.GOMAXPROCS(0), "threads for both: GDS's concurrency and citygraph's workers")
	asJSON := flag.Bool("json", false, "print JSON")
	testdata := flag.String("testdata", "analytics/testdata", "directory of the P190 files")
	flag.Parse()
	if err := run(context.Background(), *load, *testdata, *runs, *conc, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "gdscompare:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, load, testdata string, runs, conc int, asJSON bool) error {
	cfg := n4.ConfigFromEnv(os.Getenv)
	st, err := n4.Open(ctx, cfg, zerolog.Nop())
	if err != nil {
		return err
	}
	defer st.Close()
	drv, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""))
	if err != nil {
		return err
	}
	defer drv.Close(ctx)
	c := &cmp{ctx: ctx, drv: drv, db: cfg.Database, conc: conc, runs: runs}
	rep := &report{Concurrency: conc, Runs: runs, LoadBefore: loadAvg()}
	if rep.GDSVersion, err = c.gdsVersion(); err != nil {
		return fmt.Errorf("GDS is not installed in %s (start it with NEO4J_PLUGINS=gds scripts/neo4j.sh start): %w", cfg.URI, err)
	}
	if err := loadGraph(ctx, st, c, load, testdata); err != nil {
		return err
	}
	var p *analytics.Projection
	reads := c.times(func() error {
		snap, err := st.Snapshot(ctx)
		if err == nil {
			p = analytics.NewProjection(snap)
		}
		return err
	})
	if c.err != nil {
		return c.err
	}
	rep.ReadSeconds = median(reads)
	rep.Places, rep.Links = p.N(), p.M()
	rep.ProjSeconds = median(c.times(c.project))
	ids := make([]string, p.N())
	for i := range ids {
		ids[i] = p.Node(int32(i)).ID
	}
	rep.Rows = []row{
		c.compareScores("betweenness", func() []float64 { return analytics.Betweenness(p, conc) }, "gds.betweenness", "", ids, false),
		c.compareScores("closeness", func() []float64 { return analytics.Closeness(p, conc) }, "gds.closeness", "", ids, false),
		c.compareScores("pagerank (GDS defaults: 20 iterations)", func() []float64 { return analytics.PageRank(p, 0.85) }, "gds.pageRank", "dampingFactor: 0.85", ids, true),
		c.compareScores("pagerank (GDS to convergence)", func() []float64 { return analytics.PageRank(p, 0.85) }, "gds.pageRank", "dampingFactor: 0.85, maxIterations: 10000, tolerance: 1e-12", ids, true),
		c.compareLouvain(p),
		c.compareComponents(p, ids),
	}
	if c.err != nil {
		return c.err
	}
	rep.LoadAfter = loadAvg()
	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printReport(rep)
	return nil
}

// loadGraph fills an empty database with the chosen graph.
func loadGraph(ctx context.Context, st *n4.Store, c *cmp, load, testdata string) error {
	if load == "none" {
		return nil
	}
	var n int64
	if err := c.query("MATCH (m:Municipality) RETURN count(m)", nil, func(r *neo4j.Record) { n = r.Values[0].(int64) }); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("the database holds %d places already: compare on them with --load none, or use an empty database (scripts/gds_compare.sh starts its own)", n)
	}
	var b *graph.Batch
	switch {
	case load == "p190":
		snap, err := fixture.P190(testdata)
		if err != nil {
			return err
		}
		b = &graph.Batch{Municipalities: snap.Municipalities, Partnerships: snap.Partnerships}
	case strings.HasPrefix(load, "twin:"):
		var links int
		if _, err := fmt.Sscanf(load, "twin:%d", &links); err != nil {
			return fmt.Errorf("--load %s: want twin:LINKS", load)
		}
		b = graphtest.SyntheticBatch(links, 1)
	default:
		return fmt.Errorf("--load %q: want p190, twin:LINKS or none", load)
	}
	fmt.Fprintf(os.Stderr, "gdscompare: loading %d places and %d links into Neo4j\n", len(b.Municipalities), len(b.Partnerships))
	_, err := st.Apply(ctx, b)
	return err
}

// cmp runs the comparisons; the first error sticks.
type cmp struct {
	ctx  context.Context
	drv  neo4j.DriverWithContext
	db   string
	conc int
	runs int
	err  error
}

func (c *cmp) query(q string, params map[string]any, fn func(*neo4j.Record)) error {
	res, err := neo4j.ExecuteQuery(c.ctx, c.drv, q, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(c.db))
	if err != nil {
		return fmt.Errorf("%s: %w", strings.Fields(q)[1], err)
	}
	for _, r := range res.Records {
		if fn != nil {
			fn(r)
		}
	}
	return nil
}

func (c *cmp) gdsVersion() (string, error) {
	var v string
	err := c.query("RETURN gds.version()", nil, func(r *neo4j.Record) { v, _ = r.Values[0].(string) })
	return v, err
}

// project (re)creates the GDS graph "citygraph": places, PARTNER_OF
// undirected with parallel links aggregated.
func (c *cmp) project() error {
	if err := c.query("CALL gds.graph.drop('citygraph', false) YIELD graphName RETURN graphName", nil, nil); err != nil {
		return err
	}
	return c.query(`CALL gds.graph.project('citygraph', 'Municipality',
  {PARTNER_OF: {orientation: 'UNDIRECTED', aggregation: 'SINGLE'}}) YIELD nodeCount RETURN nodeCount`, nil, nil)
}

// times runs fn c.runs times and returns the seconds of each run.
func (c *cmp) times(fn func() error) []float64 {
	var out []float64
	for range c.runs {
		if c.err != nil {
			return out
		}
		t := time.Now()
		if err := fn(); err != nil {
			c.err = err
			return out
		}
		out = append(out, time.Since(t).Seconds())
	}
	return out
}

// gdsStream runs proc.stream with config and returns each place's score
// in the order of ids.
func (c *cmp) gdsStream(proc, config, yield string, ids []string) []float64 {
	idx := make(map[string]int, len(ids))
	for i, id := range ids {
		idx[id] = i
	}
	out := make([]float64, len(ids))
	q := fmt.Sprintf("CALL %s.stream('citygraph', {concurrency: $conc%s}) YIELD nodeId, %s AS v RETURN gds.util.asNode(nodeId).id, v",
		proc, prefixComma(config), yield)
	err := c.query(q, map[string]any{"conc": int64(c.conc)}, func(r *neo4j.Record) {
		id, _ := r.Values[0].(string)
		switch v := r.Values[1].(type) {
		case float64:
			out[idx[id]] = v
		case int64:
			out[idx[id]] = float64(v)
		}
	})
	if err != nil && c.err == nil {
		c.err = err
	}
	return out
}

// gdsStats times proc.stats, the algorithm without sending its results.
func (c *cmp) gdsStats(proc, config string) []float64 {
	q := fmt.Sprintf("CALL %s.stats('citygraph', {concurrency: $conc%s}) YIELD computeMillis RETURN computeMillis", proc, prefixComma(config))
	return c.times(func() error { return c.query(q, map[string]any{"conc": int64(c.conc)}, nil) })
}

func (c *cmp) compareScores(name string, own func() []float64, proc, config string, ids []string, sumOne bool) row {
	var mine []float64
	r := row{Algorithm: name}
	r.Citygraph = c.times(func() error { mine = own(); return nil })
	r.GDS = c.gdsStats(proc, config)
	theirs := c.gdsStream(proc, config, "score", ids)
	if sumOne {
		mine, theirs = scaled(mine), scaled(theirs)
		r.Note = "both scaled to sum 1"
	}
	for i := range mine {
		r.MaxAbsDiff = math.Max(r.MaxAbsDiff, math.Abs(mine[i]-theirs[i]))
	}
	r.finish()
	return r
}

func (c *cmp) compareLouvain(p *analytics.Projection) row {
	r := row{Algorithm: "louvain"}
	var q float64
	var comm []int32
	r.Citygraph = c.times(func() error { comm, q = analytics.Louvain(p, 1); return nil })
	var mods []float64
	var counts []int64
	r.GDS = c.times(func() error {
		return c.query("CALL gds.louvain.stats('citygraph', {concurrency: $conc}) YIELD modularity, communityCount RETURN modularity, communityCount",
			map[string]any{"conc": int64(c.conc)}, func(rec *neo4j.Record) {
				mods = append(mods, rec.Values[0].(float64))
				counts = append(counts, rec.Values[1].(int64))
			})
	})
	own := map[int32]bool{}
	for _, x := range comm {
		own[x] = true
	}
	if len(mods) > 0 {
		r.MaxAbsDiff = math.Abs(q - mods[0])
	}
	r.Note = fmt.Sprintf("modularity citygraph %.4f (seed 1, same every run), GDS %s; communities %d against %v", q, fmtList(mods), len(own), counts)
	r.finish()
	return r
}

func (c *cmp) compareComponents(p *analytics.Projection, ids []string) row {
	r := row{Algorithm: "components"}
	var comp []int32
	r.Citygraph = c.times(func() error { comp, _ = analytics.Components(p); return nil })
	r.GDS = c.gdsStats("gds.wcc", "")
	theirs := c.gdsStream("gds.wcc", "", "componentId", ids)
	// The same partition: a bijection between the labels.
	ab, ba := map[int32]float64{}, map[float64]int32{}
	same := true
	for i, a := range comp {
		b := theirs[i]
		if x, ok := ab[a]; ok && x != b {
			same = false
		}
		if y, ok := ba[b]; ok && y != a {
			same = false
		}
		ab[a], ba[b] = b, a
	}
	if !same {
		r.MaxAbsDiff = 1
	}
	r.Note = fmt.Sprintf("%d components; the same partition: %v", len(ab), same)
	r.finish()
	return r
}

func (r *row) finish() {
	r.CitygraphMd, r.GDSMd = median(r.Citygraph), median(r.GDS)
	if r.CitygraphMd > 0 {
		r.Ratio = r.GDSMd / r.CitygraphMd
	}
}

func scaled(v []float64) []float64 {
	sum := 0.0
	for _, x := range v {
		sum += x
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x / sum
	}
	return out
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func prefixComma(s string) string {
	if s == "" {
		return ""
	}
	return ", " + s
}

func fmtList(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%.4f", x)
	}
	return strings.Join(parts, "/")
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func printReport(r *report) {
	fmt.Printf("citygraph and Neo4j GDS %s on one graph: %d places, %d links; concurrency %d; medians of %d runs; load average %s -> %s\n\n",
		r.GDSVersion, r.Places, r.Links, r.Concurrency, r.Runs, r.LoadBefore, r.LoadAfter)
	fmt.Printf("fixed cost: citygraph reads the graph from Neo4j into its projection in %.3f s; gds.graph.project takes %.3f s\n\n", r.ReadSeconds, r.ProjSeconds)
	fmt.Println("| algorithm | citygraph | GDS | GDS / citygraph | max abs difference | note |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | --- |")
	for _, x := range r.Rows {
		fmt.Printf("| %s | %.3f s | %.3f s | %.1fx | %.3g | %s |\n", x.Algorithm, x.CitygraphMd, x.GDSMd, x.Ratio, x.MaxAbsDiff, x.Note)
	}
}
