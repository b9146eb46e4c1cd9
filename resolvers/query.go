package resolvers

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
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
	m := s.p.Nodes[i]
	return &m, nil
}

// Cities lists the places a filter selects, sorted and paged.
func (r *queryResolver) Cities(ctx context.Context, filter *schema.CityFilter, orderBy *schema.CityOrder, first *int, after *string) (schema.CityConnection, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.CityConnection{}, err
	}
	keep, err := s.cityFilter(filter)
	if err != nil {
		return schema.CityConnection{}, err
	}
	var idx []int32
	for i := range s.p.Nodes {
		if keep(int32(i)) {
			idx = append(idx, int32(i))
		}
	}
	s.sortCities(idx, orderBy)
	lo, hi, err := r.window(len(idx), func(k int) string { return s.p.Nodes[idx[k]].ID }, "city", first, after)
	if err != nil {
		return schema.CityConnection{}, err
	}
	cursor := func(k int) string { return encodeCursor("city", s.p.Nodes[idx[k]].ID) }
	out := schema.CityConnection{
		TotalCount: len(idx),
		Edges:      make([]schema.CityEdge, 0, hi-lo),
		Nodes:      make([]graph.Municipality, 0, hi-lo),
		PageInfo:   pageInfo(lo, hi, len(idx), cursor),
	}
	for k := lo; k < hi; k++ {
		m := s.p.Nodes[idx[k]]
		out.Edges = append(out.Edges, schema.CityEdge{Cursor: cursor(k), Node: m})
		out.Nodes = append(out.Nodes, m)
	}
	return out, nil
}

// cityFilter compiles a CityFilter into a predicate on node indices.
func (s *state) cityFilter(f *schema.CityFilter) (func(int32) bool, error) {
	if f == nil {
		return func(int32) bool { return true }, nil
	}
	var ac argCheck
	st, country := ac.state(deref(f.State)), ac.country(deref(f.Country))
	partnerCountry := ac.country(deref(f.PartnerCountry))
	if ac.err != nil {
		return nil, ac.err
	}
	topic := strings.TrimSpace(deref(f.Topic))
	network := strings.TrimSpace(deref(f.Network))
	if network != "" {
		if _, ok := s.netByID[network]; !ok {
			return nil, graph.Errorf(graph.ENOTFOUND, "no network %q", network)
		}
	}
	var search []string
	if q := deref(f.Search); strings.TrimSpace(q) != "" {
		search = foldKeys(q)
		if len(search) == 0 {
			return nil, graph.Errorf(graph.EINVALID, "search %q has no letters or digits", q)
		}
	}
	linkCond := f.Kind != nil || f.Since != nil || f.Until != nil || topic != "" || partnerCountry != ""
	return func(i int32) bool {
		m := &s.p.Nodes[i]
		if st != "" && m.State != st {
			return false
		}
		if country != "" && m.Country != country {
			return false
		}
		if f.HasPartners != nil && (len(s.linksOf[i]) > 0) != *f.HasPartners {
			return false
		}
		if network != "" && !slices.ContainsFunc(s.memberOf[m.ID], func(k int) bool { return s.p.Snapshot.Memberships[k].Network == network }) {
			return false
		}
		if search != nil && !slices.ContainsFunc(search, func(q string) bool { return strings.Contains(s.search[i], q) }) {
			return false
		}
		if !linkCond {
			return true
		}
		// All link conditions must hold on one and the same link.
		for _, li := range s.linksOf[i] {
			l := &s.p.Links[li]
			if f.Kind != nil && l.Kind != *f.Kind {
				continue
			}
			if f.Since != nil && (l.Since.IsZero() || l.Since.Before(*f.Since)) {
				continue
			}
			if f.Until != nil && (l.Since.IsZero() || f.Until.Before(l.Since)) {
				continue
			}
			if topic != "" && !slices.Contains(l.Topics, topic) {
				continue
			}
			if partnerCountry != "" && s.p.Nodes[other(s.p.Ends[li], i)].Country != partnerCountry {
				continue
			}
			return true
		}
		return false
	}, nil
}

