package analytics

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/citygraph/citygraph/graph"
)

// The indexes below are built on first use, once per projection (the links
// per node) or once per snapshot (networks, organisations, memberships;
// views share their parent's), so a projection stays immutable and safe
// for concurrent use.

// snapshotIndex finds the records of a snapshot by id.
type snapshotIndex struct {
	network      map[string]int   // network id -> index into Snapshot.Networks
	organisation map[string]int   // organisation id -> index into Snapshot.Organisations
	memberOf     map[string][]int // municipality id -> indices into Snapshot.Memberships
	members      map[string][]int // network id -> indices into Snapshot.Memberships
	orgLinksOf   map[string][]int // municipality id -> indices into Snapshot.OrgLinks
	orgMembers   map[string][]int // organisation id -> indices into Snapshot.OrgLinks
}

func newSnapshotIndex(s *graph.Snapshot) *snapshotIndex {
	x := &snapshotIndex{
		network:      make(map[string]int, len(s.Networks)),
		organisation: make(map[string]int, len(s.Organisations)),
		memberOf:     make(map[string][]int),
		members:      make(map[string][]int),
		orgLinksOf:   make(map[string][]int),
		orgMembers:   make(map[string][]int),
	}
	for i, n := range s.Networks {
		x.network[n.ID] = i
	}
	for i, o := range s.Organisations {
		x.organisation[o.ID] = i
	}
	for i, m := range s.Memberships {
		x.memberOf[m.Municipality] = append(x.memberOf[m.Municipality], i)
		x.members[m.Network] = append(x.members[m.Network], i)
	}
	for i, l := range s.OrgLinks {
		x.orgLinksOf[l.Municipality] = append(x.orgLinksOf[l.Municipality], i)
		x.orgMembers[l.Organisation] = append(x.orgMembers[l.Organisation], i)
	}
	return x
}

// placeIndex lists the places of each Land and country, in index order.
type placeIndex struct {
	byState, byCountry map[string][]int32
}

func newPlaceIndex(nodes []graph.Municipality) *placeIndex {
	x := &placeIndex{byState: map[string][]int32{}, byCountry: map[string][]int32{}}
	for i := range nodes {
		if s := nodes[i].State; s != "" {
			x.byState[s] = append(x.byState[s], int32(i))
		}
		if c := nodes[i].Country; c != "" {
			x.byCountry[c] = append(x.byCountry[c], int32(i))
		}
	}
	return x
}

// indexes holds the lazily built indexes of one projection.
type indexes struct {
	linksOf  func() linkRows       // per node: indices into Links, ascending
	snapshot func() *snapshotIndex // shared by the views of one snapshot
	grid     func() *placeGrid     // the places with coordinates by grid cell (grid.go)
	data     func() DataVersion    // the content hash (provenance.go)
	places   func() *placeIndex    // the places by Land and country
	prepared atomic.Bool           // Prepare ran
}

// newIndexes returns the indexes of p, sharing the snapshot index of
// parent when p is a view of it.
func newIndexes(p, parent *Projection) *indexes {
	x := &indexes{linksOf: sync.OnceValue(func() linkRows { return newLinkRows(len(p.nodes), p.ends) }), grid: sync.OnceValue(func() *placeGrid { return newPlaceGrid(p.nodes) }),
		data:   sync.OnceValue(func() DataVersion { return DataHash(p) }),
		places: sync.OnceValue(func() *placeIndex { return newPlaceIndex(p.nodes) })}
	if parent != nil && parent.idx != nil && len(p.nodes) > 0 && len(p.nodes) == len(parent.nodes) && &p.nodes[0] == &parent.nodes[0] {
		x.places = parent.idx.places // a view over the same places
	}
	if parent != nil && parent.idx != nil {
		x.snapshot = parent.idx.snapshot
	} else {
		s := p.snapshot
		x.snapshot = sync.OnceValue(func() *snapshotIndex { return newSnapshotIndex(s) })
	}
	return x
}

