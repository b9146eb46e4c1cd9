package analytics

import (
	"math"
	"slices"
	"testing"
)

// golden holds igraph's values on the p190 graph. They were computed once,
// from the repository root, with the Debian package python3-igraph 0.10.2:
//
//	apt-get install -y python3-igraph
//	/usr/bin/python3 scripts/golden_igraph.py
//
// which writes testdata/p190_golden.json.gz (values keyed by QID).
type golden struct {
	QIDs        []string   `json:"qids"`
	Betweenness []float64  `json:"betweenness"`
	Closeness   []*float64 `json:"closeness"` // null for isolated nodes (igraph: NaN)
	Harmonic    []float64  `json:"harmonic"`
	PageRank    []float64  `json:"pagerank"`
	Eigenvector []float64  `json:"eigenvector"`
	Coreness    []int      `json:"coreness"`
	Components  []int      `json:"components"`
	Stats       struct {
		Nodes                 int     `json:"nodes"`
		Links                 int     `json:"links"`
		Density               float64 `json:"density"`
		Components            int     `json:"components"`
		LargestComponent      int     `json:"largest_component"`
		AverageClusteringNaN  float64 `json:"average_clustering_nan"`
		AverageClusteringZero float64 `json:"average_clustering_zero"`
		Transitivity          float64 `json:"transitivity"`
		Assortativity         float64 `json:"assortativity"`
		Diameter              int     `json:"diameter"`
		MeanDistance          float64 `json:"mean_distance"`
	} `json:"stats"`
	Louvain []float64 `json:"louvain_modularity"` // community_multilevel, seeds 1..10
}

func loadGolden(t *testing.T) *golden {
	t.Helper()
	var g golden
	readGzipJSON(t, "testdata/p190_golden.json.gz", &g)
	return &g
}

// byQID reorders golden values (in g.QIDs order) to p's node order.
func byQID[T any](t *testing.T, p *Projection, g *golden, vals []T) []T {
	t.Helper()
	if len(vals) != len(g.QIDs) || len(g.QIDs) != p.N() {
		t.Fatalf("golden has %d values for %d QIDs; projection has %d nodes", len(vals), len(g.QIDs), p.N())
	}
	out := make([]T, p.N())
	for i, q := range g.QIDs {
		v, ok := p.index.get(q)
		if !ok {
			t.Fatalf("golden QID %s not in the projection", q)
		}
		out[v] = vals[i]
	}
	return out
}

