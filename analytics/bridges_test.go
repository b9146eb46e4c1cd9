package analytics

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// TestGroupBridges checks GroupBridges on a hand-drawn graph:
//
//	a1 - x - b1      x - y - b2      a2 - x      a2 - z - b2      w (no links)
//
// With A = {a1, a2} and B = {b1, b2} the pairs are a1-b1 (2 links, via x),
// a1-b2 (3, via x and y), a2-b1 (2, via x), a2-b2 (2, via z): mean 9/4; x
// carries three pairs, y and z one each. Without x, a1-b1, a1-b2 and a2-b1
// lose every path; without y, a1-b2 goes a1-x-a2-z-b2 (4 links: +1 over
// the 4 pairs that stay, 1/4); without z, a2-b2 goes a2-x-y-b2 (+1, 1/4).
func TestGroupBridges(t *testing.T) {
	s := &graph.Snapshot{}
	for _, id := range []string{"a1", "a2", "b1", "b2", "w", "x", "y", "z"} {
		s.Municipalities = append(s.Municipalities, graph.Municipality{ID: id, Country: "DE"})
	}
	for _, l := range [][2]string{{"a1", "x"}, {"a2", "x"}, {"x", "b1"}, {"x", "y"}, {"y", "b2"}, {"a2", "z"}, {"z", "b2"}} {
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: l[0], B: l[1], Kind: graph.KindPartnership})
	}
	s.Sort()
	p := NewProjection(s)
	ids := func(names string) []int32 {
		var out []int32
		for _, id := range strings.Fields(names) {
			i, ok := p.IndexOf(id)
			if !ok {
				t.Fatalf("no %s", id)
			}
			out = append(out, i)
		}
		return out
	}
	for _, tc := range []struct {
		name, a, b       string
		top              int
		pairs, connected int
		mean             float64
		want             string // place:betweenness/disconnected/increase
	}{
		{"two groups", "a1 a2", "b1 b2", 5, 4, 4, 9.0 / 4, "x:3/3/0 y:1/0/0.25 z:1/0/0.25"},
		{"swapped", "b1 b2", "a1 a2", 5, 4, 4, 9.0 / 4, "x:3/3/0 y:1/0/0.25 z:1/0/0.25"},
		{"top 1", "a1 a2", "b1 b2", 1, 4, 4, 9.0 / 4, "x:3/3/0"},
		// From the smaller group: a1-b1 (2), a1-b2 (3); without y a1-b2
		// takes 4 links (+1 over the 2 pairs, 1/2).
		{"one and two", "a1", "b1 b2", 5, 2, 2, 2.5, "x:2/2/0 y:1/0/0.5"},
		{"two and one", "b1 b2", "a1", 5, 2, 2, 2.5, "x:2/2/0 y:1/0/0.5"},
		// x in both groups: pairs a1-x, a1-b1, x-b1; only a1-b1 passes
		// through x, and is lost without it (a1-x and x-b1 end at x).
		{"overlap", "a1 x", "x b1", 5, 3, 3, 4.0 / 3, "x:1/1/0"},
		// w has no links: its pair counts, is not connected and is not
		// "lost" without x.
		{"unlinked member", "a1 w", "b1", 5, 2, 1, 2, "x:1/1/0"},
		{"empty group", "", "b1", 5, 0, 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := GroupBridges(p, ids(tc.a), ids(tc.b), tc.top)
			if r.Pairs != tc.pairs || r.Connected != tc.connected || math.Abs(r.MeanDistance-tc.mean) > 1e-15 {
				t.Errorf("pairs %d, connected %d, mean %v; want %d, %d, %v", r.Pairs, r.Connected, r.MeanDistance, tc.pairs, tc.connected, tc.mean)
			}
			var got []string
			for _, b := range r.Places {
				got = append(got, fmt.Sprintf("%s:%g/%d/%g", p.Node(b.Node).ID, b.Betweenness, b.Disconnected, b.DistanceIncrease))
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("places %s, want %s", g, tc.want)
			}
		})
	}
	// The overlap case marks x as a member of both groups.
	if r := GroupBridges(p, ids("a1 x"), ids("x b1"), 1); !r.Places[0].InA || !r.Places[0].InB {
		t.Errorf("x in both groups: %+v", r.Places[0])
	}
}

// TestLinkedTo picks the places of one country with a partner in another.
func TestLinkedTo(t *testing.T) {
	s := &graph.Snapshot{Municipalities: []graph.Municipality{
		{ID: "DE:1", Country: "DE"}, {ID: "DE:2", Country: "DE"}, {ID: "DE:3", Country: "DE"}, {ID: "PL:a", Country: "PL"}, {ID: "UA:b", Country: "UA"},
	}}
	for _, l := range [][2]string{{"DE:1", "PL:a"}, {"DE:2", "UA:b"}, {"DE:3", "PL:a"}, {"DE:3", "DE:1"}} {
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: l[0], B: l[1], Kind: graph.KindPartnership})
	}
	s.Sort()
	p := NewProjection(s)
	name := func(vs []int32) string {
		var out []string
		for _, v := range vs {
			out = append(out, p.Node(v).ID)
		}
		return strings.Join(out, " ")
	}
	if got := name(LinkedTo(p, "DE", "PL")); got != "DE:1 DE:3" {
		t.Errorf("DE linked to PL: %s", got)
	}
	if got := name(LinkedTo(p, "DE", "UA")); got != "DE:2" {
		t.Errorf("DE linked to UA: %s", got)
	}
	if got := name(LinkedTo(p, "PL", "FR")); got != "" {
		t.Errorf("PL linked to FR: %s", got)
	}
}
