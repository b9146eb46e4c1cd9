package analytics

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"

	"gonum.org/v1/gonum/graph/network"
)

// Two triangles joined by a bridge, a leaf, and an isolated node:
//
//	0-1-2-0, 2-3, 3-4-5-3, 5-6, 7
var bridgedTriangles = [][2]int{{0, 1}, {1, 2}, {2, 0}, {2, 3}, {3, 4}, {4, 5}, {5, 3}, {5, 6}}

func TestBlocksHandDrawn(t *testing.T) {
	g := fromProjection(projectionOf(8, bridgedTriangles))
	bc := g.blocks()
	type blk struct {
		nodes []int32
		reach []float64
	}
	var got []blk
	for b := 0; b < bc.count(); b++ {
		lo, hi := bc.nOff[b], bc.nOff[b+1]
		nodes, reach := slices.Clone(bc.nodes[lo:hi]), slices.Clone(bc.reach[lo:hi])
		// Sort by node for the comparison.
		idx := make([]int, len(nodes))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int { return int(nodes[a] - nodes[b]) })
		var bb blk
		for _, i := range idx {
			bb.nodes = append(bb.nodes, nodes[i])
			bb.reach = append(bb.reach, reach[i])
		}
		if got := int(bc.eOff[b+1] - bc.eOff[b]); got != map[int]int{2: 1, 3: 3}[len(nodes)] {
			t.Errorf("block %v has %d links", bb.nodes, got)
		}
		got = append(got, bb)
	}
	slices.SortFunc(got, func(a, b blk) int { return int(a.nodes[0] - b.nodes[0]) })
	want := []blk{
		{[]int32{0, 1, 2}, []float64{1, 1, 5}}, // 2 stands for 2..6
		{[]int32{2, 3}, []float64{3, 4}},       // 2 for 0..2, 3 for 3..6
		{[]int32{3, 4, 5}, []float64{4, 1, 2}}, // 3 for 0..3, 5 for 5 and 6
		{[]int32{5, 6}, []float64{6, 1}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d blocks %v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if !slices.Equal(got[i].nodes, want[i].nodes) || !slices.Equal(got[i].reach, want[i].reach) {
			t.Errorf("block %d: %v reach %v, want %v reach %v", i, got[i].nodes, got[i].reach, want[i].nodes, want[i].reach)
		}
	}
	// Pairs split: 2 separates {0,1} from {3..6}; 3 separates {0,1,2}
	// from {4,5,6}; 5 separates 6 from {0..4}.
	if wantCut := []float64{0, 0, 8, 9, 0, 5, 0, 0}; !slices.Equal(bc.cut, wantCut) {
		t.Errorf("cut = %v, want %v", bc.cut, wantCut)
	}
	// In a triangle no node lies between the other two: only cuts count.
	assertClose(t, "betweenness", Betweenness(projectionOf(8, bridgedTriangles), 1),
		[]float64{0, 0, 8, 9, 0, 5, 0, 0}, 0, 0)
}

// determinismGraphs are graphs whose largest block is cut into several
// jobs, so that workers finish them in varying order.
func determinismGraphs() map[string]*Projection {
	rnd := rand.New(rand.NewPCG(11, 12))
	var edges [][2]int
	const n = 700
	for len(edges) < 4*n {
		a, b := rnd.IntN(n), rnd.IntN(n)
		if a != b {
			edges = append(edges, [2]int{a, b})
		}
	}
	return map[string]*Projection{
		"twin":  NewProjection(SyntheticTwinGraph(3000, 5)),
		"dense": projectionOf(n, edges),
	}
}

