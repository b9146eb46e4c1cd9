package resolvers

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/schema"
)

// City looks one place up by id, AGS or name.
func (r *queryResolver) City(ctx context.Context, id, ags, name, country *string) (*graph.Municipality, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	i, err := s.find(deref(id), deref(ags), deref(name), deref(country))
	if err != nil || i < 0 {
		return nil, err
	}
	m := *s.p.Node(i)
	return &m, nil
}

// Cities lists the places a filter selects, sorted and paged.
func (r *queryResolver) Cities(ctx context.Context, filter *schema.CityFilter, orderBy *schema.CityOrder, first *int, after *string) (schema.CityConnection, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.CityConnection{}, err
	}
	q, err := s.placeQuery(filter)
	if err != nil {
		return schema.CityConnection{}, err
	}
	idx := analytics.Places(s.p, q)
	// Only the page is put in order (the places of a Land on a large graph
	// are thousands).
	field, desc := schema.CityOrderFieldName, false
	if orderBy != nil {
		field, desc = orderBy.Field, orderBy.Direction == schema.DirectionDesc
	}
	sel, lo, err := r.rankedPage(idx, s.rank(field, desc), s.p.IndexOf, "city", first, after)
	if err != nil {
		return schema.CityConnection{}, err
	}
	out := schema.CityConnection{TotalCount: len(idx), Nodes: make([]graph.Municipality, len(sel)),
		Edges: make([]schema.CityEdge, len(sel))}
	cursors := make([]string, len(sel))
	for k, i := range sel {
		out.Nodes[k] = *s.p.Node(i)
		cursors[k] = encodeCursor("city", s.p.Node(i).ID)
		out.Edges[k] = schema.CityEdge{Cursor: cursors[k], Node: out.Nodes[k]}
	}
	out.PageInfo = pageInfo(lo, lo+len(sel), len(idx), func(k int) string { return cursors[k-lo] })
	return out, nil
}

// placeQuery checks a CityFilter and turns it into the query of
// analytics.Places. Errors: INVALID, NOT_FOUND (an unknown network).
func (s *state) placeQuery(f *schema.CityFilter) (analytics.PlaceQuery, error) {
	if f == nil {
		return analytics.PlaceQuery{}, nil
	}
	var ac argCheck
	q := analytics.PlaceQuery{State: ac.state(deref(f.State)), Country: ac.country(deref(f.Country)), HasPartners: f.HasPartners,
		Link: analytics.LinkCondition{Kind: deref(f.Kind), Since: f.Since, Until: f.Until, Topic: strings.TrimSpace(deref(f.Topic)),
			PartnerCountry: ac.country(deref(f.PartnerCountry))}}
	if ac.err != nil {
		return q, ac.err
	}
	var err error
	if q.Network, err = s.network(deref(f.Network)); err != nil {
		return q, err
	}
	if search := deref(f.Search); strings.TrimSpace(search) != "" {
		keys := identity.NameKeysOf(search)
		if len(keys) == 0 {
			return q, graph.Errorf(graph.EINVALID, "search %q has no letters or digits", search)
		}
		q.Match = func(i int32) bool {
			return slices.ContainsFunc(keys, func(k string) bool { return strings.Contains(s.search(i), k) })
		}
	}
	return q, nil
}

// network checks a network argument: "" or the id of a network. Errors:
// NOT_FOUND.
func (s *state) network(id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", nil
	}
	if _, ok := s.p.Network(id); !ok {
		return "", graph.Errorf(graph.ENOTFOUND, "no network %q", id)
	}
	return id, nil
}

// orderOf sorts all node indices by field (ascending, or descending with
// desc), ties by id.
func (s *state) orderOf(field schema.CityOrderField, desc bool) []int32 {
	asc, key := s.ascending(field)
	if desc {
		return descending(asc, key)
	}
	return asc
}

// ascending sorts all node indices by field, ties by id (index order is
// id order), and returns the order and the comparison of field it used.
// The field's values are taken once per node, not per comparison.
func (s *state) ascending(field schema.CityOrderField) ([]int32, func(a, b int32) int) {
	var key func(a, b int32) int
	switch field {
	case schema.CityOrderFieldPartnerships:
		links := make([]int, s.p.N())
		for i := range links {
			links[i] = len(s.p.LinksOf(int32(i)))
		}
		key = func(a, b int32) int { return cmp.Compare(links[a], links[b]) }
	case schema.CityOrderFieldPopulation:
		pop := make([]int, s.p.N())
		for i := range pop {
			pop[i] = s.p.Node(int32(i)).Population
		}
		key = func(a, b int32) int { return cmp.Compare(pop[a], pop[b]) }
	default:
		key = func(a, b int32) int { return cmp.Compare(s.sortKey(a), s.sortKey(b)) }
	}
	idx := make([]int32, s.p.N())
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if c := key(a, b); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return idx, key
}

