package resolvers

import (
	"context"
	"math"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/schema"
)

// The analyses citygraph runs through gonum (schema/gonum.graphqls): k
// shortest paths, maximal cliques, k-clique communities, nearest places
// along links. Each is computed once per projection (scope) and argument
// set, holds a computation slot while it runs and stops when every
// request waiting for it has gone.

// How each analysis computes, as its answer states it.
const (
	pathsMethod       = "k shortest loopless paths, Yen's algorithm (gonum path.YenKShortestPaths); ties by the places' ids"
	cliquesMethod     = "maximal cliques, Bron-Kerbosch with pivoting and degeneracy ordering (gonum topo.BronKerbosch)"
	communitiesMethod = "k-clique communities, Palla et al. 2005 (gonum community.KCliqueCommunities)"
	nearestMethod     = "shortest routes along links, each link weighted by the great-circle distance of its ends in km, Dijkstra (gonum path.DijkstraFrom)"
	maxPaths          = 100 // the most paths kShortestPaths lists
)

// scopedView returns the projection of a scope. Errors: INVALID.
func (r *Resolver) scopedView(ctx context.Context, s *state, scope *schema.Scope) (*analytics.Projection, error) {
	f, err := scopeFilter(scope)
	if err != nil {
		return nil, err
	}
	return r.view(ctx, s, f)
}

// rankedPath turns a path on v into the API's.
func rankedPath(v *analytics.Projection, rank int, p analytics.RankedPath) schema.RankedPath {
	out := schema.RankedPath{Rank: rank, Length: p.Length(), Cities: make([]graph.Municipality, len(p.Nodes)),
		Links: make([]graph.Partnership, len(p.Links))}
	for i, n := range p.Nodes {
		out.Cities[i] = *v.Node(n)
	}
	for i, li := range p.Links {
		out.Links[i] = *v.Link(li) // link indices are the view's
	}
	if !math.IsNaN(p.Km) {
		km := p.Km
		out.Km = &km
	}
	return out
}

// KShortestPaths returns the k shortest loopless paths between two places.
func (r *queryResolver) KShortestPaths(ctx context.Context, from, to string, k *int, by *schema.PathMeasure, scope *schema.Scope) (schema.PathSet, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.PathSet{}, err
	}
	n, err := bound("k", k, 5, maxPaths)
	if err != nil {
		return schema.PathSet{}, err
	}
	if n < 1 {
		return schema.PathSet{}, graph.Errorf(graph.EINVALID, "k %d: want 1 to %d", n, maxPaths)
	}
	measure, m := schema.PathMeasureLinks, analytics.ByLinks
	if by != nil && *by == schema.PathMeasureKm {
		measure, m = schema.PathMeasureKm, analytics.ByKm
	}
	a, err := s.resolve(from)
	if err != nil {
		return schema.PathSet{}, err
	}
	b, err := s.resolve(to)
	if err != nil {
		return schema.PathSet{}, err
	}
	v, err := r.scopedView(ctx, s, scope)
	if err != nil {
		return schema.PathSet{}, err
	}
	found, err := analytics.CachedExec(ctx, r.cache, v, "kShortestPaths", [4]any{a, b, n, m}, func(done <-chan struct{}) ([]analytics.RankedPath, error) {
		return analytics.Exec{Workers: r.workers, Done: done}.KShortestPaths(v, a, b, n, m)
	})
	if err != nil {
		return schema.PathSet{}, err
	}
	out := schema.PathSet{From: *v.Node(a), To: *v.Node(b), K: n, By: measure, Method: pathsMethod,
		Places: v.N(), LinkedPairs: v.M(), Paths: make([]schema.RankedPath, len(found))}
	for i, p := range found {
		out.Paths[i] = rankedPath(v, i+1, p)
	}
	return out, nil
}

// groupArgs checks the arguments the two clique analyses share.
func (r *queryResolver) groupArgs(minSize *int, withCountries []string, top *int) (analytics.CliqueOptions, int, error) {
	o := analytics.CliqueOptions{MinSize: 3}
	if minSize != nil {
		if *minSize < 3 {
			return o, 0, graph.Errorf(graph.EINVALID, "minSize %d: want at least 3", *minSize)
		}
		o.MinSize = *minSize
	}
	var ac argCheck
	for _, c := range withCountries {
		o.Countries = append(o.Countries, ac.country(c))
	}
	if ac.err != nil {
		return o, 0, ac.err
	}
	n, err := bound("top", top, defaultPageSize, r.maxPage)
	return o, n, err
}

// placeGroups turns groups of places on v into the API's, the first n.
func placeGroups(v *analytics.Projection, groups [][]int32, n int) []schema.PlaceGroup {
	groups = groups[:min(n, len(groups))]
	out := make([]schema.PlaceGroup, len(groups))
	for i, g := range groups {
		members := make([]graph.Municipality, len(g))
		for j, m := range g {
			members[j] = *v.Node(m)
		}
		out[i] = schema.PlaceGroup{Rank: i + 1, Size: len(g), Members: members, Countries: keyCountsOf(analytics.CountriesOf(v, g))}
	}
	return out
}

