package analytics

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// TestNearestHandDrawn: A's partners are B and C; B's partners D and E,
// C's partner F; E is also reached from D. Places lie on a grid of degrees
// near the equator, so that the expected order can be read off.
func TestNearestHandDrawn(t *testing.T) {
	p := lettered(8, "AB", "AC", "BD", "BE", "CF", "DE", "GA")
	coords := [][2]float64{
		{0, 0},    // A
		{0, 1},    // B
		{0, -3.2}, // C
		{0, 3},    // D
		{1, 1},    // E
		{0, -3.7}, // F
		{0, 0},    // G: no coordinates (set below)
		{9, 9},    // H: no links
	}
	for i, c := range coords {
		p.nodes[i].Lat, p.nodes[i].Lon, p.nodes[i].HasCoords = c[0], c[1], i != 6
	}
	p.nodes[5].Country = "UA"
	km := func(route string) float64 {
		var sum float64
		for i := 1; i < len(route); i++ {
			a, b := coords[route[i-1]-'A'], coords[route[i]-'A']
			sum += gazetteer.Distance(a[0], a[1], b[0], b[1])
		}
		return sum
	}
	for _, c := range []struct {
		o    NearestOptions
		want []string // routes, nearest place first
	}{
		// Every place reached, nearest first; G (no coordinates) and H
		// (no links) are not reached.
		{NearestOptions{}, []string{"AB", "ABE", "ABD", "AC", "ACF"}},
		// The partners of partners.
		{NearestOptions{MinLinks: 2, MaxLinks: 2}, []string{"ABE", "ABD", "ACF"}},
		{NearestOptions{MinLinks: 2, MaxLinks: 2, Limit: 1}, []string{"ABE"}},
		{NearestOptions{MaxLinks: 1}, []string{"AB", "AC"}},
		{NearestOptions{Countries: []string{"UA"}}, []string{"ACF"}},
	} {
		got, err := Exec{}.NearestByDistance(p, 0, c.o)
		if err != nil {
			t.Fatal(err)
		}
		var routes []string
		for _, r := range got {
			routes = append(routes, strings.Join(ids(p, r.Route.Nodes), ""))
			if r.Node != r.Route.Nodes[len(r.Route.Nodes)-1] {
				t.Errorf("%+v: route does not end at the place", r)
			}
			if name := strings.Join(ids(p, r.Route.Nodes), ""); !near(r.Km, km(name), 1e-12, 0) || !near(r.Route.Km, r.Km, 1e-12, 0) {
				t.Errorf("%s: %v km (route %v km), want %v", name, r.Km, r.Route.Km, km(name))
			}
			checkSimplePath(t, p, r.Route, 0, r.Node)
		}
		if routes == nil {
			routes = []string{}
		}
		if !slices.Equal(routes, c.want) {
			t.Errorf("NearestByDistance(A, %+v) = %v, want %v", c.o, routes, c.want)
		}
	}
	// E is nearer through B (1 + 1 degree east) than through D.
	if km("ABE") >= km("ABDE") {
		t.Fatal("the grid is not what the test assumes")
	}
	if _, err := (Exec{}).NearestByDistance(p, 6, NearestOptions{}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("from G (no coordinates): %v, want EINVALID", err)
	}
	if got, err := (Exec{}).NearestByDistance(p, 7, NearestOptions{}); err != nil || len(got) != 0 || got == nil {
		t.Errorf("from H (no links): %v, %v; want an empty list", got, err)
	}
}

// TestNearestAgainstBellmanFord checks the distances on random geometric
// graphs against a plain Bellman-Ford relaxation written here.
func TestNearestAgainstBellmanFord(t *testing.T) {
	rnd := rand.New(rand.NewPCG(16, 16))
	for trial := 0; trial < 5; trial++ {
		n := 30 + trial*20
		var edges [][2]int
		for len(edges) < n*3/2 {
			a, b := rnd.IntN(n), rnd.IntN(n)
			if a != b {
				edges = append(edges, [2]int{a, b})
			}
		}
		p := projectionOf(n, edges)
		for i := range p.nodes {
			p.nodes[i].Lat, p.nodes[i].Lon, p.nodes[i].HasCoords = rnd.Float64()*20+40, rnd.Float64()*30, rnd.IntN(10) > 0
		}
		src := int32(slices.IndexFunc(p.nodes, func(m graph.Municipality) bool { return m.HasCoords }))
		dist := make([]float64, n)
		for i := range dist {
			dist[i] = math.Inf(1)
		}
		dist[src] = 0
		for range n {
			for _, e := range edges {
				w := DistanceKm(p, int32(e[0]), int32(e[1]))
				dist[e[1]] = min(dist[e[1]], dist[e[0]]+w)
				dist[e[0]] = min(dist[e[0]], dist[e[1]]+w)
			}
		}
		got, err := Exec{}.NearestByDistance(p, src, NearestOptions{})
		if err != nil {
			t.Fatal(err)
		}
		reached := 0
		for v, d := range dist {
			if int32(v) != src && !math.IsInf(d, 1) {
				reached++
			}
		}
		if len(got) != reached {
			t.Errorf("trial %d: %d places reached, Bellman-Ford %d", trial, len(got), reached)
		}
		for i, r := range got {
			if !near(r.Km, dist[r.Node], 1e-12, 1e-9) {
				t.Errorf("trial %d: place %d at %v km, Bellman-Ford %v", trial, r.Node, r.Km, dist[r.Node])
			}
			if i > 0 && got[i-1].Km > r.Km {
				t.Errorf("trial %d: not nearest first at %d", trial, i)
			}
		}
	}
}
