// Package analytics computes on the partnership graph: centrality,
// communities, global figures, coverage and partner recommendations. Its
// functions are pure: they take a Projection, an immutable int-indexed
// adjacency built from a store snapshot, and return values; no context, no
// logging, no store.
package analytics

import (
	"slices"
	"sort"

	"github.com/citygraph/citygraph/graph"
)

// Projection is an immutable, int-indexed view of the partnership graph in
// compressed sparse row (CSR) form. Node i is Nodes[i]; its neighbours are
// Adj[Off[i]:Off[i+1]], and the link behind the slot Adj[k] is
// Links[LinkOf[k]]. Parallel links between the same two places (one per
// kind) appear once in Adj, with the first link kept in LinkOf; Links holds
// them all.
//
// Every node of the snapshot is in the projection, also those without
// links. A Projection is never changed after it is built, so it is safe for
// concurrent use, and Version tells results computed on it apart.
type Projection struct {
	// Version is the store version the snapshot was read at, with the
	// filter folded in: two projections with the same Version and Filter
	// are equal. A view of a view keeps only its own Filter; Key names
	// the whole chain and is what caches should use.
	Version int64
	// Filter is what this view keeps of the full graph.
	Filter Filter

	Nodes  []graph.Municipality // index -> municipality
	Index  map[string]int32     // municipality ID -> index
	Off    []int32              // len(Nodes)+1 offsets into Adj
	Adj    []int32              // neighbour indices, sorted per node
	LinkOf []int32              // per Adj slot: index into Links
	Links  []graph.Partnership  // the links kept, in snapshot order
	Ends   [][2]int32           // per link: the indices of its two ends

	// Snapshot is the full snapshot the projection was built from (also
	// for views), for networks, memberships, organisations and counts.
	Snapshot *graph.Snapshot

	// parentKey is the Key of the projection this view was made from, ""
	// for a projection of a whole snapshot.
	parentKey string

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
	keep := make([]graph.Partnership, 0, len(p.Links))
	ends := make([][2]int32, 0, len(p.Links))
	for i := range p.Links {
		e := p.Ends[i]
		if f.keep(&p.Links[i], &p.Nodes[e[0]], &p.Nodes[e[1]]) {
			keep = append(keep, p.Links[i])
			ends = append(ends, e)
		}
	}
	q := buildFromEnds(p.Snapshot, f, keep, ends, p.Nodes, p.Index)
	q.Version = p.Version
	q.parentKey = p.Key()
	q.idx = newIndexes(q, p)
	return q
}

func build(s *graph.Snapshot, f Filter, links []graph.Partnership) *Projection {
	nodes := s.Municipalities
	index := make(map[string]int32, len(nodes))
	for i, m := range nodes {
		index[m.ID] = int32(i)
	}
	return buildWithNodes(s, f, links, nodes, index)
}

func buildWithNodes(s *graph.Snapshot, f Filter, links []graph.Partnership, nodes []graph.Municipality, index map[string]int32) *Projection {
	ends := make([][2]int32, 0, len(links))
	// Links shares the snapshot's slice (both are immutable) unless a link
	// must be dropped: at a million links a copy would cost 160 MB.
	var kept []graph.Partnership
	copying := false
	for i := range links {
		a, okA := index[links[i].A]
		b, okB := index[links[i].B]
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
func buildFromEnds(s *graph.Snapshot, f Filter, kept []graph.Partnership, ends [][2]int32, nodes []graph.Municipality, index map[string]int32) *Projection {
	n := len(nodes)
	p := &Projection{Version: s.Version, Filter: f, Nodes: nodes, Index: index, Snapshot: s}
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
	p.Off, p.Adj, p.LinkOf = newOff, adj[:w:w], lof[:w:w]
	p.Links, p.Ends = kept, ends
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

// N returns the number of nodes.
func (p *Projection) N() int { return len(p.Nodes) }

// M returns the number of distinct linked pairs (edges of the simple graph).
func (p *Projection) M() int { return len(p.Adj) / 2 }

// Degree returns the number of distinct partners of node i.
func (p *Projection) Degree(i int32) int { return int(p.Off[i+1] - p.Off[i]) }

// Neighbors returns the partners of node i, sorted; the slice must not be changed.
func (p *Projection) Neighbors(i int32) []int32 { return p.Adj[p.Off[i]:p.Off[i+1]] }
