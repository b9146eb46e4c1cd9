package analytics

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
)

// projectionOf builds a projection with n places "N0000", "N0001", ...
// (node i is place i) and the given undirected links.
func projectionOf(n int, edges [][2]int) *Projection {
	s := &graph.Snapshot{Version: 1}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("N%04d", i)
		s.Municipalities = append(s.Municipalities, graph.Municipality{ID: id, Name: id, Country: "XX"})
	}
	for _, e := range edges {
		s.Partnerships = append(s.Partnerships, graph.Partnership{
			A: s.Municipalities[e[0]].ID, B: s.Municipalities[e[1]].ID, Kind: graph.KindPartnership,
		})
	}
	return NewProjection(s)
}

// gonumGraph returns p as a gonum undirected graph with node IDs = indices.
func gonumGraph(p *Projection) *simple.UndirectedGraph {
	g := simple.NewUndirectedGraph()
	for i := range p.nodes {
		g.AddNode(simple.Node(int64(i)))
	}
	for v := int32(0); v < int32(p.N()); v++ {
		for _, w := range p.Neighbors(v) {
			if v < w {
				g.SetEdge(simple.Edge{F: simple.Node(int64(v)), T: simple.Node(int64(w))})
			}
		}
	}
	return g
}

// gonumDirected returns p with both orientations of every link.
func gonumDirected(p *Projection) *simple.DirectedGraph {
	g := simple.NewDirectedGraph()
	for i := range p.nodes {
		g.AddNode(simple.Node(int64(i)))
	}
	for v := int32(0); v < int32(p.N()); v++ {
		for _, w := range p.Neighbors(v) {
			g.SetEdge(simple.Edge{F: simple.Node(int64(v)), T: simple.Node(int64(w))})
		}
	}
	return g
}

var _ gg.Undirected = (*simple.UndirectedGraph)(nil)

// loadP190 reads the Wikidata P190 graph of testdata/ into a projection:
// every QID of the names file is a place, every relation row a
// PARTNERSHIP link (A-B and B-A rows are the same pair in the projection).
func loadP190(tb testing.TB) *Projection {
	tb.Helper()
	s := &graph.Snapshot{Version: 1}
	readTSV(tb, "testdata/p190_names.tsv.gz", func(f []string) {
		s.Municipalities = append(s.Municipalities, graph.Municipality{ID: f[0], Name: f[1]})
	})
	readTSV(tb, "testdata/p190_relations.tsv.gz", func(f []string) {
		a, b := f[0], f[1]
		if b < a {
			a, b = b, a
		}
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: a, B: b, Kind: graph.KindPartnership})
	})
	return NewProjection(s)
}

// readGzipJSON decodes the gzipped JSON file at path into v.
func readGzipJSON(tb testing.TB, path string, v any) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.NewDecoder(z).Decode(v); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
}

func readTSV(tb testing.TB, path string, row func([]string)) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	sc := bufio.NewScanner(z)
	line := 0
	for sc.Scan() {
		line++
		if sc.Text() == "" {
			continue
		}
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 2 {
			tb.Fatalf("%s:%d: want 2 tab-separated fields, got %q", path, line, sc.Text())
		}
		row(fields)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
}

// near reports whether a and b agree within rel relative to the larger,
// or within abs absolutely.
func near(a, b, rel, abs float64) bool {
	d := math.Abs(a - b)
	return d <= abs || d <= rel*math.Max(math.Abs(a), math.Abs(b))
}

func assertClose(t *testing.T, name string, got, want []float64, rel, abs float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", name, len(got), len(want))
	}
	bad := 0
	for i := range got {
		if !near(got[i], want[i], rel, abs) {
			if bad < 5 {
				t.Errorf("%s[%d] = %.17g, want %.17g", name, i, got[i], want[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d values differ", name, bad, len(got))
	}
}
