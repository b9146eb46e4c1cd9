package analytics

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// networkxGolden holds NetworkX's answers on the p190 graph, computed once
// from the repository root with the Debian package python3-networkx 2.8.8:
//
//	/usr/bin/python3 scripts/golden_networkx_gonum.py
//
// which writes testdata/p190_networkx_gonum.json.gz (places by QID).
type networkxGolden struct {
	K     int `json:"k"`
	Paths []struct {
		From  string     `json:"from"`
		To    string     `json:"to"`
		Paths [][]string `json:"paths"` // nx.shortest_simple_paths, the first K
	} `json:"paths"`
	CliquesBySize map[string]int        `json:"cliquesBySize"` // nx.find_cliques, every size
	Cliques       [][]string            `json:"cliques"`       // those of 3 or more places
	KClique       map[string][][]string `json:"kclique"`       // k_clique_communities, k = 3, 4, 5
}

func loadNetworkxGolden(t *testing.T) *networkxGolden {
	t.Helper()
	var g networkxGolden
	readGzipJSON(t, "testdata/p190_networkx_gonum.json.gz", &g)
	return &g
}

// ids returns the place ids of nodes.
func ids(p *Projection, nodes []int32) []string {
	out := make([]string, len(nodes))
	for i, v := range nodes {
		out[i] = p.Node(v).ID
	}
	return out
}

// lettered builds a projection of places "A", "B", ... (node i is the
// i-th letter) with the given links, written "AB".
func lettered(n int, links ...string) *Projection {
	var edges [][2]int
	for _, l := range links {
		edges = append(edges, [2]int{int(l[0] - 'A'), int(l[1] - 'A')})
	}
	p := projectionOf(n, edges)
	for i := range p.nodes {
		p.nodes[i].ID = string(rune('A' + i))
	}
	return p
}

func TestKShortestPathsHandDrawn(t *testing.T) {
	// A-E-D (2 links), A-B-C-D (3), A-F-G-H-D (4), and B-E (a shortcut
	// that makes A-B-E-D another path of 3). I stands apart.
	p := lettered(9, "AB", "BC", "CD", "AE", "ED", "AF", "FG", "GH", "HD", "BE")
	ex := Exec{}
	got, err := ex.KShortestPaths(p, 0, 3, 10, ByLinks)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, r := range got {
		paths = append(paths, strings.Join(ids(p, r.Nodes), ""))
		if len(r.Links) != len(r.Nodes)-1 {
			t.Errorf("%v: %d links for %d places", r.Nodes, len(r.Links), len(r.Nodes))
		}
		for i, li := range r.Links {
			if e := p.Ends(li); !(e == [2]int32{r.Nodes[i], r.Nodes[i+1]} || e == [2]int32{r.Nodes[i+1], r.Nodes[i]}) {
				t.Errorf("link %d of %v joins %v", i, r.Nodes, e)
			}
		}
	}
	// Every loopless A-D path, shortest first, ties by the places.
	want := []string{"AED", "ABCD", "ABED", "AEBCD", "AFGHD"}
	if !slices.Equal(paths, want) {
		t.Errorf("k shortest A-D = %v, want %v", paths, want)
	}
	if got, _ := ex.KShortestPaths(p, 0, 3, 2, ByLinks); len(got) != 2 || strings.Join(ids(p, got[1].Nodes), "") != "ABCD" && strings.Join(ids(p, got[1].Nodes), "") != "ABED" {
		t.Errorf("k=2: %v", got)
	}
	if got, err := ex.KShortestPaths(p, 0, 8, 3, ByLinks); err != nil || got != nil {
		t.Errorf("A to the unlinked I: %v, %v; want no path", got, err)
	}
	if got, err := ex.KShortestPaths(p, 2, 2, 3, ByLinks); err != nil || len(got) != 1 || !slices.Equal(got[0].Nodes, []int32{2}) || len(got[0].Links) != 0 {
		t.Errorf("C to itself: %v, %v; want the one path of no links", got, err)
	}
	if !math.IsNaN(got[0].Km) {
		t.Errorf("places without coordinates: Km %v, want NaN", got[0].Km)
	}
	for _, bad := range []struct {
		k  int
		by PathMeasure
	}{{0, ByLinks}, {3, "hops"}, {3, ByKm}} {
		if _, err := ex.KShortestPaths(p, 0, 3, bad.k, bad.by); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("k %d by %q: %v, want EINVALID", bad.k, bad.by, err)
		}
	}
}

