package resolvers

import (
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/schema"
)

// Estimates for lists whose length the arguments do not bound.
const (
	cityListEstimate     = 10 // partners, links, memberships of one place
	subgraphListEstimate = 20 // nodes and links of a subgraph
	memberListEstimate   = 50 // members of a network or organisation
)

// setComplexity charges every list field by the number of items it can
// return times what each item's selection costs, so that nested lists
// (partners of partners of partners ...) hit the server's complexity limit.
func setComplexity(c *schema.ComplexityRoot, maxPage int) {
	pageOf := func(first *int) int {
		if first == nil {
			return min(defaultPageSize, maxPage)
		}
		return max(1, min(*first, maxPage))
	}
	list := func(n int) func(int) int { return func(child int) int { return 1 + n*child } }

	c.Query.Cities = func(child int, _ *schema.CityFilter, _ *schema.CityOrder, first *int, _ *string) int {
		return 1 + pageOf(first)*child
	}
	c.Query.Partnerships = func(child int, _ *schema.PartnershipFilter, first *int, _ *string) int {
		return 1 + pageOf(first)*child
	}
	c.Query.PartnersOfPartners = func(child int, _ string, limit *int) int { return 1 + pageOf(limit)*child }
	c.Query.Networks = func(child int, _ *string) int { return 1 + memberListEstimate*child }
	c.Query.Neighborhood = func(child int, _ string, depth *int, _ []graph.Kind, _ *graph.Date) int {
		d := 1
		if depth != nil && *depth > 1 {
			d = min(*depth, MaxDepth)
		}
		return 1 + d*child
	}
	c.Query.ShortestPath = func(child int, _, _ string, _ []graph.Kind) int { return 1 + child }

	c.City.Partners = func(child int, _ []graph.Kind, _ *graph.Date) int { return 1 + cityListEstimate*child }
	c.City.Partnerships = func(child int, _ []graph.Kind, _ *graph.Date) int { return 1 + cityListEstimate*child }
	c.City.Networks = list(cityListEstimate)
	c.City.Organisations = list(cityListEstimate)
	c.Subgraph.Nodes = list(subgraphListEstimate)
	c.Subgraph.Links = list(subgraphListEstimate)
	c.SecondDegree.Via = list(cityListEstimate)
	c.Path.Cities = list(cityListEstimate)
	c.Path.Links = list(cityListEstimate)
	c.Network.Members = list(memberListEstimate)
	c.Organisation.Links = list(memberListEstimate)
}
