package analytics

import (
	"slices"
	"sort"
)

// GroupBridges answers "which places link group A with group B, and how
// much would be lost without each": for example the German places linked to
// Poland and the German places linked to Ukraine (LinkedTo), or two
// communities.
//
// The cross-group pairs are the ordered pairs (a, b) with a in A, b in B
// and a != b (a place in both groups pairs with the others of both). For
// every place v, Betweenness sums over the connected cross-group pairs with
// v at neither end the share of their shortest paths that pass through v
// (Brandes' dependencies restricted to the pairs). For the top places by
// that sum (at most top), the loss without v is measured by searching again
// with v removed: Disconnected counts the cross-group pairs (v at neither
// end) that are connected now and would not be, and DistanceIncrease is the
// mean increase of the distance of the pairs that stay connected.
//
// Cost: two breadth-first searches per place s of the smaller group, and
// for each of the top places v a repair of the distances from s of the
// places whose every shortest path from s runs through v (the others keep
// theirs): O(top·(n+m)) per place of the smaller group at worst, far less
// when v carries few paths; memory O(n).
func GroupBridges(p *Projection, a, b []int32, top int) BridgeResult {
	r, _ := Exec{}.GroupBridges(p, a, b, top) // never canceled without Done
	return r
}

// GroupBridges is the package function GroupBridges run with e: the
// searches from the places of the smaller group on e.Workers goroutines,
// their parts added up in the order of the places (the same result to the
// bit for any number of workers); ErrCanceled when e.Done is closed.
func (e Exec) GroupBridges(p *Projection, a, b []int32, top int) (BridgeResult, error) {
	n := p.N()
	inA, inB := make([]bool, n), make([]bool, n)
	for _, v := range a {
		inA[v] = true
	}
	for _, v := range b {
		inB[v] = true
	}
	// Search from the smaller group; the pairs are the same read backwards.
	src, isTarget := members(inA), inB
	if nb := members(inB); len(nb) < len(src) {
		src, isTarget = nb, inA
	}
	res := BridgeResult{GroupA: count(inA), GroupB: count(inB)}
	targets := count(isTarget)
	for _, s := range src {
		res.Pairs += targets
		if isTarget[s] {
			res.Pairs--
		}
	}
	workers := workerCount(e.Workers, len(src))
	bfs := make([]*plainBFS, workers)
	sigma := make([][]float64, workers)
	for w := range bfs {
		bfs[w], sigma[w] = newPlainBFS(n), make([]float64, n)
	}
	// Pass 1: Brandes' dependencies of the cross-group pairs, per source.
	type deps struct {
		delta     []float64
		order     []int32
		connected int
		sumDist   int64
	}
	bc := make([]float64, n)
	var sumDist int64
	err := orderedJobs(e, workers, len(src), func() *deps { return &deps{delta: make([]float64, n)} },
		func(w int, d *deps, j int) {
			s, bf, sg, delta := src[j], bfs[w], sigma[w], d.delta
			bf.run(p, s, -1)
			order := bf.order
			d.connected, d.sumDist = 0, 0
			for _, v := range order {
				sg[v], delta[v] = 0, 0
			}
			sg[s] = 1
			for _, v := range order {
				for _, x := range p.Neighbors(v) {
					if bf.dist[x] == bf.dist[v]+1 {
						sg[x] += sg[v]
					}
				}
				if isTarget[v] && v != s {
					d.connected++
					d.sumDist += int64(bf.dist[v])
				}
			}
			for i := len(order) - 1; i > 0; i-- {
				x := order[i]
				t := delta[x]
				if isTarget[x] {
					t++
				}
				for _, v := range p.Neighbors(x) {
					if bf.dist[v] == bf.dist[x]-1 {
						delta[v] += sg[v] / sg[x] * t
					}
				}
			}
			d.order = append(d.order[:0], order...)
		},
		func(d *deps, _ int) {
			for i := len(d.order) - 1; i > 0; i-- {
				x := d.order[i]
				bc[x] += d.delta[x]
			}
			res.Connected += d.connected
			sumDist += d.sumDist
		})
	if err != nil {
		return BridgeResult{}, err
	}
	if res.Connected > 0 {
		res.MeanDistance = float64(sumDist) / float64(res.Connected)
	}
	var cand []int32
	for v := range bc {
		if bc[v] > 0 {
			cand = append(cand, int32(v))
		}
	}
	sort.Slice(cand, func(i, j int) bool {
		x, y := cand[i], cand[j]
		if bc[x] != bc[y] {
			return bc[x] > bc[y]
		}
		return p.Node(x).ID < p.Node(y).ID
	})
	cand = cand[:min(max(top, 0), len(cand))]
	res.Places = make([]Bridge, len(cand))
	increase := make([]int64, len(cand))
	stay := make([]int, len(cand))
	// Pass 2: the loss without each candidate, per source (integers: the
	// order of the sums does not matter).
	reps := make([]*bridgeRepair, workers)
	for w := range reps {
		reps[w] = newBridgeRepair(n)
	}
	type losses struct {
		lost, stay []int
		inc        []int64
	}
	err = orderedJobs(e, workers, len(src), func() *losses {
		return &losses{lost: make([]int, len(cand)), stay: make([]int, len(cand)), inc: make([]int64, len(cand))}
	}, func(w int, l *losses, j int) {
		s, bf := src[j], bfs[w]
		clear(l.lost)
		clear(l.stay)
		clear(l.inc)
		bf.run(p, s, -1)
		base := bf.dist
		connected := 0 // targets other than s with a path from s
		for _, t := range bf.order {
			if isTarget[t] && t != s {
				connected++
			}
		}
		for k, c := range cand {
			if c == s {
				continue
			}
			lost, inc := reps[w].without(p, base, c, isTarget)
			l.lost[k], l.inc[k], l.stay[k] = lost, inc, connected-lost
			if isTarget[c] && base[c] >= 0 {
				l.stay[k]--
			}
		}
	}, func(l *losses, _ int) {
		for k := range cand {
			res.Places[k].Disconnected += l.lost[k]
			increase[k] += l.inc[k]
			stay[k] += l.stay[k]
		}
	})
	if err != nil {
		return BridgeResult{}, err
	}
	for k, c := range cand {
		res.Places[k].Node, res.Places[k].Betweenness = c, bc[c]
		res.Places[k].InA, res.Places[k].InB = inA[c], inB[c]
		if stay[k] > 0 {
			res.Places[k].DistanceIncrease = float64(increase[k]) / float64(stay[k])
		}
	}
	return res, nil
}

