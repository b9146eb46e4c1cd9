package analytics

import (
	"runtime"
	"slices"
)

// This file holds the shared machinery of the all-sources kernels
// (betweenness, closeness, harmonic, distances): a compact CSR over int32
// indices and a locality-preserving renumbering. exec.go has the parallel
// loops, blocks.go the biconnected components.

// csr is a simple undirected graph in compressed sparse row form over node
// indices 0..n-1; both directions of every edge are stored.
type csr struct {
	off []int32 // n+1 offsets into adj
	adj []int32
}

func (g *csr) n() int { return len(g.off) - 1 }

// fromProjection returns p's adjacency as a csr sharing p's slices.
func fromProjection(p *Projection) *csr {
	if len(p.off) == 0 {
		return &csr{off: make([]int32, len(p.nodes)+1)}
	}
	return &csr{off: p.off, adj: p.adj}
}

// subgraph returns the graph induced by the nodes with keep[v] set,
// renumbered in a breadth-first (Cuthill–McKee-like) order so that nodes
// close in the graph are close in memory. order[i] is the old index of new
// node i; newIndex[v] is the new index of old node v, or -1 if dropped.
func (g *csr) subgraph(keep []bool) (h *csr, order []int32, newIndex []int32) {
	degs, maxDeg := g.keptDegrees(keep)
	// Start each component at its node of highest degree: hubs first keeps
	// the dense core of twin-city graphs together.
	order, newIndex = g.breadthFirstOrder(keep, byDegreeDescending(keep, degs, maxDeg))
	return g.renumbered(keep, order, newIndex, degs), order, newIndex
}

// keptDegrees returns, per kept node, its number of kept neighbours (0 for
// dropped nodes), and the largest.
func (g *csr) keptDegrees(keep []bool) (degs []int32, maxDeg int32) {
	degs = make([]int32, g.n())
	for v := range degs {
		if !keep[v] {
			continue
		}
		for _, w := range g.adj[g.off[v]:g.off[v+1]] {
			if keep[w] {
				degs[v]++
			}
		}
		maxDeg = max(maxDeg, degs[v])
	}
	return degs, maxDeg
}

// byDegreeDescending returns the kept nodes by decreasing degree, ties in
// index order (a counting sort: degrees are small).
func byDegreeDescending(keep []bool, degs []int32, maxDeg int32) []int32 {
	buckets := make([]int32, maxDeg+2)
	kept := 0
	for v, k := range keep {
		if k {
			buckets[maxDeg-degs[v]+1]++
			kept++
		}
	}
	for i := 1; i < len(buckets); i++ {
		buckets[i] += buckets[i-1]
	}
	sorted := make([]int32, kept)
	for v, k := range keep {
		if k {
			b := maxDeg - degs[v]
			sorted[buckets[b]] = int32(v)
			buckets[b]++
		}
	}
	return sorted
}

// breadthFirstOrder numbers the kept nodes breadth first, starting a new
// search at each seed not reached yet.
func (g *csr) breadthFirstOrder(keep []bool, seeds []int32) (order, newIndex []int32) {
	newIndex = make([]int32, g.n())
	for i := range newIndex {
		newIndex[i] = -1
	}
	order = make([]int32, 0, len(seeds))
	for _, s := range seeds {
		if newIndex[s] >= 0 {
			continue
		}
		newIndex[s] = int32(len(order))
		order = append(order, s)
		for head := int(newIndex[s]); head < len(order); head++ {
			v := order[head]
			for _, w := range g.adj[g.off[v]:g.off[v+1]] {
				if keep[w] && newIndex[w] < 0 {
					newIndex[w] = int32(len(order))
					order = append(order, w)
				}
			}
		}
	}
	return order, newIndex
}

// renumbered returns the graph of the kept nodes in the new numbering.
func (g *csr) renumbered(keep []bool, order, newIndex, degs []int32) *csr {
	h := &csr{off: make([]int32, len(order)+1)}
	for i, v := range order {
		h.off[i+1] = h.off[i] + degs[v]
	}
	h.adj = make([]int32, h.off[len(order)])
	for i, v := range order {
		k := h.off[i]
		for _, w := range g.adj[g.off[v]:g.off[v+1]] {
			if keep[w] {
				h.adj[k] = newIndex[w]
				k++
			}
		}
		// Rows in increasing order help the prefetcher a little.
		slices.Sort(h.adj[h.off[i]:k])
	}
	return h
}

// induced returns the graph induced by the nodes with keep[v] set, in their
// original order (cheaper than subgraph when locality does not matter);
// order[i] is the old index of new node i.
func (g *csr) induced(keep []bool) (h *csr, order []int32) {
	n := g.n()
	newIndex := make([]int32, n)
	for v := 0; v < n; v++ {
		newIndex[v] = -1
		if keep[v] {
			newIndex[v] = int32(len(order))
			order = append(order, int32(v))
		}
	}
	h = &csr{off: make([]int32, len(order)+1), adj: make([]int32, 0, len(g.adj))}
	for i, v := range order {
		for _, w := range g.adj[g.off[v]:g.off[v+1]] {
			if keep[w] {
				h.adj = append(h.adj, newIndex[w])
			}
		}
		h.off[i+1] = int32(len(h.adj))
	}
	return h, order
}

// components labels the connected components of g: comp[v] is the
// component of v, numbered in order of their smallest node; sizes[c] is the
// number of nodes of component c. Isolated nodes are components of size 1.
func (g *csr) components() (comp []int32, sizes []int) {
	comp = make([]int32, g.n())
	for i := range comp {
		comp[i] = -1
	}
	return comp, g.labelComponents(comp, nil)
}

// labelComponents labels the components of the nodes with comp[v] < 0,
// numbered after the len(sizes) already labelled in order of their
// smallest node, and returns sizes with theirs appended.
func (g *csr) labelComponents(comp []int32, sizes []int) []int {
	queue := make([]int32, 0, 64)
	for s := range comp {
		if comp[s] >= 0 {
			continue
		}
		c := int32(len(sizes))
		comp[s] = c
		queue = append(queue[:0], int32(s))
		for head := 0; head < len(queue); head++ {
			v := queue[head]
			for _, w := range g.adj[g.off[v]:g.off[v+1]] {
				if comp[w] < 0 {
					comp[w] = c
					queue = append(queue, w)
				}
			}
		}
		sizes = append(sizes, len(queue))
	}
	return sizes
}

// workerCount turns the workers argument of the exported kernels into a
// number of goroutines: <= 0 means one per CPU.
func workerCount(workers, jobs int) int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return max(1, min(workers, jobs))
}
