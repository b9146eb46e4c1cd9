package analytics

import (
	"math"
	"math/rand/v2"
	"slices"
	"unsafe"
)

// Betweenness returns the exact betweenness centrality of every node of p:
// the sum over unordered pairs {s, t} of other nodes of the fraction of
// shortest s-t paths through the node, unnormalised. This is the
// convention of igraph (betweenness(directed=False)) and NetworkX
// (normalized=False); gonum's network.Betweenness counts ordered pairs, so
// its values are exactly twice these. Isolated nodes, and nodes of degree
// 1, have betweenness 0; pairs in different components add nothing.
//
// workers is the number of goroutines (<= 0: one per CPU); the values are
// the same to the bit for every number of workers. Exec.Betweenness also
// stops early on request.
//
// Method: Brandes' algorithm (2001) run only where it must. The graph is
// split into its biconnected components (blocks) at its articulation
// points (Hopcroft and Tarjan 1973), and every node v of a block B stands
// for the r_B(v) nodes of its component that reach B only through v (v
// itself and everything hanging off it outside B). A shortest path between
// two nodes that reach B through s and t (s != t) crosses B on a shortest
// s-t path of B, so the part of a node's score from paths crossing B is
// Brandes on B alone with node weights: Σ over sources s of r_B(s)·δ_s(v),
// where δ_s counts every target t with weight r_B(t) (Baglioni, Geraci,
// Pellegrini and Lastres, ASONAM 2012; the block-cut tree method of Puzis,
// Zilberman, Elovici, Dolev and Brandes, "Heuristics for speeding up
// betweenness centrality computation", SocialCom 2012, and Sariyüce,
// Saule, Kaya and Çatalyürek, "Shattering and compressing networks for
// betweenness centrality", SDM 2013). An articulation point v adds, in
// closed form, every pair of nodes in different components of the graph
// without v. Blocks of two nodes (bridges, and so every tree hanging off
// the core) need no search at all. Twin-city graphs are mostly trees
// hanging off a small core, so this leaves Brandes on the blocks of three
// or more nodes, about a third of the places in one large block. Within a
// block, twins (nodes with the same neighbours) share one search (see
// mergeTwins; Sariyüce et al. call them identical vertices).
//
// The blocks run in parallel over small groups of sources, on nodes
// renumbered in breadth-first order for memory locality, with per-worker
// buffers and no allocation per source; the groups' sums are added in a
// fixed order. Time O(n + m + Σ_B c_B·m_B) for blocks of c_B nodes and m_B
// links; memory O(n + m) per worker.
func Betweenness(p *Projection, workers int) []float64 {
	values, _, _ := betweenness(fromProjection(p), Exec{Workers: workers}, -1, nil)
	return values
}

// Betweenness is the package function Betweenness run with e: on
// e.Workers goroutines, stopping with ErrCanceled soon after e.Done is
// closed (it checks between groups of sources of about a millisecond each).
func (e Exec) Betweenness(p *Projection) ([]float64, error) {
	values, _, err := betweenness(fromProjection(p), e, -1, nil)
	return values, err
}

// BetweennessSampled estimates the betweenness of every node of p (same
// convention as Betweenness) for graphs too large for the exact
// computation. Everything Betweenness computes in closed form is exact;
// within each block of more than 32 nodes, a share of the `samples`
// sources proportional to the block's size (at least 2) is drawn uniformly
// without replacement with rnd (math/rand/v2; nil: a fixed seed) and the
// block's part is scaled up by c_B/k_B for k_B sources of c_B; smaller
// blocks are exact. The estimate is unbiased.
//
// stdErr is the largest, over all nodes, estimated standard error of a
// node's value: for node v, the square root of Σ_B (c_B/2)² · (1 - k_B/c_B)
// · s²_{B,v} / k_B, where s²_{B,v} is the sample variance of the per-source
// dependencies r_B(s)·δ_s(v) in block B (with the finite-population
// correction). By the normal approximation every node's estimate lies
// within 2·stdErr of its exact value with probability about 95% or more.
// If samples is at least the number of nodes in blocks of three or more,
// the result is exact and stdErr is 0; samples < 1 counts as 1. The result
// depends on rnd and samples, not on workers.
func BetweennessSampled(p *Projection, samples int, rnd *rand.Rand, workers int) (values []float64, stdErr float64) {
	values, stdErr, _ = Exec{Workers: workers}.BetweennessSampled(p, samples, rnd)
	return values, stdErr
}

