package resolvers

import (
	"context"
	"encoding/json"
	"time"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/schema"
)

// WriteScores computes a centrality measure on the current projection (or
// a scope) and writes it onto the places in the store (graph.ScoreStore).
func (r *mutationResolver) WriteScores(ctx context.Context, metric schema.CentralityMetric, property string, scope *schema.Scope) (graph.ScoreInfo, error) {
	if err := r.authorize(ctx); err != nil {
		return graph.ScoreInfo{}, err
	}
	ss, ok := r.store.(graph.ScoreStore)
	if !ok {
		return graph.ScoreInfo{}, graph.Errorf(graph.EUNAVAILABLE, "this store keeps no scores")
	}
	if err := graph.ValidScoreProperty(property); err != nil {
		return graph.ScoreInfo{}, err
	}
	_, v, err := r.scoped(ctx, scope)
	if err != nil {
		return graph.ScoreInfo{}, err
	}
	sc, err := r.scores(ctx, v, metric)
	if err != nil {
		return graph.ScoreInfo{}, err
	}
	params := map[string]any{}
	if scope != nil {
		params["scope"] = scope
	}
	pj, err := json.Marshal(params)
	if err != nil {
		return graph.ScoreInfo{}, err
	}
	set := &graph.ScoreSet{Property: property, Metric: string(metric), Params: string(pj), DataVersion: v.Version(),
		Software: "citygraph serve", Integer: metric == schema.CentralityMetricDegree || metric == schema.CentralityMetricKcore,
		Scores: make([]graph.Score, len(sc))}
	for i, x := range sc {
		set.Scores[i] = graph.Score{Place: v.Node(int32(i)).ID, Value: x}
	}
	info, err := ss.WriteScores(ctx, set)
	if err != nil {
		return graph.ScoreInfo{}, err
	}
	r.log.Info().Str("property", property).Str("metric", string(metric)).Int("places", info.Places).Msg("scores written")
	return info, nil
}

// RemoveScores removes a score set from every place in the store.
func (r *mutationResolver) RemoveScores(ctx context.Context, property string) (int, error) {
	if err := r.authorize(ctx); err != nil {
		return 0, err
	}
	ss, ok := r.store.(graph.ScoreStore)
	if !ok {
		return 0, graph.Errorf(graph.EUNAVAILABLE, "this store keeps no scores")
	}
	return ss.RemoveScores(ctx, property)
}

// WrittenAt gives the time of a score set in RFC 3339, UTC.
func (r *scoreInfoResolver) WrittenAt(_ context.Context, obj *graph.ScoreInfo) (string, error) {
	return obj.WrittenAt.UTC().Format(time.RFC3339Nano), nil
}

// ScoreInfo returns the resolver of ScoreInfo's computed fields.
func (r *Resolver) ScoreInfo() schema.ScoreInfoResolver { return &scoreInfoResolver{r} }

type scoreInfoResolver struct{ *Resolver }
