package analytics

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/citygraph/citygraph/graph"
	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/testgraph"
	"gonum.org/v1/gonum/graph/topo"
)

// gonumBuilder builds a Gonum for gonum's own graph contract tests
// (gonum.org/v1/gonum/graph/testgraph): the test's nodes become places
// (renumbered 0, 1, ... in the order of their ids, as a snapshot sorted by
// id numbers them), its edges links, self-loops dropped and parallel edges
// merged as the projection does; the edges' weights come through
// GonumOptions.Weight.
func gonumBuilder(nodes []gg.Node, edges []testgraph.WeightedLine, _, _ float64) (gg.Graph, []gg.Node, []testgraph.Edge, float64, float64, bool) {
	ids := map[int64]bool{}
	for _, n := range nodes {
		ids[n.ID()] = true
	}
	for _, e := range edges {
		ids[e.From().ID()], ids[e.To().ID()] = true, true
	}
	sorted := make([]int64, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	slices.Sort(sorted)
	index := map[int64]int32{}
	s := &graph.Snapshot{Version: 1}
	for i, id := range sorted {
		index[id] = int32(i)
		name := fmt.Sprintf("N%06d", i)
		s.Municipalities = append(s.Municipalities, graph.Municipality{ID: name, Name: name, Country: "XX"})
	}
	weights := map[[2]int32]float64{}
	var used []testgraph.Edge
	for _, e := range edges {
		a, b := index[e.From().ID()], index[e.To().ID()]
		if a == b {
			continue
		}
		key := [2]int32{min(a, b), max(a, b)}
		if _, dup := weights[key]; dup {
			continue
		}
		weights[key] = e.Weight()
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: s.Municipalities[a].ID, B: s.Municipalities[b].ID, Kind: graph.KindPartnership})
		used = append(used, GonumEdge{F: GonumNode(a), T: GonumNode(b), W: e.Weight()})
	}
	w := func(_ *Projection, u, v int32) float64 { return weights[[2]int32{min(u, v), max(u, v)}] }
	g := NewProjection(s).Gonum(GonumOptions{Weight: w})
	var out []gg.Node
	for i := range sorted {
		out = append(out, GonumNode(i))
	}
	return g, out, used, 0, math.Inf(1), true
}

// TestGonumContract runs gonum's own contract tests for graph
// implementations on Gonum.
func TestGonumContract(t *testing.T) {
	const useEmpty, reversesEdges = true, true
	t.Run("NodeExistence", func(t *testing.T) { testgraph.NodeExistence(t, gonumBuilder) })
	t.Run("ReturnAllNodes", func(t *testing.T) { testgraph.ReturnAllNodes(t, gonumBuilder, useEmpty) })
	t.Run("ReturnNodeSlice", func(t *testing.T) { testgraph.ReturnNodeSlice(t, gonumBuilder, useEmpty) })
	t.Run("ReturnAdjacentNodes", func(t *testing.T) { testgraph.ReturnAdjacentNodes(t, gonumBuilder, useEmpty, reversesEdges) })
	t.Run("EdgeExistence", func(t *testing.T) { testgraph.EdgeExistence(t, gonumBuilder, reversesEdges) })
	t.Run("Weight", func(t *testing.T) { testgraph.Weight(t, gonumBuilder) })
}

// TestGonumIsTheProjection checks the view against the projection it shows,
// for the whole graph and for views (a layer, a period, countries), with
// and without Linked.
func TestGonumIsTheProjection(t *testing.T) {
	full := NewProjection(gonumFixture())
	views := map[string]*Projection{
		"whole":       full,
		"partnership": full.View(Filter{Kinds: []graph.Kind{graph.KindPartnership}}),
		"since 2000":  full.View(Filter{From: graph.Date{Year: 2000}}),
		"DE-UA":       full.View(Filter{Countries: []string{"DE", "UA"}}),
		"twin":        NewProjection(SyntheticTwinGraph(400, 5)),
	}
	for name, p := range views {
		for _, linked := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s linked=%v", name, linked), func(t *testing.T) {
				g := p.Gonum(GonumOptions{Linked: linked})
				checkGonumView(t, p, g, linked)
			})
		}
	}
}