// BetweennessSampled is the package function BetweennessSampled run with
// e (see Exec.Betweenness).
func (e Exec) BetweennessSampled(p *Projection, samples int, rnd *rand.Rand) (values []float64, stdErr float64, err error) {
	if rnd == nil {
		rnd = rand.New(rand.NewPCG(1, 2))
	}
	return betweenness(fromProjection(p), e, max(samples, 1), rnd)
}

// brandesWorker holds one goroutine's buffers over the largest block.
type brandesWorker struct {
	nd    []nodeState
	tmp   []float64 // σ of the level being scanned, by position
	stack []int32   // c+1 long: the BFS writes one past its end
	succ  []int32   // the BFS DAG: children of stack[i] in succ[sOff[i]:sOff[i+1]]
	sOff  []int32
}

func newBrandesWorker(c, adj int) *brandesWorker {
	bw := &brandesWorker{
		nd:    make([]nodeState, c),
		tmp:   make([]float64, c),
		stack: make([]int32, c+1),
		succ:  make([]int32, adj+1),
		sOff:  make([]int32, c+1),
	}
	for i := range bw.nd {
		bw.nd[i].dist = -1
	}
	return bw
}

// nodeState is what one search keeps per node, side by side for the
// cache: sc is σ(v) in the forward pass and becomes the coefficient
// (r(v) + δ(v)) / σ(v) once the backward pass is done with v; dist is the
// distance from the source, -1 before the node is reached.
type nodeState struct {
	sc   float64
	dist int32
}

// blockGraphs holds the blocks of three or more nodes, each as a small
// graph of its own over local indices 0..c-1 (breadth-first order for the
// large ones): block k's local node i is the node nodes[nOff[k]+i] of the
// whole graph, standing for reach[nOff[k]+i] nodes; its neighbours are
// adj[off[o+i]:off[o+i+1]] with o = nOff[k]+k (local indices). adj ends
// with one slot that belongs to no row.
type blockGraphs struct {
	nOff  []int32
	nodes []int32
	reach []float64
	off   []int32
	adj   []int32
	maxC  int // nodes of the largest block
	maxA  int // adjacency slots of the block with the most links
}

func (bg *blockGraphs) count() int { return len(bg.nOff) - 1 }

func (bg *blockGraphs) size(k int) int { return int(bg.nOff[k+1] - bg.nOff[k]) }

// graph returns block k's offsets (absolute into bg.adj) and weights.
func (bg *blockGraphs) graph(k int) (off []int32, reach []float64) {
	lo, hi := bg.nOff[k], bg.nOff[k+1]
	return bg.off[int(lo)+k : int(hi)+k+1], bg.reach[lo:hi]
}

