package analytics

import "slices"

// Diameter returns the longest shortest path within any component of p
// (igraph diameter(unconn=True)); 0 for a graph without links. It is
// exact, by bounds rather than all pairs: per component, largest first,
// the 4-sweep heuristic picks a central node u and a lower bound, then
// iFUB (Crescenzi, Grossi, Habib, Lanzi and Marino, "On computing the
// diameter of real-world undirected graphs", TCS 2013) takes the
// eccentricities of u's farthest levels, one level at a time, until the
// lower bound meets the upper bound 2·(level-1). Leaves with the same
// neighbour have the same eccentricity and are searched once; a component
// of c nodes is skipped once the bound reaches c-1. On twin-city graphs
// this takes a few dozen breadth-first searches instead of one per node.
func Diameter(p *Projection) int {
	d, _ := Exec{}.Diameter(p)
	return d
}

// Diameter is the package function Diameter, stopping with ErrCanceled
// soon after e.Done is closed; it runs on one goroutine.
func (e Exec) Diameter(p *Projection) (int, error) {
	return fromProjection(p).diameter(e)
}

// bfsState is a reusable breadth-first search over a csr.
type bfsState struct {
	dist   []int32 // -1: not reached
	parent []int32
	queue  []int32 // nodes in order of distance after a search
	level  []int32 // queue[level[d]:level[d+1]] are the nodes at distance d
}

func newBFS(n int) *bfsState {
	b := &bfsState{dist: make([]int32, n), parent: make([]int32, n), queue: make([]int32, 0, n)}
	for i := range b.dist {
		b.dist[i] = -1
	}
	return b
}

// search runs a breadth-first search from s and returns the eccentricity
// of s; the previous search's marks are cleared first.
func (b *bfsState) search(g *csr, s int32) int {
	for _, v := range b.queue {
		b.dist[v] = -1
	}
	b.queue = append(b.queue[:0], s)
	b.level = append(b.level[:0], 0)
	b.dist[s], b.parent[s] = 0, -1
	for head := 0; head < len(b.queue); head++ {
		v := b.queue[head]
		dv := b.dist[v]
		for _, w := range g.adj[g.off[v]:g.off[v+1]] {
			if b.dist[w] < 0 {
				b.dist[w], b.parent[w] = dv+1, v
				if int(dv+1) == len(b.level) {
					b.level = append(b.level, int32(len(b.queue)))
				}
				b.queue = append(b.queue, w)
			}
		}
	}
	b.level = append(b.level, int32(len(b.queue)))
	return len(b.level) - 2
}

// far returns the last node reached by the last search (one at the
// largest distance).
func (b *bfsState) far() int32 { return b.queue[len(b.queue)-1] }

// middle returns the node halfway on the search tree path from the last
// search's source to t.
func (b *bfsState) middle(t int32) int32 {
	for k := b.dist[t] / 2; k > 0; k-- {
		t = b.parent[t]
	}
	return t
}

// diameter computes the diameter of g by iFUB per component.
func (g *csr) diameter(e Exec) (int, error) {
	n := g.n()
	comp, sizes := g.components()
	// One node of highest degree per component, components largest first.
	hub := make([]int32, len(sizes))
	for i := range hub {
		hub[i] = -1
	}
	deg := func(v int32) int32 { return g.off[v+1] - g.off[v] }
	for v := int32(0); v < int32(n); v++ {
		if c := comp[v]; hub[c] < 0 || deg(v) > deg(hub[c]) {
			hub[c] = v
		}
	}
	order := make([]int, len(sizes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return sizes[b] - sizes[a] })
	b := newBFS(n)
	lb := 0
	for _, c := range order {
		if sizes[c]-1 <= lb {
			break // no longer path fits in this or any smaller component
		}
		d, err := g.componentDiameter(e, b, hub[c], lb)
		if err != nil {
			return 0, err
		}
		lb = max(lb, d)
	}
	return lb, nil
}

// componentDiameter returns max(lb, the diameter of the component of r).
func (g *csr) componentDiameter(e Exec, b *bfsState, r int32, lb int) (int, error) {
	// 4-sweep: two double sweeps, the second from the middle of the first.
	u := r
	for range 2 {
		lb = max(lb, b.search(g, u))
		a := b.far()
		lb = max(lb, b.search(g, a))
		u = b.middle(b.far())
	}
	ecc := b.search(g, u)
	lb = max(lb, ecc)
	// The fringes of u, farthest first; b is reused, so keep them.
	levels := slices.Clone(b.level)
	nodes := slices.Clone(b.queue)
	seenParent := make(map[int32]bool)
	for i := ecc; i > 0 && lb < 2*i; i-- {
		clear(seenParent)
		for _, x := range nodes[levels[i]:levels[i+1]] {
			if g.off[x+1]-g.off[x] == 1 {
				// Leaves hanging off the same node are alike.
				p := g.adj[g.off[x]]
				if seenParent[p] {
					continue
				}
				seenParent[p] = true
			}
			if e.stopped() {
				return 0, ErrCanceled
			}
			lb = max(lb, b.search(g, x))
		}
		if lb > 2*(i-1) {
			break
		}
	}
	return lb, nil
}