// Cliques returns the maximal cliques of a scope.
func (r *queryResolver) Cliques(ctx context.Context, scope *schema.Scope, minSize *int, withCountries []string, top *int) (schema.PlaceGroups, error) {
	return r.groups(ctx, 0, scope, minSize, withCountries, top)
}

// CliqueCommunities returns the k-clique communities of a scope.
func (r *queryResolver) CliqueCommunities(ctx context.Context, k *int, scope *schema.Scope, minSize *int, withCountries []string, top *int) (schema.PlaceGroups, error) {
	kk := 3
	if k != nil {
		kk = *k
	}
	if kk < 3 {
		return schema.PlaceGroups{}, graph.Errorf(graph.EINVALID, "k %d: want at least 3 (k = 2 gives the connected components)", kk)
	}
	return r.groups(ctx, kk, scope, minSize, withCountries, top)
}

// groups answers cliques (k = 0) and cliqueCommunities (k >= 3).
func (r *queryResolver) groups(ctx context.Context, k int, scope *schema.Scope, minSize *int, withCountries []string, top *int) (schema.PlaceGroups, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.PlaceGroups{}, err
	}
	o, n, err := r.groupArgs(minSize, withCountries, top)
	if err != nil {
		return schema.PlaceGroups{}, err
	}
	v, err := r.scopedView(ctx, s, scope)
	if err != nil {
		return schema.PlaceGroups{}, err
	}
	out := schema.PlaceGroups{Analysis: "cliques", Method: cliquesMethod, MinSize: o.MinSize, Places: v.N(), LinkedPairs: v.M()}
	op := "cliques"
	if k > 0 {
		out.Analysis, out.Method, out.K, out.MinSize = "clique-communities", communitiesMethod, &k, max(o.MinSize, k)
		op = "cliqueCommunities"
	}
	found, err := analytics.CachedExec(ctx, r.cache, v, op, [2]any{k, o}, func(done <-chan struct{}) ([][]int32, error) {
		ex := analytics.Exec{Workers: r.workers, Done: done}
		if k > 0 {
			return ex.CliqueCommunities(v, k, o)
		}
		return ex.Cliques(v, o)
	})
	if err != nil {
		return schema.PlaceGroups{}, err
	}
	out.Count, out.Groups = len(found), placeGroups(v, found, n)
	return out, nil
}

// NearestByDistance returns the places nearest to a city along its links.
func (r *queryResolver) NearestByDistance(ctx context.Context, city string, minLinks, maxLinks *int, inCountries []string, limit *int, scope *schema.Scope) (schema.NearestPlaces, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.NearestPlaces{}, err
	}
	o := analytics.NearestOptions{MinLinks: 2, MaxLinks: 2}
	if minLinks != nil {
		o.MinLinks = *minLinks
	}
	if maxLinks != nil {
		o.MaxLinks = *maxLinks
	}
	if o.MinLinks < 1 || o.MaxLinks < 0 || (o.MaxLinks > 0 && o.MaxLinks < o.MinLinks) {
		return schema.NearestPlaces{}, graph.Errorf(graph.EINVALID, "minLinks %d and maxLinks %d do not make a range (minLinks at least 1, maxLinks 0 for no bound)", o.MinLinks, o.MaxLinks)
	}
	if o.Limit, err = bound("limit", limit, 10, r.maxPage); err != nil {
		return schema.NearestPlaces{}, err
	}
	var ac argCheck
	for _, c := range inCountries {
		o.Countries = append(o.Countries, ac.country(c))
	}
	if ac.err != nil {
		return schema.NearestPlaces{}, ac.err
	}
	c, err := s.resolve(city)
	if err != nil {
		return schema.NearestPlaces{}, err
	}
	v, err := r.scopedView(ctx, s, scope)
	if err != nil {
		return schema.NearestPlaces{}, err
	}
	found, err := analytics.CachedExec(ctx, r.cache, v, "nearestByDistance", [2]any{c, o}, func(done <-chan struct{}) ([]analytics.Reached, error) {
		if o.Limit == 0 {
			return []analytics.Reached{}, nil
		}
		return analytics.Exec{Workers: r.workers, Done: done}.NearestByDistance(v, c, o)
	})
	if err != nil {
		return schema.NearestPlaces{}, err
	}
	out := schema.NearestPlaces{City: *v.Node(c), MinLinks: o.MinLinks, MaxLinks: o.MaxLinks, Method: nearestMethod,
		Places: make([]schema.ReachedPlace, len(found))}
	for i, x := range found {
		out.Places[i] = schema.ReachedPlace{Rank: i + 1, City: *v.Node(x.Node), Km: x.Km, Route: rankedPath(v, 1, x.Route)}
	}
	return out, nil
}