// bigBlocks builds the blocks of three or more nodes of bc as graphs of
// their own; blocks of two nodes (single links) have no inner paths.
func (g *csr) bigBlocks(bc *blockCut) *blockGraphs {
	bg := &blockGraphs{nOff: []int32{0}}
	loc := make([]int32, g.n())
	for b := 0; b < bc.count(); b++ {
		lo, hi := bc.nOff[b], bc.nOff[b+1]
		c := int(hi - lo)
		if c < 3 {
			continue
		}
		nodes := bc.nodes[lo:hi]
		for i, v := range nodes {
			loc[v] = int32(i)
		}
		// The block's links as a local graph.
		edges := bc.edges[2*bc.eOff[b] : 2*bc.eOff[b+1]]
		h := &csr{off: make([]int32, c+1), adj: make([]int32, len(edges))}
		for _, v := range edges {
			h.off[loc[v]+1]++
		}
		for i := 0; i < c; i++ {
			h.off[i+1] += h.off[i]
		}
		pos := slices.Clone(h.off[:c])
		for k := 0; k < len(edges); k += 2 {
			a, z := loc[edges[k]], loc[edges[k+1]]
			h.adj[pos[a]], h.adj[pos[z]] = z, a
			pos[a]++
			pos[z]++
		}
		order := make([]int32, c)
		for i := range order {
			order[i] = int32(i)
		}
		if c >= 64 {
			keep := make([]bool, c)
			for i := range keep {
				keep[i] = true
			}
			h, order, _ = h.subgraph(keep)
		}
		base := int32(len(bg.adj))
		for i := 0; i < c; i++ {
			bg.nodes = append(bg.nodes, nodes[order[i]])
			bg.reach = append(bg.reach, bc.reach[int(lo)+int(order[i])])
			bg.off = append(bg.off, base+h.off[i])
		}
		bg.off = append(bg.off, base+h.off[c])
		bg.adj = append(bg.adj, h.adj...)
		bg.nOff = append(bg.nOff, int32(len(bg.nodes)))
		bg.maxC = max(bg.maxC, c)
		bg.maxA = max(bg.maxA, len(h.adj))
	}
	// A slot past the last row, for scanLevel's pointer to a row's end.
	bg.adj = append(bg.adj, -1)
	return bg
}

// segment is a run of sources of one block within a job: block k's
// sources srcs[lo:hi], whose sums go to the job's buffer from pos on.
type segment struct {
	k, lo, hi, pos int32
}

// jobCost is about how many adjacency visits one job does (a millisecond
// or two): small enough to stop soon on cancellation and to spread the
// large block over the workers, large enough that adding up the job's sums
// costs little beside it.
const jobCost = 1 << 20

// planJobs cuts the sources of every block (srcs[srcOff[k]:srcOff[k+1]]
// for block k) into jobs of about jobCost adjacency visits each: job j is
// segs[jOff[j]:jOff[j+1]]. Small blocks share a job. bufLen is the buffer
// length the largest job needs.
func planJobs(bg *blockGraphs, srcOff []int32) (segs []segment, jOff []int32, bufLen int) {
	jOff = []int32{0}
	cost, pos := 0, int32(0)
	closeJob := func() {
		if len(segs) > int(jOff[len(jOff)-1]) {
			jOff = append(jOff, int32(len(segs)))
			bufLen = max(bufLen, int(pos))
		}
		cost, pos = 0, 0
	}
	for k := 0; k < bg.count(); k++ {
		c := int32(bg.size(k))
		lo, hi := bg.nOff[k], bg.nOff[k+1]
		per := int(bg.off[int(hi)+k]-bg.off[int(lo)+k]) + int(c) // one source's visits
		for s := srcOff[k]; s < srcOff[k+1]; {
			if cost >= jobCost {
				closeJob()
			}
			n := int32(max(1, min(int(srcOff[k+1]-s), (jobCost-cost+per-1)/per)))
			segs = append(segs, segment{k: int32(k), lo: s, hi: s + n, pos: pos})
			pos += c
			cost += int(n) * per
			s += n
		}
	}
	closeJob()
	return segs, jOff, bufLen
}

// betweennessBuf is one job's sums: of r(s)·δ_s(v) over its sources, and
// of their squares when sampling.
type betweennessBuf struct{ acc, acc2 []float64 }

// betweenness computes exact values (samples < 0) or the sampled estimate.
func betweenness(g *csr, e Exec, samples int, rnd *rand.Rand) ([]float64, float64, error) {
	n := g.n()
	bc := make([]float64, n)
	if n == 0 {
		return bc, 0, nil
	}
	cuts := g.blocks()
	copy(bc, cuts.cut)
	bg := g.bigBlocks(cuts)
	if bg.count() == 0 {
		return bc, 0, nil
	}
	srcs, srcOff, sampling := chooseSources(bg, samples, rnd)
	var tw *twinSources
	runSrcs, runOff := srcs, srcOff
	if !sampling {
		tw = mergeTwins(bg, srcs, srcOff)
		runSrcs, runOff = tw.srcs, tw.srcOff
	}
	acc, acc2, err := brandesBlocks(e, bg, runSrcs, runOff, sampling, tw)
	if err != nil {
		return nil, 0, err
	}
	stdErr := addBlockSums(bc, bg, srcOff, acc, acc2)
	return bc, stdErr, nil
}

