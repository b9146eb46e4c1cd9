package analytics

import (
	"math"
	"slices"
)

// Diameter returns the longest shortest path within any component of p
// (igraph diameter(unconn=True)); 0 for a graph without links. It is
// exact, by bounds rather than all pairs: per component, largest first,
// every breadth-first search from a node s of eccentricity e bounds every
// other node's eccentricity, max(d(s,v), e-d(s,v)) <= ecc(v) <= d(s,v)+e
// (sharper when s is a leaf, as its neighbour's eccentricity is e-1), and
// the searches alternate between the node of largest upper bound (a likely
// end of a diameter) and a central one (small lower bound, near that node,
// which lowers the upper bounds around it), until no node's upper bound
// exceeds the longest eccentricity found. This is the ExactSumSweep scheme
// of Borassi, Crescenzi, Habib, Kosters, Marino and Takes ("Fast diameter
// and radius BFS-based computation in (weakly connected) real-world
// graphs", TCS 2015) with the choice of sources NetworKit makes (but no
// node is a source twice); a tree takes a double sweep, and a component of
// c nodes is skipped once the diameter found reaches c-1. On twin-city
// graphs this takes about a dozen breadth-first searches instead of one
// per node.
func Diameter(p *Projection) int {
	d, _ := Exec{}.Diameter(p)
	return d
}

// Diameter is the package function Diameter, stopping with ErrCanceled
// soon after e.Done is closed; it runs on one goroutine.
func (e Exec) Diameter(p *Projection) (int, error) {
	return fromProjection(p).diameter(e)
}

// eccBounds holds a reusable breadth-first search over a csr and the
// eccentricity bounds of the component being bounded.
type eccBounds struct {
	dist  []int32 // -1: not reached
	queue []int32 // nodes in order of distance after a search
	lo    []int32 // eccentricity bounds, valid for the nodes of the component
	hi    []int32
	from  []bool // the node has been a source

	searches int // searches made
}

func newEccBounds(n int) *eccBounds {
	b := &eccBounds{
		dist:  make([]int32, n),
		queue: make([]int32, 0, n),
		lo:    make([]int32, n),
		hi:    make([]int32, n),
		from:  make([]bool, n),
	}
	for i := range b.dist {
		b.dist[i] = -1
	}
	return b
}

// search runs a breadth-first search from s and returns the eccentricity
// of s; the previous search's marks are cleared first.
func (b *eccBounds) search(g *csr, s int32) int32 {
	b.searches++
	dist := b.dist
	for _, v := range b.queue {
		dist[v] = -1
	}
	q := append(b.queue[:0], s)
	dist[s] = 0
	b.from[s] = true
	for head := 0; head < len(q); head++ {
		v := q[head]
		dv := dist[v] + 1
		for _, w := range g.adj[g.off[v]:g.off[v+1]] {
			if dist[w] < 0 {
				dist[w] = dv
				q = append(q, w)
			}
		}
	}
	b.queue = q
	return dist[q[len(q)-1]]
}

// diameter computes the diameter of g by eccentricity bounds per component.
func (g *csr) diameter(e Exec) (int, error) {
	d, _, err := g.boundedDiameter(e)
	return d, err
}

