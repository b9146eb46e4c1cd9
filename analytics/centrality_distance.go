package analytics

import "math/bits"

// Closeness returns the closeness centrality of every node of p in igraph's
// convention for disconnected graphs (closeness(normalized=True)): computed
// within the node's component, (r-1) / Σ d(v, x) over the r-1 other nodes x
// reachable from v. In a connected graph this is NetworkX's closeness. An
// isolated node has closeness 0 (igraph returns NaN there; 0 keeps the
// result JSON-safe).
//
// workers is the number of goroutines (<= 0: one per CPU); memory is O(n+m)
// per worker. See distanceSweep for the method.
func Closeness(p *Projection, workers int) []float64 {
	out, _ := Exec{Workers: workers}.Closeness(p)
	return out
}

// Closeness is the package function Closeness run with e: on e.Workers
// goroutines, stopping with ErrCanceled soon after e.Done is closed.
func (e Exec) Closeness(p *Projection) ([]float64, error) {
	d, err := distanceSweep(fromProjection(p), e)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(d.sum))
	for v, s := range d.sum {
		if s > 0 {
			out[v] = float64(d.reach[v]-1) / float64(s)
		}
	}
	return out, nil
}

// ClosenessWF returns the closeness centrality of every node of p scaled
// for disconnected graphs as Wasserman and Faust (1994) propose (NetworkX
// closeness_centrality(wf_improved=True)): ((r-1)/(n-1)) * ((r-1)/Σ d(v, x))
// over the r-1 other nodes x of v's component, n the number of nodes of p.
// Unlike Closeness, a pair of places linked only to each other scores
// 1/(n-1), not 1: a node ranks high only when it is close to many. In a
// connected graph both are the same. Isolated nodes get 0.
//
// workers is the number of goroutines (<= 0: one per CPU); memory is O(n+m)
// per worker. See distanceSweep for the method.
func ClosenessWF(p *Projection, workers int) []float64 {
	out, _ := Exec{Workers: workers}.ClosenessWF(p)
	return out
}

// ClosenessWF is the package function ClosenessWF run with e: on e.Workers
// goroutines, stopping with ErrCanceled soon after e.Done is closed.
func (e Exec) ClosenessWF(p *Projection) ([]float64, error) {
	d, err := distanceSweep(fromProjection(p), e)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(d.sum))
	n := len(d.sum)
	for v, s := range d.sum {
		if s > 0 && n > 1 {
			r := float64(d.reach[v] - 1)
			out[v] = r / float64(n-1) * (r / float64(s))
		}
	}
	return out, nil
}

// Harmonic returns the harmonic centrality of every node of p,
// unnormalised: Σ 1/d(v, x) over all other nodes x, unreachable ones adding
// 0 (igraph harmonic_centrality(normalized=False); divide by n-1 for
// igraph's normalised value). Isolated nodes get 0.
//
// workers is the number of goroutines (<= 0: one per CPU); memory is O(n+m)
// per worker. See distanceSweep for the method.
func Harmonic(p *Projection, workers int) []float64 {
	out, _ := Exec{Workers: workers}.Harmonic(p)
	return out
}

// Harmonic is the package function Harmonic run with e: on e.Workers
// goroutines, stopping with ErrCanceled soon after e.Done is closed.
func (e Exec) Harmonic(p *Projection) ([]float64, error) {
	d, err := distanceSweep(fromProjection(p), e)
	if err != nil {
		return nil, err
	}
	return d.harm, nil
}

// distances holds, per node, what one breadth-first search from it yields.
type distances struct {
	sum   []int64   // Σ d(v, x) over the nodes x reachable from v
	reach []int32   // number of nodes reachable from v, v included
	harm  []float64 // Σ 1/d(v, x) over the nodes x reachable from v, x != v
	ecc   []int32   // eccentricity of v within its component
}