// brandesBlocks runs weighted Brandes from the given sources of every
// block (see chooseSources) in jobs on e.Workers goroutines, and returns
// per block node (in bg.nodes order) the sum of r(s)·δ_s(v) over its
// block's sources, and of the squares when sampling, added up in job order.
// With tw, every source stands for its class of twins (see mergeTwins).
func brandesBlocks(e Exec, bg *blockGraphs, srcs, srcOff []int32, sampling bool, tw *twinSources) (acc, acc2 []float64, err error) {
	segs, jOff, bufLen := planJobs(bg, srcOff)
	jobs := len(jOff) - 1
	workers := workerCount(e.Workers, jobs)
	ws := make([]*brandesWorker, workers)
	for w := range ws {
		ws[w] = newBrandesWorker(bg.maxC, bg.maxA)
	}
	acc = make([]float64, len(bg.nodes))
	if sampling {
		acc2 = make([]float64, len(bg.nodes))
	}
	newBuf := func() *betweennessBuf {
		b := &betweennessBuf{acc: make([]float64, bufLen)}
		if sampling {
			b.acc2 = make([]float64, bufLen)
		}
		return b
	}
	work := func(w int, buf *betweennessBuf, j int) {
		clear(buf.acc)
		clear(buf.acc2)
		for _, sg := range segs[jOff[j]:jOff[j+1]] {
			off, reach := bg.graph(int(sg.k))
			a, a2 := buf.window(sg.pos, len(reach))
			if tw == nil {
				for _, s := range srcs[sg.lo:sg.hi] {
					ws[w].run(off, bg.adj, reach, s, reach[s], a, a2)
				}
				continue
			}
			for i, s := range srcs[sg.lo:sg.hi] {
				i += int(sg.lo)
				ws[w].run(off, bg.adj, reach, s, tw.weight[i], a, a2)
				if x := tw.shift[i]; x != 0 {
					for _, v := range bg.adj[off[s]:off[s+1]] {
						a[v] += x
					}
				}
			}
		}
	}
	merge := func(buf *betweennessBuf, j int) {
		for _, sg := range segs[jOff[j]:jOff[j+1]] {
			lo := int(bg.nOff[sg.k])
			a, a2 := buf.window(sg.pos, bg.size(int(sg.k)))
			for i, x := range a {
				acc[lo+i] += x
			}
			for i, x := range a2 {
				acc2[lo+i] += x
			}
		}
	}
	if err := orderedJobs(e, workers, jobs, newBuf, work, merge); err != nil {
		return nil, nil, err
	}
	return acc, acc2, nil
}

// window returns the c sums from pos on (acc2's nil when not sampling).
func (b *betweennessBuf) window(pos int32, c int) (acc, acc2 []float64) {
	acc = b.acc[pos : int(pos)+c]
	if b.acc2 != nil {
		acc2 = b.acc2[pos : int(pos)+c]
	}
	return acc, acc2
}

