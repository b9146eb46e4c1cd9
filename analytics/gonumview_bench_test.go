package analytics

import (
	"fmt"
	"math"
	"testing"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/topo"
)

// The gonum view and gonum's kernels against citygraph's own, in one run:
//
//	go test -run XXX -bench 'GonumView|GonumVsOwn' -benchtime 5x -count 3 ./analytics/
//
// twin26k is SyntheticTwinGraph(25914, 1), shaped like the real
// 17,717-place twin-town graph; p190 the Wikidata P190 graph.

// BenchmarkGonumView builds the gonum view of a projection, beside the
// build of the projection itself (NewProjection) and of one of its views
// (View), and walks every edge through gonum's interfaces.
func BenchmarkGonumView(b *testing.B) {
	for _, links := range []int{25_914, 100_000} {
		s := SyntheticTwinGraph(links, 1)
		p := NewProjection(s)
		name := fmt.Sprintf("twin%dk", (links+500)/1000)
		b.Run(name+"/projection", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				NewProjection(s)
			}
		})
		b.Run(name+"/gonum", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.Gonum(GonumOptions{})
			}
		})
		b.Run(name+"/gonum-linked", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.Gonum(GonumOptions{Linked: true})
			}
		})
		b.Run(name+"/walk-edges", func(b *testing.B) {
			g := p.Gonum(GonumOptions{})
			b.ReportAllocs()
			for b.Loop() {
				var m int
				for nodes := g.Nodes(); nodes.Next(); {
					for to := g.From(nodes.Node().ID()); to.Next(); {
						m++
					}
				}
				if m != 2*p.M() {
					b.Fatalf("walked %d arcs, want %d", m, 2*p.M())
				}
			}
		})
	}
}

// gonumCoreness returns every node's coreness from gonum's degeneracy
// ordering: cores[k] holds the nodes of the k-shell.
func gonumCoreness(g gg.Undirected, n int) []int {
	_, cores := topo.DegeneracyOrdering(g)
	out := make([]int, n)
	for k, shell := range cores {
		for _, v := range shell {
			out[v.ID()] = k
		}
	}
	return out
}

// BenchmarkGonumVsOwn runs gonum's kernels on the gonum view beside
// citygraph's own kernels for the same figures: PageRank, k-core
// (coreness), connected components, and HITS (on an undirected graph both
// hub and authority scores are the leading eigenvector of A·A, the
// eigenvector centrality, so the own kernel beside it is Eigenvector).
func BenchmarkGonumVsOwn(b *testing.B) {
	graphs := []struct {
		name string
		p    func() *Projection
	}{
		{"twin26k", func() *Projection { return NewProjection(SyntheticTwinGraph(25_914, 1)) }},
		{"p190", func() *Projection { return loadP190(b) }},
	}
	for _, gr := range graphs {
		p := gr.p()
		g := p.Gonum(GonumOptions{})
		kernels := []struct {
			name     string
			own, gon func()
		}{
			{"pagerank", func() { PageRank(p, 0.85) }, func() { network.PageRankSparse(g.Directed(), 0.85, 1e-10) }},
			{"kcore", func() { KCore(p) }, func() { gonumCoreness(g, p.N()) }},
			{"components", func() { Components(p) }, func() { topo.ConnectedComponents(g) }},
			// HITS at 1e-13 matches igraph's eigenvector centrality on p190 to
			// about 1e-9 relative, as Eigenvector does (TestGonumOracle).
			{"hits", func() { Eigenvector(p) }, func() { network.HITS(g.Directed(), 1e-13) }},
		}
		for _, k := range kernels {
			b.Run(gr.name+"/"+k.name+"/own", func(b *testing.B) {
				for b.Loop() {
					k.own()
				}
			})
			b.Run(gr.name+"/"+k.name+"/gonum", func(b *testing.B) {
				for b.Loop() {
					k.gon()
				}
			})
		}
	}
}

