package resolvers

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"

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
}

// ExportGraph returns the subgraph sel chooses on the current projection,
// for exports (package server serves them at /export), and the version of
// that projection. The graph streams from the projection: the selected
// places and partnerships, the memberships and links to organisations of
// those places, and the networks and organisations they name; only the
// selection (indices) is held. Errors: INVALID, NOT_FOUND, AMBIGUOUS,
// UNAVAILABLE.
func (r *Resolver) ExportGraph(ctx context.Context, sel Selection) (export.Graph, int64, error) {
	s, err := r.current()
	if err != nil {
		return export.Graph{}, 0, err
	}
	g, err := s.selectSub(sel)
	if err != nil {
		return export.Graph{}, 0, err
	}
	return s.exportGraph(g), s.p.Version, nil
}

// exportGraph streams the selected subgraph g with its memberships and
// links to organisations (see ExportGraph).
func (s *state) exportGraph(g sub) export.Graph {
	p, snap := s.p, s.p.Snapshot
	selected := func(id string) bool {
		i, ok := p.Index[id]
		if !ok {
			return false
		}
		_, found := slices.BinarySearch(g.nodes, i)
		return found
	}
	nets, orgs := map[string]bool{}, map[string]bool{}
	var sizes export.Sizes
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
	sizes.Places, sizes.Partnerships, sizes.Networks, sizes.Organisations = len(g.nodes), len(g.links), len(nets), len(orgs)
	return export.Graph{
		Places:        indexed(p.Nodes, g.nodes),
		Partnerships:  indexed(p.Links, g.links),
		Networks:      kept(snap.Networks, func(n *graph.Network) bool { return nets[n.ID] }),
		Organisations: kept(snap.Organisations, func(o *graph.Organisation) bool { return orgs[o.ID] }),
		Memberships:   kept(snap.Memberships, func(m *graph.Membership) bool { return selected(m.Municipality) }),
		OrgLinks:      kept(snap.OrgLinks, func(l *graph.OrgLink) bool { return selected(l.Municipality) }),
		Place: func(id string) *graph.Municipality {
			if i, ok := p.Index[id]; ok {
				return &p.Nodes[i]
			}
			return nil
		},
		Network:      byID(snap.Networks, func(n *graph.Network) string { return n.ID }),
		Organisation: byID(snap.Organisations, func(o *graph.Organisation) string { return o.ID }),
		Sizes:        sizes,
	}
}

// indexed yields &xs[i] for each index in idx.
func indexed[T any](xs []T, idx []int32) iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for _, i := range idx {
			if !yield(&xs[i]) {
				return
			}
		}
	}
}

// kept yields the elements of xs that keep accepts.
func kept[T any](xs []T, keep func(*T) bool) iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for i := range xs {
			if keep(&xs[i]) && !yield(&xs[i]) {
				return
			}
		}
	}
}

// byID looks elements of xs (sorted by id, as snapshots keep them) up by
// id.
func byID[T any](xs []T, id func(*T) string) func(string) *T {
	return func(want string) *T {
		i, ok := slices.BinarySearchFunc(xs, want, func(x T, w string) int { return strings.Compare(id(&x), w) })
		if !ok {
			return nil
		}
		return &xs[i]
	}
}

// sub is a selected subgraph: node and link indices into the projection,
// nodes in id order, links in key order.
type sub struct {
	nodes []int32
	links []int32
}