// BridgeResult is the answer of GroupBridges.
type BridgeResult struct {
	GroupA, GroupB int // places in each group
	// Pairs counts the ordered cross-group pairs, Connected those joined by
	// a path; MeanDistance is their mean distance in links.
	Pairs, Connected int
	MeanDistance     float64
	// Places are the places on shortest cross-group paths, the highest
	// Betweenness first (ties by ID).
	Places []Bridge
}

// Bridge is one place of a BridgeResult.
type Bridge struct {
	Node int32
	// Betweenness is the number of cross-group pairs through the place,
	// each weighted by the share of its shortest paths through it.
	Betweenness float64
	// Disconnected counts the cross-group pairs that would lose every path
	// without the place; DistanceIncrease is the mean increase, in links,
	// of the distance of the others.
	Disconnected     int
	DistanceIncrease float64
	InA, InB         bool // the place is itself in group A, B
}

// LinkedTo returns the places of country home with a link to a place of
// country to, in index order.
func LinkedTo(p *Projection, home, to string) []int32 {
	var out []int32
	for v := int32(0); v < int32(p.N()); v++ {
		if p.Node(v).Country != home {
			continue
		}
		if slices.ContainsFunc(p.Neighbors(v), func(w int32) bool { return p.Node(w).Country == to }) {
			out = append(out, v)
		}
	}
	return out
}

func members(in []bool) []int32 {
	var out []int32
	for v, ok := range in {
		if ok {
			out = append(out, int32(v))
		}
	}
	return out
}

func count(in []bool) int {
	n := 0
	for _, ok := range in {
		if ok {
			n++
		}
	}
	return n
}

// plainBFS is a breadth-first search that can leave one node out.
type plainBFS struct {
	dist  []int32 // -1: not reached
	order []int32 // the nodes reached, in order
}

func newPlainBFS(n int) *plainBFS {
	b := &plainBFS{dist: make([]int32, n)}
	for i := range b.dist {
		b.dist[i] = -1
	}
	return b
}

