package analytics

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// Benchmarks on the p190 graph (10,055 places, 17,401 links) and on
// synthetic twin-city graphs (SyntheticTwinGraph) of 10k, 25,914 (the size
// of the real 17,717-place graph), 100k and 1M links. All-sources kernels
// (exact betweenness, closeness, harmonic, Stats) skip 1M links; sampled
// betweenness and the linear kernels run on all. Keep runs short on the
// shared machine:
//
//	go test -run XXX -bench . -benchtime 3x -count 3 -benchmem ./analytics/
//
// scripts/bench_peers.sh compares with igraph and NetworKit side by side.

type benchGraph struct {
	name    string
	links   int // 0: p190
	allPair bool
}

var benchGraphs = []benchGraph{
	{"p190", 0, true},
	{"twin10k", 10_000, true},
	{"twin26k", 25_914, true},
	{"twin100k", 100_000, true},
	{"twin1M", 1_000_000, false},
}

func benchProjection(b *testing.B, g benchGraph) *Projection {
	b.Helper()
	if g.links == 0 {
		return loadP190(b)
	}
	return NewProjection(SyntheticTwinGraph(g.links, 1))
}

func runBench(b *testing.B, allPairsOnly bool, f func(p *Projection)) {
	for _, g := range benchGraphs {
		if allPairsOnly && !g.allPair {
			continue
		}
		b.Run(g.name, func(b *testing.B) {
			p := benchProjection(b, g)
			for b.Loop() {
				f(p)
			}
			b.ReportMetric(float64(p.N()), "places")
		})
	}
}

func BenchmarkBetweenness(b *testing.B) {
	runBench(b, true, func(p *Projection) { Betweenness(p, 0) })
}

func BenchmarkBetweennessSampled(b *testing.B) {
	for _, k := range []int{256} {
		b.Run(fmt.Sprint(k), func(b *testing.B) {
			runBench(b, false, func(p *Projection) { BetweennessSampled(p, k, rand.New(rand.NewPCG(1, 2)), 0) })
		})
	}
}

func BenchmarkCloseness(b *testing.B) {
	runBench(b, true, func(p *Projection) { Closeness(p, 0) })
}

func BenchmarkHarmonic(b *testing.B) {
	runBench(b, true, func(p *Projection) { Harmonic(p, 0) })
}

func BenchmarkStats(b *testing.B) {
	runBench(b, true, func(p *Projection) { Stats(p, 0) })
}

func BenchmarkPageRank(b *testing.B) {
	runBench(b, false, func(p *Projection) { PageRank(p, 0.85) })
}

func BenchmarkEigenvector(b *testing.B) {
	runBench(b, false, func(p *Projection) { Eigenvector(p) })
}

func BenchmarkLouvain(b *testing.B) {
	runBench(b, false, func(p *Projection) { Louvain(p, 1) })
}

func BenchmarkKCore(b *testing.B) {
	runBench(b, false, func(p *Projection) { KCore(p) })
}

func BenchmarkComponents(b *testing.B) {
	runBench(b, false, func(p *Projection) { Components(p) })
}

func BenchmarkDiameter(b *testing.B) {
	runBench(b, false, func(p *Projection) { Diameter(p) })
}