// keepLink applies the kind, Land and date filters of sel to link li.
func (s *state) keepLink(sel *Selection, li int32) bool {
	l := &s.p.Links[li]
	if len(sel.Kinds) > 0 && !slices.Contains(sel.Kinds, l.Kind) {
		return false
	}
	if !sel.AsOf.IsZero() && !l.ActiveAt(sel.AsOf) {
		return false
	}
	if len(sel.States) > 0 {
		e := s.p.Ends[li]
		if !slices.Contains(sel.States, s.p.Nodes[e[0]].State) && !slices.Contains(sel.States, s.p.Nodes[e[1]].State) {
			return false
		}
	}
	return true
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

// selectSub returns the subgraph sel chooses. Errors: INVALID, NOT_FOUND,
// AMBIGUOUS.
func (s *state) selectSub(sel Selection) (sub, error) {
	if err := sel.normalize(); err != nil {
		return sub{}, err
	}
	if sel.City != "" {
		c, err := s.resolve(sel.City)
		if err != nil {
			return sub{}, err
		}
		return s.neighborhood(&sel, c), nil
	}
	var out sub
	seen := make([]bool, len(s.p.Nodes))
	for li := range s.p.Links {
		li := int32(li)
		if !s.keepLink(&sel, li) {
			continue
		}
		e := s.p.Ends[li]
		if len(sel.Countries) > 0 {
			ca, cb := s.p.Nodes[e[0]].Country, s.p.Nodes[e[1]].Country
			if !slices.Contains(sel.Countries, ca) || !slices.Contains(sel.Countries, cb) {
				continue
			}
			if len(sel.Countries) > 1 && !sel.Domestic && ca == cb {
				continue
			}
		}
		out.links = append(out.links, li)
		for _, n := range e {
			if !seen[n] {
				seen[n] = true
				out.nodes = append(out.nodes, n)
			}
		}
	}
	slices.Sort(out.nodes)
	return out, nil
}

// neighborhood returns the places within sel.Depth kept links of c and the
// kept links among them.
func (s *state) neighborhood(sel *Selection, c int32) sub {
	dist := map[int32]int{c: 0}
	frontier := []int32{c}
	for d := 1; d <= sel.Depth && len(frontier) > 0; d++ {
		var next []int32
		for _, u := range frontier {
			for _, li := range s.linksOf[u] {
				if !s.keepLink(sel, li) {
					continue
				}
				v := other(s.p.Ends[li], u)
				if _, ok := dist[v]; !ok {
					dist[v] = d
					next = append(next, v)
				}
			}
		}
		frontier = next
	}
	var out sub
	for n := range dist {
		out.nodes = append(out.nodes, n)
	}
	slices.Sort(out.nodes)
	for _, u := range out.nodes {
		for _, li := range s.linksOf[u] {
			e := s.p.Ends[li]
			if e[0] != u { // visit each link from its first end only
				continue
			}
			if _, ok := dist[e[1]]; ok && s.keepLink(sel, li) {
				out.links = append(out.links, li)
			}
		}
	}
	slices.Sort(out.links)
	return out
}

// other returns the end of a link that is not u.
func other(e [2]int32, u int32) int32 {
	if e[0] == u {
		return e[1]
	}
	return e[0]
}

// cities returns the municipalities of node indices.
func (s *state) cities(idx []int32) []graph.Municipality {
	out := make([]graph.Municipality, len(idx))
	for k, i := range idx {
		out[k] = s.p.Nodes[i]
	}
	return out
}

// linkList returns the partnerships of link indices.
func (s *state) linkList(idx []int32) []graph.Partnership {
	out := make([]graph.Partnership, len(idx))
	for k, i := range idx {
		out[k] = s.p.Links[i]
	}
	return out
}

// toSchema turns a selected subgraph into the API's Subgraph with its
// summary.
func (s *state) toSchema(g sub) schema.Subgraph {
	out := schema.Subgraph{Nodes: s.cities(g.nodes), Links: s.linkList(g.links)}
	sum := schema.SubgraphSummary{Nodes: len(g.nodes), Links: len(g.links)}
	kinds := map[graph.Kind]int{}
	years := map[int]int{}
	states := map[string]int{}
	countries := map[string]int{}
	for _, li := range g.links {
		l := &s.p.Links[li]
		kinds[l.Kind]++
		years[l.Since.Year]++
		e := s.p.Ends[li]
		a, b := s.p.Nodes[e[0]].State, s.p.Nodes[e[1]].State
		if a != "" {
			states[a]++
		}
		if b != "" && b != a {
			states[b]++
		}
	}
	for _, n := range g.nodes {
		countries[s.p.Nodes[n].Country]++
	}
	for _, k := range graph.Kinds {
		if kinds[k] > 0 {
			sum.ByKind = append(sum.ByKind, schema.KindCount{Kind: k, Count: kinds[k]})
		}
	}
	for y, c := range years {
		sum.ByYear = append(sum.ByYear, schema.YearCount{Year: y, Count: c})
	}
	slices.SortFunc(sum.ByYear, func(a, b schema.YearCount) int { return cmp.Compare(a.Year, b.Year) })
	sum.ByState = keyCounts(states, false)
	sum.ByCountry = keyCounts(countries, true)
	if sum.ByKind == nil {
		sum.ByKind = []schema.KindCount{}
	}
	if sum.ByYear == nil {
		sum.ByYear = []schema.YearCount{}
	}
	out.Summary = sum
	return out
}

// keyCounts lists a count map by key, or by count (most first, then key).
func keyCounts(m map[string]int, byCount bool) []schema.KeyCount {
	out := make([]schema.KeyCount, 0, len(m))
	for k, c := range m {
		out = append(out, schema.KeyCount{Key: k, Count: c})
	}
	slices.SortFunc(out, func(a, b schema.KeyCount) int {
		if byCount && a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}
