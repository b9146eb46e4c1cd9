package analytics

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// bipartiteGolden is testdata/bipartite_networkx.json.gz
// (scripts/golden_networkx_bipartite.py).
type bipartiteGolden struct {
	Edges       [][2]string        `json:"edges"`
	Degree      map[string]float64 `json:"degree"`
	Closeness   map[string]float64 `json:"closeness"`
	Betweenness map[string]float64 `json:"betweenness"`
}

// goldenBipartiteSnapshot returns the golden file and a snapshot holding its
// memberships, a place without any (not a node of the two-mode graph) and
// a partnership (which the layer does not see).
func goldenBipartiteSnapshot(t *testing.T) (*bipartiteGolden, *graph.Snapshot) {
	var g bipartiteGolden
	readGzipJSON(t, "testdata/bipartite_networkx.json.gz", &g)
	s := &graph.Snapshot{}
	seen := map[string]bool{}
	addPlace := func(id string) {
		if !seen[id] {
			seen[id] = true
			s.Municipalities = append(s.Municipalities, graph.Municipality{ID: id, Name: id, Country: "XX"})
		}
	}
	nets := map[string]bool{}
	for _, e := range g.Edges {
		addPlace(e[0])
		s.Memberships = append(s.Memberships, graph.Membership{Municipality: e[0], Network: e[1]})
		if !nets[e[1]] {
			nets[e[1]] = true
			s.Networks = append(s.Networks, graph.Network{ID: e[1], Name: "Network " + e[1]})
		}
	}
	addPlace("Q:none")
	s.Networks = append(s.Networks, graph.Network{ID: "zz-empty", Name: "no members"})
	s.Partnerships = []graph.Partnership{{A: "P:000", B: "Q:none", Kind: graph.KindPartnership}}
	s.Sort()
	return &g, s
}

// TestBipartiteCentralityGolden compares the two-mode degree, closeness
// and betweenness with NetworkX's bipartite module to 1e-9 relative.
func TestBipartiteCentralityGolden(t *testing.T) {
	g, s := goldenBipartiteSnapshot(t)
	p := NewProjection(s)
	b, err := p.Bipartite(LayerNetworks)
	if err != nil {
		t.Fatal(err)
	}
	if b.N() != len(g.Degree) || b.M() != len(g.Edges) || b.Groups() != 30 {
		t.Fatalf("two-mode graph: %d nodes (NetworkX %d), %d edges (%d), %d groups", b.N(), len(g.Degree), b.M(), len(g.Edges), b.Groups())
	}
	if v, _ := p.IndexOf("Q:none"); b.NodeOf(v) != -1 || b.GroupNode("zz-empty") != -1 {
		t.Error("a place without memberships or a network without members is a node")
	}
	sc, err := Exec{Workers: 2}.BipartiteCentrality(b)
	if err != nil {
		t.Fatal(err)
	}
	name := func(v int) string {
		if b.IsPlace(v) {
			return p.Node(b.Place(v)).ID
		}
		return b.Group(v)
	}
	for _, tc := range []struct {
		what string
		got  []float64
		want map[string]float64
	}{{"degree", sc.DegreeCentrality, g.Degree}, {"closeness", sc.Closeness, g.Closeness}, {"betweenness", sc.Betweenness, g.Betweenness}} {
		bad := 0
		nonzero := 0
		for v := 0; v < b.N(); v++ {
			w, ok := tc.want[name(v)]
			if !ok {
				t.Fatalf("%s: %s not in the golden file", tc.what, name(v))
			}
			if w != 0 {
				nonzero++
			}
			if math.Abs(tc.got[v]-w) > 1e-9*math.Max(1, math.Abs(w)) {
				if bad < 5 {
					t.Errorf("%s of %s: %v, NetworkX %v", tc.what, name(v), tc.got[v], w)
				}
				bad++
			}
		}
		if nonzero < 30 {
			t.Errorf("%s: only %d nonzero values", tc.what, nonzero)
		}
	}
	if sc.Degree[b.GroupNode("net-29")] != 5 {
		t.Errorf("net-29 has %d members, want 5", sc.Degree[b.GroupNode("net-29")])
	}
}

