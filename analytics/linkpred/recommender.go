package linkpred

import (
	"github.com/citygraph/citygraph/analytics"
)

// Recommender evaluates analytics.Recommend as shipped: every candidate it
// returns (Top is raised to every place), with its score.
type Recommender struct {
	// Label names the method in reports ("recommend").
	Label string
	// Options are passed to Recommend; Top and Today are set by Prepare.
	Options analytics.RecommendOptions
}

// Name implements Method.
func (r Recommender) Name() string {
	if r.Label != "" {
		return r.Label
	}
	return "recommend"
}

// Prepare implements Method.
func (r Recommender) Prepare(t *Training) (Scorer, error) {
	index := make(map[string]int32, len(t.Snapshot.Municipalities))
	for i, m := range t.Snapshot.Municipalities {
		index[m.ID] = int32(i)
	}
	opt := r.Options
	opt.Top = t.P.N()
	opt.Today = t.Today
	return func(q int32, out []Scored) []Scored {
		cands, err := analytics.Recommend(t.P, t.Snapshot.Municipalities[q].ID, opt)
		if err != nil {
			return out
		}
		for _, c := range cands {
			if v, ok := index[c.ID]; ok && c.Score > 0 {
				out = append(out, Scored{v, c.Score})
			}
		}
		return out
	}, nil
}