// chooseSources picks the sources of every block: all of them for the
// exact values (samples < 0 or at least the blocks' nodes), else a share
// of samples per block (see BetweennessSampled), drawn with rnd in block
// order. Block k's sources are srcs[srcOff[k]:srcOff[k+1]], local indices.
func chooseSources(bg *blockGraphs, samples int, rnd *rand.Rand) (srcs, srcOff []int32, sampling bool) {
	const smallExact = 32
	total, big := 0, 0
	for k := 0; k < bg.count(); k++ {
		total += bg.size(k)
		if bg.size(k) > smallExact {
			big += bg.size(k)
		}
	}
	sampling = samples >= 0 && samples < total
	srcOff = make([]int32, 1, bg.count()+1)
	for k := 0; k < bg.count(); k++ {
		c := bg.size(k)
		first := len(srcs)
		for i := 0; i < c; i++ {
			srcs = append(srcs, int32(i))
		}
		if sampling && c > smallExact {
			want := min(c, max(2, (samples*c+big-1)/big))
			// Partial Fisher–Yates: a uniform sample without replacement.
			block := srcs[first:]
			for i := 0; i < want; i++ {
				j := i + rnd.IntN(c-i)
				block[i], block[j] = block[j], block[i]
			}
			srcs = srcs[:first+want]
		}
		srcOff = append(srcOff, int32(len(srcs)))
	}
	return srcs, srcOff, sampling
}

// twinSources are the sources of the exact values once twins are merged:
// block k's are srcs[srcOff[k]:srcOff[k+1]]; source i stands for the
// weight[i] of its class and adds shift[i] to each of its neighbours.
type twinSources struct {
	srcs, srcOff  []int32
	weight, shift []float64
}

// mergeTwins keeps one source per class of twins of every block (all
// sources given, srcs as chooseSources makes them when exact). Twins u and
// v have the same neighbours, N(u) = N(v) (open twins, not linked) or
// N(u)∪{u} = N(v)∪{v} (closed twins, linked); every shortest path from v
// to a node t outside {u, v} has a twin through u with the same inner
// nodes, and neither lies inside a shortest path from the other, so
// δ_v(w) = δ_u(w) for every w but, for open twins, the paths between u and
// v themselves: those run over each of the k common neighbours once, so
// δ_v(w) = δ_u(w) + (r(u) - r(v))/k for w in N(u). Over a class T with
// source u: Σ_{v in T} r(v)·δ_v(w) = (Σ_{v in T} r(v))·δ_u(w), plus, for
// open twins and w in N(u), Σ_{v in T, v != u} r(v)·(r(u) - r(v))/k. The
// first node of a class is its source.
func mergeTwins(bg *blockGraphs, srcs, srcOff []int32) *twinSources {
	tw := &twinSources{srcOff: make([]int32, 1, len(srcOff))}
	// Neighbour-set hashes: a sum of mixed indices does not depend on the
	// order of the neighbours.
	mix := func(v int32) uint64 {
		x := uint64(v) + 0x9e3779b97f4a7c15
		x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
		x = (x ^ x>>27) * 0x94d049bb133111eb
		return x ^ x>>31
	}
	var hash []uint64
	var class, mark []int32
	for k := 0; k < bg.count(); k++ {
		off, reach := bg.graph(k)
		c := len(reach)
		nbrs := func(v int32) []int32 { return bg.adj[off[v]:off[v+1]] }
		hash = slices.Grow(hash[:0], c)[:c]
		class = slices.Grow(class[:0], c)[:c]
		mark = slices.Grow(mark[:0], c)[:c]
		for v := range c {
			var h uint64
			for _, w := range nbrs(int32(v)) {
				h += mix(w)
			}
			hash[v], class[v], mark[v] = h, int32(v), -1
		}
		// same reports whether v is a twin of u (closed: linked ones).
		same := func(u, v int32, closed bool) bool {
			nu, nv := nbrs(u), nbrs(v)
			if len(nu) != len(nv) {
				return false
			}
			for _, w := range nu {
				mark[w] = u
			}
			if closed {
				mark[u] = u
			}
			for _, w := range nv {
				if w != u && mark[w] != u || w == u && !closed {
					return false
				}
			}
			return !closed || mark[v] == u
		}
		open := map[uint64][]int32{}
		closedSets := map[uint64][]int32{}
		for v := int32(0); v < int32(c); v++ {
			ko, kc := hash[v], hash[v]+mix(v)
			found := false
			for _, u := range open[ko] {
				if same(u, v, false) {
					class[v], found = u, true
					break
				}
			}
			for _, u := range closedSets[kc] {
				if !found && same(u, v, true) {
					class[v], found = u, true
					break
				}
			}
			if !found {
				open[ko] = append(open[ko], v)
				closedSets[kc] = append(closedSets[kc], v)
			}
		}
		// The classes' weights and shifts, in source order; at[u] is the
		// position of class u's source.
		at := mark // done with the marks
		for _, s := range srcs[srcOff[k]:srcOff[k+1]] {
			if class[s] == s {
				at[s] = int32(len(tw.srcs))
				tw.srcs = append(tw.srcs, s)
				tw.weight = append(tw.weight, reach[s])
				tw.shift = append(tw.shift, 0)
			}
		}
		for v := int32(0); v < int32(c); v++ {
			u := class[v]
			if u == v {
				continue
			}
			i := at[u]
			tw.weight[i] += reach[v]
			if !slices.Contains(nbrs(u), v) { // open twins
				tw.shift[i] += reach[v] * (reach[u] - reach[v]) / float64(len(nbrs(u)))
			}
		}
		tw.srcOff = append(tw.srcOff, int32(len(tw.srcs)))
	}
	return tw
}

