package main

import (
	"strings"
	"unicode/utf8"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/suggest"
)

// placeSuggestion returns " (did you mean Mannheim?)" for the place names
// of p nearest to a query that matched nothing: the names (and other
// names) of p's places, folded as the lookup folds them, within the edit
// distance suggest.Nearest allows; up to three, as "Name (ID)" when a name
// is shared. It is the one place the CLI guesses a name, kept apart so that
// the ranked lookup of the identity layer can take it over.
func placeSuggestion(p *analytics.Projection, query string) string {
	q := gazetteer.Fold(query)
	if q == "" {
		return ""
	}
	limit := 3
	switch n := utf8.RuneCountInString(q); {
	case n <= 4:
		limit = 1
	case n <= 8:
		limit = 2
	}
	type hit struct {
		i int
		d int
	}
	var hits []hit
	for i := range p.Nodes {
		m := &p.Nodes[i]
		best := limit + 1
		for _, name := range append([]string{m.Name}, m.AltNames...) {
			f := gazetteer.Fold(name)
			if abs(utf8.RuneCountInString(f)-utf8.RuneCountInString(q)) > limit {
				continue
			}
			best = min(best, suggest.Distance(q, f))
		}
		if best <= limit {
			hits = append(hits, hit{i, best})
		}
	}
	if len(hits) == 0 {
		return ""
	}
	// Nearest first, then the place with more links (the likelier one).
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0; j-- {
			a, b := hits[j-1], hits[j]
			if b.d < a.d || b.d == a.d && p.Degree(int32(b.i)) > p.Degree(int32(a.i)) {
				hits[j-1], hits[j] = b, a
			}
		}
	}
	names := map[string]int{}
	for _, h := range hits {
		names[p.Nodes[h.i].Name]++
	}
	var out []string
	for _, h := range hits[:min(3, len(hits))] {
		m := p.Nodes[h.i]
		s := m.Name
		if names[m.Name] > 1 {
			s += " (" + m.ID + ")"
		}
		out = append(out, s)
	}
	return " (did you mean " + strings.Join(out, " or ") + "?)"
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
