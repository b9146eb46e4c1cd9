package resolvers

import (
	"cmp"
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/schema"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// node returns the index of a municipality in s; NOT_FOUND when a reload
// removed it.
func (s *state) node(m *graph.Municipality) (int32, error) {
	i, ok := s.p.IndexOf(m.ID)
	if !ok {
		return -1, graph.Errorf(graph.ENOTFOUND, "no city %q", m.ID)
	}
	return i, nil
}

// byID returns the municipality with the given id.
func (s *state) byID(id string) (graph.Municipality, error) {
	i, ok := s.p.IndexOf(id)
	if !ok {
		return graph.Municipality{}, graph.Errorf(graph.ENOTFOUND, "no city %q", id)
	}
	return *s.p.Node(i), nil
}

// CountryName returns the English name of the city's country (CLDR).
func (r *cityResolver) CountryName(ctx context.Context, obj *graph.Municipality) (string, error) {
	return countryName(obj.Country), nil
}

// countryName returns the English name of a country code (CLDR), or the
// code itself when CLDR does not know it.
func countryName(code string) string {
	reg, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if n := display.English.Regions().Name(reg); n != "" {
		return n
	}
	return code
}

// Lat returns the latitude, null when unknown.
func (r *cityResolver) Lat(ctx context.Context, obj *graph.Municipality) (*float64, error) {
	if !obj.HasCoords {
		return nil, nil
	}
	return &obj.Lat, nil
}

// Lon returns the longitude, null when unknown.
func (r *cityResolver) Lon(ctx context.Context, obj *graph.Municipality) (*float64, error) {
	if !obj.HasCoords {
		return nil, nil
	}
	return &obj.Lon, nil
}

// Degree returns the number of distinct partner places.
func (r *cityResolver) Degree(ctx context.Context, obj *graph.Municipality) (int, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return 0, err
	}
	i, err := s.node(obj)
	if err != nil {
		return 0, err
	}
	return s.p.Degree(i), nil
}

// DegreeByKind returns the number of distinct partners per kind of link.
func (r *cityResolver) DegreeByKind(ctx context.Context, obj *graph.Municipality) ([]schema.KindCount, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	i, err := s.node(obj)
	if err != nil {
		return nil, err
	}
	counts := analytics.PartnersByKind(s.p, i)
	out := make([]schema.KindCount, len(counts))
	for k, c := range counts {
		out[k] = schema.KindCount{Kind: graph.Kind(c.Key), Count: c.Count}
	}
	return out, nil
}

// cityLinks returns the city's node and its links of the given kinds
// (any when empty) active at asOf (any time when nil or empty).
func (s *state) cityLinks(obj *graph.Municipality, kinds []graph.Kind, asOf *graph.Date) (int32, []int32, error) {
	i, err := s.node(obj)
	if err != nil {
		return -1, nil, err
	}
	q := analytics.LinkQuery{City: obj.ID, Kinds: kinds}
	if asOf != nil && !asOf.IsZero() {
		q.AsOf = asOf
	}
	return i, analytics.Partnerships(s.p, q), nil
}

// Partners returns the city's partners with each link, by partner name.
func (r *cityResolver) Partners(ctx context.Context, obj *graph.Municipality, kinds []graph.Kind, asOf *graph.Date) ([]schema.Partner, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	i, links, err := s.cityLinks(obj, kinds, asOf)
	if err != nil {
		return nil, err
	}
	out := make([]schema.Partner, 0, len(links))
	for _, li := range links {
		l := s.p.Link(li)
		p := schema.Partner{City: *s.p.Node(s.p.Other(li, i)), Kind: l.Kind, Status: l.CurrentStatus(), Topics: l.Topics}
		if !l.Since.IsZero() {
			p.Since = ptr(l.Since)
		}
		if !l.Until.IsZero() {
			p.Until = ptr(l.Until)
		}
		if p.Topics == nil {
			p.Topics = []string{}
		}
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(a, b schema.Partner) int {
		ia, _ := s.p.IndexOf(a.City.ID)
		ib, _ := s.p.IndexOf(b.City.ID)
		return cmp.Or(cmp.Compare(s.sortKey(ia), s.sortKey(ib)), cmp.Compare(a.City.ID, b.City.ID))
	})
	return out, nil
}