func TestGoldenP190(t *testing.T) {
	p := loadP190(t)
	g := loadGolden(t)
	const rel = 1e-9
	t.Run("betweenness", func(t *testing.T) {
		want := byQID(t, p, g, g.Betweenness)
		assertClose(t, "betweenness", Betweenness(p, 2), want, rel, 1e-9)
	})
	t.Run("closeness", func(t *testing.T) {
		cl := make([]float64, len(g.Closeness))
		for i, c := range g.Closeness {
			if c != nil {
				cl[i] = *c
			}
		}
		assertClose(t, "closeness", Closeness(p, 2), byQID(t, p, g, cl), rel, 0)
	})
	t.Run("harmonic", func(t *testing.T) {
		assertClose(t, "harmonic", Harmonic(p, 2), byQID(t, p, g, g.Harmonic), rel, 0)
	})
	t.Run("pagerank", func(t *testing.T) {
		assertClose(t, "pagerank", PageRank(p, 0.85), byQID(t, p, g, g.PageRank), rel, 0)
	})
	t.Run("eigenvector", func(t *testing.T) {
		// Scaled to max 1; ARPACK's accuracy is absolute on that scale.
		assertClose(t, "eigenvector", Eigenvector(p), byQID(t, p, g, g.Eigenvector), rel, 1e-9)
	})
	t.Run("coreness", func(t *testing.T) {
		if got, want := KCore(p), byQID(t, p, g, g.Coreness); !slices.Equal(got, want) {
			t.Errorf("coreness differs from igraph")
		}
	})
	t.Run("components", func(t *testing.T) {
		_, sizes := Components(p)
		slices.Sort(sizes)
		if !slices.Equal(sizes, g.Components) {
			t.Errorf("component sizes %v, igraph %v", sizes, g.Components)
		}
	})
	t.Run("stats", func(t *testing.T) {
		st := Stats(p, 2)
		w := g.Stats
		if st.Nodes != w.Nodes || st.Links != w.Links || st.Components != w.Components ||
			st.LargestComponent != w.LargestComponent || st.Diameter != w.Diameter {
			t.Errorf("Stats = %+v, igraph %+v", st, w)
		}
		for _, f := range []struct {
			name      string
			got, want float64
		}{
			{"Density", st.Density, w.Density},
			{"AverageClustering", st.AverageClustering, w.AverageClusteringNaN},
			{"Transitivity", st.Transitivity, w.Transitivity},
			{"Assortativity", st.Assortativity, w.Assortativity},
			{"MeanDistance", st.MeanDistance, w.MeanDistance},
		} {
			if !near(f.got, f.want, 1e-12, 0) {
				t.Errorf("%s = %.17g, igraph %.17g", f.name, f.got, f.want)
			}
		}
	})
	t.Run("louvain", func(t *testing.T) {
		comm, q := Louvain(p, 1)
		again, q2 := Louvain(p, 1)
		if !slices.Equal(comm, again) || q != q2 {
			t.Errorf("seed 1 did not repeat")
		}
		if !near(q, modularityOf(fromProjection(p), comm), 1e-12, 0) {
			t.Errorf("reported modularity %v differs from the partition's", q)
		}
		// igraph's multilevel gives 0.703..0.720 over seeds 1..10; ours
		// must land in the same band, within 0.01 of igraph's worst and best.
		lo, hi := slices.Min(g.Louvain), slices.Max(g.Louvain)
		for seed := int64(1); seed <= 5; seed++ {
			_, q := Louvain(p, seed)
			if q < lo-0.01 || q > hi+0.01 || math.IsNaN(q) {
				t.Errorf("seed %d: modularity %v, igraph %v..%v", seed, q, lo, hi)
			}
			t.Logf("seed %d: modularity %.4f (igraph %.4f..%.4f)", seed, q, lo, hi)
		}
	})
}

// TestClosenessWFGolden compares ClosenessWF with NetworkX's
// closeness_centrality(wf_improved=True) on every place of the p190 graph
// (testdata/p190_networkx_closeness.json.gz, written by
// scripts/golden_networkx_closeness.py), and against Closeness times the
// share of the other places reached.
func TestClosenessWFGolden(t *testing.T) {
	p := loadP190(t)
	var g struct {
		Nodes     int                `json:"nodes"`
		Closeness map[string]float64 `json:"closeness"`
	}
	readGzipJSON(t, "testdata/p190_networkx_closeness.json.gz", &g)
	if g.Nodes != p.N() || len(g.Closeness) != p.N() {
		t.Fatalf("golden has %d nodes and %d values; projection has %d nodes", g.Nodes, len(g.Closeness), p.N())
	}
	got := ClosenessWF(p, 2)
	want := make([]float64, p.N())
	for q, c := range g.Closeness {
		v, ok := p.IndexOf(q)
		if !ok {
			t.Fatalf("golden QID %s not in the projection", q)
		}
		want[v] = c
	}
	assertClose(t, "closenessWF", got, want, 1e-9, 0)
	// p190 is one component and places without links: there the two
	// scales differ by the factor (r-1)/(n-1) of the large component.
	old := Closeness(p, 2)
	comp, sizes := Components(p)
	for v, c := range old {
		r := float64(sizes[comp[v]] - 1)
		if w := c * r / float64(p.N()-1); math.Abs(got[v]-w) > 1e-12*w {
			t.Fatalf("%s: ClosenessWF %v, Closeness * (r-1)/(n-1) = %v", p.Node(int32(v)).ID, got[v], w)
		}
	}
}
