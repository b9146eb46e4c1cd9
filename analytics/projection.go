// Package analytics computes on the partnership graph: centrality,
// communities, global figures, coverage and partner recommendations. Its
// functions are pure: they take a Projection, an immutable int-indexed
// adjacency built from a store snapshot, and return values; no context, no
// logging, no store.
package analytics

import (
	"hash/maphash"
	"slices"
	"sort"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

// Projection is an immutable, int-indexed view of the partnership graph in
// compressed sparse row (CSR) form. Node i is nodes[i]; its neighbours are
// adj[off[i]:off[i+1]], and the link behind the slot adj[k] is
// links[linkOf[k]]. Parallel links between the same two places (one per
// kind) appear once in adj, with the first link kept in linkOf; links holds
// them all. Outside this package it is read through its methods (Node,
// IndexOf, Link, Ends, Neighbors, LinksOf, Snapshot, ...).
//
// Every node of the snapshot is in the projection, also those without
// links. A Projection is never changed after it is built, so it is safe for
// concurrent use, and Version tells results computed on it apart.
type Projection struct {
	// version is the store version the snapshot was read at, with the
	// filter folded in: two projections with the same version and filter
	// are equal. A view of a view keeps only its own filter; Key names
	// the whole chain and is what caches should use.
	version int64
	// filter is what this view keeps of the full graph.
	filter Filter

	nodes  []graph.Municipality // index -> municipality
	index  idIndex              // municipality ID -> index
	off    []int32              // len(nodes)+1 offsets into adj
	adj    []int32              // neighbour indices, sorted per node
	linkOf []int32              // per adj slot: index into links
	links  []graph.Partnership  // the links kept, in snapshot order
	ends   [][2]int32           // per link: the indices of its two ends

	// snapshot is the full snapshot the projection was built from (also
	// for views), for networks, memberships, organisations and counts.
	snapshot *graph.Snapshot

	// parentKey is the Key of the projection this view was made from, ""
	// for a projection of a whole snapshot.
	parentKey string
	// layer names what a derived projection holds instead of the
	// partnerships ("" for the partnership graph): see SharedGroups and
	// Combine; views keep it. layerKey is set on the derived projection
	// itself and enters its Key.
	layer, layerKey string

	// weights holds a weight per link (nil: every link weighs 1), slotW
	// the weight per adjacency slot: the sum of the weights of the links
	// between the pair (see setWeights). Only the weighted kernels
	// (Louvain, Strength) read them.
	weights []float64
	slotW   []float64

	idx *indexes // built on first use (index.go)
}

// Filter selects the links of a view. The zero Filter keeps every link.
type Filter struct {
	Kinds     []graph.Kind // keep only these kinds; empty keeps all
	AsOf      graph.Date   // keep links active at this date (see Partnership.ActiveAt)
	From, To  graph.Date   // keep links whose since lies in [From, To]; zero bounds are open
	Countries []string     // keep links with both ends in these countries; empty keeps all
	States    []string     // keep links with at least one end in these Länder (ISO 3166-2)
	// ActiveOnly drops links with status ENDED or an until date.
	ActiveOnly bool
}

// IsZero reports whether f keeps everything.
func (f Filter) IsZero() bool {
	return len(f.Kinds) == 0 && f.AsOf.IsZero() && f.From.IsZero() && f.To.IsZero() &&
		len(f.Countries) == 0 && len(f.States) == 0 && !f.ActiveOnly
}

// Keep reports whether the filter keeps link p between a and b.
func (f Filter) Keep(p graph.Partnership, a, b *graph.Municipality) bool { return f.keep(&p, a, b) }

func (f *Filter) keep(p *graph.Partnership, a, b *graph.Municipality) bool {
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, p.Kind) {
		return false
	}
	if !f.AsOf.IsZero() && !p.ActiveAt(f.AsOf) {
		return false
	}
	if !f.From.IsZero() && (p.Since.IsZero() || p.Since.Before(f.From)) {
		return false
	}
	if !f.To.IsZero() && (p.Since.IsZero() || f.To.Before(p.Since)) {
		return false
	}
	if len(f.Countries) > 0 && (!slices.Contains(f.Countries, a.Country) || !slices.Contains(f.Countries, b.Country)) {
		return false
	}
	if len(f.States) > 0 && !slices.Contains(f.States, a.State) && !slices.Contains(f.States, b.State) {
		return false
	}
	if f.ActiveOnly && (p.Status == graph.StatusEnded || !p.Until.IsZero()) {
		return false
	}
	return true
}

// NewProjection builds the projection of the whole snapshot s.
func NewProjection(s *graph.Snapshot) *Projection {
	return build(s, Filter{}, s.Partnerships)
}

