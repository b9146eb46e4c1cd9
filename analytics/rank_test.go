package analytics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

func TestRankOf(t *testing.T) {
	p := NewProjection(covSnapshot())
	// Degree: Stuttgart 4 partners, Mannheim 3, Lyon 3, Lublin 3, Kyiv 2,
	// Köln 2, Böblingen 1.
	deg := DegreeCentrality(p)
	for id, want := range map[string][2]int{
		"DE:08111000": {1, 7}, "DE:08222000": {2, 7}, "FR:lyon": {2, 7}, "PL:lublin": {2, 7},
		"UA:kyiv": {5, 7}, "DE:05315000": {5, 7}, "DE:08115000": {7, 7},
	} {
		i, _ := p.IndexOf(id)
		r, of := RankOf(p, deg, i)
		if [2]int{r, of} != want {
			t.Errorf("%s: rank %d of %d, want %v", id, r, of, want)
		}
	}
}

func TestInducedLinks(t *testing.T) {
	p := NewProjection(covSnapshot())
	ids := []string{"DE:08111000", "DE:08222000", "UA:kyiv"}
	var nodes []int32
	for _, id := range ids {
		i, _ := p.IndexOf(id)
		nodes = append(nodes, i)
	}
	var got [][2]string
	for _, li := range InducedLinks(p, nodes) {
		got = append(got, [2]string{p.links[li].A, p.links[li].B})
	}
	want := [][2]string{{"DE:08111000", "UA:kyiv"}, {"DE:08222000", "UA:kyiv"}, {"DE:08111000", "DE:08222000"}, {"DE:08222000", "UA:kyiv"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestTopIsTheSortedPrefix: Top gives the first n of every place kept,
// sorted by score (highest first) and then id, whether it keeps the best n
// in one pass (small n) or sorts; the places are not in id order, so ties
// by index would differ. NaN scores come last; n < 0 gives all, n = 0 none.
func TestTopIsTheSortedPrefix(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		s := &graph.Snapshot{}
		for _, k := range rng.Perm(100 + rng.IntN(2000)) {
			s.Municipalities = append(s.Municipalities, graph.Municipality{ID: fmt.Sprintf("XX:%05d", k)})
		}
		p := NewProjection(s)
		scores := make([]float64, p.N())
		for i := range scores {
			scores[i] = float64(rng.IntN(1 + round%20)) // many ties
			if round%10 == 9 && rng.IntN(50) == 0 {
				scores[i] = math.NaN()
			}
		}
		var keep func(int32) bool
		if round%3 == 1 {
			keep = func(i int32) bool { return i%3 != 0 }
		}
		var want []int32
		for i := range int32(p.N()) {
			if keep == nil || keep(i) {
				want = append(want, i)
			}
		}
		sort.Slice(want, func(x, y int) bool {
			a, b := want[x], want[y]
			na, nb := math.IsNaN(scores[a]), math.IsNaN(scores[b])
			switch {
			case na != nb:
				return nb // the number first
			case !na && scores[a] != scores[b]:
				return scores[a] > scores[b]
			}
			return p.Node(a).ID < p.Node(b).ID
		})
		for _, n := range []int{1 + rng.IntN(64), 1 + rng.IntN(p.N()+10), -1, 0} {
			got := Top(p, scores, n, keep)
			w := want
			if n >= 0 {
				w = want[:min(n, len(want))]
			}
			if !slices.Equal(got, w) {
				t.Fatalf("round %d, n %d of %d: got %v, want %v", round, n, p.N(), got[:min(len(got), 10)], w[:min(len(w), 10)])
			}
		}
	}
}
