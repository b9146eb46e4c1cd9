package resolvers

import (
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/schema"
)

// Estimates for lists whose length the arguments do not bound.
const (
	cityListEstimate     = 10 // partners, links, memberships of one place
	subgraphListEstimate = 50 // nodes and links of a subgraph
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
	c.Query.Conflicts = func(child int, _ *bool, _ *string, first *int) int {
		if first == nil {
			return 1 + maxPage*child
		}
		return 1 + pageOf(first)*child
	}
	c.ImportReport.Conflicts = list(maxPage)
	c.Query.QualityChecks = func(child int, _ []string, _ *string, first *int) int {
		if first == nil {
			return 1 + maxPage*child
		}
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
	c.Query.Brokerage = func(child int, _ *schema.BrokerageMeasure, _ *schema.Scope, _ *int, top *int) int {
		return 1 + pageOf(top)*child
	}
	c.Query.GroupBridges = func(child int, _, _, _ *string, _, _, _ *int, _ *schema.Scope, top *int) int {
		return 1 + pageOf(top)*child
	}
	c.Query.Centrality = func(child int, _ schema.CentralityMetric, _ *schema.Scope, _ *string, top *int, _ *schema.ClosenessScale, _ *schema.AffiliationLayer, _ *bool) int {
		return 1 + pageOf(top)*child
	}
	c.Query.Communities = func(child int, _ *schema.Scope, _, _ *int, _ *string, _ []schema.LayerWeight, _ *schema.SharedWeighting, _ *bool) int {
		return 1 + child
	}
	c.Query.BipartiteCentrality = func(child int, _ *schema.AffiliationLayer, _ *schema.Scope, _ *schema.BipartiteMeasure, _ *schema.BipartiteSide, top *int) int {
		return 1 + pageOf(top)*child
	}
	// sharedGroups lists top pairs: the pairs' list is priced at the
	// default page, the field by how many pages top asks for.
	c.SharedGroups.Top = list(defaultPageSize)
	c.Query.SharedGroups = func(child int, _ *schema.AffiliationLayer, _ *schema.Scope, _ *schema.SharedWeighting, top *int) int {
		return 1 + child*max(1, (pageOf(top)+defaultPageSize-1)/defaultPageSize)
	}
	c.Query.RecommendPartners = func(child int, _ string, _, _ *string, _ []string, limit *int, _ *schema.DistancePreference, _, _ *int, _ *schema.CandidateWhere, _, _ []string, _ *schema.TopicMatch) int {
		n := 10
		if limit != nil {
			n = max(1, min(*limit, maxPage))
		}
		return 1 + n*child
	}
	c.Query.FindPartners = func(child int, _ string, _ *schema.CandidateWhere, _, _ []string, _ *string, _ []string, _ *schema.TopicMatch, _, _ *int, _ *schema.DistancePreference, limit *int, _ *schema.Language) int {
		n := 10
		if limit != nil {
			n = max(1, min(*limit, maxPage))
		}
		return 1 + (n+1)*child
	}
	c.Query.Coverage = func(child int, _ schema.CoverageGroup, _, _ *string, _ *graph.Date, _ []graph.Kind) int {
		return 1 + subgraphListEstimate*child
	}
	c.Query.CoverageByCountry = func(child int, _, _ *string, _ *graph.Date, _ []graph.Kind) int {
		return 1 + subgraphListEstimate*child
	}

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
	c.Organisation.Members = list(memberListEstimate)
	c.Community.Members = func(child int, first *int) int {
		n := 10
		if first != nil {
			n = max(1, *first)
		}
		return 1 + n*child
	}
	c.CommunityResult.Communities = list(defaultPageSize)
	c.Candidate.CommonPartners = list(cityListEstimate)
	c.Candidate.SharedNetworks = list(cityListEstimate)
	c.ChangeSet.Added = list(subgraphListEstimate)
	c.ChangeSet.Ended = list(subgraphListEstimate)
	c.ChangeSet.Uncertain = list(subgraphListEstimate)
	setGonumComplexity(c, maxPage)
}