// run searches from s without node skip (-1: none).
func (b *plainBFS) run(p *Projection, s, skip int32) {
	for _, v := range b.order {
		b.dist[v] = -1
	}
	b.order = append(b.order[:0], s)
	b.dist[s] = 0
	for i := 0; i < len(b.order); i++ {
		v := b.order[i]
		for _, w := range p.Neighbors(v) {
			if w != skip && b.dist[w] < 0 {
				b.dist[w] = b.dist[v] + 1
				b.order = append(b.order, w)
			}
		}
	}
}

// bridgeRepair finds the distances from a source that change when one
// node is taken out: only the nodes whose every shortest path from the
// source runs through it can move, and they are searched again from the
// nodes around them that keep their distance.
type bridgeRepair struct {
	epoch      int32
	in, seen   []int32 // == epoch: affected, decided
	done       []int32 // == epoch: distance final
	nd, seedD  []int32 // new distance (-1: no path), distance as a seed
	aff, seeds []int32
	queue      []int32
}

func newBridgeRepair(n int) *bridgeRepair {
	return &bridgeRepair{in: make([]int32, n), seen: make([]int32, n), done: make([]int32, n), nd: make([]int32, n), seedD: make([]int32, n)}
}

// without takes c out of the graph searched from the source with
// distances base (-1: not reached) and returns, over the targets other
// than c reached before, how many are reached no more and the sum of the
// increases of the distances of the others.
func (r *bridgeRepair) without(p *Projection, base []int32, c int32, isTarget []bool) (lost int, increase int64) {
	if base[c] < 0 {
		return 0, 0
	}
	r.epoch++
	e := r.epoch
	// The affected nodes, by distance: c, and every node below it in the
	// shortest-path DAG whose predecessors are all affected. A node's
	// predecessors are one level up, all decided before it is first met.
	r.aff = append(r.aff[:0], c)
	r.in[c], r.seen[c] = e, e
	for i := 0; i < len(r.aff); i++ {
		u := r.aff[i]
		for _, w := range p.Neighbors(u) {
			if base[w] != base[u]+1 || r.seen[w] == e {
				continue
			}
			r.seen[w] = e
			all := true
			for _, x := range p.Neighbors(w) {
				if base[x] == base[w]-1 && r.in[x] != e {
					all = false
					break
				}
			}
			if all {
				r.in[w] = e
				r.aff = append(r.aff, w)
			}
		}
	}
	if len(r.aff) == 1 {
		return 0, 0
	}
	// Seeds: affected nodes next to a node that keeps its distance.
	r.seeds = r.seeds[:0]
	for _, w := range r.aff[1:] {
		best := int32(-1)
		for _, x := range p.Neighbors(w) {
			if r.in[x] != e && base[x] >= 0 && (best < 0 || base[x]+1 < best) {
				best = base[x] + 1
			}
		}
		r.nd[w], r.seedD[w] = best, best
		if best >= 0 {
			r.seeds = append(r.seeds, w)
		}
	}
	slices.SortFunc(r.seeds, func(a, b int32) int { return int(r.seedD[a] - r.seedD[b]) })
	// A breadth-first search within the affected nodes from seeds of
	// different distances: the seeds, in order, merged with the queue.
	r.queue = r.queue[:0]
	qi, si := 0, 0
	for qi < len(r.queue) || si < len(r.seeds) {
		var v int32
		if qi == len(r.queue) || si < len(r.seeds) && r.seedD[r.seeds[si]] <= r.nd[r.queue[qi]] {
			v = r.seeds[si]
			si++
			if r.nd[v] != r.seedD[v] { // reached closer, queued
				continue
			}
		} else {
			v = r.queue[qi]
			qi++
		}
		if r.done[v] == e {
			continue
		}
		r.done[v] = e
		for _, w := range p.Neighbors(v) {
			if r.in[w] == e && w != c && r.done[w] != e && (r.nd[w] < 0 || r.nd[w] > r.nd[v]+1) {
				r.nd[w] = r.nd[v] + 1
				r.queue = append(r.queue, w)
			}
		}
	}
	for _, w := range r.aff[1:] {
		if !isTarget[w] {
			continue
		}
		if r.nd[w] < 0 {
			lost++
		} else {
			increase += int64(r.nd[w] - base[w])
		}
	}
	return lost, increase
}
