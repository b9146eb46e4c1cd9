package resolvers

import (
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/schema"
)

// state is one projection with the place index the resolvers need (the
// identity layer's: the one lookup the CLI and the importer use too),
// built once per projection and never changed afterwards (the
// projection's own indexes, links per place, networks and memberships by
// id, are in package analytics).
type state struct {
	p   *analytics.Projection
	idx *identity.Index

	search  []string // per node: its search keys, joined by "\n", for substring search
	sortKey []string // per node: the search key of its name, for sorting by name

	// ranks[field][desc][i] is node i's position in the order of the
	// cities list (sortCities) by field, built with the state.
	ranks   map[schema.CityOrderField]*[2][]int32
	idRanks []int32 // i at i
}

// rank returns the positions of the nodes in the order by field.
func (s *state) rank(field schema.CityOrderField, desc bool) []int32 {
	d := 0
	if desc {
		d = 1
	}
	if r := s.ranks[field]; r != nil {
		return r[d]
	}
	if field == schema.CityOrderFieldID {
		return s.idRanks // index order is id order, in both directions (as ever)
	}
	return ranksOf(s.orderOf(field, desc)) // a field without prepared ranks
}

// ranksOf inverts an order: the position of each node in it.
func ranksOf(order []int32) []int32 {
	r := make([]int32, len(order))
	for k, i := range order {
		r[i] = int32(k)
	}
	return r
}

// newState indexes p; ref may be nil (then names are found by the graph's
// own spellings only).
func newState(p *analytics.Projection, ref *identity.Reference) *state {
	s := &state{
		p:       p,
		idx:     identity.NewIndex(ref, p),
		search:  make([]string, p.N()),
		sortKey: make([]string, p.N()),
	}
	if snap := p.Snapshot(); snap != nil {
		s.idx.WithAliases(snap.Aliases)
	}
	for i := range p.N() {
		m := p.Node(int32(i))
		var keys []string
		for _, name := range append([]string{m.Name}, m.AltNames...) {
			for _, k := range identity.NameKeysOf(name) {
				if !containsStr(keys, k) {
					keys = append(keys, k)
				}
			}
		}
		s.search[i] = strings.Join(keys, "\n")
		if ks := identity.NameKeysOf(m.Name); len(ks) > 0 {
			s.sortKey[i] = ks[0]
		}
	}
	// Sorting a list of cities (the nine thousand of a Land on a graph of
	// 305,000 links) compares ranks, not names or figures.
	s.idRanks = make([]int32, p.N())
	for i := range s.idRanks {
		s.idRanks[i] = int32(i)
	}
	s.ranks = map[schema.CityOrderField]*[2][]int32{}
	for _, f := range []schema.CityOrderField{schema.CityOrderFieldName, schema.CityOrderFieldPopulation, schema.CityOrderFieldPartnerships} {
		s.ranks[f] = &[2][]int32{ranksOf(s.orderOf(f, false)), ranksOf(s.orderOf(f, true))}
	}
	return s
}

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
