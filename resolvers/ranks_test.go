package resolvers

import (
	"cmp"
	"slices"
	"testing"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/schema"
)

// TestRanksAreTheSortedOrders: the ranks newState prepares (one sort per
// field, the descending order derived from the ascending one) are those of
// a sort by each field in each direction, ties by id, on a graph with many
// ties (equal link counts, equal populations, equal names).
func TestRanksAreTheSortedOrders(t *testing.T) {
	snap := analytics.SyntheticTwinGraph(3000, 5)
	for i := range snap.Municipalities {
		snap.Municipalities[i].Population = i % 7 * 1000
		if i%5 == 0 {
			snap.Municipalities[i].Name = "Twin"
		}
	}
	p := analytics.NewProjection(snap)
	s := newState(p, nil)
	keys := map[schema.CityOrderField]func(a, b int32) int{
		schema.CityOrderFieldPartnerships: func(a, b int32) int { return cmp.Compare(len(p.LinksOf(a)), len(p.LinksOf(b))) },
		schema.CityOrderFieldPopulation:   func(a, b int32) int { return cmp.Compare(p.Node(a).Population, p.Node(b).Population) },
		schema.CityOrderFieldName:         func(a, b int32) int { return cmp.Compare(s.sortKey(a), s.sortKey(b)) },
	}
	for field, key := range keys {
		for _, desc := range []bool{false, true} {
			idx := make([]int32, p.N())
			for i := range idx {
				idx[i] = int32(i)
			}
			slices.SortFunc(idx, func(a, b int32) int {
				c := key(a, b)
				if desc {
					c = -c
				}
				if c != 0 {
					return c
				}
				return cmp.Compare(a, b)
			})
			if !slices.Equal(s.rank(field, desc), ranksOf(idx)) {
				t.Errorf("%s desc=%v: the prepared ranks differ from the sort", field, desc)
			}
			if !slices.Equal(s.orderOf(field, desc), idx) {
				t.Errorf("%s desc=%v: orderOf differs from the sort", field, desc)
			}
		}
	}
}
