package analytics

import (
	"math/rand/v2"
	"testing"
)

// allPairsDiameter is the longest shortest path within any component of
// p, by a plain breadth-first search from every node.
func allPairsDiameter(p *Projection) int {
	n := p.N()
	dist := make([]int, n)
	best := 0
	for s := range n {
		for i := range dist {
			dist[i] = -1
		}
		dist[s] = 0
		queue := []int32{int32(s)}
		for head := 0; head < len(queue); head++ {
			v := queue[head]
			best = max(best, dist[v])
			for _, w := range p.Neighbors(v) {
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					queue = append(queue, w)
				}
			}
		}
	}
	return best
}

// offset returns edges with every node shifted by k.
func offset(edges [][2]int, k int) [][2]int {
	out := make([][2]int, len(edges))
	for i, e := range edges {
		out[i] = [2]int{e[0] + k, e[1] + k}
	}
	return out
}

func pathEdges(n int) (edges [][2]int) {
	for i := 1; i < n; i++ {
		edges = append(edges, [2]int{i - 1, i})
	}
	return edges
}

func cycleEdges(n int) [][2]int {
	return append(pathEdges(n), [2]int{n - 1, 0})
}

func cliqueEdges(n int) (edges [][2]int) {
	for i := range n {
		for j := i + 1; j < n; j++ {
			edges = append(edges, [2]int{i, j})
		}
	}
	return edges
}