// addBlockSums adds every block's part, r(s)·δ_s(v) summed over its
// sources, halved (each pair is seen from both ends) and scaled up by
// c/k when k of its c nodes were sources, to bc, in block order. It
// returns the largest standard error of a node's value (0 when exact).
func addBlockSums(bc []float64, bg *blockGraphs, srcOff []int32, acc, acc2 []float64) float64 {
	var variance []float64
	if acc2 != nil {
		variance = make([]float64, len(bc))
	}
	for k := 0; k < bg.count(); k++ {
		lo, hi := bg.nOff[k], bg.nOff[k+1]
		cf := float64(hi - lo)
		kf := float64(srcOff[k+1] - srcOff[k])
		scale := cf / kf
		for i := lo; i < hi; i++ {
			v := bg.nodes[i]
			bc[v] += scale * acc[i] / 2
			if variance != nil && kf > 1 && kf < cf {
				mean := acc[i] / kf
				s2 := max(0, (acc2[i]-kf*mean*mean)/(kf-1))
				variance[v] += cf * cf / 4 * (1 - kf/cf) * s2 / kf
			}
		}
	}
	var worst float64
	for _, x := range variance {
		worst = max(worst, x)
	}
	return math.Sqrt(worst)
}

// scanLevel scans level d-1 = stack[lo:hi] of a search (see run): it sets
// tmp[i-lo] to the σ of stack[i], records its children in succ from k on
// (sOff[i] is where they start), and pushes the nodes of level d it
// discovers on stack from top on; it returns the new top and k. It is a
// function of its own, walking pointers, so that the compiler keeps most
// of its variables in registers: about 15% faster than the same loop
// inside run with indices.
//
// The loop reads and writes without bounds checks: w < c is a local index
// of the block, top <= c indexes stack (c+1 long), k, at most the block's
// adjacency length, indexes succ (one longer), and adj has a slot past its
// last row (see bigBlocks).
func scanLevel(nd []nodeState, off, adj, stack, succ, sOff []int32, tmp []float64, lo, hi, top, k int, d int32) (int, int) {
	// sp and kp point at stack[top] and succ[k].
	ndp, sup := unsafe.Pointer(&nd[0]), unsafe.Pointer(&succ[0])
	sp, kp := unsafe.Add(unsafe.Pointer(&stack[0]), top*4), unsafe.Add(sup, k*4)
	so, tp := sOff[lo:hi], tmp[:hi-lo]
	for i, v := range stack[lo:hi] {
		so[i] = int32((uintptr(kp) - uintptr(sup)) / 4)
		var sum float64
		// adj has a slot past its last row: &adj[off[v+1]] is in range.
		ap, end := unsafe.Pointer(&adj[off[v]]), unsafe.Pointer(&adj[off[v+1]])
		for ; ap != end; ap = unsafe.Add(ap, 4) {
			w := *(*int32)(ap)
			x := (*nodeState)(unsafe.Add(ndp, uintptr(w)*unsafe.Sizeof(nodeState{})))
			sum += x.sc
			old := x.dist
			m := old >> 31            // -1 if w is new (dist -1)
			dw := old + ((d + 1) & m) // then its distance becomes d
			x.dist = dw
			*(*int32)(sp) = w
			sp = unsafe.Add(sp, -4*int(m))
			// w is a child of v iff it is on level d: dw^d == 0.
			*(*int32)(kp) = w
			kp = unsafe.Add(kp, 4*int((uint32(dw^d)-1)>>31))
		}
		tp[i] = sum
	}
	return int((uintptr(sp) - uintptr(unsafe.Pointer(&stack[0]))) / 4), int((uintptr(kp) - uintptr(sup)) / 4)
}