// boundedDiameter is diameter, also returning the number of breadth-first
// searches it took.
func (g *csr) boundedDiameter(e Exec) (d, searches int, err error) {
	n := g.n()
	if n == 0 {
		return 0, 0, nil
	}
	// The first search, from a node of highest degree, labels its
	// component (most often the largest) as component 0; the rest are
	// labelled after it.
	top := int32(0)
	for v := int32(1); v < int32(n); v++ {
		if g.degree(v) > g.degree(top) {
			top = v
		}
	}
	b := newEccBounds(n)
	if e.stopped() {
		return 0, 0, ErrCanceled
	}
	topEcc := b.search(g, top)
	comp := make([]int32, n)
	for i := range comp {
		comp[i] = -1
	}
	for _, v := range b.queue {
		comp[v] = 0
	}
	sizes := g.labelComponents(comp, []int{len(b.queue)})
	// The nodes grouped by component, in index order within each:
	// members[start[c]:start[c+1]] (a counting sort), and one node of
	// highest degree per component.
	start := make([]int32, len(sizes)+1)
	for c, s := range sizes {
		start[c+1] = start[c] + int32(s)
	}
	members := make([]int32, n)
	fill := slices.Clone(start[:len(sizes)])
	hub := make([]int32, len(sizes))
	for v := int32(0); v < int32(n); v++ {
		c := comp[v]
		if fill[c] == start[c] || g.degree(v) > g.degree(hub[c]) {
			hub[c] = v
		}
		members[fill[c]] = v
		fill[c]++
	}
	order := make([]int, len(sizes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return sizes[b] - sizes[a] })
	lb := int32(0)
	for i, c := range order {
		if sizes[c]-1 <= int(lb) {
			break // no longer path fits in this or any smaller component
		}
		ecc := int32(-1) // search from the hub first
		if c == 0 && i == 0 {
			ecc = topEcc // b holds that search still
		}
		if lb, err = g.componentDiameter(e, b, members[start[c]:start[c+1]], hub[c], ecc, lb); err != nil {
			return 0, 0, err
		}
	}
	return int(lb), b.searches, nil
}

func (g *csr) degree(v int32) int32 { return g.off[v+1] - g.off[v] }

// componentDiameter returns max(lb, the diameter of the component whose
// nodes are nodes), starting with a search from its node hub, or, with
// ecc >= 0, from the last search b made (from a node of the component of
// eccentricity ecc).
func (g *csr) componentDiameter(e Exec, b *eccBounds, nodes []int32, hub, ecc, lb int32) (int32, error) {
	if ecc < 0 {
		if e.stopped() {
			return 0, ErrCanceled
		}
		ecc = b.search(g, hub)
	}
	lb = max(lb, ecc)
	arcs := 0
	for _, v := range nodes {
		arcs += int(g.degree(v))
	}
	if arcs/2 == len(nodes)-1 {
		// A tree: the farthest node from any node ends a longest path.
		if e.stopped() {
			return 0, ErrCanceled
		}
		return max(lb, b.search(g, b.queue[len(b.queue)-1])), nil
	}
	lo, hi := b.lo, b.hi
	for _, v := range nodes {
		lo[v], hi[v] = 0, math.MaxInt32
	}
	for round := 0; ; round++ {
		src := b.queue[0]
		// Up to distance first from src the bounds are exact: src's own
		// eccentricity and, when src is a leaf, its neighbour w's, ecc-1;
		// beyond, ecc(v) <= d(w,v)+ecc(w) = d+ecc-2 (slack 2).
		first, slack := int32(0), int32(0)
		if g.degree(src) == 1 {
			first, slack = 1, 2
		}
		// Update the bounds and find the next source: in even rounds the
		// node of largest upper bound (ties: the farther from src), in odd
		// rounds the node beyond first whose lower bound plus distance
		// from src is smallest (ties: the farther); ties left in index
		// order, as NetworKit does.
		far, farHi, farD := int32(-1), int32(-1), int32(-1)
		mid, midKey, midD := int32(-1), int32(math.MaxInt32), int32(-1)
		for _, v := range nodes {
			d := b.dist[v]
			l := max(d, ecc-d)
			lo[v] = max(lo[v], l)
			if d <= first {
				hi[v] = l
				continue
			}
			h := min(hi[v], d+ecc-slack)
			hi[v] = h
			if k := lo[v] + d; (k < midKey || k == midKey && d > midD) && !b.from[v] {
				mid, midKey, midD = v, k, d
			}
			if h > lb && (h > farHi || h == farHi && d > farD) {
				far, farHi, farD = v, h, d
			}
		}
		if far < 0 {
			return lb, nil // no node's eccentricity can exceed lb
		}
		next := far
		if round%2 == 1 && mid >= 0 {
			next = mid
		}
		if e.stopped() {
			return 0, ErrCanceled
		}
		ecc = b.search(g, next)
		lb = max(lb, ecc)
	}
}
