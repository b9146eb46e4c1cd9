package resolvers

import (
	"context"
	"time"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
)

// ReportedCounts sets the counts reported over time against the links
// known on their dates (analytics.ReportedCounts).
func (r *queryResolver) ReportedCounts(ctx context.Context, country, st *string) ([]analytics.ReportedVsKnown, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	var ac argCheck
	code, land := ac.country(deref(country)), ac.state(deref(st))
	if ac.err != nil {
		return nil, ac.err
	}
	out := analytics.ReportedCounts(s.p.Snapshot(), code, land, graph.DateOf(time.Now()))
	if out == nil {
		out = []analytics.ReportedVsKnown{}
	}
	return out, nil
}
