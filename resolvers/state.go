package resolvers

import (
	"slices"
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

	// Per node, its search keys joined by "\n" (for substring search),
	// the first the key of its name (for sorting by name): all nodes'
	// keys in one string with offsets, so that the collector marks two
	// objects here, not two per place (a million strings at 305,000 links).
	keys    string
	keysOff []int32 // node i's keys are keys[keysOff[i]:keysOff[i+1]]
	nameEnd []int32 // and its name's key keys[keysOff[i]:nameEnd[i]]

	// ranks[field][desc][i] is node i's position in the order of the
	// cities list by field, built with the state.
	ranks   map[schema.CityOrderField]*[2][]int32
	idRanks []int32 // i at i
}

// search returns node i's search keys, joined by "\n".
func (s *state) search(i int32) string { return s.keys[s.keysOff[i]:s.keysOff[i+1]] }

// sortKey returns the search key of node i's name ("" when it has none).
func (s *state) sortKey(i int32) string { return s.keys[s.keysOff[i]:s.nameEnd[i]] }

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
		keysOff: make([]int32, 1, p.N()+1),
		nameEnd: make([]int32, p.N()),
	}
	var all strings.Builder
	if snap := p.Snapshot(); snap != nil {
		s.idx.WithAliases(snap.Aliases)
	}
	for i := range p.N() {
		m := p.Node(int32(i))
		var keys []string
		nameKey := "" // the first key of the name: its sort key
		for j, name := range append([]string{m.Name}, m.AltNames...) {
			ks := identity.NameKeysOf(name)
			if j == 0 && len(ks) > 0 {
				nameKey = ks[0]
			}
			for _, k := range ks {
				if !slices.Contains(keys, k) {
					keys = append(keys, k)
				}
			}
		}
		// keys begins with the name's keys (the first of them is the sort
		// key), when the name has any.
		start := int32(all.Len())
		s.nameEnd[i] = start + int32(len(nameKey))
		all.WriteString(strings.Join(keys, "\n"))
		s.keysOff = append(s.keysOff, int32(all.Len()))
	}
	s.keys = all.String()
	// Sorting a list of cities (the nine thousand of a Land on a graph of
	// 305,000 links) compares ranks, not names or figures.
	s.idRanks = make([]int32, p.N())
	for i := range s.idRanks {
		s.idRanks[i] = int32(i)
	}
	s.ranks = map[schema.CityOrderField]*[2][]int32{}
	for _, f := range []schema.CityOrderField{schema.CityOrderFieldName, schema.CityOrderFieldPopulation, schema.CityOrderFieldPartnerships} {
		asc, key := s.ascending(f)
		s.ranks[f] = &[2][]int32{ranksOf(asc), ranksOf(descending(asc, key))}
	}
	return s
}
