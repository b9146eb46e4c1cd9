package analytics

import (
	"slices"

	"github.com/citygraph/citygraph/graph"
)

// PlaceQuery selects places. Its zero value selects every place; each field
// set narrows the selection.
type PlaceQuery struct {
	Country string // ISO 3166-1 alpha-2
	State   string // ISO 3166-2 Land, e.g. DE-BY
	// HasPartners keeps places with (true) or without (false) links.
	HasPartners *bool
	// Network keeps the members of a network (by id; ended memberships
	// count too).
	Network string
	// Match keeps the places it accepts: the caller's name search.
	Match func(node int32) bool
	// Link keeps places with a link that meets all of its conditions.
	Link LinkCondition
}

// LinkCondition is what one link of a place must meet; its zero value is
// no condition.
type LinkCondition struct {
	Kind graph.Kind // "" for any kind
	// Since and Until keep links that began on or after Since and on or
	// before Until; a link without a known start meets neither.
	Since, Until *graph.Date
	Topic        string // the link carries this topic
	// PartnerCountry is the country of the place at the link's other end.
	PartnerCountry string
}

func (c *LinkCondition) isZero() bool {
	return c.Kind == "" && c.Since == nil && c.Until == nil && c.Topic == "" && c.PartnerCountry == ""
}

// began reports whether l began in [since, until], each bound optional; a
// link without a known start fails any bound.
func began(l *graph.Partnership, since, until *graph.Date) bool {
	if since != nil && (l.Since.IsZero() || l.Since.Before(*since)) {
		return false
	}
	if until != nil && (l.Since.IsZero() || until.Before(l.Since)) {
		return false
	}
	return true
}

// metBy reports whether link li of node i meets c.
func (c *LinkCondition) metBy(p *Projection, i, li int32) bool {
	l := &p.links[li]
	switch {
	case c.Kind != "" && l.Kind != c.Kind,
		!began(l, c.Since, c.Until),
		c.Topic != "" && !slices.Contains(l.Topics, c.Topic),
		c.PartnerCountry != "" && p.nodes[p.Other(li, i)].Country != c.PartnerCountry:
		return false
	}
	return true
}

// Places returns the nodes q selects, in index (id) order. O(nodes + their
// links); with a Land or country, O(the places there + their links).
func Places(p *Projection, q PlaceQuery) []int32 {
	var out []int32
	if q.State != "" || q.Country != "" {
		x := p.idx.places()
		cand := x.byCountry[q.Country]
		if q.State != "" {
			cand = x.byState[q.State]
		}
		out = make([]int32, 0, len(cand)) // one allocation, not a growing one
		for _, i := range cand {
			if q.keeps(p, i) {
				out = append(out, i)
			}
		}
		return out
	}
	for i := range p.nodes {
		if q.keeps(p, int32(i)) {
			out = append(out, int32(i))
		}
	}
	return out
}

// keeps reports whether q selects node i.
func (q *PlaceQuery) keeps(p *Projection, i int32) bool {
	m := &p.nodes[i]
	switch {
	case q.State != "" && m.State != q.State,
		q.Country != "" && m.Country != q.Country,
		q.HasPartners != nil && (len(p.LinksOf(i)) > 0) != *q.HasPartners,
		q.Network != "" && !p.isMember(i, q.Network),
		q.Match != nil && !q.Match(i):
		return false
	}
	if q.Link.isZero() {
		return true
	}
	return slices.ContainsFunc(p.LinksOf(i), func(li int32) bool { return q.Link.metBy(p, i, li) })
}

// LinkQuery selects partnerships. Its zero value selects every link; each
// field set narrows the selection.
type LinkQuery struct {
	// City keeps the links of one place (a municipality id); Country and
	// PartnerCountry then mean: some end in Country, the other end (the
	// partner) in PartnerCountry.
	City string
	// Country and PartnerCountry keep, without City, the links with an end
	// in Country, with an end in PartnerCountry, or, both given, between
	// the two.
	Country, PartnerCountry string
	Kinds                   []graph.Kind // any of these kinds
	// Since and Until keep links that began on or after Since and on or
	// before Until; a link without a known start meets neither.
	Since, Until *graph.Date
	AsOf         *graph.Date  // keep links active at this date
	Status       graph.Status // the link's status (graph.Partnership.CurrentStatus)
	Topic        string       // the link carries this topic
	State        string       // an end lies in this Land
	Network      string       // an end belongs to this network (by id)
}

// Partnerships returns the links q selects, ascending. With City it looks
// at that place's links only, O(its links); otherwise O(links).
func Partnerships(p *Projection, q LinkQuery) []int32 {
	city := int32(-1)
	candidates := func(yield func(int32) bool) {
		for li := range p.links {
			if !yield(int32(li)) {
				return
			}
		}
	}
	if q.City != "" {
		c, ok := p.index.get(q.City)
		if !ok {
			return nil
		}
		city = c
		candidates = slices.Values(p.LinksOf(c))
	}
	var out []int32
	for li := range candidates {
		if q.keeps(p, li) && q.countriesMatch(p, li, city) {
			out = append(out, li)
		}
	}
	return out
}

// keeps applies q's conditions on the link itself and on its ends' Land
// and networks.
func (q *LinkQuery) keeps(p *Projection, li int32) bool {
	l := &p.links[li]
	e := p.ends[li]
	a, b := &p.nodes[e[0]], &p.nodes[e[1]]
	switch {
	case len(q.Kinds) > 0 && !slices.Contains(q.Kinds, l.Kind),
		!began(l, q.Since, q.Until),
		q.AsOf != nil && !l.ActiveAt(*q.AsOf),
		q.Status != "" && l.CurrentStatus() != q.Status,
		q.Topic != "" && !slices.Contains(l.Topics, q.Topic),
		q.State != "" && a.State != q.State && b.State != q.State,
		q.Network != "" && !p.isMember(e[0], q.Network) && !p.isMember(e[1], q.Network):
		return false
	}
	return true
}

// countriesMatch applies Country and PartnerCountry to link li, seen from
// node city (-1 for none).
func (q *LinkQuery) countriesMatch(p *Projection, li, city int32) bool {
	e := p.ends[li]
	a, b := p.nodes[e[0]].Country, p.nodes[e[1]].Country
	either := func(c string) bool { return a == c || b == c }
	switch {
	case city >= 0:
		return (q.PartnerCountry == "" || p.nodes[p.Other(li, city)].Country == q.PartnerCountry) &&
			(q.Country == "" || either(q.Country))
	case q.Country != "" && q.PartnerCountry != "":
		return (a == q.Country && b == q.PartnerCountry) || (a == q.PartnerCountry && b == q.Country)
	case q.Country != "":
		return either(q.Country)
	case q.PartnerCountry != "":
		return either(q.PartnerCountry)
	}
	return true
}