// TestDiameterTightBounds checks the diameter against all-pairs search on
// graphs whose eccentricity bounds close after a few searches: trees (a
// double sweep), graphs with one long tail, leaves on a dense core, and
// the p190 graph.
func TestDiameterTightBounds(t *testing.T) {
	lollipop := append(cliqueEdges(6), offset(pathEdges(9), 5)...) // K6 and a path of 8 links from node 5
	barbell := append(append(cliqueEdges(5), offset(cliqueEdges(5), 9)...), offset(pathEdges(6), 4)...)
	broom := pathEdges(7) // a handle 0..6 and a head of leaves and a triangle on 6
	for i := 7; i < 15; i++ {
		broom = append(broom, [2]int{6, i})
	}
	broom = append(broom, [2]int{7, 8})
	spider := [][2]int{} // legs of 1, 2, 3 and 4 links on a triangle 0, 1, 2
	next := 3
	for leg := 1; leg <= 4; leg++ {
		prev := leg % 3
		for range leg {
			spider = append(spider, [2]int{prev, next})
			prev, next = next, next+1
		}
	}
	spider = append(spider, cycleEdges(3)...)
	var star, tree [][2]int
	for i := 1; i < 9; i++ {
		star = append(star, [2]int{0, i})
	}
	rnd := rand.New(rand.NewPCG(5, 5))
	for v := 1; v < 50; v++ {
		tree = append(tree, [2]int{rnd.IntN(v), v})
	}
	cases := []struct {
		name        string
		p           *Projection
		maxSearches int
	}{
		{"path", projectionOf(12, pathEdges(12)), 2},
		{"star", projectionOf(9, star), 2},
		{"tree", projectionOf(50, tree), 2},
		{"lollipop", projectionOf(14, lollipop), 3},
		{"barbell", projectionOf(14, barbell), 3},
		{"broom", projectionOf(15, broom), 3},
		{"spider", projectionOf(next, spider), 3},
		{"p190", loadP190(t), 3},
	}
	for _, c := range cases {
		want := 0
		if c.name == "p190" { // all pairs by the kernel of Stats (TestDiameterBounds checks it)
			d, err := distanceSweep(fromProjection(c.p), Exec{Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range d.ecc {
				want = max(want, int(e))
			}
		} else {
			want = allPairsDiameter(c.p)
		}
		got, searches, err := fromProjection(c.p).boundedDiameter(Exec{})
		if err != nil || got != want {
			t.Errorf("%s: diameter = %d, %v; all pairs %d", c.name, got, err, want)
		}
		if searches > c.maxSearches {
			t.Errorf("%s: %d searches, want at most %d (the bounds close early here)", c.name, searches, c.maxSearches)
		}
	}
}

// TestDiameterLooseBounds checks the diameter against all-pairs search on
// graphs where the bounds stay apart until (nearly) every node has been a
// source: in cycles, tori, hypercubes, the Petersen graph and complete
// bipartite graphs every node has the same eccentricity.
func TestDiameterLooseBounds(t *testing.T) {
	var torus, cube [][2]int
	for r := range 5 {
		for c := range 6 {
			v := 6*r + c
			torus = append(torus, [2]int{v, 6*r + (c+1)%6}, [2]int{v, 6*((r+1)%5) + c})
		}
	}
	for v := range 32 {
		for b := 1; b < 32; b <<= 1 {
			if v&b == 0 {
				cube = append(cube, [2]int{v, v | b})
			}
		}
	}
	petersen := append(cycleEdges(5), offset([][2]int{{0, 2}, {2, 4}, {4, 1}, {1, 3}, {3, 0}}, 5)...)
	for i := range 5 {
		petersen = append(petersen, [2]int{i, i + 5})
	}
	var bipartite [][2]int
	for a := range 3 {
		for b := 3; b < 8; b++ {
			bipartite = append(bipartite, [2]int{a, b})
		}
	}
	graphs := map[string]*Projection{
		"cycle9":    projectionOf(9, cycleEdges(9)),
		"cycle10":   projectionOf(10, cycleEdges(10)),
		"torus5x6":  projectionOf(30, torus),
		"cube5":     projectionOf(32, cube),
		"petersen":  projectionOf(10, petersen),
		"K3,5":      projectionOf(8, bipartite),
		"two rings": projectionOf(27, append(cycleEdges(20), offset(cycleEdges(7), 20)...)),
	}
	for name, p := range graphs {
		want := allPairsDiameter(p)
		got, searches, err := fromProjection(p).boundedDiameter(Exec{})
		if err != nil || got != want {
			t.Errorf("%s: diameter = %d, %v; all pairs %d", name, got, err, want)
		}
		if searches > p.N() {
			t.Errorf("%s: %d searches for %d places: more than all pairs", name, searches, p.N())
		}
		t.Logf("%s: %d places, diameter %d, %d searches", name, p.N(), got, searches)
	}
}

// TestDiameterRandom checks the diameter against all-pairs search on
// random graphs with several components (smaller ones sometimes longer),
// pendant leaves and paths, and cycles.
func TestDiameterRandom(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 14))
	for i := range 400 {
		n := 1 + rnd.IntN(60)
		var edges [][2]int
		switch i % 4 {
		case 0: // sparse random
			for range rnd.IntN(2 * n) {
				edges = append(edges, [2]int{rnd.IntN(n), rnd.IntN(n)})
			}
		case 1: // a random tree with extra links
			for v := 1; v < n; v++ {
				edges = append(edges, [2]int{rnd.IntN(v), v})
			}
			for range rnd.IntN(4) {
				edges = append(edges, [2]int{rnd.IntN(n), rnd.IntN(n)})
			}
		case 2: // a dense core with leaves and tails
			core := 1 + n/3
			for range 3 * core {
				edges = append(edges, [2]int{rnd.IntN(core), rnd.IntN(core)})
			}
			for v := core; v < n; v++ {
				edges = append(edges, [2]int{rnd.IntN(v), v})
			}
		case 3: // a clique and a separate long path
			k := 1 + n/3
			edges = append(cliqueEdges(k), offset(pathEdges(n-k), k)...)
		}
		var clean [][2]int
		for _, e := range edges {
			if e[0] != e[1] {
				clean = append(clean, e)
			}
		}
		p := projectionOf(n, clean)
		want := allPairsDiameter(p)
		if got := Diameter(p); got != want {
			t.Fatalf("graph %d (%d places, links %v): Diameter = %d, all pairs %d", i, n, clean, got, want)
		}
	}
}

// TestDiameterSearchesTwin checks that the bounds need far fewer searches
// than places on twin-city graphs.
func TestDiameterSearchesTwin(t *testing.T) {
	for seed := range int64(4) {
		p := NewProjection(SyntheticTwinGraph(3000, seed))
		want := allPairsDiameter(p)
		got, searches, err := fromProjection(p).boundedDiameter(Exec{})
		if err != nil || got != want {
			t.Errorf("seed %d: diameter = %d, %v; all pairs %d", seed, got, err, want)
		}
		if searches > p.N()/20 {
			t.Errorf("seed %d: %d searches for %d places", seed, searches, p.N())
		}
		t.Logf("seed %d: %d places, diameter %d, %d searches", seed, p.N(), got, searches)
	}
}
