package resolvers

import (
	"context"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/schema"
)

// GroupBridges lists the places on the shortest paths between the places of
// home linked to between and those linked to and, with the loss without
// each (analytics.GroupBridges).
func (r *queryResolver) GroupBridges(ctx context.Context, between string, and string, home *string, scope *schema.Scope, top *int) (schema.GroupBridges, error) {
	var ac argCheck
	h := "DE"
	if home != nil {
		h = ac.country(*home)
	}
	a, b := ac.country(between), ac.country(and)
	if ac.err != nil {
		return schema.GroupBridges{}, ac.err
	}
	if h == "" || a == "" || b == "" {
		return schema.GroupBridges{}, graph.Errorf(graph.EINVALID, "groupBridges needs home, between and and: ISO 3166-1 alpha-2 codes such as DE, PL, UA")
	}
	n, err := bound("top", top, defaultPageSize, r.maxPage)
	if err != nil {
		return schema.GroupBridges{}, err
	}
	_, v, err := r.scoped(ctx, scope)
	if err != nil {
		return schema.GroupBridges{}, err
	}
	res, err := analytics.Cached(ctx, r.cache, v, "groupBridges", bridgesKey{h, a, b, n}, func() (analytics.BridgeResult, error) {
		return analytics.GroupBridges(v, analytics.LinkedTo(v, h, a), analytics.LinkedTo(v, h, b), n), nil
	})
	if err != nil {
		return schema.GroupBridges{}, err
	}
	out := schema.GroupBridges{Home: h, Between: a, And: b, GroupA: res.GroupA, GroupB: res.GroupB, Pairs: res.Pairs,
		Connected: res.Connected, MeanDistance: res.MeanDistance, Places: make([]schema.GroupBridge, len(res.Places))}
	for k, p := range res.Places {
		out.Places[k] = schema.GroupBridge{Rank: k + 1, City: *v.Node(p.Node), Degree: v.Degree(p.Node), Betweenness: p.Betweenness,
			Disconnected: p.Disconnected, DistanceIncrease: p.DistanceIncrease, InA: p.InA, InB: p.InB}
	}
	return out, nil
}

// bridgesKey caches a groupBridges answer per projection.
type bridgesKey struct {
	home, between, and string
	top                int
}
