package resolvers

import (
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/identity"
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