// descending turns an ascending order by key (ties by index) into the
// descending one (ties still by index): reversed, with each run of equal
// keys turned back. The same order a sort by the reversed key gives, in
// one pass.
func descending(asc []int32, key func(a, b int32) int) []int32 {
	out := slices.Clone(asc)
	slices.Reverse(out)
	for i := 0; i < len(out); {
		j := i + 1
		for j < len(out) && key(out[i], out[j]) == 0 {
			j++
		}
		slices.Reverse(out[i:j])
		i = j
	}
	return out
}

// Partnerships lists the links a filter selects, in key order, paged.
func (r *queryResolver) Partnerships(ctx context.Context, filter *schema.PartnershipFilter, first *int, after *string) (schema.PartnershipConnection, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.PartnershipConnection{}, err
	}
	q, err := s.linkQuery(filter)
	if err != nil {
		return schema.PartnershipConnection{}, err
	}
	idx := analytics.Partnerships(s.p, q)
	pg, err := paginate(r.Resolver, len(idx), "link", func(k int) string { return s.p.Link(idx[k]).Key() },
		func(k int) graph.Partnership { return *s.p.Link(idx[k]) }, first, after)
	if err != nil {
		return schema.PartnershipConnection{}, err
	}
	out := schema.PartnershipConnection{TotalCount: len(idx), Nodes: pg.items, PageInfo: pg.info,
		Edges: make([]schema.PartnershipEdge, len(pg.items))}
	for i, l := range pg.items {
		out.Edges[i] = schema.PartnershipEdge{Cursor: pg.cursors[i], Node: l}
	}
	return out, nil
}

// linkQuery checks a PartnershipFilter and turns it into the query of
// analytics.Partnerships. Errors: INVALID, NOT_FOUND, AMBIGUOUS (the city),
// NOT_FOUND (an unknown network).
func (s *state) linkQuery(f *schema.PartnershipFilter) (analytics.LinkQuery, error) {
	if f == nil {
		return analytics.LinkQuery{}, nil
	}
	var ac argCheck
	q := analytics.LinkQuery{Country: ac.country(deref(f.Country)), PartnerCountry: ac.country(deref(f.PartnerCountry)),
		State: ac.state(deref(f.State)), Kinds: f.Kinds, Since: f.Since, Until: f.Until, AsOf: f.AsOf, Status: deref(f.Status),
		Topic: strings.TrimSpace(deref(f.Topic))}
	if c := deref(f.City); c != "" {
		i, err := s.resolve(c)
		if err != nil {
			return q, err
		}
		q.City = s.p.Node(i).ID
	}
	if ac.err != nil {
		return q, ac.err
	}
	var err error
	q.Network, err = s.network(deref(f.Network))
	return q, err
}

