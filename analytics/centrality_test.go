package analytics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/topo"
)

// Hand-drawn graphs with values worked out on paper.
var (
	pathP5   = [][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 4}}
	starK14  = [][2]int{{0, 1}, {0, 2}, {0, 3}, {0, 4}}
	cycleC6  = [][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 0}}
	bridged  = [][2]int{{0, 1}, {1, 2}, {0, 2}, {2, 3}, {3, 4}, {4, 5}, {3, 5}} // two triangles and a bridge 2-3
	piecesP3 = [][2]int{{0, 1}, {1, 2}, {3, 4}}                                 // P3, K2 and node 5 alone
)

func TestHandDrawn(t *testing.T) {
	third := 1.0 / 3
	cases := []struct {
		name                 string
		n                    int
		edges                [][2]int
		between, close, harm []float64
		core                 []int
	}{
		{"path", 5, pathP5,
			[]float64{0, 3, 4, 3, 0},
			[]float64{0.4, 4.0 / 7, 4.0 / 6, 4.0 / 7, 0.4},
			[]float64{25.0 / 12, 17.0 / 6, 3, 17.0 / 6, 25.0 / 12},
			[]int{1, 1, 1, 1, 1}},
		{"star", 5, starK14,
			[]float64{6, 0, 0, 0, 0},
			[]float64{1, 4.0 / 7, 4.0 / 7, 4.0 / 7, 4.0 / 7},
			[]float64{4, 2.5, 2.5, 2.5, 2.5},
			[]int{1, 1, 1, 1, 1}},
		{"cycle", 6, cycleC6,
			[]float64{2, 2, 2, 2, 2, 2},
			[]float64{5.0 / 9, 5.0 / 9, 5.0 / 9, 5.0 / 9, 5.0 / 9, 5.0 / 9},
			[]float64{2 + 1 + third, 2 + 1 + third, 2 + 1 + third, 2 + 1 + third, 2 + 1 + third, 2 + 1 + third},
			[]int{2, 2, 2, 2, 2, 2}},
		{"bridged triangles", 6, bridged,
			[]float64{0, 0, 6, 6, 0, 0},
			[]float64{0.5, 0.5, 5.0 / 7, 5.0 / 7, 0.5, 0.5},
			[]float64{1 + 1 + 0.5 + third + third, 1 + 1 + 0.5 + third + third, 3 + 1, 3 + 1, 1 + 1 + 0.5 + third + third, 1 + 1 + 0.5 + third + third},
			[]int{2, 2, 2, 2, 2, 2}},
		{"pieces and an isolated node", 6, piecesP3,
			[]float64{0, 1, 0, 0, 0, 0},
			[]float64{2.0 / 3, 1, 2.0 / 3, 1, 1, 0},
			[]float64{1.5, 2, 1.5, 1, 1, 0},
			[]int{1, 1, 1, 1, 1, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := projectionOf(c.n, c.edges)
			for _, workers := range []int{1, 2, 3} {
				assertClose(t, "betweenness", Betweenness(p, workers), c.between, 1e-12, 1e-12)
				assertClose(t, "closeness", Closeness(p, workers), c.close, 1e-12, 1e-12)
				assertClose(t, "harmonic", Harmonic(p, workers), c.harm, 1e-12, 1e-12)
			}
			if got := KCore(p); !slices.Equal(got, c.core) {
				t.Errorf("KCore = %v, want %v", got, c.core)
			}
			exact, _ := BetweennessSampled(p, 1000, rand.New(rand.NewPCG(1, 1)), 2)
			assertClose(t, "sampled betweenness with all sources", exact, c.between, 1e-12, 1e-12)
			assertClose(t, "pagerank", PageRank(p, 0.85), pageRankDense(p, 0.85), 1e-10, 1e-13)
		})
	}
}

func TestDegree(t *testing.T) {
	s := &graph.Snapshot{Version: 1}
	for _, id := range []string{"a", "b", "c", "d"} {
		s.Municipalities = append(s.Municipalities, graph.Municipality{ID: id})
	}
	s.Partnerships = []graph.Partnership{
		{A: "a", B: "b", Kind: graph.KindPartnership},
		{A: "a", B: "b", Kind: graph.KindFriendship}, // same pair, another kind
		{A: "a", B: "c", Kind: graph.KindFriendship},
	}
	p := NewProjection(s)
	if got, want := DegreeCentrality(p), []float64{2, 1, 1, 0}; !slices.Equal(got, want) {
		t.Errorf("DegreeCentrality = %v, want %v", got, want)
	}
	byKind := DegreeByKind(p)
	for k, want := range map[graph.Kind][]int{
		graph.KindPartnership: {1, 1, 0, 0},
		graph.KindFriendship:  {2, 1, 1, 0},
		graph.KindContact:     {0, 0, 0, 0},
		graph.KindProject:     {0, 0, 0, 0},
	} {
		if got := byKind[k]; !slices.Equal(got, want) {
			t.Errorf("DegreeByKind[%s] = %v, want %v", k, got, want)
		}
	}
}