// TestBipartiteScope: an as-of date keeps the memberships active then,
// a country only its places; organisation links make their own layer.
func TestBipartiteScope(t *testing.T) {
	d := func(s string) graph.Date {
		v, err := graph.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	s := &graph.Snapshot{
		Municipalities: []graph.Municipality{{ID: "DE:1", Country: "DE"}, {ID: "DE:2", Country: "DE"}, {ID: "PL:1", Country: "PL"}},
		Networks:       []graph.Network{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}},
		Memberships: []graph.Membership{
			{Municipality: "DE:1", Network: "a", Since: d("2000")},
			{Municipality: "DE:2", Network: "a", Since: d("2020"), Until: d("2022")},
			{Municipality: "PL:1", Network: "b"},
		},
		Organisations: []graph.Organisation{{ID: "o", Name: "O"}},
		OrgLinks:      []graph.OrgLink{{Municipality: "DE:2", Organisation: "o", Since: d("2010")}},
	}
	p := NewProjection(s)
	for _, tc := range []struct {
		f              Filter
		layer          Layer
		places, groups int
	}{
		{Filter{}, LayerNetworks, 3, 2},
		{Filter{AsOf: d("2021")}, LayerNetworks, 3, 2},
		{Filter{AsOf: d("2023")}, LayerNetworks, 2, 2},
		{Filter{AsOf: d("1999")}, LayerNetworks, 1, 1},
		{Filter{Countries: []string{"DE"}}, LayerNetworks, 2, 1},
		{Filter{}, LayerOrganisations, 1, 1},
		{Filter{AsOf: d("2005")}, LayerOrganisations, 0, 0},
	} {
		b, err := p.View(tc.f).Bipartite(tc.layer)
		if err != nil {
			t.Fatal(err)
		}
		if b.Places() != tc.places || b.Groups() != tc.groups {
			t.Errorf("%+v %s: %d places, %d groups; want %d, %d", tc.f, tc.layer, b.Places(), b.Groups(), tc.places, tc.groups)
		}
	}
	if _, err := p.Bipartite(LayerPartnerships); err == nil {
		t.Error("partnerships taken as an affiliation layer")
	}
	b, _ := p.Bipartite(LayerOrganisations)
	if b.GroupName(b.GroupNode("o")) != "O" {
		t.Errorf("organisation name %q", b.GroupName(b.GroupNode("o")))
	}
	// An empty layer computes without dividing by zero.
	empty, _ := p.View(Filter{AsOf: d("2005")}).Bipartite(LayerOrganisations)
	if sc, err := (Exec{}).BipartiteCentrality(empty); err != nil || len(sc.Degree) != 0 {
		t.Errorf("empty layer: %v %v", sc, err)
	}
}

// TestSharedGroupsGolden compares the projection onto places with
// NetworkX's weighted_projected_graph (count) and
// collaboration_weighted_projected_graph (Newman), and the weighted
// modularity of a fixed partition with nx.community.modularity.
func TestSharedGroupsGolden(t *testing.T) {
	var g struct {
		bipartiteGolden
		SharedCount  [][3]any `json:"sharedCount"`
		SharedNewman [][3]any `json:"sharedNewman"`
		Modularity   float64  `json:"modularity"`
	}
	_, s := goldenBipartiteSnapshot(t)
	readGzipJSON(t, "testdata/bipartite_networkx.json.gz", &g)
	p := NewProjection(s)
	b, err := p.Bipartite(LayerNetworks)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		w    Weighting
		want [][3]any
	}{{WeightCount, g.SharedCount}, {WeightNewman, g.SharedNewman}} {
		q := b.SharedGroups(tc.w)
		if q.N() != p.N() || !q.Weighted() || q.Layer() != "shared-networks;"+string(tc.w) {
			t.Fatalf("%s: %d places, weighted %v, layer %q", tc.w, q.N(), q.Weighted(), q.Layer())
		}
		if q.LinkCount() != len(tc.want) || q.M() != len(tc.want) {
			t.Fatalf("%s: %d links, %d pairs; NetworkX %d", tc.w, q.LinkCount(), q.M(), len(tc.want))
		}
		got := map[[2]string]int32{}
		for li := int32(0); li < int32(q.LinkCount()); li++ {
			l := q.Link(li)
			if l.Kind != KindSharedNetworks || len(l.Topics) == 0 {
				t.Fatalf("link %+v", l)
			}
			got[[2]string{l.A, l.B}] = li
		}
		for _, row := range tc.want {
			a, c, w := row[0].(string), row[1].(string), row[2].(float64)
			li, ok := got[[2]string{a, c}]
			if !ok {
				t.Errorf("%s: %s-%s missing", tc.w, a, c)
				continue
			}
			if gw := q.LinkWeight(li); math.Abs(gw-w) > 1e-12*math.Max(1, w) {
				t.Errorf("%s: %s-%s weighs %v, NetworkX %v", tc.w, a, c, gw, w)
			}
			if tc.w == WeightCount && len(q.Link(li).Topics) != int(w) {
				t.Errorf("%s-%s: shared %v, weight %v", a, c, q.Link(li).Topics, w)
			}
		}
		if tc.w == WeightCount {
			comm := make([]int32, q.N())
			for i := range comm {
				id := q.Node(int32(i)).ID
				comm[i] = int32(id[len(id)-3])
			}
			if m := Modularity(q, comm); math.Abs(m-g.Modularity) > 1e-12 {
				t.Errorf("modularity %v, NetworkX %v", m, g.Modularity)
			}
		}
	}
	// The cache counts the links a derived projection owns.
	if q := b.SharedGroups(WeightCount); SizeOf(q) < 250*int64(q.LinkCount()) {
		t.Errorf("SizeOf(shared) = %d for %d links", SizeOf(q), q.LinkCount())
	}
	// The cache tells the layers and weightings apart.
	if b.SharedGroups(WeightCount).Key() == b.SharedGroups(WeightNewman).Key() || b.SharedGroups(WeightCount).Key() == p.Key() {
		t.Error("projections share a cache key")
	}
}

