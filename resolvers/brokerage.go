package resolvers

import (
	"context"
	"sort"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/schema"
)

// brokerageScores are the brokerage measures of one projection and seed.
type brokerageScores struct {
	es, con, pc, pm []float64
}

// Brokerage ranks places by a brokerage measure (see the schema).
func (r *queryResolver) Brokerage(ctx context.Context, by *schema.BrokerageMeasure, scope *schema.Scope, seed *int, top *int) ([]schema.BrokerScore, error) {
	_, v, err := r.scoped(ctx, scope)
	if err != nil {
		return nil, err
	}
	n, err := bound("top", top, defaultPageSize, r.maxPage)
	if err != nil {
		return nil, err
	}
	sd := 1
	if seed != nil {
		sd = *seed
	}
	lv, err := r.louvain(ctx, v, sd)
	if err != nil {
		return nil, err
	}
	sc, err := analytics.Cached(ctx, r.cache, v, "brokerage", sd, func() (brokerageScores, error) {
		return brokerageScores{analytics.EffectiveSize(v), analytics.Constraint(v),
			analytics.Participation(v, analytics.CountryGroups(v)), analytics.Participation(v, lv.comm)}, nil
	})
	if err != nil {
		return nil, err
	}
	measure := schema.BrokerageMeasureEffectiveSize
	if by != nil {
		measure = *by
	}
	key := map[schema.BrokerageMeasure][]float64{schema.BrokerageMeasureEffectiveSize: sc.es, schema.BrokerageMeasureConstraint: sc.con,
		schema.BrokerageMeasureCountries: sc.pc, schema.BrokerageMeasureCommunities: sc.pm}[measure]
	var idx []int32
	for i := int32(0); i < int32(v.N()); i++ {
		if v.Degree(i) > 0 {
			idx = append(idx, i)
		}
	}
	sort.Slice(idx, func(x, y int) bool {
		a, b := key[idx[x]], key[idx[y]]
		if a != b {
			if measure == schema.BrokerageMeasureConstraint {
				return a < b
			}
			return a > b
		}
		return v.Node(idx[x]).ID < v.Node(idx[y]).ID
	})
	idx = idx[:min(n, len(idx))]
	out := make([]schema.BrokerScore, len(idx))
	for k, i := range idx {
		out[k] = schema.BrokerScore{Rank: k + 1, City: *v.Node(i), Degree: v.Degree(i), EffectiveSize: sc.es[i], Constraint: sc.con[i],
			ParticipationCountries: sc.pc[i], ParticipationCommunities: sc.pm[i]}
	}
	return out, nil
}