func ptr[T any](v T) *T { return &v }

// Partnerships returns the city's links in key order.
func (r *cityResolver) Partnerships(ctx context.Context, obj *graph.Municipality, kinds []graph.Kind, asOf *graph.Date) ([]graph.Partnership, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	_, links, err := s.cityLinks(obj, kinds, asOf)
	if err != nil {
		return nil, err
	}
	slices.Sort(links)
	return s.linkList(links), nil
}

// Networks returns the city's memberships.
func (r *cityResolver) Networks(ctx context.Context, obj *graph.Municipality) ([]graph.Membership, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	return s.p.MembershipsOf(obj.ID), nil
}

// Aliases returns the ids merged into the city, by alias id.
func (r *cityResolver) Aliases(ctx context.Context, obj *graph.Municipality) ([]graph.Alias, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	out := []graph.Alias{}
	for _, a := range s.p.Snapshot().Aliases {
		if a.Place == obj.ID {
			out = append(out, a)
		}
	}
	return out, nil
}

// Organisations returns the city's links to international organisations.
func (r *cityResolver) Organisations(ctx context.Context, obj *graph.Municipality) ([]graph.OrgLink, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	return s.p.OrgLinksOf(obj.ID), nil
}

// ID returns the partnership's key, a|b|KIND.
func (r *partnershipResolver) ID(ctx context.Context, obj *graph.Partnership) (string, error) {
	return obj.Key(), nil
}

// A returns the end with the smaller id.
func (r *partnershipResolver) A(ctx context.Context, obj *graph.Partnership) (graph.Municipality, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return graph.Municipality{}, err
	}
	return s.byID(obj.A)
}

// B returns the end with the larger id.
func (r *partnershipResolver) B(ctx context.Context, obj *graph.Partnership) (graph.Municipality, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return graph.Municipality{}, err
	}
	return s.byID(obj.B)
}

// Status returns the stored or derived status.
func (r *partnershipResolver) Status(ctx context.Context, obj *graph.Partnership) (graph.Status, error) {
	return obj.CurrentStatus(), nil
}

// Status returns the stored or derived status.
func (r *linkResolver) Status(ctx context.Context, obj *graph.Partnership) (graph.Status, error) {
	return obj.CurrentStatus(), nil
}

// MemberCount returns the number of member places.
func (r *networkResolver) MemberCount(ctx context.Context, obj *graph.Network) (int, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return 0, err
	}
	return len(s.p.Members(obj.ID)), nil
}

// Members returns the network's memberships.
func (r *networkResolver) Members(ctx context.Context, obj *graph.Network) ([]graph.Membership, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	return s.p.Members(obj.ID), nil
}

// City returns the member place.
func (r *membershipResolver) City(ctx context.Context, obj *graph.Membership) (graph.Municipality, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return graph.Municipality{}, err
	}
	return s.byID(obj.Municipality)
}

// Network returns the network.
func (r *membershipResolver) Network(ctx context.Context, obj *graph.Membership) (graph.Network, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return graph.Network{}, err
	}
	n, ok := s.p.Network(obj.Network)
	if !ok {
		return graph.Network{ID: obj.Network, Name: obj.Network}, nil
	}
	return n, nil
}

// Members returns the places working with the organisation.
func (r *organisationResolver) Members(ctx context.Context, obj *graph.Organisation) ([]graph.OrgLink, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	return s.p.OrgMembers(obj.ID), nil
}

// City returns the place.
func (r *orgLinkResolver) City(ctx context.Context, obj *graph.OrgLink) (graph.Municipality, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return graph.Municipality{}, err
	}
	return s.byID(obj.Municipality)
}

// Organisation returns the organisation.
func (r *orgLinkResolver) Organisation(ctx context.Context, obj *graph.OrgLink) (graph.Organisation, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return graph.Organisation{}, err
	}
	o, ok := s.p.Organisation(obj.Organisation)
	if !ok {
		return graph.Organisation{ID: obj.Organisation, Name: obj.Organisation}, nil
	}
	return o, nil
}

// isSelected reports whether the current field's selection asks for name.
func isSelected(ctx context.Context, name string) bool {
	if graphql.GetFieldContext(ctx) == nil {
		return true
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}