// TestCombine: two triangles of partners joined by one link, and a network
// shared across them. With the network weighing little the communities are
// the triangles; weighing much, the network's members are one community.
// Partnerships alone at weight 1 give the unweighted Louvain.
func TestCombine(t *testing.T) {
	s := &graph.Snapshot{Networks: []graph.Network{{ID: "n", Name: "N"}}}
	for _, id := range []string{"a1", "a2", "a3", "b1", "b2", "b3"} {
		s.Municipalities = append(s.Municipalities, graph.Municipality{ID: id})
	}
	for _, e := range [][2]string{{"a1", "a2"}, {"a2", "a3"}, {"a1", "a3"}, {"b1", "b2"}, {"b2", "b3"}, {"b1", "b3"}, {"a3", "b1"}} {
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: e[0], B: e[1], Kind: graph.KindPartnership})
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: e[0], B: e[1], Kind: graph.KindFriendship})
	}
	for _, m := range []string{"a1", "b2", "b3"} {
		s.Memberships = append(s.Memberships, graph.Membership{Municipality: m, Network: "n"})
	}
	s.Sort()
	p := NewProjection(s)
	same := func(comm []int32, a, b string) bool {
		i, _ := p.IndexOf(a)
		j, _ := p.IndexOf(b)
		return comm[i] == comm[j]
	}
	only, err := p.Combine([]LayerWeight{{LayerPartnerships, 1}}, WeightCount)
	if err != nil {
		t.Fatal(err)
	}
	c1, q1 := Louvain(only, 1)
	c0, q0 := Louvain(p, 1)
	if !slices.Equal(c0, c1) || math.Abs(q0-q1) > 1e-12 || only.LinkCount() != 7 {
		t.Errorf("partnerships alone: %v %v against %v %v (%d links)", c1, q1, c0, q0, only.LinkCount())
	}
	low, _ := p.Combine([]LayerWeight{{LayerPartnerships, 1}, {LayerNetworks, 0.1}}, WeightCount)
	if low.M() != 7+2 || low.LinkCount() != 7+3 {
		t.Errorf("combined: %d pairs, %d links", low.M(), low.LinkCount())
	}
	c, _ := Louvain(low, 1)
	if !same(c, "a1", "a2") || same(c, "a1", "b2") || !same(c, "b2", "b3") {
		t.Errorf("network weighing 0.1: %v", c)
	}
	st := Strength(low)
	if i, _ := p.IndexOf("a1"); math.Abs(st[i]-2.2) > 1e-12 {
		t.Errorf("strength of a1 %v, want 2.2", st[i])
	}
	high, _ := p.Combine([]LayerWeight{{LayerPartnerships, 1}, {LayerNetworks, 10}}, WeightCount)
	c, q := Louvain(high, 1)
	if !same(c, "a1", "b2") || math.Abs(q-Modularity(high, c)) > 1e-12 {
		t.Errorf("network weighing 10: %v, Q %v", c, q)
	}
	for _, bad := range [][]LayerWeight{nil, {{LayerNetworks, -1}}, {{LayerNetworks, 1}, {LayerNetworks, 2}}, {{LayerNetworks, math.NaN()}}} {
		if _, err := p.Combine(bad, WeightCount); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	lw, err := ParseLayerWeights("partnerships, memberships=0.5")
	if err != nil || len(lw) != 2 || lw[1] != (LayerWeight{LayerNetworks, 0.5}) {
		t.Errorf("ParseLayerWeights: %v %v", lw, err)
	}
	for _, bad := range []string{"", "partners", "networks=x", "networks=-1"} {
		if _, err := ParseLayerWeights(bad); err == nil {
			t.Errorf("ParseLayerWeights(%q) accepted", bad)
		}
	}
}