// View returns the projection of the links f keeps; nodes stay the same
// (every place of the snapshot), so indices are shared with p.
func (p *Projection) View(f Filter) *Projection {
	if f.IsZero() {
		return p
	}
	keep := make([]graph.Partnership, 0, len(p.links))
	ends := make([][2]int32, 0, len(p.links))
	var weights []float64
	for i := range p.links {
		e := p.ends[i]
		if f.keep(&p.links[i], &p.nodes[e[0]], &p.nodes[e[1]]) {
			keep = append(keep, p.links[i])
			ends = append(ends, e)
			if p.weights != nil {
				weights = append(weights, p.weights[i])
			}
		}
	}
	q := buildFromEnds(p.snapshot, f, keep, ends, p.nodes, p.index)
	q.version = p.version
	q.parentKey = p.Key()
	q.layer = p.layer
	q.idx = newIndexes(q, p)
	if p.weights != nil {
		q.setWeights(weights)
	}
	return q
}

// derived returns a projection over p's places (same indices) holding the
// given links with their ends and weights (nil: all 1) instead of p's,
// keyed as p's Key and layer.
func (p *Projection) derived(layer string, links []graph.Partnership, ends [][2]int32, weights []float64) *Projection {
	q := buildFromEnds(p.snapshot, Filter{}, links, ends, p.nodes, p.index)
	q.version = p.version
	q.parentKey = p.Key()
	q.layer, q.layerKey = layer, layer
	q.idx = newIndexes(q, p)
	if weights != nil {
		q.setWeights(weights)
	}
	return q
}

// setWeights sets the link weights of p and sums them per adjacency slot:
// a pair joined by several links weighs their sum. O(m log d).
func (p *Projection) setWeights(w []float64) {
	p.weights = w
	p.slotW = make([]float64, len(p.adj))
	for li, e := range p.ends {
		for side := 0; side < 2; side++ {
			u, v := e[side], e[1-side]
			row := p.adj[p.off[u]:p.off[u+1]]
			k, _ := slices.BinarySearch(row, v)
			p.slotW[int(p.off[u])+k] += w[li]
		}
	}
}

// Weighted reports whether p's links carry weights (a projection of an
// affiliation layer or a combination of layers).
func (p *Projection) Weighted() bool { return p.weights != nil }

// LinkWeight returns the weight of link li (1 when p is not weighted).
func (p *Projection) LinkWeight(li int32) float64 {
	if p.weights == nil {
		return 1
	}
	return p.weights[li]
}

// Layer returns what a derived projection holds ("" for partnerships): see
// SharedGroups and Combine.
func (p *Projection) Layer() string { return p.layer }

func build(s *graph.Snapshot, f Filter, links []graph.Partnership) *Projection {
	nodes := s.Municipalities
	return buildWithNodes(s, f, links, nodes, newIDIndex(nodes))
}

// idIndex finds a place's index by its id: an open-addressing hash table
// of node indices (linear probing, at most half full) over a copy of the
// ids laid end to end, so it holds no string headers and no pointers: at
// 683,684 places 8 MB of slots and 10 MB of ids where a map[string]int32
// took 27 MB, and a lookup costs one hash and about one comparison in
// memory of its own, as the map's did (keys in the places' records cost a
// cache miss more per lookup). A repeated id finds its last place, as the
// map did.
type idIndex struct {
	keys  string  // every node's id, end to end
	off   []int32 // node i's id is keys[off[i]:off[i+1]]
	slots []int32 // node index + 1; 0 is empty
	seed  maphash.Seed
}

func newIDIndex(nodes []graph.Municipality) idIndex {
	size := 8
	for size < 2*len(nodes) {
		size *= 2
	}
	n := 0
	for i := range nodes {
		n += len(nodes[i].ID)
	}
	var b strings.Builder
	b.Grow(n)
	off := make([]int32, len(nodes)+1)
	for i := range nodes {
		b.WriteString(nodes[i].ID)
		off[i+1] = int32(b.Len())
	}
	x := idIndex{keys: b.String(), off: off, slots: make([]int32, size), seed: maphash.MakeSeed()}
	mask := uint64(size - 1)
	for i := range nodes {
		id := nodes[i].ID
		h := maphash.String(x.seed, id) & mask
		for x.slots[h] != 0 && x.key(x.slots[h]-1) != id {
			h = (h + 1) & mask
		}
		x.slots[h] = int32(i + 1)
	}
	return x
}

func (x *idIndex) key(i int32) string { return x.keys[x.off[i]:x.off[i+1]] }

// get returns the index of the place with the given id.
func (x *idIndex) get(id string) (int32, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(x.slots) - 1)
	for h := maphash.String(x.seed, id) & mask; x.slots[h] != 0; h = (h + 1) & mask {
		if i := x.slots[h] - 1; x.key(i) == id {
			return i, true
		}
	}
	return 0, false
}

