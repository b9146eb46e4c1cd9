package resolvers

import (
	"context"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
)

// QualityChecks runs the data-quality checks (analytics.QualityChecks) on
// the current graph.
func (r *queryResolver) QualityChecks(ctx context.Context, checks []string, st *string, first *int) ([]analytics.Finding, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	var ac argCheck
	q := analytics.CheckQuery{State: ac.state(deref(st))}
	if ac.err != nil {
		return nil, ac.err
	}
	for _, c := range checks {
		if !slices.Contains(analytics.Checks, c) {
			return nil, graph.Errorf(graph.EINVALID, "check %q: want one of %s", c, strings.Join(analytics.Checks, ", "))
		}
		q.Checks = append(q.Checks, c)
	}
	n, err := bound("first", first, r.maxPage, r.maxPage)
	if err != nil {
		return nil, err
	}
	ref, _, err := r.reference()
	if err != nil {
		return nil, err
	}
	out := analytics.QualityChecks(s.p, ref.Directory(), q)
	return out[:min(len(out), n)], nil
}