// TestSharedPairsLimit: a network of 3,000 members would make 4,498,500
// pairs, over MaxSharedPairs: refused before anything is built, by
// CheckSharedPairs and Combine; 2,000 members (1,999,000 pairs) pass the
// check.
func TestSharedPairsLimit(t *testing.T) {
	for _, tc := range []struct {
		members, pairs int
		ok             bool
	}{{3000, 4498500, false}, {2000, 1999000, true}} {
		s := &graph.Snapshot{Networks: []graph.Network{{ID: "big", Name: "Big"}}}
		for i := 0; i < tc.members; i++ {
			id := fmt.Sprintf("X:%05d", i)
			s.Municipalities = append(s.Municipalities, graph.Municipality{ID: id})
			s.Memberships = append(s.Memberships, graph.Membership{Municipality: id, Network: "big"})
		}
		p := NewProjection(s)
		b, err := p.Bipartite(LayerNetworks)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.SharedPairs(); got != tc.pairs {
			t.Errorf("%d members: %d pairs, want %d", tc.members, got, tc.pairs)
		}
		err = b.CheckSharedPairs()
		if (err == nil) != tc.ok {
			t.Errorf("%d members: check %v", tc.members, err)
		}
		if tc.ok {
			continue // not built: 2 million pairs take half a GB
		}
		if _, cerr := p.Combine([]LayerWeight{{LayerPartnerships, 1}, {LayerNetworks, 1}}, WeightCount); cerr == nil {
			t.Errorf("%d members: combined", tc.members)
		}
		if !tc.ok && (graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(err.Error(), "4498500 pairs")) {
			t.Errorf("error %v", err)
		}
	}
}

// TestCombineLouvainGolden: Louvain on the combination partnerships=1,
// networks=0.5 (count) of the golden graph, and on the Newman projection
// alone, lands within 0.01 of the band of igraph's community_multilevel
// with weights over seeds 1..10 (a different implementation finds other
// partitions of about the same quality); the reported Q is the
// partition's weighted modularity.
func TestCombineLouvainGolden(t *testing.T) {
	var g struct {
		Partnerships    [][2]string `json:"partnerships"`
		CombinedLouvain []float64   `json:"combinedLouvain"`
		NewmanLouvain   []float64   `json:"newmanLouvain"`
	}
	readGzipJSON(t, "testdata/bipartite_networkx.json.gz", &g)
	_, s := goldenBipartiteSnapshot(t)
	s.Partnerships = nil
	for _, e := range g.Partnerships {
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: e[0], B: e[1], Kind: graph.KindPartnership})
	}
	s.Sort()
	p := NewProjection(s)
	combined, err := p.Combine([]LayerWeight{{LayerPartnerships, 1}, {LayerNetworks, 0.5}}, WeightCount)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.Bipartite(LayerNetworks)
	for _, tc := range []struct {
		name string
		q    *Projection
		band []float64
	}{{"combined", combined, g.CombinedLouvain}, {"newman", b.SharedGroups(WeightNewman), g.NewmanLouvain}} {
		lo, hi := slices.Min(tc.band), slices.Max(tc.band)
		for seed := int64(1); seed <= 5; seed++ {
			comm, q := Louvain(tc.q, seed)
			if math.Abs(q-Modularity(tc.q, comm)) > 1e-12 {
				t.Errorf("%s seed %d: reported Q %v, the partition's %v", tc.name, seed, q, Modularity(tc.q, comm))
			}
			if q < lo-0.01 || q > hi+0.01 || math.IsNaN(q) {
				t.Errorf("%s seed %d: modularity %v, igraph %v..%v", tc.name, seed, q, lo, hi)
			}
			t.Logf("%s seed %d: modularity %.4f (igraph %.4f..%.4f)", tc.name, seed, q, lo, hi)
		}
	}
}