func buildWithNodes(s *graph.Snapshot, f Filter, links []graph.Partnership, nodes []graph.Municipality, index idIndex) *Projection {
	ends := make([][2]int32, 0, len(links))
	// Links shares the snapshot's slice (both are immutable) unless a link
	// must be dropped: at a million links a copy would cost 160 MB.
	var kept []graph.Partnership
	copying := false
	for i := range links {
		a, okA := index.get(links[i].A)
		b, okB := index.get(links[i].B)
		if !okA || !okB || a == b {
			if !copying {
				copying = true
				kept = append(make([]graph.Partnership, 0, len(links)-1), links[:i]...)
			}
			continue
		}
		ends = append(ends, [2]int32{a, b})
		if copying {
			kept = append(kept, links[i])
		}
	}
	if !copying {
		kept = links[:len(links):len(links)]
	}
	return buildFromEnds(s, f, kept, ends, nodes, index)
}

// buildFromEnds builds the projection of the links kept, whose ends (distinct node
// indices) are known.
func buildFromEnds(s *graph.Snapshot, f Filter, kept []graph.Partnership, ends [][2]int32, nodes []graph.Municipality, index idIndex) *Projection {
	n := len(nodes)
	p := &Projection{version: s.Version, filter: f, nodes: nodes, index: index, snapshot: s}
	deg := make([]int32, n+1)
	for _, e := range ends {
		deg[e[0]]++
		deg[e[1]]++
	}
	off := make([]int32, n+1)
	for i := 0; i < n; i++ {
		off[i+1] = off[i] + deg[i]
	}
	adj := make([]int32, off[n])
	lof := make([]int32, off[n])
	pos := slices.Clone(off[:n])
	for li, e := range ends {
		a, b := e[0], e[1]
		adj[pos[a]], lof[pos[a]] = b, int32(li)
		pos[a]++
		adj[pos[b]], lof[pos[b]] = a, int32(li)
		pos[b]++
	}
	// Sort each row and drop parallel links (several kinds between one pair).
	w := int32(0)
	newOff := make([]int32, n+1)
	for i := 0; i < n; i++ {
		lo, hi := off[i], off[i+1]
		row := rowSorter{adj[lo:hi], lof[lo:hi]}
		if hi-lo <= 12 {
			row.insertionSort() // most rows are short; no interface boxing
		} else {
			sort.Sort(row)
		}
		newOff[i] = w
		for k := lo; k < hi; k++ {
			if k > lo && adj[k] == adj[k-1] {
				continue
			}
			adj[w], lof[w] = adj[k], lof[k]
			w++
		}
	}
	newOff[n] = w
	p.off, p.adj, p.linkOf = newOff, adj[:w:w], lof[:w:w]
	p.links, p.ends = kept, ends
	p.idx = newIndexes(p, nil)
	return p
}

type rowSorter struct{ adj, lof []int32 }

func (r rowSorter) Len() int { return len(r.adj) }
func (r rowSorter) Less(i, j int) bool {
	if r.adj[i] != r.adj[j] {
		return r.adj[i] < r.adj[j]
	}
	return r.lof[i] < r.lof[j]
}
func (r rowSorter) insertionSort() {
	for i := 1; i < len(r.adj); i++ {
		for j := i; j > 0 && r.Less(j, j-1); j-- {
			r.Swap(j, j-1)
		}
	}
}
func (r rowSorter) Swap(i, j int) {
	r.adj[i], r.adj[j] = r.adj[j], r.adj[i]
	r.lof[i], r.lof[j] = r.lof[j], r.lof[i]
}

// Version returns the store version the snapshot was read at; a view has
// its parent's (see Key for caching).
func (p *Projection) Version() int64 { return p.version }

// Filter returns what this view keeps of its parent's links.
func (p *Projection) Filter() Filter { return p.filter }

// Snapshot returns the full snapshot the projection was built from (also
// for views): networks, organisations, memberships, reported counts. It
// must not be changed.
func (p *Projection) Snapshot() *graph.Snapshot { return p.snapshot }

// Node returns place i. It must not be changed.
func (p *Projection) Node(i int32) *graph.Municipality { return &p.nodes[i] }

// IndexOf returns the index of the place with the given id.
func (p *Projection) IndexOf(id string) (int32, bool) {
	return p.index.get(id)
}

// LinkCount returns the number of links, every kind counted (M counts the
// linked pairs).
func (p *Projection) LinkCount() int { return len(p.links) }

// Link returns link li. It must not be changed.
func (p *Projection) Link(li int32) *graph.Partnership { return &p.links[li] }

// Ends returns the indices of the two places link li joins.
func (p *Projection) Ends(li int32) [2]int32 { return p.ends[li] }

// N returns the number of nodes.
func (p *Projection) N() int { return len(p.nodes) }

// M returns the number of distinct linked pairs (edges of the simple graph).
func (p *Projection) M() int { return len(p.adj) / 2 }

// Degree returns the number of distinct partners of node i.
func (p *Projection) Degree(i int32) int { return int(p.off[i+1] - p.off[i]) }

// Neighbors returns the partners of node i, sorted; the slice must not be changed.
func (p *Projection) Neighbors(i int32) []int32 { return p.adj[p.off[i]:p.off[i+1]] }
