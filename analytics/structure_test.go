package analytics

import (
	"slices"
	"testing"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

func TestStatsHandDrawn(t *testing.T) {
	cases := []struct {
		name  string
		n     int
		edges [][2]int
		want  GlobalStats
	}{
		{"path", 5, pathP5, GlobalStats{Nodes: 5, Links: 4, Density: 0.4, Components: 1, LargestComponent: 5,
			AverageClustering: 0, Transitivity: 0, Assortativity: -1.0 / 3, Diameter: 4, MeanDistance: 2}},
		{"star", 5, starK14, GlobalStats{Nodes: 5, Links: 4, Density: 0.4, Components: 1, LargestComponent: 5,
			Assortativity: -1, Diameter: 2, MeanDistance: 1.6}},
		{"cycle", 6, cycleC6, GlobalStats{Nodes: 6, Links: 6, Density: 0.4, Components: 1, LargestComponent: 6,
			Assortativity: 0, Diameter: 3, MeanDistance: 1.8}},
		// Local clustering 1,1,1/3,1/3,1,1; triangles 2, triples 10.
		{"bridged triangles", 6, bridged, GlobalStats{Nodes: 6, Links: 7, Density: 7.0 / 15, Components: 1, LargestComponent: 6,
			AverageClustering: 14.0 / 18, Transitivity: 0.6, Assortativity: -1.0 / 6, Diameter: 3, MeanDistance: 1.8}},
		{"pieces", 6, piecesP3, GlobalStats{Nodes: 6, Links: 3, Density: 0.2, Components: 3, LargestComponent: 3,
			Assortativity: -0.5, Diameter: 2, MeanDistance: 1.25}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Stats(projectionOf(c.n, c.edges), 2)
			if got.Nodes != c.want.Nodes || got.Links != c.want.Links || got.Components != c.want.Components ||
				got.LargestComponent != c.want.LargestComponent || got.Diameter != c.want.Diameter {
				t.Errorf("Stats = %+v, want %+v", got, c.want)
			}
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"Density", got.Density, c.want.Density},
				{"AverageClustering", got.AverageClustering, c.want.AverageClustering},
				{"Transitivity", got.Transitivity, c.want.Transitivity},
				{"Assortativity", got.Assortativity, c.want.Assortativity},
				{"MeanDistance", got.MeanDistance, c.want.MeanDistance},
			} {
				if !near(f.got, f.want, 1e-12, 1e-12) {
					t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
				}
			}
		})
	}
}

// TestClusteringBruteForce compares triangle counting with a check of
// every pair of partners.
func TestClusteringBruteForce(t *testing.T) {
	for name, p := range randomProjections() {
		var sum, closed, triples float64
		count := 0
		for v := int32(0); v < int32(p.N()); v++ {
			nb := p.Neighbors(v)
			if len(nb) < 2 {
				continue
			}
			links := 0
			for i, a := range nb {
				for _, b := range nb[i+1:] {
					if _, ok := slices.BinarySearch(p.Neighbors(a), b); ok {
						links++
					}
				}
			}
			pairs := float64(len(nb) * (len(nb) - 1) / 2)
			sum += float64(links) / pairs
			closed += float64(links)
			triples += pairs
			count++
		}
		st := Stats(p, 1)
		wantAvg, wantTr := 0.0, 0.0
		if count > 0 {
			wantAvg = sum / float64(count)
		}
		if triples > 0 {
			wantTr = closed / triples
		}
		if !near(st.AverageClustering, wantAvg, 1e-12, 1e-15) || !near(st.Transitivity, wantTr, 1e-12, 1e-15) {
			t.Errorf("%s: clustering %v / transitivity %v, want %v / %v", name, st.AverageClustering, st.Transitivity, wantAvg, wantTr)
		}
	}
}

