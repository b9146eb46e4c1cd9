package analytics

import "math/rand/v2"

// Louvain finds communities of p by the Louvain method (Blondel, Guillaume,
// Lambiotte and Lefebvre, "Fast unfolding of communities in large
// networks", 2008), the algorithm of igraph's community_multilevel, at
// resolution 1: nodes move one at a time to the neighbouring community that
// raises modularity most, in a random order drawn from seed; then every
// community becomes a node and the moves repeat, until nothing moves. The
// same seed on the same projection gives the same result.
//
// comm[i] is the community of node i, numbered 0, 1, ... in order of their
// first node; modularity is Newman's Q of that partition (the value igraph
// reports). A node without links is a community of its own and adds
// nothing to Q; a graph without links has Q = 0. Each level is O(n+m).
//
// On a weighted projection (an affiliation layer projected onto places,
// or a combination of layers, see SharedGroups and Combine) moves and Q
// use the pair weights (igraph community_multilevel(weights=...)).
func Louvain(p *Projection, seed int64) (comm []int32, modularity float64) {
	g := fromProjection(p)
	n := g.n()
	comm = make([]int32, n)
	if n == 0 {
		return comm, 0
	}
	rnd := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	wg := &wgraph{off: g.off, adj: g.adj, w: p.slotW, loop: make([]float64, n), k: make([]float64, n)}
	if wg.w == nil {
		wg.w = make([]float64, len(g.adj))
		for i := range wg.w {
			wg.w[i] = 1
		}
	}
	for v := 0; v < n; v++ {
		for _, x := range wg.w[g.off[v]:g.off[v+1]] {
			wg.k[v] += x
		}
	}
	level0 := wg
	for i := range comm {
		comm[i] = int32(i)
	}
	if len(g.adj) == 0 {
		return comm, 0
	}
	for level := 0; level < 64; level++ {
		c, moved := wg.moveNodes(rnd)
		if !moved {
			break
		}
		k := renumber(c)
		for i := range comm {
			comm[i] = c[comm[i]]
		}
		wg = wg.aggregate(c, k)
	}
	renumber(comm)
	if p.slotW != nil {
		return comm, level0.modularity(comm)
	}
	return comm, modularityOf(g, comm)
}

// modularity is Newman's modularity of the partition comm of the weighted
// graph g (no self-loops at level 0): Σ_c (W_c/2w − (S_c/2w)²), W_c twice
// the weight inside c, S_c the strength of c and w the total weight.
func (g *wgraph) modularity(comm []int32) float64 {
	k := 0
	for _, c := range comm {
		k = max(k, int(c)+1)
	}
	in := make([]float64, k)
	tot := make([]float64, k)
	var m2 float64
	for v := range g.k {
		cv := comm[v]
		tot[cv] += g.k[v]
		m2 += g.k[v]
		for e := g.off[v]; e < g.off[v+1]; e++ {
			if comm[g.adj[e]] == cv {
				in[cv] += g.w[e]
			}
		}
	}
	if m2 == 0 {
		return 0
	}
	var q float64
	for c := 0; c < k; c++ {
		q += in[c]/m2 - (tot[c]/m2)*(tot[c]/m2)
	}
	return q
}

// wgraph is a weighted graph for the Louvain levels: symmetric weighted
// adjacency without self-loops, the self-loop weight of every node, and
// weighted degrees k[v] = Σ w + 2·loop[v].
type wgraph struct {
	off  []int32
	adj  []int32
	w    []float64
	loop []float64
	k    []float64
}