// BenchmarkGonumAnalyses times the analyses run through gonum: the 10
// shortest paths from Mannheim to Kyiv, maximal cliques and 3-clique
// communities on p190, and the places nearest along links from the
// best-linked place of a twin-town graph with coordinates (benchSnapshot).
func BenchmarkGonumAnalyses(b *testing.B) {
	p := loadP190(b)
	mannheim, _ := p.IndexOf("Q2119")
	kyiv, _ := p.IndexOf("Q1899")
	ex := Exec{}
	b.Run("p190/paths-k10", func(b *testing.B) {
		for b.Loop() {
			if ps, err := ex.KShortestPaths(p, mannheim, kyiv, 10, ByLinks); err != nil || len(ps) != 10 {
				b.Fatal(len(ps), err)
			}
		}
	})
	b.Run("p190/cliques", func(b *testing.B) {
		for b.Loop() {
			if _, err := ex.Cliques(p, CliqueOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("p190/clique-communities-k3", func(b *testing.B) {
		for b.Loop() {
			if _, err := ex.CliqueCommunities(p, 3, CliqueOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	t := NewProjection(benchSnapshot(b, 25_914))
	hub := int32(0)
	for v := range int32(t.N()) {
		if t.Degree(v) > t.Degree(hub) {
			hub = v
		}
	}
	b.Run("twin26k/nearest", func(b *testing.B) {
		for b.Loop() {
			if _, err := ex.NearestByDistance(t, hub, NearestOptions{MinLinks: 2, MaxLinks: 2, Limit: 10}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestGonumOracle checks citygraph's own kernels against gonum's through
// the gonum view on the p190 graph and a twin-town graph: the kernels
// gonum is slower for (see BenchmarkGonumVsOwn and the README) stay, with
// gonum as their test oracle.
func TestGonumOracle(t *testing.T) {
	for name, p := range map[string]*Projection{"p190": loadP190(t), "twin": NewProjection(SyntheticTwinGraph(3000, 2))} {
		t.Run(name, func(t *testing.T) {
			g := p.Gonum(GonumOptions{})
			n := p.N()
			// Components: the same partition.
			comp, sizes := Components(p)
			cc := topo.ConnectedComponents(g)
			if len(cc) != len(sizes) {
				t.Errorf("components: gonum %d, own %d", len(cc), len(sizes))
			}
			for _, c := range cc {
				for _, v := range c {
					if comp[v.ID()] != comp[c[0].ID()] || sizes[comp[v.ID()]] != len(c) {
						t.Fatalf("component of %d differs from gonum's", v.ID())
					}
				}
			}
			// Coreness.
			core, want := KCore(p), gonumCoreness(g, n)
			for v := range core {
				if core[v] != want[v] {
					t.Fatalf("coreness of %d: own %d, gonum %d", v, core[v], want[v])
				}
			}
			// PageRank, where gonum's handling of places without links does
			// not differ (every place linked).
			if slicesMin(DegreeCentrality(p)) > 0 {
				assertClose(t, "pagerank", PageRank(p, 0.85), gonumValues(network.PageRankSparse(g.Directed(), 0.85, 1e-14), n, 1), 1e-8, 1e-12)
			}
			// HITS on a connected, non-bipartite graph: authorities are the
			// eigenvector centrality (scaled to a maximum of 1).
			if len(sizes) == 1 {
				hits := network.HITS(g.Directed(), 1e-13)
				auth := make([]float64, n)
				var top float64
				for id, ha := range hits {
					auth[id] = ha.Authority
					top = math.Max(top, ha.Authority)
				}
				for i := range auth {
					auth[i] /= top
				}
				assertClose(t, "hits authority vs eigenvector", Eigenvector(p), auth, 1e-8, 1e-9)
			}
		})
	}
}

func slicesMin(x []float64) float64 {
	m := math.Inf(1)
	for _, v := range x {
		m = math.Min(m, v)
	}
	return m
}
