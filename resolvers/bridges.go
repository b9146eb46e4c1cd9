package resolvers

import (
	"context"
	"fmt"
	"slices"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/schema"
)

// GroupBridges lists the places on the shortest paths between two groups,
// each the places of home linked to a country or a Louvain community of
// the scope, with the loss without each (analytics.GroupBridges).
func (r *queryResolver) GroupBridges(ctx context.Context, between, and, home *string, betweenCommunity, andCommunity, seed *int, scope *schema.Scope, top *int) (schema.GroupBridges, error) {
	var ac argCheck
	h := "DE"
	if home != nil {
		h = ac.country(*home)
	}
	var a, b string
	if between != nil {
		a = ac.country(*between)
	}
	if and != nil {
		b = ac.country(*and)
	}
	if ac.err != nil {
		return schema.GroupBridges{}, ac.err
	}
	if (between != nil) == (betweenCommunity != nil) || (and != nil) == (andCommunity != nil) {
		return schema.GroupBridges{}, graph.Errorf(graph.EINVALID, "groupBridges needs either between or betweenCommunity, and either and or andCommunity")
	}
	if h == "" || (between != nil && a == "") || (and != nil && b == "") {
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
	key := bridgesKey{Home: h, Between: a, And: b, BetweenComm: -1, AndComm: -1, Top: n}
	out := schema.GroupBridges{Home: h, Between: a, And: b}
	groups := [2][]int32{}
	if betweenCommunity != nil || andCommunity != nil {
		sd := derefOr(seed, defaultSeed)
		lr, err := r.louvain(ctx, v, sd)
		if err != nil {
			return schema.GroupBridges{}, err
		}
		out.Seed, key.Seed = &sd, sd
		for i, c := range []*int{betweenCommunity, andCommunity} {
			if c == nil {
				continue
			}
			k := slices.IndexFunc(lr.communities, func(x analytics.Community) bool { return int(x.ID) == *c })
			if k < 0 {
				return schema.GroupBridges{}, graph.Errorf(graph.EINVALID, "%s %d: no community of two or more places has that id with seed %d on this scope (see communities(seed: %d))",
					[]string{"betweenCommunity", "andCommunity"}[i], *c, sd, sd)
			}
			groups[i] = lr.communities[k].Members
			name := fmt.Sprintf("community:%d", *c)
			if i == 0 {
				out.Between, out.BetweenCommunity, key.BetweenComm = name, c, *c
			} else {
				out.And, out.AndCommunity, key.AndComm = name, c, *c
			}
		}
	}
	res, err := analytics.CachedExec(ctx, r.cache, v, "groupBridges", key, func(done <-chan struct{}) (analytics.BridgeResult, error) {
		ga, gb := groups[0], groups[1]
		if ga == nil {
			ga = analytics.LinkedTo(v, h, a)
		}
		if gb == nil {
			gb = analytics.LinkedTo(v, h, b)
		}
		return analytics.Exec{Workers: r.workers, Done: done}.GroupBridges(v, ga, gb, n)
	})
	if err != nil {
		return schema.GroupBridges{}, err
	}
	out.GroupA, out.GroupB, out.Pairs, out.Connected, out.MeanDistance = res.GroupA, res.GroupB, res.Pairs, res.Connected, res.MeanDistance
	out.Places = make([]schema.GroupBridge, len(res.Places))
	for k, p := range res.Places {
		out.Places[k] = schema.GroupBridge{Rank: k + 1, City: *v.Node(p.Node), Degree: v.Degree(p.Node), Betweenness: p.Betweenness,
			Disconnected: p.Disconnected, DistanceIncrease: p.DistanceIncrease, InA: p.InA, InB: p.InB}
	}
	return out, nil
}

// bridgesKey caches a groupBridges answer per projection; a community is
// its id with the seed (-1: a country). The fields are exported: the
// cache keys by the JSON of the parameters, which leaves unexported fields
// out (with them every groupBridges shared one key).
type bridgesKey struct {
	Home, Between, And   string
	BetweenComm, AndComm int
	Seed                 int
	Top                  int
}