// TestBetweennessBitIdentical checks that results repeat to the bit, run
// after run and for any number of workers (the sums are added in a fixed
// order), exact and sampled.
func TestBetweennessBitIdentical(t *testing.T) {
	for name, p := range determinismGraphs() {
		t.Run(name, func(t *testing.T) {
			if bg := fromProjection(p).bigBlocks(fromProjection(p).blocks()); name != "twin" {
				srcOff := make([]int32, bg.count()+1)
				for k := 0; k < bg.count(); k++ {
					srcOff[k+1] = srcOff[k] + int32(bg.size(k))
				}
				if _, jOff, _ := planJobs(bg, srcOff); len(jOff) < 4 {
					t.Fatalf("only %d jobs: the test needs several", len(jOff)-1)
				}
			}
			ref := Betweenness(p, 1)
			refS, refE := BetweennessSampled(p, 100, rand.New(rand.NewPCG(5, 6)), 1)
			for _, w := range []int{1, 2, 3, 5} {
				for run := 0; run < 2; run++ {
					if got := Betweenness(p, w); !bitEqual(got, ref) {
						t.Errorf("workers %d, run %d: exact values differ from one worker's", w, run)
					}
					got, se := BetweennessSampled(p, 100, rand.New(rand.NewPCG(5, 6)), w)
					if !bitEqual(got, refS) || math.Float64bits(se) != math.Float64bits(refE) {
						t.Errorf("workers %d, run %d: sampled values differ from one worker's", w, run)
					}
				}
			}
		})
	}
}

func bitEqual(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// TestExecCanceled checks that every expensive kernel stops with
// ErrCanceled when Done is closed, and runs to the end with Done open.
func TestExecCanceled(t *testing.T) {
	p := NewProjection(SyntheticTwinGraph(2000, 3))
	closed := make(chan struct{})
	close(closed)
	open := make(chan struct{})
	kernels := map[string]func(Exec) error{
		"betweenness": func(e Exec) error { _, err := e.Betweenness(p); return err },
		"sampled": func(e Exec) error {
			_, _, err := e.BetweennessSampled(p, 50, nil)
			return err
		},
		"closeness": func(e Exec) error { _, err := e.Closeness(p); return err },
		"harmonic":  func(e Exec) error { _, err := e.Harmonic(p); return err },
		"stats":     func(e Exec) error { _, err := e.Stats(p, true); return err },
		"diameter":  func(e Exec) error { _, err := e.Diameter(p); return err },
	}
	for name, run := range kernels {
		for _, w := range []int{1, 2} {
			if err := run(Exec{Workers: w, Done: closed}); !errors.Is(err, ErrCanceled) {
				t.Errorf("%s, %d workers, Done closed: err = %v, want ErrCanceled", name, w, err)
			}
			if err := run(Exec{Workers: w, Done: open}); err != nil {
				t.Errorf("%s, %d workers, Done open: %v", name, w, err)
			}
		}
	}
}

// TestOrderedJobsStopsEarly checks that closing Done during a run stops
// it after the jobs in flight, and that merges come in job order.
func TestOrderedJobsStopsEarly(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		done := make(chan struct{})
		var ran atomic.Int64
		var merged []int
		err := orderedJobs(Exec{Done: done}, workers, 1000, func() *int { return new(int) },
			func(w int, buf *int, j int) {
				*buf = j
				if ran.Add(1) == 10 {
					close(done)
				}
			},
			func(buf *int, j int) {
				if *buf != j {
					t.Errorf("merge of job %d got the buffer of job %d", j, *buf)
				}
				merged = append(merged, j)
			})
		if !errors.Is(err, ErrCanceled) {
			t.Errorf("%d workers: err = %v, want ErrCanceled", workers, err)
		}
		if n := ran.Load(); n > int64(10+workers) {
			t.Errorf("%d workers: %d jobs ran after the stop at 10", workers, n)
		}
		for i, j := range merged {
			if i != j {
				t.Fatalf("%d workers: merged %v, not in job order", workers, merged)
			}
		}
	}
}

