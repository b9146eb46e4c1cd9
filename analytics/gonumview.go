package analytics

import (
	"math"
	"slices"
	"sync"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	gg "gonum.org/v1/gonum/graph"
)

// This file makes a projection (or any view of it: a layer, a period, a
// country filter) a gonum graph, so that the algorithms of
// gonum.org/v1/gonum/graph run on citygraph's data without a copy of it.

// Gonum is a projection seen through gonum's graph interfaces: an undirected,
// weighted simple graph (gonum graph.WeightedUndirected). Node ids are the
// projection's node indices, so they are stable for a projection and every
// view made from it (View keeps the indices), and they follow the places'
// ids (a snapshot lists its places sorted by id): NodeOf and Place map
// between gonum nodes and citygraph places. Parallel links of several kinds
// between two places are one edge, as in the projection.
//
// Nothing is copied: the methods read the projection's CSR adjacency, so
// making a Gonum costs O(1) (O(places) with Linked) and a Gonum is as safe
// for concurrent use as the projection. Edge lookups (HasEdgeBetween, Edge,
// Weight) are binary searches in a sorted row, O(log degree); From hands
// out the row itself.
//
// gonum's algorithms that want a directed graph (network.PageRank,
// network.HITS) take Directed, which sees every link as two arcs.
type Gonum struct {
	p      *Projection
	weight func(p *Projection, u, v int32) float64
	linked bool
	nodes  int // number of nodes: every place, or the linked ones
	// done, when closed, makes From panic with errGonumCanceled; the
	// kernels of this package that run gonum recover it (see runGonum).
	done <-chan struct{}
	// boxed holds every node as a gonum graph.Node, made on first use:
	// the iterators hand these out instead of boxing an id on every call
	// (gonum's searches ask for a node's neighbours many times).
	boxed *boxedNodes
}

// boxedNodes is the table of a Gonum's nodes as graph.Node values.
type boxedNodes struct {
	once  sync.Once
	nodes []gg.Node
}

// node returns node id as a graph.Node without allocating.
func (g *Gonum) node(id int32) gg.Node {
	b := g.boxed
	b.once.Do(func() {
		b.nodes = make([]gg.Node, len(g.p.nodes))
		for i := range b.nodes {
			b.nodes[i] = GonumNode(i)
		}
	})
	return b.nodes[id]
}

// GonumOptions say which graph Gonum presents.
type GonumOptions struct {
	// Weight gives the weight of the edge between places u and v (node
	// indices of p); nil weighs every edge 1. It must not be negative
	// (gonum's shortest paths panic on negative weights); +Inf makes the
	// edge unusable for shortest paths. DistanceKm weighs links by length.
	Weight func(p *Projection, u, v int32) float64
	// Linked leaves out the places without a link in the view: a
	// country or period view then has the nodes of its own links only
	// (ids stay the projection's indices).
	Linked bool
}

// Gonum returns p as a gonum graph (see type Gonum).
func (p *Projection) Gonum(o GonumOptions) *Gonum {
	g := &Gonum{p: p, weight: o.Weight, linked: o.Linked, nodes: len(p.nodes), boxed: &boxedNodes{}}
	if o.Linked {
		g.nodes = 0
		for v := range len(p.nodes) {
			if p.off[v+1] > p.off[v] {
				g.nodes++
			}
		}
	}
	return g
}

// DistanceKm is a GonumOptions.Weight: the great-circle distance in km
// between the coordinates of places u and v (gazetteer.Distance), +Inf when
// either has none (such links cannot be part of a shortest path by
// distance).
func DistanceKm(p *Projection, u, v int32) float64 {
	a, b := &p.nodes[u], &p.nodes[v]
	if !a.HasCoords || !b.HasCoords {
		return math.Inf(1)
	}
	return gazetteer.Distance(a.Lat, a.Lon, b.Lat, b.Lon)
}

// GonumNode is a node of a Gonum graph: its id is the place's index in the
// projection.
type GonumNode int64

// ID returns the node's id, the index of its place in the projection.
func (n GonumNode) ID() int64 { return int64(n) }

// GonumEdge is an edge of a Gonum graph: a linked pair of places, its
// weight and the first link between them (Projection.Link; the pair may be
// linked in several kinds, see Projection.LinksOf).
type GonumEdge struct {
	F, T GonumNode
	W    float64
	Link int32
}

// From returns the edge's first end.
func (e GonumEdge) From() gg.Node { return e.F }

// To returns the edge's second end.
func (e GonumEdge) To() gg.Node { return e.T }

// ReversedEdge returns the edge with its ends swapped.
func (e GonumEdge) ReversedEdge() gg.Edge { e.F, e.T = e.T, e.F; return e }

