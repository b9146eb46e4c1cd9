package main

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestTopIndicesIsTheSortedPrefix: the one-pass selection of the best n
// gives the first n of the full sort, ties included; with a NaN score or a
// large n it leaves the sort to the caller.
func TestTopIndicesIsTheSortedPrefix(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		scores := make([]float64, 100+rng.IntN(2000))
		for i := range scores {
			scores[i] = float64(rng.IntN(1 + round%20)) // many ties
		}
		ids := rng.Perm(len(scores)) // a unique tie-breaker, as place ids
		before := func(i, j int) bool {
			if scores[i] != scores[j] {
				return scores[i] > scores[j]
			}
			return ids[i] < ids[j]
		}
		all := make([]int, len(scores))
		for i := range all {
			all[i] = i
		}
		sort.Slice(all, func(x, y int) bool { return before(all[x], all[y]) })
		n := 1 + rng.IntN(64)
		got := topIndices(scores, n, before)
		if n*16 > len(scores) {
			if got != nil {
				t.Fatalf("n %d of %d: want nil", n, len(scores))
			}
			continue
		}
		if !slices.Equal(got, all[:n]) {
			t.Fatalf("round %d, n %d: got %v, want %v", round, n, got, all[:n])
		}
	}
	scores := make([]float64, 1000)
	scores[500] = math.NaN()
	if topIndices(scores, 3, func(i, j int) bool { return i < j }) != nil {
		t.Error("a NaN score: want nil (the caller sorts)")
	}
}
