package resolvers

import (
	"context"

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
	sd := derefOr(seed, defaultSeed)
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
	measure := derefOr(by, schema.BrokerageMeasureEffectiveSize)
	key := map[schema.BrokerageMeasure][]float64{schema.BrokerageMeasureEffectiveSize: sc.es, schema.BrokerageMeasureConstraint: sc.con,
		schema.BrokerageMeasureCountries: sc.pc, schema.BrokerageMeasureCommunities: sc.pm}[measure]
	idx := analytics.RankBrokers(v, key, measure == schema.BrokerageMeasureConstraint, n)
	out := make([]schema.BrokerScore, len(idx))
	for k, i := range idx {
		out[k] = schema.BrokerScore{Rank: k + 1, City: *v.Node(i), Degree: v.Degree(i), EffectiveSize: sc.es[i], Constraint: sc.con[i],
			ParticipationCountries: sc.pc[i], ParticipationCommunities: sc.pm[i]}
	}
	return out, nil
}
