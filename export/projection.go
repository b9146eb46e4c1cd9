package export

import (
	"iter"
	"slices"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
)

// OfSubgraph returns the Graph of part g of projection p: the places and
// partnerships of g, the memberships and links to organisations of those
// places, and the networks and organisations these name, with their Sizes.
// The sequences stream from the projection; only g is held. O(memberships
// + links to organisations) to count, then O(what is written).
func OfSubgraph(p *analytics.Projection, g analytics.Subgraph) Graph {
	snap := p.Snapshot()
	selected := func(id string) bool {
		i, ok := p.IndexOf(id)
		if !ok {
			return false
		}
		_, found := slices.BinarySearch(g.Nodes, i)
		return found
	}
	nets, orgs := map[string]bool{}, map[string]bool{}
	sizes := Sizes{Places: len(g.Nodes), Partnerships: len(g.Links)}
	for i := range snap.Memberships {
		if selected(snap.Memberships[i].Municipality) {
			nets[snap.Memberships[i].Network] = true
			sizes.Memberships++
		}
	}
	for i := range snap.OrgLinks {
		if selected(snap.OrgLinks[i].Municipality) {
			orgs[snap.OrgLinks[i].Organisation] = true
			sizes.OrgLinks++
		}
	}
	sizes.Networks, sizes.Organisations = len(nets), len(orgs)
	return Graph{
		Places:        byIndex(g.Nodes, p.Node),
		Partnerships:  byIndex(g.Links, p.Link),
		Networks:      Each(snap.Networks, func(n *graph.Network) bool { return nets[n.ID] }),
		Organisations: Each(snap.Organisations, func(o *graph.Organisation) bool { return orgs[o.ID] }),
		Memberships:   Each(snap.Memberships, func(m *graph.Membership) bool { return selected(m.Municipality) }),
		OrgLinks:      Each(snap.OrgLinks, func(l *graph.OrgLink) bool { return selected(l.Municipality) }),
		Place: func(id string) *graph.Municipality {
			if i, ok := p.IndexOf(id); ok {
				return p.Node(i)
			}
			return nil
		},
		Network:      Lookup(snap.Networks, func(n *graph.Network) string { return n.ID }),
		Organisation: Lookup(snap.Organisations, func(o *graph.Organisation) string { return o.ID }),
		Sizes:        sizes,
	}
}

// byIndex yields at(i) for each index i of idx, in that order.
func byIndex[T any](idx []int32, at func(int32) *T) iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for _, i := range idx {
			if !yield(at(i)) {
				return
			}
		}
	}
}
