package resolvers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/export"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/schema"
)

// Selection chooses a subgraph, the same way for the GraphQL traversals and
// for exports. With City set it is the neighbourhood of that place to Depth
// links; otherwise the links between Countries (see partnershipNetwork), or
// every link when Countries is empty. Kinds, States and AsOf filter the
// links in both cases.
type Selection struct {
	Countries []string     // ISO 3166-1 alpha-2
	Domestic  bool         // also links inside one listed country
	Kinds     []graph.Kind // empty: every kind
	States    []string     // ISO 3166-2: keep links with an end in these Länder
	AsOf      graph.Date   // keep links active at this date
	City      string       // id, AGS or unique name
	Depth     int          // 1..MaxDepth, with City
	Community *int         // a Louvain community (as networkView draws it), alone
	Seed      int          // Louvain's seed for Community (0: 1, as networkView)
}

// ExportOrigin says which data an export was selected from: the
// projection's store version and its data version (the content hash a
// GraphQL answer's extensions.provenance carries too).
type ExportOrigin struct {
	Version int64
	Data    analytics.DataVersion
}

// ExportGraph returns the subgraph sel chooses on the current projection,
// for exports (package server serves them at /export), and the origin of
// that projection. The graph streams from the projection: the selected
// places and partnerships, the memberships and links to organisations of
// those places, and the networks and organisations they name; only the
// selection (indices) is held. Errors: INVALID, NOT_FOUND, AMBIGUOUS,
// UNAVAILABLE.
func (r *Resolver) ExportGraph(ctx context.Context, sel Selection) (export.Graph, ExportOrigin, error) {
	s, err := r.current()
	if err != nil {
		return export.Graph{}, ExportOrigin{}, err
	}
	var g analytics.Subgraph
	if sel.Community != nil {
		g, err = r.communitySub(ctx, s.p, sel)
	} else {
		g, err = s.selectSub(sel)
	}
	if err != nil {
		return export.Graph{}, ExportOrigin{}, err
	}
	return export.OfSubgraph(s.p, g), ExportOrigin{Version: s.p.Version(), Data: s.p.Data()}, nil
}

// communitySub returns the subgraph of sel's community: its linked members
// under Louvain with sel's seed and the links between them, as networkView
// draws it. A community is taken whole: with a city, countries, kinds,
// Länder or a date it is INVALID; a number no community has is NOT_FOUND.
func (r *Resolver) communitySub(ctx context.Context, p *analytics.Projection, sel Selection) (analytics.Subgraph, error) {
	if sel.City != "" || len(sel.Countries) > 0 {
		return analytics.Subgraph{}, graph.Errorf(graph.EINVALID, "give a community, a city or countries, not several")
	}
	if len(sel.Kinds) > 0 || len(sel.States) > 0 || !sel.AsOf.IsZero() || sel.Domestic {
		return analytics.Subgraph{}, graph.Errorf(graph.EINVALID, "a community is exported whole, as the network view draws it: leave out kinds, states, asOf and domestic")
	}
	seed := sel.Seed
	if seed == 0 {
		seed = 1
	}
	lr, err := r.louvain(ctx, p, seed)
	if err != nil {
		return analytics.Subgraph{}, err
	}
	g := communityMembers(p, lr.comm, *sel.Community)
	if len(g.Nodes) == 0 {
		return g, graph.Errorf(graph.ENOTFOUND, "no community %d with seed %d: there are %d communities, numbered from 0", *sel.Community, seed, len(lr.communities))
	}
	return g, nil
}

// communityMembers returns the linked places of community c (comm gives
// each place's community) and the links between them.
func communityMembers(p *analytics.Projection, comm []int32, c int) analytics.Subgraph {
	var g analytics.Subgraph
	for i, ci := range comm {
		if int(ci) == c && p.Degree(int32(i)) > 0 {
			g.Nodes = append(g.Nodes, int32(i))
		}
	}
	g.Links = analytics.InducedLinks(p, g.Nodes)
	return g
}

// filter is the link filter of sel: kinds, Länder and date.
func (sel *Selection) filter() analytics.Filter {
	return analytics.Filter{Kinds: sel.Kinds, States: sel.States, AsOf: sel.AsOf}
}