// distanceSweep runs one breadth-first search per node, 64 at a time with
// bit-parallel search (see sweepState.search), in parallel over batches, and
// keeps only the histogram of distances of each. Nodes of degree 1 get no
// search of their own: for a leaf u hanging off w, d(u, x) = d(w, x) + 1
// for every x != u, so u's figures follow from w's histogram. Leaves are
// not visited either: each node records how many leaves hang off it, and a
// search that reaches it at distance d counts them at distance d+1. On
// twin-city graphs, where half the places have one link, this removes about
// half the sources and a third of the adjacency from every search. The
// remaining nodes are renumbered in breadth-first order for locality.
func distanceSweep(g *csr, e Exec) (*distances, error) {
	n := g.n()
	res := &distances{
		sum:   make([]int64, n),
		reach: make([]int32, n),
		harm:  make([]float64, n),
		ecc:   make([]int32, n),
	}
	if n == 0 {
		return res, nil
	}
	sw := &sweep{g: g, res: res}
	sw.comp, sw.sizes = g.components()
	var keep []bool
	sw.skip, keep = leafSkips(g)
	sw.h, sw.order, _ = g.subgraph(keep)
	sw.leaves = sw.leavesOf()
	m := sw.h.n()
	batches := (m + 63) / 64
	workers := workerCount(e.Workers, batches)
	st := make([]*sweepState, workers)
	for w := range st {
		st[w] = &sweepState{seen: make([]uint64, m), front: make([]uint64, m), next: make([]uint64, m)}
	}
	err := parallelFor(e, workers, batches, func(w, b int) {
		lo := b * 64
		k := min(64, m-lo)
		st[w].search(sw.h, sw.leaves, lo, k)
		for i := 0; i < k; i++ {
			sw.record(st[w].hist[i], lo+i)
		}
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// leafSkips marks the nodes that get no search of their own: skip[u] when
// u has one link, to w, and w is not itself skipped (in a component of two
// nodes the smaller index keeps its search); keep is its complement.
func leafSkips(g *csr) (skip, keep []bool) {
	n := g.n()
	skip = make([]bool, n)
	keep = make([]bool, n)
	for u := 0; u < n; u++ {
		if g.off[u+1]-g.off[u] == 1 {
			w := g.adj[g.off[u]]
			if g.off[w+1]-g.off[w] > 1 || int(w) < u {
				skip[u] = true
			}
		}
		keep[u] = !skip[u]
	}
	return skip, keep
}

// sweep is one run of distanceSweep: the graph g, the graph h of the
// searched nodes in breadth-first order (order[i] is h's node i in g), and
// the results.
type sweep struct {
	g, h   *csr
	order  []int32
	skip   []bool  // per node of g: no search of its own
	leaves []int64 // per node of h: skipped leaves hanging off it
	comp   []int32 // per node of g: its component
	sizes  []int   // per component: its nodes
	res    *distances
}

// leavesOf counts the skipped leaves hanging off each node of h.
func (sw *sweep) leavesOf() []int64 {
	g := sw.g
	leaves := make([]int64, sw.h.n())
	for i, v := range sw.order {
		for _, w := range g.adj[g.off[v]:g.off[v+1]] {
			if sw.skip[w] {
				leaves[i]++
			}
		}
	}
	return leaves
}

// record stores the figures of h's node i from hist, its number of nodes
// per distance (leaves included), and those of the leaves hanging off it:
// for a leaf u off v, d(u, x) = d(v, x) + 1 for every x != u.
func (sw *sweep) record(hist []int64, i int) {
	for len(hist) > 1 && hist[len(hist)-1] == 0 {
		hist = hist[:len(hist)-1]
	}
	var sum int64
	var harm, harm1 float64 // Σ 1/d and Σ 1/(d+1) over d >= 1
	for d := 1; d < len(hist); d++ {
		c := hist[d]
		sum += int64(d) * c
		harm += float64(c) / float64(d)
		harm1 += float64(c) / float64(d+1)
	}
	ecc := int32(len(hist) - 1)
	g, res := sw.g, sw.res
	v := sw.order[i]
	r := int32(sw.sizes[sw.comp[v]])
	res.sum[v], res.reach[v], res.harm[v], res.ecc[v] = sum, r, harm, ecc
	if sw.leaves[i] == 0 {
		return
	}
	leafEcc := ecc + 1
	if ecc == 1 && hist[1] == 1 {
		leafEcc = 1 // a component of two nodes
	}
	for _, u := range g.adj[g.off[v]:g.off[v+1]] {
		if sw.skip[u] {
			res.sum[u] = sum + int64(r) - 2
			res.reach[u] = r
			res.harm[u] = 1 + harm1 - 0.5
			res.ecc[u] = leafEcc
		}
	}
}

// sweepState is one worker's buffers for bit-parallel breadth-first search.
type sweepState struct {
	seen, front, next []uint64 // per node: bit i for the i-th source of the batch
	active, following []int32  // nodes with a non-empty frontier
	touched, visited  []int32
	hist              [64][]int64 // per source: nodes per distance
}

// search runs breadth-first searches from the k <= 64 consecutive sources
// lo, ..., lo+k-1 of h at once, one bit per source (Akiba, Iwata and
// Yoshida's bit-parallel BFS): a level costs one pass over the edges of the
// nodes on some source's frontier. Sources are close in the breadth-first
// numbering, hence close in the graph, so their frontiers overlap and a
// batch costs a few passes over the graph instead of 64. It leaves in
// s.hist[i] the number of nodes at each distance from source lo+i, counting
// the leaves hanging off a node at one more than the node's distance.
func (s *sweepState) search(h *csr, leaves []int64, lo, k int) {
	seen, front, next := s.seen, s.front, s.next
	off, adj := h.off, h.adj
	active := s.active[:0]
	visited := s.visited[:0]
	for i := 0; i < k; i++ {
		v := int32(lo + i)
		bit := uint64(1) << i
		seen[v] |= bit
		front[v] |= bit
		active = append(active, v)
		visited = append(visited, v)
		s.hist[i] = append(s.hist[i][:0], 1, leaves[v])
	}
	following := s.following[:0]
	touched := s.touched[:0]
	for d := 1; len(active) > 0; d++ {
		touched = touched[:0]
		for _, u := range active {
			f := front[u]
			for _, x := range adj[off[u]:off[u+1]] {
				if next[x] == 0 {
					touched = append(touched, x)
				}
				next[x] |= f
			}
		}
		for _, u := range active {
			front[u] = 0
		}
		for i := 0; i < k; i++ {
			s.hist[i] = append(s.hist[i], 0)
		}
		following = following[:0]
		for _, x := range touched {
			nb := next[x] &^ seen[x]
			next[x] = 0
			if nb == 0 {
				continue
			}
			if seen[x] == 0 {
				visited = append(visited, x)
			}
			seen[x] |= nb
			front[x] = nb
			following = append(following, x)
			lv := leaves[x]
			for nb != 0 {
				i := bits.TrailingZeros64(nb)
				nb &= nb - 1
				s.hist[i][d]++
				s.hist[i][d+1] += lv
			}
		}
		active, following = following, active
	}
	for _, v := range visited {
		seen[v] = 0
	}
	s.active, s.following, s.touched, s.visited = active, following, touched, visited
}