func TestPageRankDamping(t *testing.T) {
	p := projectionOf(5, starK14)
	for _, d := range []float64{0, 0.5, 0.99} {
		assertClose(t, "pagerank", PageRank(p, d), pageRankDense(p, d), 1e-9, 1e-14)
	}
	// Out of range: clamped, never NaN.
	assertClose(t, "damping 1", PageRank(p, 1), pageRankDense(p, 0.99), 1e-9, 1e-14)
	assertClose(t, "damping -1", PageRank(p, -1), pageRankDense(p, 0), 1e-12, 1e-14)
	assertClose(t, "damping NaN", PageRank(p, math.NaN()), pageRankDense(p, 0.85), 1e-9, 1e-14)
}

// pageRankDense solves the PageRank equations of p exactly by Gaussian
// elimination: x = (1-d)/n + d·(Σ_{u~v} x_u/deg u + Σ_{dangling u} x_u/n).
func pageRankDense(p *Projection, d float64) []float64 {
	n := p.N()
	a := make([][]float64, n)
	for v := range a {
		a[v] = make([]float64, n+1)
		a[v][v] = 1
		a[v][n] = (1 - d) / float64(n)
	}
	for u := int32(0); u < int32(n); u++ {
		deg := p.Degree(u)
		if deg == 0 {
			for v := 0; v < n; v++ {
				a[v][u] -= d / float64(n)
			}
			continue
		}
		for _, v := range p.Neighbors(u) {
			a[v][u] -= d / float64(deg)
		}
	}
	for c := 0; c < n; c++ {
		piv := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[piv][c]) {
				piv = r
			}
		}
		a[c], a[piv] = a[piv], a[c]
		for r := 0; r < n; r++ {
			if r != c && a[r][c] != 0 {
				f := a[r][c] / a[c][c]
				for k := c; k <= n; k++ {
					a[r][k] -= f * a[c][k]
				}
			}
		}
	}
	x := make([]float64, n)
	for v := range x {
		x[v] = a[v][n] / a[v][v]
	}
	return x
}

// randomProjections returns small graphs of the shapes the kernels must
// handle: twin-city-like (trees on a core, many components) and sparse
// Erdős–Rényi graphs (cycles, isolated nodes).
func randomProjections() map[string]*Projection {
	out := map[string]*Projection{}
	for i, links := range []int{5, 20, 60, 150, 300} {
		out["twin"+string(rune('a'+i))] = NewProjection(SyntheticTwinGraph(links, int64(i+1)))
	}
	rnd := rand.New(rand.NewPCG(7, 7))
	for i, n := range []int{8, 40, 90, 160} {
		var edges [][2]int
		for len(edges) < n*5/4 {
			a, b := rnd.IntN(n), rnd.IntN(n)
			if a != b {
				edges = append(edges, [2]int{a, b})
			}
		}
		out["er"+string(rune('a'+i))] = projectionOf(n, edges)
	}
	return out
}

func gonumValues(m map[int64]float64, n int, scale float64) []float64 {
	out := make([]float64, n)
	for id, v := range m {
		out[id] = v * scale
	}
	return out
}