func TestLouvainBridgedTriangles(t *testing.T) {
	p := projectionOf(6, bridged)
	comm, q := Louvain(p, 1)
	if want := []int32{0, 0, 0, 1, 1, 1}; !slices.Equal(comm, want) {
		t.Errorf("communities = %v, want %v", comm, want)
	}
	if !near(q, 5.0/14, 1e-12, 0) {
		t.Errorf("modularity = %v, want 5/14", q)
	}
	// Isolated nodes: communities of their own; no links: Q = 0.
	comm, q = Louvain(projectionOf(3, nil), 1)
	if !slices.Equal(comm, []int32{0, 1, 2}) || q != 0 {
		t.Errorf("no links: %v, %v", comm, q)
	}
}

// TestLouvainAgainstGonum checks the reported modularity against gonum's
// community.Q of the same partition, and that a seed repeats.
func TestLouvainAgainstGonum(t *testing.T) {
	for name, p := range randomProjections() {
		comm, q := Louvain(p, 42)
		again, q2 := Louvain(p, 42)
		if !slices.Equal(comm, again) || q != q2 {
			t.Errorf("%s: the same seed gave another result", name)
		}
		if p.M() == 0 {
			continue
		}
		g := gonumGraph(p)
		k := int(slices.Max(comm)) + 1
		parts := make([][]simpleNode, k)
		for v, c := range comm {
			parts[c] = append(parts[c], simpleNode(v))
		}
		want := community.Q(g, toGonum(parts), 1)
		if !near(q, want, 1e-12, 1e-12) {
			t.Errorf("%s: modularity %v, gonum's Q of the partition %v", name, q, want)
		}
		// Louvain never ends below the trivial partitions.
		if q < 0 {
			t.Errorf("%s: modularity %v < 0", name, q)
		}
		// Every community is connected (Louvain joins only neighbours).
		comp, _ := Components(p)
		for v, c := range comm {
			for w := range comm {
				if comm[w] == c && comp[w] != comp[v] {
					t.Fatalf("%s: community %d spans components", name, c)
				}
			}
		}
	}
}

type simpleNode = simple.Node

func toGonum(parts [][]simpleNode) [][]gonumNode {
	out := make([][]gonumNode, len(parts))
	for i, p := range parts {
		for _, v := range p {
			out[i] = append(out[i], v)
		}
	}
	return out
}

type gonumNode = gg.Node

// TestEmptyAndIsolated runs every kernel on a projection without nodes and
// on one whose nodes have no links.
func TestEmptyAndIsolated(t *testing.T) {
	for _, n := range []int{0, 1, 4} {
		p := projectionOf(n, nil)
		zero := make([]float64, n)
		assertClose(t, "betweenness", Betweenness(p, 2), zero, 0, 0)
		bs, se := BetweennessSampled(p, 3, nil, 2)
		assertClose(t, "sampled", bs, zero, 0, 0)
		assertClose(t, "closeness", Closeness(p, 2), zero, 0, 0)
		assertClose(t, "harmonic", Harmonic(p, 2), zero, 0, 0)
		assertClose(t, "degree", DegreeCentrality(p), zero, 0, 0)
		uniform := make([]float64, n)
		for i := range uniform {
			uniform[i] = 1 / float64(n)
		}
		assertClose(t, "pagerank", PageRank(p, 0.85), uniform, 1e-15, 0)
		if se != 0 || len(KCore(p)) != n || len(Eigenvector(p)) != n {
			t.Errorf("n=%d: stdErr %v, KCore %v, Eigenvector %v", n, se, KCore(p), Eigenvector(p))
		}
		comm, q := Louvain(p, 1)
		comp, sizes := Components(p)
		if len(comm) != n || q != 0 || len(comp) != n || len(sizes) != n {
			t.Errorf("n=%d: Louvain %v %v, Components %v %v", n, comm, q, comp, sizes)
		}
		st := Stats(p, 2)
		if st != (GlobalStats{Nodes: n, Components: n, LargestComponent: min(n, 1)}) {
			t.Errorf("n=%d: Stats = %+v", n, st)
		}
	}
}