// Weight returns the edge's weight.
func (e GonumEdge) Weight() float64 { return e.W }

var (
	_ gg.WeightedUndirected = (*Gonum)(nil)
	_ gg.WeightedDirected   = GonumDirected{}
	_ gg.WeightedEdge       = GonumEdge{}
	_ gg.NodeSlicer         = (*gonumNodes)(nil)
)

// Projection returns the projection g presents.
func (g *Gonum) Projection() *Projection { return g.p }

// NodeOf returns the node of the place with the given citygraph id
// (DE:08222000), false when the projection has no such place or, with
// Linked, it has no link in the view.
func (g *Gonum) NodeOf(id string) (gg.Node, bool) {
	i, ok := g.p.index.get(id)
	if !ok || !g.has(int64(i)) {
		return nil, false
	}
	return GonumNode(i), true
}

// Place returns the place of node n (a node of g or its id's place). It
// must not be changed.
func (g *Gonum) Place(n gg.Node) *graph.Municipality { return &g.p.nodes[n.ID()] }

// has reports whether id is a node of g.
func (g *Gonum) has(id int64) bool {
	if id < 0 || id >= int64(len(g.p.nodes)) {
		return false
	}
	return !g.linked || g.p.off[id+1] > g.p.off[id]
}

// Node returns the node with the given id, nil when g has none.
func (g *Gonum) Node(id int64) gg.Node {
	if !g.has(id) {
		return nil
	}
	return GonumNode(id)
}

// Nodes returns every node of g, by ascending id.
func (g *Gonum) Nodes() gg.Nodes {
	if g.nodes == 0 {
		return gg.Empty
	}
	return &gonumNodes{g: g, all: true, i: -1, left: g.nodes}
}

// From returns the neighbours of node id, by ascending id.
func (g *Gonum) From(id int64) gg.Nodes {
	if g.done != nil {
		select {
		case <-g.done:
			panic(errGonumCanceled{})
		default:
		}
	}
	if !g.has(id) {
		return gg.Empty
	}
	row := g.p.Neighbors(int32(id))
	if len(row) == 0 {
		return gg.Empty
	}
	return &gonumNodes{g: g, row: row, i: -1, left: len(row)}
}

// slot returns the position in p.adj of v in u's row.
func (g *Gonum) slot(uid, vid int64) (int32, bool) {
	if !g.has(uid) || !g.has(vid) {
		return 0, false
	}
	p := g.p
	lo, hi := p.off[uid], p.off[uid+1]
	k, found := slices.BinarySearch(p.adj[lo:hi], int32(vid))
	return lo + int32(k), found
}

// HasEdgeBetween reports whether places x and y are linked.
func (g *Gonum) HasEdgeBetween(xid, yid int64) bool {
	_, ok := g.slot(xid, yid)
	return ok
}

// Edge returns the edge from u to v, nil when they are not linked.
func (g *Gonum) Edge(uid, vid int64) gg.Edge {
	if e, ok := g.edge(uid, vid); ok {
		return e
	}
	return nil
}

// EdgeBetween returns the edge between x and y, nil when they are not
// linked.
func (g *Gonum) EdgeBetween(xid, yid int64) gg.Edge { return g.Edge(xid, yid) }

// WeightedEdge returns the weighted edge from u to v, nil when they are not
// linked.
func (g *Gonum) WeightedEdge(uid, vid int64) gg.WeightedEdge {
	if e, ok := g.edge(uid, vid); ok {
		return e
	}
	return nil
}

// WeightedEdgeBetween returns the weighted edge between x and y, nil when
// they are not linked.
func (g *Gonum) WeightedEdgeBetween(xid, yid int64) gg.WeightedEdge {
	return g.WeightedEdge(xid, yid)
}

func (g *Gonum) edge(uid, vid int64) (GonumEdge, bool) {
	k, ok := g.slot(uid, vid)
	if !ok {
		return GonumEdge{}, false
	}
	return GonumEdge{F: GonumNode(uid), T: GonumNode(vid), W: g.w(int32(uid), int32(vid)), Link: g.p.linkOf[k]}, true
}

func (g *Gonum) w(u, v int32) float64 {
	if g.weight == nil {
		return 1
	}
	return g.weight(g.p, u, v)
}

// Weight returns the weight of the edge between x and y and true; 0 and
// true when x and y are the same node of g; +Inf and false when they are
// not linked.
func (g *Gonum) Weight(xid, yid int64) (w float64, ok bool) {
	if xid == yid && g.has(xid) {
		return 0, true
	}
	if _, ok := g.slot(xid, yid); !ok {
		return math.Inf(1), false
	}
	return g.w(int32(xid), int32(yid)), true
}