// TestAgainstGonum checks every kernel against gonum's straightforward
// implementations on random graphs.
func TestAgainstGonum(t *testing.T) {
	for name, p := range randomProjections() {
		t.Run(name, func(t *testing.T) {
			n := p.N()
			g := gonumGraph(p)
			// gonum counts ordered pairs: twice the undirected convention.
			want := gonumValues(network.Betweenness(g), n, 0.5)
			assertClose(t, "betweenness", Betweenness(p, 2), want, 1e-10, 1e-10)
			ap := path.DijkstraAllPaths(g)
			harm := gonumValues(network.Harmonic(g, ap), n, 1)
			assertClose(t, "harmonic", Harmonic(p, 2), harm, 1e-12, 1e-12)
			// Closeness within components, from the all-pairs distances.
			comp, sizes := Components(p)
			wantClose := make([]float64, n)
			wantEcc, wantSum, pairs := 0.0, 0.0, 0.0
			for u := 0; u < n; u++ {
				var sum float64
				for v := 0; v < n; v++ {
					if d := ap.Weight(int64(u), int64(v)); u != v && !math.IsInf(d, 1) {
						sum += d
						wantEcc = max(wantEcc, d)
						pairs++
					}
				}
				wantSum += sum
				if sum > 0 {
					wantClose[u] = float64(sizes[comp[u]]-1) / sum
				}
			}
			assertClose(t, "closeness", Closeness(p, 2), wantClose, 1e-12, 1e-12)
			// Wasserman-Faust: scaled by the share of the others reachable.
			wantWF := make([]float64, n)
			for u := range wantWF {
				if n > 1 {
					wantWF[u] = wantClose[u] * float64(sizes[comp[u]]-1) / float64(n-1)
				}
			}
			assertClose(t, "closenessWF", ClosenessWF(p, 2), wantWF, 1e-12, 1e-12)
			st := Stats(p, 2)
			if st.Diameter != int(wantEcc) {
				t.Errorf("Diameter = %d, want %v", st.Diameter, wantEcc)
			}
			if pairs > 0 && !near(st.MeanDistance, wantSum/pairs, 1e-12, 0) {
				t.Errorf("MeanDistance = %v, want %v", st.MeanDistance, wantSum/pairs)
			}
			// Components.
			cc := topo.ConnectedComponents(g)
			if len(cc) != len(sizes) || st.Components != len(sizes) {
				t.Errorf("components: gonum %d, Components %d, Stats %d", len(cc), len(sizes), st.Components)
			}
			for _, c := range cc {
				for _, v := range c {
					if comp[v.ID()] != comp[c[0].ID()] {
						t.Errorf("nodes %d and %d split, gonum has them together", v.ID(), c[0].ID())
					}
				}
				if sizes[comp[c[0].ID()]] != len(c) {
					t.Errorf("component of %d: size %d, gonum %d", c[0].ID(), sizes[comp[c[0].ID()]], len(c))
				}
			}
			// k-cores: node in gonum's k-core iff coreness >= k.
			core := KCore(p)
			for k := 1; k <= slices.Max(core)+1; k++ {
				in := make([]bool, n)
				for _, v := range topo.KCore(k, g) {
					in[v.ID()] = true
				}
				for v := range core {
					if in[v] != (core[v] >= k) {
						t.Errorf("node %d: coreness %d, but in gonum's %d-core: %v", v, core[v], k, in[v])
					}
				}
			}
			// PageRank: the exact solution, and gonum on graphs without
			// isolated nodes (gonum handles dangling nodes differently).
			pr := PageRank(p, 0.85)
			assertClose(t, "pagerank vs dense solve", pr, pageRankDense(p, 0.85), 1e-9, 1e-14)
			if slices.Min(DegreeCentrality(p)) > 0 {
				assertClose(t, "pagerank vs gonum", pr, gonumValues(network.PageRankSparse(gonumDirected(p), 0.85, 1e-14), n, 1), 1e-8, 1e-12)
			}
			// Sampled betweenness with every core source is exact.
			all, se := BetweennessSampled(p, n+1, nil, 2)
			assertClose(t, "sampled (all sources)", all, want, 1e-10, 1e-10)
			if se != 0 {
				t.Errorf("stdErr with all sources = %v, want 0", se)
			}
		})
	}
}

// TestEigenvector checks A·x = λ·x on the component with the leading
// eigenvalue, and igraph's scale.
func TestEigenvector(t *testing.T) {
	for name, p := range map[string]*Projection{
		"bridged": projectionOf(6, bridged),
		"star":    projectionOf(5, starK14),
		"path":    projectionOf(5, pathP5), // bipartite: needs the shift
		"twin":    NewProjection(SyntheticTwinGraph(300, 3)),
	} {
		x := Eigenvector(p)
		if got := slices.Max(x); got != 1 {
			t.Errorf("%s: max = %v, want 1", name, got)
		}
		top := int32(slices.Index(x, 1))
		var lambda float64
		for _, w := range p.Neighbors(top) {
			lambda += x[w]
		}
		for v := int32(0); v < int32(p.N()); v++ {
			var ax float64
			for _, w := range p.Neighbors(v) {
				ax += x[w]
			}
			if !near(ax, lambda*x[v], 1e-9, 1e-9) {
				t.Errorf("%s: (Ax)[%d] = %v, λx = %v", name, v, ax, lambda*x[v])
			}
		}
	}
	// Star: λ = 2, centre 1, leaves 1/2.
	assertClose(t, "star", Eigenvector(projectionOf(5, starK14)), []float64{1, 0.5, 0.5, 0.5, 0.5}, 1e-12, 1e-12)
}

// TestBetweennessSampled checks that the estimate is unbiased within its
// stated error and repeats with the same random source.
func TestBetweennessSampled(t *testing.T) {
	p := NewProjection(SyntheticTwinGraph(3000, 5))
	exact := Betweenness(p, 2)
	a, seA := BetweennessSampled(p, 200, rand.New(rand.NewPCG(3, 4)), 2)
	b, seB := BetweennessSampled(p, 200, rand.New(rand.NewPCG(3, 4)), 1)
	assertClose(t, "same seed", a, b, 1e-12, 1e-9)
	if !near(seA, seB, 1e-9, 0) || seA <= 0 {
		t.Errorf("stdErr %v and %v, want equal and > 0", seA, seB)
	}
	// Every node within 6 standard errors (the bound uses the largest).
	for v := range exact {
		if math.Abs(a[v]-exact[v]) > 6*seA {
			t.Errorf("node %d: estimate %v, exact %v, stdErr %v", v, a[v], exact[v], seA)
		}
	}
	// The sum over nodes is close: errors average out.
	var sa, se float64
	for v := range exact {
		sa += a[v]
		se += exact[v]
	}
	if math.Abs(sa-se) > 0.05*se {
		t.Errorf("sum of estimates %v, exact %v", sa, se)
	}
}