// sortCities sorts node indices by the order asked for, ties by id.
func (s *state) sortCities(idx []int32, o *schema.CityOrder) {
	field, desc := schema.CityOrderFieldName, false
	if o != nil {
		field, desc = o.Field, o.Direction == schema.DirectionDesc
	}
	var key func(a, b int32) int
	switch field {
	case schema.CityOrderFieldPartnerships:
		key = func(a, b int32) int { return cmp.Compare(len(s.linksOf[a]), len(s.linksOf[b])) }
	case schema.CityOrderFieldPopulation:
		key = func(a, b int32) int { return cmp.Compare(s.p.Nodes[a].Population, s.p.Nodes[b].Population) }
	case schema.CityOrderFieldID:
		key = func(a, b int32) int { return 0 }
	default:
		key = func(a, b int32) int { return cmp.Compare(s.sortKey[a], s.sortKey[b]) }
	}
	slices.SortStableFunc(idx, func(a, b int32) int {
		c := key(a, b)
		if desc {
			c = -c
		}
		if c != 0 {
			return c
		}
		return cmp.Compare(a, b) // index order is id order
	})
}

// Partnerships lists the links a filter selects, in key order, paged.
func (r *queryResolver) Partnerships(ctx context.Context, filter *schema.PartnershipFilter, first *int, after *string) (schema.PartnershipConnection, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.PartnershipConnection{}, err
	}
	idx, err := s.partnershipFilter(filter)
	if err != nil {
		return schema.PartnershipConnection{}, err
	}
	key := func(k int) string { return s.p.Links[idx[k]].Key() }
	lo, hi, err := r.window(len(idx), key, "link", first, after)
	if err != nil {
		return schema.PartnershipConnection{}, err
	}
	cursor := func(k int) string { return encodeCursor("link", key(k)) }
	out := schema.PartnershipConnection{
		TotalCount: len(idx),
		Edges:      make([]schema.PartnershipEdge, 0, hi-lo),
		Nodes:      make([]graph.Partnership, 0, hi-lo),
		PageInfo:   pageInfo(lo, hi, len(idx), cursor),
	}
	for k := lo; k < hi; k++ {
		l := s.p.Links[idx[k]]
		out.Edges = append(out.Edges, schema.PartnershipEdge{Cursor: cursor(k), Node: l})
		out.Nodes = append(out.Nodes, l)
	}
	return out, nil
}

// partnershipFilter returns the indices of the links f selects, in order.
func (s *state) partnershipFilter(f *schema.PartnershipFilter) ([]int32, error) {
	if f == nil {
		f = &schema.PartnershipFilter{}
	}
	city := int32(-1)
	if c := deref(f.City); c != "" {
		var err error
		if city, err = s.resolve(c); err != nil {
			return nil, err
		}
	}
	var ac argCheck
	country, pc := ac.country(deref(f.Country)), ac.country(deref(f.PartnerCountry))
	st := ac.state(deref(f.State))
	if ac.err != nil {
		return nil, ac.err
	}
	topic := strings.TrimSpace(deref(f.Topic))
	network := strings.TrimSpace(deref(f.Network))
	if network != "" {
		if _, ok := s.netByID[network]; !ok {
			return nil, graph.Errorf(graph.ENOTFOUND, "no network %q", network)
		}
	}
	member := func(n int32) bool {
		return slices.ContainsFunc(s.memberOf[s.p.Nodes[n].ID], func(k int) bool { return s.p.Snapshot.Memberships[k].Network == network })
	}
	keep := func(li int32) bool {
		l := &s.p.Links[li]
		e := s.p.Ends[li]
		a, b := &s.p.Nodes[e[0]], &s.p.Nodes[e[1]]
		if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, l.Kind) {
			return false
		}
		if f.Since != nil && (l.Since.IsZero() || l.Since.Before(*f.Since)) {
			return false
		}
		if f.Until != nil && (l.Since.IsZero() || f.Until.Before(l.Since)) {
			return false
		}
		if f.AsOf != nil && !l.ActiveAt(*f.AsOf) {
			return false
		}
		if f.Status != nil && status(l) != *f.Status {
			return false
		}
		if topic != "" && !slices.Contains(l.Topics, topic) {
			return false
		}
		if st != "" && a.State != st && b.State != st {
			return false
		}
		if network != "" && !member(e[0]) && !member(e[1]) {
			return false
		}
		switch {
		case city >= 0:
			if pc != "" && s.p.Nodes[other(e, city)].Country != pc {
				return false
			}
			if country != "" && a.Country != country && b.Country != country {
				return false
			}
		case country != "" && pc != "":
			if !(a.Country == country && b.Country == pc) && !(a.Country == pc && b.Country == country) {
				return false
			}
		case country != "":
			if a.Country != country && b.Country != country {
				return false
			}
		case pc != "":
			if a.Country != pc && b.Country != pc {
				return false
			}
		}
		return true
	}
	var idx []int32
	if city >= 0 {
		for _, li := range s.linksOf[city] {
			if keep(li) {
				idx = append(idx, li)
			}
		}
		slices.Sort(idx)
		return idx, nil
	}
	for li := range s.p.Links {
		if keep(int32(li)) {
			idx = append(idx, int32(li))
		}
	}
	return idx, nil
}

