package resolvers

import "github.com/citygraph/citygraph/schema"

// setGonumComplexity charges the lists of the analyses run through gonum
// (schema/gonum.graphqls) by the items they can return: k paths of up to
// cityListEstimate places and links, top groups of up to
// cityListEstimate members, limit places with their routes.
func setGonumComplexity(c *schema.ComplexityRoot, maxPage int) {
	pageOf := func(n *int, def int) int {
		if n == nil {
			return min(def, maxPage)
		}
		return max(1, min(*n, maxPage))
	}
	list := func(n int) func(int) int { return func(child int) int { return 1 + n*child } }
	c.Query.KShortestPaths = func(child int, _, _ string, k *int, _ *schema.PathMeasure, _ *schema.Scope) int {
		return 1 + pageOf(k, 5)*child
	}
	c.Query.Cliques = func(child int, _ *schema.Scope, _ *int, _ []string, top *int) int {
		return 1 + pageOf(top, defaultPageSize)*child
	}
	c.Query.CliqueCommunities = func(child int, _ *int, _ *schema.Scope, _ *int, _ []string, top *int) int {
		return 1 + pageOf(top, defaultPageSize)*child
	}
	c.Query.NearestByDistance = func(child int, _ string, _, _ *int, _ []string, limit *int, _ *schema.Scope) int {
		return 1 + pageOf(limit, 10)*child
	}
	c.PathSet.Paths = func(child int) int { return 1 + child } // charged per path by the query
	c.RankedPath.Cities = list(cityListEstimate)
	c.RankedPath.Links = list(cityListEstimate)
	c.PlaceGroup.Members = list(cityListEstimate)
	c.PlaceGroups.Groups = func(child int) int { return 1 + child } // charged per group by the query
	c.NearestPlaces.Places = func(child int) int { return 1 + child }
}