// accumulate is run's backward pass without squares, in a function of its
// own for the same reason as scanLevel: stack[1:hi] deepest first, the
// children of stack[i] in succ[sOff[i]:sOff[i+1]].
func accumulate(nd []nodeState, stack, succ, sOff []int32, om []float64, ws float64, acc []float64, hi int) {
	ndp := unsafe.Pointer(&nd[0])
	for i := hi - 1; i >= 1; i-- {
		v := stack[i]
		var sum float64
		for _, w := range succ[sOff[i]:sOff[i+1]] {
			sum += (*nodeState)(unsafe.Add(ndp, uintptr(w)*unsafe.Sizeof(nodeState{}))).sc
		}
		sv := nd[v].sc
		dv := sv * sum
		nd[v].sc = (om[v] + dv) / sv
		acc[v] += ws * dv
	}
}

// run does one weighted Brandes pass from source s over the block whose
// node v has neighbours adj[off[v]:off[v+1]] and weight om[v], and adds
// ws·δ_s(v) to acc[v] (and its square to acc2[v] when not nil); ws is
// om(s), or the weight of s's twins with it.
//
// The forward pass goes level by level and pulls, with no test of
// distances for σ: v's neighbours lie on its own level and the ones next to
// it, and σ is set one level at a time, so when level d is scanned only the
// neighbours on level d-1 have a σ yet and σ(v) = Σ_{w ~ v} σ(w). The same
// scan discovers level d+1 and records v's children (its neighbours one
// level further) in succ, without branches. The backward pass walks the
// stack from the end over those children only:
// δ(v) = σ(v) · Σ_{w child of v} (om(w) + δ(w)) / σ(w).
func (bw *brandesWorker) run(off, adj []int32, om []float64, s int32, ws float64, acc, acc2 []float64) {
	nd, tmp := bw.nd, bw.tmp
	stack, succ, sOff := bw.stack, bw.succ, bw.sOff
	stack[0] = s
	nd[s] = nodeState{sc: 1, dist: 0}
	lo, hi, top, k := 0, 1, 1, 0
	for d := int32(1); ; d++ {
		// Scan level d-1 = stack[lo:hi]: its σ, and discover level d.
		top, k = scanLevel(nd, off, adj, stack, succ, sOff, tmp, lo, hi, top, k, d)
		if d > 1 {
			for i, v := range stack[lo:hi] {
				nd[v].sc = tmp[i]
			}
		}
		if top == hi {
			break
		}
		lo, hi = hi, top
	}
	sOff[hi] = int32(k)
	// Backward over the DAG, deepest nodes first: a node's children are
	// done before it, and their σ has become their coefficient.
	if acc2 == nil {
		accumulate(nd, stack, succ, sOff, om, ws, acc, hi)
	} else {
		for i := hi - 1; i >= 1; i-- {
			v := stack[i]
			var sum float64
			for _, w := range succ[sOff[i]:sOff[i+1]] {
				sum += nd[w].sc
			}
			sv := nd[v].sc
			dv := sv * sum
			nd[v].sc = (om[v] + dv) / sv
			x := ws * dv
			acc[v] += x
			acc2[v] += x * x
		}
	}
	for _, v := range stack[:hi] {
		nd[v] = nodeState{sc: 0, dist: -1}
	}
}
