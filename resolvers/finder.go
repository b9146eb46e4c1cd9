package resolvers

import (
	"slices"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// GazetteerPlace finds a German municipality that has no record in the
// graph in the municipality directory: by its AGS ("06534016",
// "DE:06534016") or by a name that means exactly one municipality. The
// partner finder scores such a place by its neighbours, Land and size.
func GazetteerPlace(dir *gazetteer.Directory, query string) (graph.Municipality, bool) {
	if dir == nil {
		return graph.Municipality{}, false
	}
	q := strings.TrimSpace(query)
	q = strings.TrimPrefix(strings.TrimPrefix(q, "DE:"), "de:")
	if g, ok := dir.ByAGS(q); ok {
		return dir.Municipality(g), true
	}
	ms := dir.Candidates(q, "")
	var best []gazetteer.GemeindeMatch
	for _, m := range ms {
		if m.Quality != gazetteer.MatchLoose {
			best = append(best, m)
		}
	}
	if len(best) != 1 {
		return graph.Municipality{}, false
	}
	return dir.Municipality(best[0].Gemeinde), true
}

// FinderCountries turns country and region group arguments into the
// countries the partner finder keeps: each country a code or a name
// (resolved by countryCode), each region a group of
// analytics.RegionGroups. It returns the sorted union, or an INVALID error
// naming the argument that is not understood.
func FinderCountries(countries, regions []string, countryCode func(string) (string, error)) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, c := range countries {
		if strings.TrimSpace(c) == "" {
			continue
		}
		code, err := countryCode(c)
		if err != nil {
			return nil, err
		}
		add(code)
	}
	for _, r := range regions {
		if strings.TrimSpace(r) == "" {
			continue
		}
		g, ok := analytics.LookupRegionGroup(r)
		if !ok {
			return nil, graph.Errorf(graph.EINVALID, "region group %q: want one of %s", r, strings.Join(analytics.RegionGroupCodes(), ", "))
		}
		for _, c := range g.Countries {
			add(c)
		}
	}
	slices.Sort(out)
	return out, nil
}