func TestKShortestPathsByKm(t *testing.T) {
	p := NewProjection(gonumFixture())
	at := func(id string) int32 { i, _ := p.IndexOf(id); return i }
	mannheim, kyiv := at("DE:08222000"), at("UA:kyiv")
	byLinks, err := Exec{}.KShortestPaths(p, mannheim, kyiv, 5, ByLinks)
	if err != nil {
		t.Fatal(err)
	}
	byKm, err := Exec{}.KShortestPaths(p, mannheim, kyiv, 5, ByKm)
	if err != nil {
		t.Fatal(err)
	}
	km := func(route ...string) float64 {
		var sum float64
		for i := 1; i < len(route); i++ {
			a, b := p.Node(at(route[i-1])), p.Node(at(route[i]))
			sum += gazetteer.Distance(a.Lat, a.Lon, b.Lat, b.Lon)
		}
		return sum
	}
	// Mannheim-Chernivtsi-Kyiv (2 links), Mannheim-Frankfurt-Kharkiv-Kyiv
	// (3) and Mannheim-Bordeaux-München-Kyiv (3, far longer in km).
	direct := []string{"DE:08222000", "UA:chernivtsi", "UA:kyiv"}
	viaFrankfurt := []string{"DE:08222000", "DE:06412000", "UA:kharkiv", "UA:kyiv"}
	viaBordeaux := []string{"DE:08222000", "FR:bordeaux", "DE:09162000", "UA:kyiv"}
	want := [][]string{direct, viaFrankfurt, viaBordeaux} // by links, ties by id: DE:06... < FR:...
	if len(byLinks) != 3 {
		t.Fatalf("by links: %d paths, want 3", len(byLinks))
	}
	for i, r := range byLinks {
		if !slices.Equal(ids(p, r.Nodes), want[i]) {
			t.Errorf("by links #%d = %v, want %v", i+1, ids(p, r.Nodes), want[i])
		}
	}
	wantKm := [][]string{direct, viaFrankfurt, viaBordeaux}
	if km(viaFrankfurt...) > km(viaBordeaux...) || km(direct...) > km(viaFrankfurt...) {
		t.Fatalf("the fixture's distances are not what the test assumes")
	}
	for i, r := range byKm {
		if !slices.Equal(ids(p, r.Nodes), wantKm[i]) || !near(r.Km, km(wantKm[i]...), 1e-12, 0) {
			t.Errorf("by km #%d = %v %.3f km, want %v %.3f km", i+1, ids(p, r.Nodes), r.Km, wantKm[i], km(wantKm[i]...))
		}
	}
	// A path of more links can be shorter in km: A-B-C-D runs along a
	// line of longitude, A-E-D makes a detour east.
	g := lettered(5, "AB", "BC", "CD", "AE", "ED")
	for i, c := range [][2]float64{{0, 0}, {1, 0}, {2, 0}, {3, 0}, {1.5, 3}} {
		g.nodes[i].Lat, g.nodes[i].Lon, g.nodes[i].HasCoords = c[0], c[1], true
	}
	for by, want := range map[PathMeasure][]string{ByLinks: {"AED", "ABCD"}, ByKm: {"ABCD", "AED"}} {
		got, err := Exec{}.KShortestPaths(g, 0, 3, 5, by)
		if err != nil || len(got) != 2 || strings.Join(ids(g, got[0].Nodes), "") != want[0] || strings.Join(ids(g, got[1].Nodes), "") != want[1] {
			t.Errorf("by %s: %v, %v; want %v", by, got, err, want)
		}
	}
	// Nowhere has no coordinates: no path by km leads there.
	if _, err := (Exec{}).KShortestPaths(p, mannheim, at("UA:nowhere"), 3, ByKm); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("to a place without coordinates by km: %v, want EINVALID", err)
	}
}

// TestKShortestPathsP190 compares the k shortest paths on the Wikidata
// P190 graph with NetworkX's shortest_simple_paths: the same lengths,
// every path shorter than the k-th the same set, and the paths as long as
// the k-th (where the order among equals is each program's own) real,
// loopless and distinct.
func TestKShortestPathsP190(t *testing.T) {
	p := loadP190(t)
	gold := loadNetworkxGolden(t)
	if len(gold.Paths) == 0 || gold.Paths[0].From != "Q2119" || gold.Paths[0].To != "Q1899" {
		t.Fatalf("golden: want Mannheim (Q2119) to Kyiv (Q1899) first")
	}
	for _, c := range gold.Paths {
		a, okA := p.IndexOf(c.From)
		b, okB := p.IndexOf(c.To)
		if !okA || !okB {
			t.Fatalf("%s or %s not in the graph", c.From, c.To)
		}
		got, err := Exec{}.KShortestPaths(p, a, b, gold.K, ByLinks)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(c.Paths) {
			t.Errorf("%s-%s: %d paths, NetworkX %d", c.From, c.To, len(got), len(c.Paths))
			continue
		}
		last := len(c.Paths[len(c.Paths)-1]) - 1
		wantShort, gotShort := map[string]bool{}, map[string]bool{}
		seen := map[string]bool{}
		for i, r := range got {
			if want := len(c.Paths[i]) - 1; r.Length() != want {
				t.Errorf("%s-%s #%d: %d links, NetworkX %d", c.From, c.To, i+1, r.Length(), want)
			}
			key := strings.Join(ids(p, r.Nodes), " ")
			if seen[key] {
				t.Errorf("%s-%s: %s twice", c.From, c.To, key)
			}
			seen[key] = true
			checkSimplePath(t, p, r, a, b)
			if r.Length() < last {
				gotShort[key] = true
			}
		}
		for _, w := range c.Paths {
			if len(w)-1 < last {
				wantShort[strings.Join(w, " ")] = true
			}
		}
		for k := range wantShort {
			if !gotShort[k] {
				t.Errorf("%s-%s: NetworkX's %s missing", c.From, c.To, k)
			}
		}
		for k := range gotShort {
			if !wantShort[k] {
				t.Errorf("%s-%s: %s not among NetworkX's", c.From, c.To, k)
			}
		}
	}
}

// checkSimplePath checks that r runs from a to b over real links without
// visiting a place twice.
func checkSimplePath(t *testing.T, p *Projection, r RankedPath, a, b int32) {
	t.Helper()
	if r.Nodes[0] != a || r.Nodes[len(r.Nodes)-1] != b {
		t.Errorf("path %v does not run from %d to %d", r.Nodes, a, b)
	}
	visited := map[int32]bool{}
	for i, v := range r.Nodes {
		if visited[v] {
			t.Errorf("path %v visits %d twice", r.Nodes, v)
		}
		visited[v] = true
		if i > 0 {
			if e := p.Ends(r.Links[i-1]); !(e == [2]int32{r.Nodes[i-1], v} || e == [2]int32{v, r.Nodes[i-1]}) {
				t.Errorf("path %v: link %d joins %v", r.Nodes, i-1, e)
			}
		}
	}
}