// TestDiameterBounds checks the bounded diameter against the eccentricities
// of all-pairs search, on random graphs, trees and the p190 graph.
func TestDiameterBounds(t *testing.T) {
	graphs := randomProjections()
	for name, p := range determinismGraphs() {
		graphs[name] = p
	}
	graphs["p190"] = loadP190(t)
	graphs["bridged"] = projectionOf(8, bridgedTriangles)
	graphs["path"] = projectionOf(5, pathP5)
	graphs["pair"] = projectionOf(3, [][2]int{{0, 1}})
	graphs["empty"] = projectionOf(3, nil)
	for i := range 20 {
		graphs["tree"+string(rune('a'+i))] = NewProjection(SyntheticTwinGraph(10+7*i, int64(i)))
	}
	for name, p := range graphs {
		d, err := distanceSweep(fromProjection(p), Exec{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, e := range d.ecc {
			want = max(want, int(e))
		}
		if got := Diameter(p); got != want {
			t.Errorf("%s: Diameter = %d, all pairs %d", name, got, want)
		}
		st, err := Exec{}.Stats(p, false)
		if err != nil || st.Diameter != want || st.MeanDistance != 0 {
			t.Errorf("%s: Stats without mean distance = %+v, %v; want diameter %d, mean 0", name, st, err, want)
		}
	}
}

// twinGraphs are graphs with many twins (places with the same partners,
// linked to each other or not) and trees hanging off them, so that twins
// stand for different numbers of places.
func twinGraphs() map[string]*Projection {
	out := map[string]*Projection{}
	// K3,4 with a leaf on two nodes of each side and a path on another.
	var k34 [][2]int
	for a := range 3 {
		for b := 3; b < 7; b++ {
			k34 = append(k34, [2]int{a, b})
		}
	}
	k34 = append(k34, [2]int{0, 7}, [2]int{1, 8}, [2]int{3, 9}, [2]int{4, 10}, [2]int{5, 11}, [2]int{11, 12})
	out["K3,4"] = projectionOf(13, k34)
	// A clique of 5 with trees of different sizes on its nodes.
	clique := cliqueEdges(5)
	clique = append(clique, [2]int{0, 5}, [2]int{1, 6}, [2]int{6, 7}, [2]int{2, 8}, [2]int{2, 9})
	out["clique"] = projectionOf(10, clique)
	// Random graphs in which some places get an open or a closed twin,
	// and some of those a tail.
	rnd := rand.New(rand.NewPCG(21, 22))
	for i := range 6 {
		base := 12 + 6*i
		var edges [][2]int
		for len(edges) < 2*base {
			a, b := rnd.IntN(base), rnd.IntN(base)
			if a != b {
				edges = append(edges, [2]int{a, b})
			}
		}
		nbrs := make([][]int, base)
		for _, e := range edges {
			nbrs[e[0]] = append(nbrs[e[0]], e[1])
			nbrs[e[1]] = append(nbrs[e[1]], e[0])
		}
		n := base
		for range base / 2 {
			v := rnd.IntN(base)
			twin := n
			n++
			for _, w := range nbrs[v] {
				edges = append(edges, [2]int{twin, w})
			}
			if rnd.IntN(2) == 0 {
				edges = append(edges, [2]int{twin, v}) // a closed twin
			}
			for range rnd.IntN(3) { // a tail
				edges = append(edges, [2]int{n - 1, n})
				n++
			}
		}
		out["random"+string(rune('a'+i))] = projectionOf(n, edges)
	}
	return out
}

// TestBetweennessTwins checks that merging twins into one source keeps
// the values exact (against gonum), and that it does merge some.
func TestBetweennessTwins(t *testing.T) {
	merged := 0
	for name, p := range twinGraphs() {
		t.Run(name, func(t *testing.T) {
			g := fromProjection(p)
			bg := g.bigBlocks(g.blocks())
			srcs, srcOff, _ := chooseSources(bg, -1, nil)
			tw := mergeTwins(bg, srcs, srcOff)
			merged += len(srcs) - len(tw.srcs)
			if (name == "K3,4" || name == "clique") && len(tw.srcs) >= len(srcs) {
				t.Errorf("%d sources of %d after merging twins: none merged", len(tw.srcs), len(srcs))
			}
			want := gonumValues(network.Betweenness(gonumGraph(p)), p.N(), 0.5)
			for _, w := range []int{1, 2} {
				assertClose(t, "betweenness", Betweenness(p, w), want, 1e-10, 1e-10)
			}
		})
	}
	if merged < 10 {
		t.Errorf("%d sources merged in all: the graphs hardly test twins", merged)
	}
	t.Logf("%d sources merged", merged)
}
