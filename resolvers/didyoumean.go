package resolvers

import (
	"cmp"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/suggest"
)

// PlaceSuggestion returns " (did you mean Mannheim?)" for the places of p
// whose name or other name is nearest to a query that matched nothing
// (edit distance within suggest.Limit, names folded as the lookup folds
// them): up to three, the better-linked first among equals, as
// "Name (ID)" when a name is shared; "" when none is near. The CLI and the
// API use it for "no place matches"; it is kept apart from the lookup so
// that the identity layer's ranked lookup can take it over.
func PlaceSuggestion(p *analytics.Projection, query string) string {
	order := make([]int, p.N())
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p.Degree(int32(b)), p.Degree(int32(a))) })
	hits := suggest.Near(query, gazetteer.Fold, 3, func(yield func(int, string) bool) {
		for _, i := range order {
			m := p.Node(int32(i))
			if !yield(i, m.Name) {
				return
			}
			for _, alt := range m.AltNames {
				if !yield(i, alt) {
					return
				}
			}
		}
	})
	if len(hits) == 0 {
		return ""
	}
	shared := map[string]int{}
	for _, i := range hits {
		shared[p.Node(int32(i)).Name]++
	}
	out := make([]string, len(hits))
	for k, i := range hits {
		m := *p.Node(int32(i))
		out[k] = m.Name
		if shared[m.Name] > 1 {
			out[k] += " (" + m.ID + ")"
		}
	}
	return " (did you mean " + strings.Join(out, " or ") + "?)"
}