// status is the stored status of l or, without one, ENDED when its until
// date has passed and ACTIVE otherwise.
func status(l *graph.Partnership) graph.Status {
	if l.Status != "" {
		return l.Status
	}
	if !l.Until.IsZero() {
		return graph.StatusEnded
	}
	return graph.StatusActive
}

// Networks lists the city networks, by name; search matches the name.
func (r *queryResolver) Networks(ctx context.Context, search *string) ([]graph.Network, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	q := fold(deref(search), true)
	out := []graph.Network{}
	for _, n := range s.p.Snapshot.Networks {
		if q == "" || strings.Contains(fold(n.Name, true), q) || strings.Contains(n.ID, q) {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b graph.Network) int {
		return cmp.Or(cmp.Compare(fold(a.Name, false), fold(b.Name, false)), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// Network returns one network by id, null when there is none.
func (r *queryResolver) Network(ctx context.Context, id string) (*graph.Network, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	k, ok := s.netByID[id]
	if !ok {
		return nil, nil
	}
	n := s.p.Snapshot.Networks[k]
	return &n, nil
}

// Organisations lists the international organisations, by name.
func (r *queryResolver) Organisations(ctx context.Context) ([]graph.Organisation, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(s.p.Snapshot.Organisations)
	slices.SortFunc(out, func(a, b graph.Organisation) int {
		return cmp.Or(cmp.Compare(fold(a.Name, false), fold(b.Name, false)), cmp.Compare(a.ID, b.ID))
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
	k, ok := s.orgByID[id]
	if !ok {
		return nil, nil
	}
	o := s.p.Snapshot.Organisations[k]
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
	direct := s.p.Neighbors(c)
	via := map[int32][]int32{}
	for _, j := range direct {
		for _, k := range s.p.Neighbors(j) {
			if k == c || slices.Contains(direct, k) {
				continue
			}
			via[k] = append(via[k], j)
		}
	}
	keys := make([]int32, 0, len(via))
	for k := range via {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b int32) int { return cmp.Or(cmp.Compare(len(via[b]), len(via[a])), cmp.Compare(a, b)) })
	keys = keys[:min(n, len(keys))]
	out := make([]schema.SecondDegree, 0, len(keys))
	for _, k := range keys {
		out = append(out, schema.SecondDegree{City: s.p.Nodes[k], Via: s.cities(via[k])})
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
	sel := &Selection{Kinds: kinds}
	prev := map[int32]int32{a: -1}
	via := map[int32]int32{}
	frontier := []int32{a}
	for len(frontier) > 0 && !has(prev, b) {
		var next []int32
		for _, u := range frontier {
			for _, li := range s.linksOf[u] {
				if !s.keepLink(sel, li) {
					continue
				}
				v := other(s.p.Ends[li], u)
				if !has(prev, v) {
					prev[v], via[v] = u, li
					next = append(next, v)
				}
			}
		}
		slices.Sort(next)
		frontier = next
	}
	if !has(prev, b) {
		return nil, nil
	}
	var nodes, links []int32
	for v := b; v >= 0; v = prev[v] {
		nodes = append(nodes, v)
		if v != a {
			links = append(links, via[v])
		}
	}
	slices.Reverse(nodes)
	slices.Reverse(links)
	return &schema.Path{Length: len(links), Cities: s.cities(nodes), Links: s.linkList(links)}, nil
}

func has(m map[int32]int32, k int32) bool { _, ok := m[k]; return ok }

// Info returns figures on the current graph and the files imported.
func (r *queryResolver) Info(ctx context.Context) (schema.GraphInfo, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.GraphInfo{}, err
	}
	snap := s.p.Snapshot
	out := schema.GraphInfo{
		Version:        int(s.p.Version),
		Cities:         len(snap.Municipalities),
		Partnerships:   len(s.p.Links),
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

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