// Prepare builds the indexes that are otherwise built on first use: the
// links per place, the snapshot's index, the places by grid cell, by Land
// and by country and the data hash (provenance), each linear in the graph (the hash of 305,000
// links takes a fifth of a second of CPU). The holder of the served
// projection calls it before swapping a new one in (live.Holder.OnLoad),
// so that the first requests after every reload do not wait for them.
func (p *Projection) Prepare() {
	p.idx.linksOf()
	p.idx.snapshot()
	p.idx.grid()
	p.idx.data()
	p.idx.places()
	p.idx.prepared.Store(true)
}

// Prepared reports whether Prepare has run on p.
func (p *Projection) Prepared() bool { return p.idx.prepared.Load() }

// LinksOf returns the indices of every link of node i (every kind, so a
// pair linked twice appears twice), ascending. The slice must not be
// changed.
func (p *Projection) LinksOf(i int32) []int32 {
	r := p.idx.linksOf()
	lo, hi := r.off[i], r.off[i+1]
	if lo == hi {
		return nil // as before: a place without links has none
	}
	return r.links[lo:hi:hi]
}

// linkRows lists the links of every node in one array (compressed rows):
// the links of node i are links[off[i]:off[i+1]]. At a million links it
// takes 11 MB, where a slice per node took 28 MB (a slice header per node
// and the slack of growing each by append).
type linkRows struct {
	off   []int32 // len(nodes)+1
	links []int32 // indices into Links, ascending per node
}

// newLinkRows builds the link rows of n nodes from the ends of every link.
func newLinkRows(n int, ends [][2]int32) linkRows {
	off := make([]int32, n+1)
	for _, e := range ends {
		off[e[0]+1]++
		off[e[1]+1]++
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	links := make([]int32, off[n])
	pos := slices.Clone(off[:n])
	for li, e := range ends { // ascending li: each row comes out ascending
		links[pos[e[0]]] = int32(li)
		pos[e[0]]++
		links[pos[e[1]]] = int32(li)
		pos[e[1]]++
	}
	return linkRows{off: off, links: links}
}

// Other returns the end of link li that is not node u.
func (p *Projection) Other(li, u int32) int32 {
	e := p.ends[li]
	if e[0] == u {
		return e[1]
	}
	return e[0]
}

// Network returns the network with the given id.
func (p *Projection) Network(id string) (graph.Network, bool) {
	k, ok := p.idx.snapshot().network[id]
	if !ok {
		return graph.Network{}, false
	}
	return p.snapshot.Networks[k], true
}

// Organisation returns the organisation with the given id.
func (p *Projection) Organisation(id string) (graph.Organisation, bool) {
	k, ok := p.idx.snapshot().organisation[id]
	if !ok {
		return graph.Organisation{}, false
	}
	return p.snapshot.Organisations[k], true
}

// MembershipsOf returns the network memberships of a municipality (by id),
// in snapshot order.
func (p *Projection) MembershipsOf(city string) []graph.Membership {
	return pick(p.snapshot.Memberships, p.idx.snapshot().memberOf[city])
}

// Members returns the memberships of a network (by id), in snapshot order.
func (p *Projection) Members(network string) []graph.Membership {
	return pick(p.snapshot.Memberships, p.idx.snapshot().members[network])
}

// OrgLinksOf returns the links of a municipality (by id) to international
// organisations, in snapshot order.
func (p *Projection) OrgLinksOf(city string) []graph.OrgLink {
	return pick(p.snapshot.OrgLinks, p.idx.snapshot().orgLinksOf[city])
}

// OrgMembers returns the links of an organisation (by id) to
// municipalities, in snapshot order.
func (p *Projection) OrgMembers(org string) []graph.OrgLink {
	return pick(p.snapshot.OrgLinks, p.idx.snapshot().orgMembers[org])
}

// isMember reports whether node i belongs to the network (any membership,
// ended ones too).
func (p *Projection) isMember(i int32, network string) bool {
	s := p.snapshot
	for _, k := range p.idx.snapshot().memberOf[p.nodes[i].ID] {
		if s.Memberships[k].Network == network {
			return true
		}
	}
	return false
}

// pick returns xs[k] for each k in idx, never nil.
func pick[T any](xs []T, idx []int) []T {
	out := make([]T, len(idx))
	for j, k := range idx {
		out[j] = xs[k]
	}
	return out
}