// Networks lists the city networks, by name; search matches the name.
func (r *queryResolver) Networks(ctx context.Context, search *string) ([]graph.Network, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	q := gazetteer.Fold(deref(search))
	out := []graph.Network{}
	for _, n := range s.p.Snapshot().Networks {
		if q == "" || strings.Contains(gazetteer.Fold(n.Name), q) || strings.Contains(n.ID, q) {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b graph.Network) int {
		return cmp.Or(cmp.Compare(gazetteer.PlaceSlug(a.Name), gazetteer.PlaceSlug(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// Network returns one network by id, null when there is none.
func (r *queryResolver) Network(ctx context.Context, id string) (*graph.Network, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	n, ok := s.p.Network(id)
	if !ok {
		return nil, nil
	}
	return &n, nil
}

// Organisations lists the international organisations, by name.
func (r *queryResolver) Organisations(ctx context.Context) ([]graph.Organisation, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(s.p.Snapshot().Organisations)
	slices.SortFunc(out, func(a, b graph.Organisation) int {
		return cmp.Or(cmp.Compare(gazetteer.PlaceSlug(a.Name), gazetteer.PlaceSlug(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	if out == nil {
		out = []graph.Organisation{}
	}
	return out, nil
}

// Organisation returns one organisation by id, null when there is none.
func (r *queryResolver) Organisation(ctx context.Context, id string) (*graph.Organisation, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	o, ok := s.p.Organisation(id)
	if !ok {
		return nil, nil
	}
	return &o, nil
}

// PartnershipNetwork returns the links between the listed countries.
func (r *queryResolver) PartnershipNetwork(ctx context.Context, countries []string, kinds []graph.Kind, states []string, asOf *graph.Date, domestic *bool) (schema.Subgraph, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.Subgraph{}, err
	}
	if len(countries) == 0 {
		return schema.Subgraph{}, graph.Errorf(graph.EINVALID, "countries: give at least one country code, e.g. [\"DE\", \"UA\"]")
	}
	sel := Selection{Countries: slices.Clone(countries), Kinds: kinds, States: slices.Clone(states), Domestic: domestic != nil && *domestic}
	if asOf != nil {
		sel.AsOf = *asOf
	}
	return r.subgraph(ctx, s, sel)
}

// Neighborhood returns the places within depth links of a city.
func (r *queryResolver) Neighborhood(ctx context.Context, city string, depth *int, kinds []graph.Kind, asOf *graph.Date) (schema.Subgraph, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.Subgraph{}, err
	}
	sel := Selection{City: city, Depth: 1, Kinds: kinds}
	if depth != nil {
		sel.Depth = *depth
		if sel.Depth == 0 {
			sel.Depth = -1 // normalize rejects it with a clear message
		}
	}
	if asOf != nil {
		sel.AsOf = *asOf
	}
	return r.subgraph(ctx, s, sel)
}

// subgraph selects a subgraph and builds its answer, once per projection
// and selection: the same traversal asked again (the German-Ukrainian
// network on a busy day) costs a cache lookup.
func (r *Resolver) subgraph(ctx context.Context, s *state, sel Selection) (schema.Subgraph, error) {
	if err := sel.normalize(); err != nil {
		return schema.Subgraph{}, err
	}
	return analytics.Cached(ctx, r.cache, s.p, "subgraph", sel.key(), func() (schema.Subgraph, error) {
		g, err := s.selectSub(sel)
		if err != nil {
			return schema.Subgraph{}, err
		}
		return s.toSchema(g), nil
	})
}

// PartnersOfPartners returns the places two links away from a city that
// are not its partners, most shared partners first.
func (r *queryResolver) PartnersOfPartners(ctx context.Context, city string, limit *int) ([]schema.SecondDegree, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	n := min(defaultPageSize, r.maxPage)
	if limit != nil {
		n = *limit
	}
	if n < 0 || n > r.maxPage {
		return nil, graph.Errorf(graph.EINVALID, "limit %d: want 0 to %d", n, r.maxPage)
	}
	c, err := s.resolve(city)
	if err != nil {
		return nil, err
	}
	second := analytics.PartnersOfPartners(s.p, c, n)
	out := make([]schema.SecondDegree, len(second))
	for i, k := range second {
		out[i] = schema.SecondDegree{City: *s.p.Node(k.Node), Via: s.cities(k.Via)}
	}
	return out, nil
}

// ShortestPath returns a path with the fewest links between two places
// (breadth-first search; among equal paths the one through the smallest
// ids), null when they are not connected.
func (r *queryResolver) ShortestPath(ctx context.Context, from, to string, kinds []graph.Kind) (*schema.Path, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	a, err := s.resolve(from)
	if err != nil {
		return nil, err
	}
	b, err := s.resolve(to)
	if err != nil {
		return nil, err
	}
	path, ok := analytics.ShortestPath(s.p, a, b, analytics.Filter{Kinds: kinds})
	if !ok {
		return nil, nil
	}
	return &schema.Path{Length: len(path.Links), Cities: s.cities(path.Nodes), Links: s.linkList(path.Links)}, nil
}

// Info returns figures on the current graph and the files imported.
func (r *queryResolver) Info(ctx context.Context) (schema.GraphInfo, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.GraphInfo{}, err
	}
	snap := s.p.Snapshot()
	out := schema.GraphInfo{
		Version:        int(s.p.Version()),
		Cities:         len(snap.Municipalities),
		Partnerships:   s.p.LinkCount(),
		Networks:       len(snap.Networks),
		Organisations:  len(snap.Organisations),
		ReportedCounts: slices.Clone(snap.StateCounts),
		Imports:        []graph.ImportRecord{},
	}
	if out.ReportedCounts == nil {
		out.ReportedCounts = []graph.StateCount{}
	}
	if r.store != nil && isSelected(ctx, "imports") {
		imps, err := r.store.Imports(ctx)
		if err != nil {
			return schema.GraphInfo{}, err
		}
		out.Imports = append(out.Imports, imps...)
	}
	return out, nil
}

// deref is *p, or T's zero value for nil.
func deref[T any](p *T) T {
	var zero T
	return derefOr(p, zero)
}

// derefOr is *p, or def for nil (an argument given as null where the
// schema has a default).
func derefOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// defaultSeed is the Louvain seed when a query gives none (the schema's
// default too).
const defaultSeed = 1
