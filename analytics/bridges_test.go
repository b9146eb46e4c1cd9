package analytics

import (
	"fmt"
	"math"
	"sort"
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

// BenchmarkGroupBridges times GroupBridges (top 20, the CLI's default) on
// one goroutine and on two, on the synthetic graph of 17,717 places and
// 25,900 links with the benchmarks' countries: the places of DE linked to
// AA against those linked to AB, and the two largest Louvain communities
// (seed 1):
//
//	go test ./analytics -run XXX -bench GroupBridges -benchtime 3x -count 5
func BenchmarkGroupBridges(b *testing.B) {
	p := NewProjection(benchSnapshot(b, 25900))
	comm, _ := Louvain(p, 1)
	cs := Communities(p, comm)
	for _, g := range []struct {
		name string
		a, b []int32
	}{
		{"countries", LinkedTo(p, "DE", "AA"), LinkedTo(p, "DE", "AB")},
		{"communities", cs[0].Members, cs[1].Members},
	} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", g.name, workers), func(b *testing.B) {
				var r BridgeResult
				for b.Loop() {
					r, _ = Exec{Workers: workers}.GroupBridges(p, g.a, g.b, 20)
				}
				b.ReportMetric(float64(r.GroupA), "groupA")
				b.ReportMetric(float64(r.GroupB), "groupB")
				b.ReportMetric(float64(r.Connected), "connected")
			})
		}
	}
}

// TestGroupBridgesRepair: the losses found by repairing only the
// distances that can change are those of searching the whole graph again
// without each place (groupBridgesReference, the first form), on
// synthetic twin graphs with groups by country and by community, groups
// that overlap and a group with places of no links.
func TestGroupBridgesRepair(t *testing.T) {
	lost, longer := 0, 0 // places whose loss is a lost pair, a longer path
	for i, links := range []int{60, 400, 3000} {
		s := SyntheticTwinGraph(links, int64(i+1))
		for j := range s.Municipalities {
			s.Municipalities[j].Country = []string{"DE", "DE", "PL", "UA", "FR"}[(j*7+i)%5]
		}
		p := NewProjection(s)
		comm, _ := Louvain(p, 1)
		cs := Communities(p, comm)
		every := make([]int32, p.N())
		for v := range every {
			every[v] = int32(v)
		}
		cases := map[string][2][]int32{
			"countries":   {LinkedTo(p, "DE", "PL"), LinkedTo(p, "DE", "UA")},
			"communities": {cs[0].Members, cs[1].Members},
			"overlap":     {LinkedTo(p, "DE", "PL"), every[:p.N()/2]},
		}
		for name, g := range cases {
			for _, top := range []int{1, 20, p.N()} {
				got, want := GroupBridges(p, g[0], g[1], top), groupBridgesReference(p, g[0], g[1], top)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%d links, %s, top %d:\n got %+v\nwant %+v", links, name, top, got, want)
				}
				// The same to the bit on one goroutine and on three.
				for _, w := range []int{1, 3} {
					if r, err := (Exec{Workers: w}).GroupBridges(p, g[0], g[1], top); err != nil || fmt.Sprint(r) != fmt.Sprint(want) {
						t.Errorf("%d links, %s, top %d, %d workers: %v\n got %+v\nwant %+v", links, name, top, w, err, r, want)
					}
				}
				for _, b := range got.Places {
					lost += min(b.Disconnected, 1)
					if b.DistanceIncrease > 0 {
						longer++
					}
				}
			}
		}
	}
}

// groupBridgesReference is the first GroupBridges: a whole search again
// without each of the top places.
func groupBridgesReference(p *Projection, a, b []int32, top int) BridgeResult {
	n := p.N()
	inA, inB := make([]bool, n), make([]bool, n)
	for _, v := range a {
		inA[v] = true
	}
	for _, v := range b {
		inB[v] = true
	}
	// Search from the smaller group; the pairs are the same read backwards.
	src, isTarget := members(inA), inB
	if nb := members(inB); len(nb) < len(src) {
		src, isTarget = nb, inA
	}
	res := BridgeResult{GroupA: count(inA), GroupB: count(inB)}
	targets := count(isTarget)
	for _, s := range src {
		res.Pairs += targets
		if isTarget[s] {
			res.Pairs--
		}
	}
	bfs := newPlainBFS(n)
	bc := make([]float64, n)
	sigma := make([]float64, n)
	delta := make([]float64, n)
	var sumDist int64
	for _, s := range src {
		bfs.run(p, s, -1)
		order := bfs.order
		for _, v := range order {
			sigma[v], delta[v] = 0, 0
		}
		sigma[s] = 1
		for _, v := range order {
			for _, w := range p.Neighbors(v) {
				if bfs.dist[w] == bfs.dist[v]+1 {
					sigma[w] += sigma[v]
				}
			}
			if isTarget[v] && v != s {
				res.Connected++
				sumDist += int64(bfs.dist[v])
			}
		}
		for i := len(order) - 1; i > 0; i-- {
			w := order[i]
			t := delta[w]
			if isTarget[w] {
				t++
			}
			for _, v := range p.Neighbors(w) {
				if bfs.dist[v] == bfs.dist[w]-1 {
					delta[v] += sigma[v] / sigma[w] * t
				}
			}
			bc[w] += delta[w]
		}
	}
	if res.Connected > 0 {
		res.MeanDistance = float64(sumDist) / float64(res.Connected)
	}
	var cand []int32
	for v := range bc {
		if bc[v] > 0 {
			cand = append(cand, int32(v))
		}
	}
	sort.Slice(cand, func(i, j int) bool {
		x, y := cand[i], cand[j]
		if bc[x] != bc[y] {
			return bc[x] > bc[y]
		}
		return p.Node(x).ID < p.Node(y).ID
	})
	cand = cand[:min(max(top, 0), len(cand))]
	res.Places = make([]Bridge, len(cand))
	increase := make([]int64, len(cand))
	stay := make([]int, len(cand))
	base := make([]int32, n)
	for _, s := range src {
		bfs.run(p, s, -1)
		copy(base, bfs.dist)
		for k, c := range cand {
			if c == s {
				continue
			}
			bfs.run(p, s, c)
			for t, ok := range isTarget {
				if !ok || int32(t) == s || int32(t) == c || base[t] < 0 {
					continue
				}
				if d := bfs.dist[t]; d < 0 {
					res.Places[k].Disconnected++
				} else {
					stay[k]++
					increase[k] += int64(d - base[t])
				}
			}
		}
	}
	for k, c := range cand {
		res.Places[k].Node, res.Places[k].Betweenness = c, bc[c]
		res.Places[k].InA, res.Places[k].InB = inA[c], inB[c]
		if stay[k] > 0 {
			res.Places[k].DistanceIncrease = float64(increase[k]) / float64(stay[k])
		}
	}
	return res
}