// moveNodes runs the local-moving phase and returns the community of every
// node (numbered by node indices) and whether any node moved.
func (g *wgraph) moveNodes(rnd *rand.Rand) ([]int32, bool) {
	n := len(g.k)
	comm := make([]int32, n)
	tot := make([]float64, n)
	var m2 float64
	for v := 0; v < n; v++ {
		comm[v] = int32(v)
		tot[v] = g.k[v]
		m2 += g.k[v]
	}
	order := rnd.Perm(n)
	neigh := make([]float64, n)
	touched := make([]int32, 0, 64)
	movedAny := false
	for pass := 0; pass < 1000; pass++ {
		moves := 0
		for _, i := range order {
			ci := comm[i]
			touched = touched[:0]
			for e := g.off[i]; e < g.off[i+1]; e++ {
				c := comm[g.adj[e]]
				if neigh[c] == 0 {
					touched = append(touched, c)
				}
				neigh[c] += g.w[e]
			}
			ki := g.k[i]
			tot[ci] -= ki
			best, bestGain := ci, neigh[ci]-tot[ci]*ki/m2
			for _, c := range touched {
				if gain := neigh[c] - tot[c]*ki/m2; gain > bestGain+1e-12 {
					best, bestGain = c, gain
				}
			}
			tot[best] += ki
			if best != ci {
				comm[i] = best
				moves++
			}
			for _, c := range touched {
				neigh[c] = 0
			}
		}
		if moves == 0 {
			break
		}
		movedAny = true
	}
	return comm, movedAny
}

// renumber maps the labels of c to 0, 1, ... in order of first appearance,
// in place, and returns how many there are.
func renumber(c []int32) int {
	id := make([]int32, len(c))
	for i := range id {
		id[i] = -1
	}
	next := int32(0)
	for i, x := range c {
		if id[x] < 0 {
			id[x] = next
			next++
		}
		c[i] = id[x]
	}
	return int(next)
}

// aggregate returns the graph whose nodes are the k communities of c.
func (g *wgraph) aggregate(c []int32, k int) *wgraph {
	n := len(g.k)
	// Members of every community, bucketed.
	start := make([]int32, k+1)
	for _, x := range c {
		start[x+1]++
	}
	for i := 1; i <= k; i++ {
		start[i] += start[i-1]
	}
	members := make([]int32, n)
	pos := make([]int32, k)
	copy(pos, start[:k])
	for v, x := range c {
		members[pos[x]] = int32(v)
		pos[x]++
	}
	h := &wgraph{off: make([]int32, k+1), loop: make([]float64, k), k: make([]float64, k)}
	neigh := make([]float64, k)
	seen := make([]bool, k)
	touched := make([]int32, 0, 64)
	for x := 0; x < k; x++ {
		touched = touched[:0]
		for _, v := range members[start[x]:start[x+1]] {
			h.loop[x] += g.loop[v]
			h.k[x] += g.k[v]
			for e := g.off[v]; e < g.off[v+1]; e++ {
				y := c[g.adj[e]]
				if int(y) == x {
					h.loop[x] += g.w[e] / 2 // seen from both ends
					continue
				}
				if !seen[y] {
					seen[y] = true
					touched = append(touched, y)
				}
				neigh[y] += g.w[e]
			}
		}
		for _, y := range touched {
			h.adj = append(h.adj, y)
			h.w = append(h.w, neigh[y])
			neigh[y] = 0
			seen[y] = false
		}
		h.off[x+1] = int32(len(h.adj))
	}
	return h
}

// modularityOf is Newman's modularity of the partition comm of the simple
// graph g: Σ_c (2·L_c/2m − (D_c/2m)²), L_c the links inside c and D_c the
// degree sum of c.
func modularityOf(g *csr, comm []int32) float64 {
	k := 0
	for _, c := range comm {
		k = max(k, int(c)+1)
	}
	in := make([]float64, k)
	deg := make([]float64, k)
	for v := 0; v < g.n(); v++ {
		cv := comm[v]
		deg[cv] += float64(g.off[v+1] - g.off[v])
		for _, w := range g.adj[g.off[v]:g.off[v+1]] {
			if comm[w] == cv {
				in[cv]++ // each inner link twice
			}
		}
	}
	m2 := float64(len(g.adj))
	if m2 == 0 {
		return 0
	}
	var q float64
	for c := 0; c < k; c++ {
		q += in[c]/m2 - (deg[c]/m2)*(deg[c]/m2)
	}
	return q
}