// LinkBetween returns the first link between the places of nodes u and v
// (Projection.Link), false when they are not linked.
func (g *Gonum) LinkBetween(uid, vid int64) (int32, bool) {
	k, ok := g.slot(uid, vid)
	if !ok {
		return 0, false
	}
	return g.p.linkOf[k], true
}

// Directed returns g as a directed graph in which every link is two arcs,
// for gonum's algorithms on directed graphs (network.PageRank,
// network.HITS).
func (g *Gonum) Directed() GonumDirected { return GonumDirected{g} }

// GonumDirected is a Gonum seen as a directed graph (gonum
// graph.WeightedDirected): every link is an arc each way.
type GonumDirected struct{ g *Gonum }

// Node returns the node with the given id, nil when there is none.
func (d GonumDirected) Node(id int64) gg.Node { return d.g.Node(id) }

// Nodes returns every node, by ascending id.
func (d GonumDirected) Nodes() gg.Nodes { return d.g.Nodes() }

// From returns the nodes an arc leads to from id: its partners.
func (d GonumDirected) From(id int64) gg.Nodes { return d.g.From(id) }

// To returns the nodes with an arc to id: its partners.
func (d GonumDirected) To(id int64) gg.Nodes { return d.g.From(id) }

// HasEdgeBetween reports whether x and y are linked.
func (d GonumDirected) HasEdgeBetween(xid, yid int64) bool { return d.g.HasEdgeBetween(xid, yid) }

// HasEdgeFromTo reports whether u and v are linked.
func (d GonumDirected) HasEdgeFromTo(uid, vid int64) bool { return d.g.HasEdgeBetween(uid, vid) }

// Edge returns the arc from u to v, nil when they are not linked.
func (d GonumDirected) Edge(uid, vid int64) gg.Edge { return d.g.Edge(uid, vid) }

// WeightedEdge returns the weighted arc from u to v, nil when they are not
// linked.
func (d GonumDirected) WeightedEdge(uid, vid int64) gg.WeightedEdge {
	return d.g.WeightedEdge(uid, vid)
}

// Weight returns the weight of the arc from x to y (see Gonum.Weight).
func (d GonumDirected) Weight(xid, yid int64) (float64, bool) { return d.g.Weight(xid, yid) }

// gonumNodes iterates over the nodes of a Gonum (all) or over one row of
// its adjacency (row), by ascending id.
type gonumNodes struct {
	g    *Gonum
	all  bool
	row  []int32
	i    int // current position: an index into row, or a node id; -1 before the first
	left int // nodes not yet returned by Next
}

// Len returns the number of nodes not yet iterated over.
func (it *gonumNodes) Len() int { return it.left }

// Next moves to the next node and reports whether there is one.
func (it *gonumNodes) Next() bool {
	if it.left == 0 {
		if it.all {
			it.i = len(it.g.p.nodes)
		} else {
			it.i = len(it.row)
		}
		return false
	}
	it.left--
	it.i++
	if it.all {
		for !it.g.has(int64(it.i)) {
			it.i++
		}
	}
	return true
}

// Node returns the current node, nil before the first call of Next and
// after the last.
func (it *gonumNodes) Node() gg.Node {
	if it.i < 0 {
		return nil
	}
	if it.all {
		if it.i >= len(it.g.p.nodes) {
			return nil
		}
		return it.g.node(int32(it.i))
	}
	if it.i >= len(it.row) {
		return nil
	}
	return it.g.node(it.row[it.i])
}

// NodeSlice returns the nodes not yet iterated over and ends the
// iteration.
func (it *gonumNodes) NodeSlice() []gg.Node {
	out := make([]gg.Node, 0, it.left)
	for it.Next() {
		out = append(out, it.Node())
	}
	return out
}

// Reset returns the iterator to its start.
func (it *gonumNodes) Reset() {
	it.i = -1
	if it.all {
		it.left = it.g.nodes
	} else {
		it.left = len(it.row)
	}
}

// errGonumCanceled is what a Gonum's From panics with once its done channel
// is closed: gonum's algorithms cannot be stopped otherwise.
type errGonumCanceled struct{}

// runGonum runs fn on g with e.Done wired in: ErrCanceled when Done was
// closed before fn finished.
func runGonum[T any](e Exec, g *Gonum, fn func(g *Gonum) T) (out T, err error) {
	if e.Done == nil {
		return fn(g), nil
	}
	if e.stopped() {
		return out, ErrCanceled
	}
	h := *g
	h.done = e.Done
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(errGonumCanceled); !ok {
				panic(r)
			}
			err = ErrCanceled
		}
	}()
	return fn(&h), nil
}
