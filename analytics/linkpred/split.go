// Package linkpred measures how well a partner recommender predicts links:
// it hides links of a graph (a random share, or those that began since a
// date), asks each method for candidates on what is left, and reports
// precision@10, recall@50 and AUC against the hidden links, beside the
// classic baselines Adamic-Adar, preferential attachment and random.
//
// The protocol follows Liben-Nowell and Kleinberg, "The link-prediction
// problem for social networks" (2007), and Lü and Zhou, "Link prediction in
// complex networks: a survey" (2011), evaluated per query place as a
// recommender is used: for each place with hidden links, the method ranks
// every place it is not linked to in the training graph (see Evaluate).
package linkpred

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/citygraph/citygraph/graph"
)

// Split is a graph with some links hidden: Train keeps the rest, Hidden
// holds the hidden pairs (each pair once, A < B by id, every kind between
// the two places hidden together).
type Split struct {
	// Name says how the links were chosen: "random 10% (seed 1)", "since 2022".
	Name   string
	Train  *graph.Snapshot
	Hidden [][2]string
}

// pairKey returns the unordered pair of a link.
func pairKey(l *graph.Partnership) [2]string {
	if l.B < l.A {
		return [2]string{l.B, l.A}
	}
	return [2]string{l.A, l.B}
}

// pairs returns the distinct linked pairs of s in snapshot order (self-links
// and links to unknown places left out).
func pairs(s *graph.Snapshot) [][2]string {
	known := make(map[string]bool, len(s.Municipalities))
	for _, m := range s.Municipalities {
		known[m.ID] = true
	}
	seen := make(map[[2]string]bool, len(s.Partnerships))
	var out [][2]string
	for i := range s.Partnerships {
		l := &s.Partnerships[i]
		k := pairKey(l)
		if k[0] == k[1] || !known[k[0]] || !known[k[1]] || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, k)
	}
	return out
}

// RandomSplit hides a share frac (0 < frac < 1) of the distinct linked
// pairs of s, drawn with the seed: the same snapshot, share and seed hide
// the same pairs.
func RandomSplit(s *graph.Snapshot, frac float64, seed uint64) (Split, error) {
	if !(frac > 0 && frac < 1) {
		return Split{}, fmt.Errorf("linkpred: share %v: want 0 < share < 1", frac)
	}
	all := pairs(s)
	rnd := rand.New(rand.NewPCG(seed, 0x11d4c0de))
	perm := rnd.Perm(len(all))
	k := int(float64(len(all))*frac + 0.5)
	hidden := make([][2]string, 0, k)
	for _, i := range perm[:k] {
		hidden = append(hidden, all[i])
	}
	sortPairs(hidden)
	return Split{Name: fmt.Sprintf("random %g%% (seed %d)", frac*100, seed), Train: without(s, hidden), Hidden: hidden}, nil
}

// TimeSplit hides the pairs that began on or after since: every link of
// the pair has a since date and none lies before since. Undated links stay
// in the training graph (when they began is not known), and so does a
// pair linked before since by another link.
func TimeSplit(s *graph.Snapshot, since graph.Date) Split {
	first := map[[2]string]graph.Date{}
	undated := map[[2]string]bool{}
	for i := range s.Partnerships {
		l := &s.Partnerships[i]
		k := pairKey(l)
		if l.Since.IsZero() {
			undated[k] = true
			continue
		}
		if d, ok := first[k]; !ok || l.Since.Before(d) {
			first[k] = l.Since
		}
	}
	var hidden [][2]string
	for _, k := range pairs(s) {
		if d, ok := first[k]; ok && !undated[k] && !d.Before(since) {
			hidden = append(hidden, k)
		}
	}
	sortPairs(hidden)
	return Split{Name: "since " + since.String(), Train: without(s, hidden), Hidden: hidden}
}

func sortPairs(ps [][2]string) {
	slices.SortFunc(ps, func(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
}

// without returns a copy of s without the links between the hidden pairs;
// the other records are shared with s.
func without(s *graph.Snapshot, hidden [][2]string) *graph.Snapshot {
	h := make(map[[2]string]bool, len(hidden))
	for _, k := range hidden {
		h[k] = true
	}
	t := *s
	t.Partnerships = make([]graph.Partnership, 0, len(s.Partnerships))
	for i := range s.Partnerships {
		if !h[pairKey(&s.Partnerships[i])] {
			t.Partnerships = append(t.Partnerships, s.Partnerships[i])
		}
	}
	return &t
}