// key is a canonical text form of a normalised selection, for caching.
func (sel *Selection) key() string {
	sorted := func(xs []string) string {
		ys := slices.Clone(xs)
		slices.Sort(ys)
		return strings.Join(slices.Compact(ys), ",")
	}
	kinds := make([]string, len(sel.Kinds))
	for i, k := range sel.Kinds {
		kinds[i] = string(k)
	}
	return fmt.Sprintf("c=%s d=%v k=%s s=%s a=%s city=%s depth=%d", sorted(sel.Countries), sel.Domestic, sorted(kinds),
		sorted(sel.States), sel.AsOf, sel.City, sel.Depth)
}

// normalize checks and canonicalises a selection. Errors: INVALID.
func (sel *Selection) normalize() error {
	var ac argCheck
	for i, c := range sel.Countries {
		if strings.TrimSpace(c) == "" {
			return graph.Errorf(graph.EINVALID, "countries: an empty country code")
		}
		sel.Countries[i] = ac.country(c)
	}
	for i, st := range sel.States {
		sel.States[i] = ac.state(st)
	}
	if ac.err != nil {
		return ac.err
	}
	for _, k := range sel.Kinds {
		if !k.Valid() {
			return graph.Errorf(graph.EINVALID, "kind %q: want one of PARTNERSHIP, FRIENDSHIP, CONTACT, PROJECT", k)
		}
	}
	if sel.City != "" {
		if len(sel.Countries) > 0 {
			return graph.Errorf(graph.EINVALID, "give either a city (its neighbourhood) or countries (the network between them), not both")
		}
		if sel.Depth == 0 {
			sel.Depth = 1
		}
		if sel.Depth < 1 || sel.Depth > MaxDepth {
			return graph.Errorf(graph.EINVALID, "depth %d: want 1 to %d", sel.Depth, MaxDepth)
		}
	}
	return nil
}

// selectSub returns the subgraph sel chooses: the neighbourhood of its
// city or the partnership network of its countries. Errors: INVALID,
// NOT_FOUND, AMBIGUOUS.
func (s *state) selectSub(sel Selection) (analytics.Subgraph, error) {
	if err := sel.normalize(); err != nil {
		return analytics.Subgraph{}, err
	}
	f := sel.filter()
	if sel.City != "" {
		c, err := s.resolve(sel.City)
		if err != nil {
			return analytics.Subgraph{}, err
		}
		return analytics.Neighborhood(s.p, c, sel.Depth, f), nil
	}
	f.Countries = sel.Countries
	return analytics.PartnershipNetwork(s.p, f, sel.Domestic), nil
}

// cities returns the municipalities of node indices.
func (s *state) cities(idx []int32) []graph.Municipality {
	out := make([]graph.Municipality, len(idx))
	for k, i := range idx {
		out[k] = *s.p.Node(i)
	}
	return out
}

// linkList returns the partnerships of link indices.
func (s *state) linkList(idx []int32) []graph.Partnership {
	out := make([]graph.Partnership, len(idx))
	for k, i := range idx {
		out[k] = *s.p.Link(i)
	}
	return out
}

// toSchema turns a selected subgraph into the API's Subgraph with its
// summary.
func (s *state) toSchema(g analytics.Subgraph) schema.Subgraph {
	sum := g.Summary(s.p)
	out := schema.SubgraphSummary{Nodes: sum.Nodes, Links: sum.Links, ByKind: make([]schema.KindCount, len(sum.ByKind)),
		ByYear: make([]schema.YearCount, len(sum.ByYear)), ByState: keyCountsOf(sum.ByState), ByCountry: keyCountsOf(sum.ByCountry)}
	for i, k := range sum.ByKind {
		out.ByKind[i] = schema.KindCount{Kind: graph.Kind(k.Key), Count: k.Count}
	}
	for i, y := range sum.ByYear {
		out.ByYear[i] = schema.YearCount{Year: y.Year, Count: y.Count}
	}
	return schema.Subgraph{Nodes: s.cities(g.Nodes), Links: s.linkList(g.Links), Summary: out}
}