func checkGonumView(t *testing.T, p *Projection, g *Gonum, linked bool) {
	t.Helper()
	var want []int64
	for v := range p.N() {
		if !linked || p.Degree(int32(v)) > 0 {
			want = append(want, int64(v))
		}
	}
	var got []int64
	for it := g.Nodes(); it.Next(); {
		got = append(got, it.Node().ID())
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Nodes() = %v, want %v", got, want)
	}
	for v := range p.N() {
		id := p.Node(int32(v)).ID
		n, ok := g.NodeOf(id)
		if ok != slices.Contains(want, int64(v)) || (ok && (n.ID() != int64(v) || g.Place(n).ID != id)) {
			t.Errorf("NodeOf(%s) = %v, %v", id, n, ok)
		}
		if !ok {
			if g.From(int64(v)) != gg.Empty || g.Node(int64(v)) != nil {
				t.Errorf("place %d is not a node but has neighbours or a node", v)
			}
			continue
		}
		var nbrs []int32
		for it := g.From(int64(v)); it.Next(); {
			nbrs = append(nbrs, int32(it.Node().ID()))
		}
		if !slices.Equal(nbrs, p.Neighbors(int32(v))) && len(nbrs)+len(p.Neighbors(int32(v))) > 0 {
			t.Errorf("From(%d) = %v, want %v", v, nbrs, p.Neighbors(int32(v)))
		}
		for _, u := range p.Neighbors(int32(v)) {
			li, ok := g.LinkBetween(int64(v), int64(u))
			e := p.Ends(li)
			if !ok || !(e == [2]int32{int32(v), u} || e == [2]int32{u, int32(v)}) {
				t.Errorf("LinkBetween(%d, %d) = %d %v, joins %v", v, u, li, ok, e)
			}
			if w, ok := g.Weight(int64(v), int64(u)); !ok || w != 1 {
				t.Errorf("Weight(%d, %d) = %v, %v; want 1, true", v, u, w, ok)
			}
			if !g.Directed().HasEdgeFromTo(int64(u), int64(v)) {
				t.Errorf("Directed: no arc %d -> %d", u, v)
			}
		}
	}
	// gonum's components agree with the projection's own.
	_, sizes := Components(p)
	var big []int
	for _, s := range sizes {
		if !linked || s > 1 {
			big = append(big, s)
		}
	}
	var gs []int
	for _, c := range topo.ConnectedComponents(g) {
		gs = append(gs, len(c))
	}
	slices.Sort(big)
	slices.Sort(gs)
	if !slices.Equal(big, gs) {
		t.Errorf("component sizes: gonum %v, Components %v", gs, big)
	}
}

// TestGonumCanceled checks that a gonum run stops when Exec.Done is
// closed, and that other panics are not swallowed.
func TestGonumCanceled(t *testing.T) {
	p := NewProjection(SyntheticTwinGraph(2000, 1))
	done := make(chan struct{})
	close(done)
	if _, err := (Exec{Done: done}).Cliques(p, CliqueOptions{}); err != ErrCanceled {
		t.Errorf("Cliques with Done closed: %v, want ErrCanceled", err)
	}
	// Closed while running: From notices.
	stop := make(chan struct{})
	calls := 0
	_, err := runGonum(Exec{Done: stop}, p.Gonum(GonumOptions{}), func(g *Gonum) int {
		for v := range int64(p.N()) {
			if calls++; calls == 100 {
				close(stop)
			}
			g.From(v)
		}
		return 0
	})
	if err != ErrCanceled || calls != 100 {
		t.Errorf("runGonum closed before call 100: err %v after %d calls, want ErrCanceled at call 100", err, calls)
	}
	defer func() {
		if r := recover(); r != "other" {
			t.Errorf("recovered %v, want the panic passed on", r)
		}
	}()
	_, _ = runGonum(Exec{Done: make(chan struct{})}, p.Gonum(GonumOptions{}), func(*Gonum) int { panic("other") })
}

// gonumFixture is a small graph with countries, kinds and dates: German
// and Ukrainian places with coordinates, a French one, one without
// coordinates.
func gonumFixture() *graph.Snapshot {
	s := &graph.Snapshot{Version: 3}
	place := func(id, name, country string, lat, lon float64) {
		s.Municipalities = append(s.Municipalities, graph.Municipality{ID: id, Name: name, Country: country,
			Lat: lat, Lon: lon, HasCoords: lat != 0 || lon != 0})
	}
	place("DE:05315000", "Köln", "DE", 50.938, 6.96)
	place("DE:06412000", "Frankfurt am Main", "DE", 50.11, 8.68)
	place("DE:08222000", "Mannheim", "DE", 49.488, 8.466)
	place("DE:09162000", "München", "DE", 48.137, 11.575)
	place("DE:11000000", "Berlin", "DE", 52.52, 13.405)
	place("FR:bordeaux", "Bordeaux", "FR", 44.84, -0.58)
	place("UA:chernivtsi", "Chernivtsi", "UA", 48.29, 25.94)
	place("UA:kharkiv", "Kharkiv", "UA", 49.993, 36.23)
	place("UA:kyiv", "Kyiv", "UA", 50.45, 30.523)
	place("UA:nowhere", "Nowhere", "UA", 0, 0)
	link := func(a, b string, k graph.Kind, since int) {
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: a, B: b, Kind: k, Since: graph.Date{Year: since}})
	}
	link("DE:08222000", "UA:chernivtsi", graph.KindPartnership, 2022)
	link("DE:08222000", "FR:bordeaux", graph.KindFriendship, 1970)
	link("DE:09162000", "UA:kyiv", graph.KindPartnership, 1989)
	link("DE:09162000", "FR:bordeaux", graph.KindPartnership, 1964)
	link("DE:11000000", "UA:kyiv", graph.KindFriendship, 2022)
	link("DE:11000000", "UA:kyiv", graph.KindPartnership, 1990) // the same pair in two kinds
	link("DE:05315000", "DE:06412000", graph.KindContact, 2001)
	link("DE:06412000", "UA:kharkiv", graph.KindProject, 2023)
	link("UA:kyiv", "UA:kharkiv", graph.KindContact, 2001)
	link("UA:chernivtsi", "UA:kyiv", graph.KindPartnership, 1999)
	link("UA:nowhere", "UA:kyiv", graph.KindPartnership, 2010)
	link("DE:08222000", "DE:06412000", graph.KindPartnership, 1995)
	s.Sort()
	return s
}
