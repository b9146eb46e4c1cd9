package analytics

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/topo"
)

// ringGraph is hand-drawn: two rings of four (ABCD and CDEF) sharing the
// link C-D, a triangle FGH touching the second ring in F only, a tail H-I
// and J alone.
func ringGraph() *Projection {
	p := lettered(10, "AB", "AC", "AD", "BC", "BD", "CD", "CE", "CF", "DE", "DF", "EF", "FG", "FH", "GH", "HI")
	p.nodes[6].Country = "UA" // G
	return p
}

func groupNames(p *Projection, gs [][]int32) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = strings.Join(ids(p, g), "")
	}
	return out
}

func TestCliquesHandDrawn(t *testing.T) {
	p := ringGraph()
	for _, c := range []struct {
		o    CliqueOptions
		want []string
	}{
		{CliqueOptions{}, []string{"ABCD", "CDEF", "FGH"}},
		{CliqueOptions{MinSize: 2}, []string{"ABCD", "CDEF", "FGH"}}, // pairs are never listed
		{CliqueOptions{MinSize: 4}, []string{"ABCD", "CDEF"}},
		{CliqueOptions{MinSize: 5}, []string{}},
		{CliqueOptions{Countries: []string{"UA"}}, []string{"FGH"}},
		{CliqueOptions{Countries: []string{"XX", "UA"}}, []string{"ABCD", "CDEF", "FGH"}},
	} {
		got, err := Exec{}.Cliques(p, c.o)
		if err != nil {
			t.Fatal(err)
		}
		if names := groupNames(p, got); !slices.Equal(names, c.want) {
			t.Errorf("Cliques(%+v) = %v, want %v", c.o, names, c.want)
		}
	}
}

func TestCliqueCommunitiesHandDrawn(t *testing.T) {
	p := ringGraph()
	for _, c := range []struct {
		k    int
		o    CliqueOptions
		want []string
	}{
		// The rings share two places (k-1 = 2): one community; the
		// triangle shares one place with it: a community of its own,
		// overlapping in F.
		{3, CliqueOptions{}, []string{"ABCDEF", "FGH"}},
		{3, CliqueOptions{MinSize: 4}, []string{"ABCDEF"}},
		{3, CliqueOptions{Countries: []string{"UA"}}, []string{"FGH"}},
		// For k = 4 the rings would have to share three places.
		{4, CliqueOptions{}, []string{"ABCD", "CDEF"}},
		{5, CliqueOptions{}, []string{}},
	} {
		got, err := Exec{}.CliqueCommunities(p, c.k, c.o)
		if err != nil {
			t.Fatal(err)
		}
		if names := groupNames(p, got); !slices.Equal(names, c.want) {
			t.Errorf("CliqueCommunities(%d, %+v) = %v, want %v", c.k, c.o, names, c.want)
		}
	}
	if _, err := (Exec{}).CliqueCommunities(p, 2, CliqueOptions{}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("k = 2: %v, want EINVALID", err)
	}
}

// TestCliquesP190 compares with NetworkX's find_cliques and
// k_clique_communities on the Wikidata P190 graph.
func TestCliquesP190(t *testing.T) {
	p := loadP190(t)
	gold := loadNetworkxGolden(t)
	got, err := Exec{}.Cliques(p, CliqueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameGroups(t, "cliques", p, got, gold.Cliques)
	// The count of each size (pairs are never listed).
	bySize := map[string]int{}
	for _, c := range got {
		bySize[strconv.Itoa(len(c))]++
	}
	for size, n := range gold.CliquesBySize {
		if size != "2" && bySize[size] != n {
			t.Errorf("maximal cliques of %s places: %d, NetworkX %d", size, bySize[size], n)
		}
	}
	if gold.CliquesBySize["27"] != 1 {
		t.Errorf("golden: want the one ring of 27 places (the Douzelage)")
	}
	for _, k := range []int{3, 4, 5} {
		got, err := Exec{}.CliqueCommunities(p, k, CliqueOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sameGroups(t, "k="+strconv.Itoa(k)+" communities", p, got, gold.KClique[strconv.Itoa(k)])
	}
}

// sameGroups checks that got (index lists) and want (id lists) hold the
// same groups, in any order.
func sameGroups(t *testing.T, name string, p *Projection, got [][]int32, want [][]string) {
	t.Helper()
	key := func(ids []string) string { s := slices.Clone(ids); slices.Sort(s); return strings.Join(s, " ") }
	wantSet := map[string]bool{}
	for _, w := range want {
		wantSet[key(w)] = true
	}
	gotSet := map[string]bool{}
	for _, g := range got {
		gotSet[key(ids(p, g))] = true
	}
	if len(got) != len(want) || len(gotSet) != len(wantSet) {
		t.Errorf("%s: %d groups (%d distinct), NetworkX %d", name, len(got), len(gotSet), len(want))
	}
	missing := 0
	for k := range wantSet {
		if !gotSet[k] {
			if missing++; missing <= 3 {
				t.Errorf("%s: NetworkX's %s missing", name, k)
			}
		}
	}
	extra := 0
	for k := range gotSet {
		if !wantSet[k] {
			if extra++; extra <= 3 {
				t.Errorf("%s: %s not among NetworkX's", name, k)
			}
		}
	}
}

// TestCliqueCandidatesKeepTheAnswer checks on random graphs, dense enough
// for cliques of five, that pruning the links that cannot lie in a clique
// of the size asked for changes no answer: gonum on the whole graph gives
// the same cliques and k-clique communities.
func TestCliqueCandidatesKeepTheAnswer(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 16))
	for trial := range 6 {
		n := 20 + 10*trial
		var edges [][2]int
		for len(edges) < n*4 {
			if a, b := rnd.IntN(n), rnd.IntN(n); a != b {
				edges = append(edges, [2]int{a, b})
			}
		}
		p := projectionOf(n, edges)
		full := p.Gonum(GonumOptions{Linked: true})
		for size := 3; size <= 5; size++ {
			got, err := Exec{}.Cliques(p, CliqueOptions{MinSize: size})
			if err != nil {
				t.Fatal(err)
			}
			want := groups(p, topo.BronKerbosch(full), CliqueOptions{MinSize: size})
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("trial %d, cliques of %d or more: %v, gonum on the whole graph %v", trial, size, got, want)
			}
			gotC, err := Exec{}.CliqueCommunities(p, size, CliqueOptions{})
			if err != nil {
				t.Fatal(err)
			}
			wantC := groups(p, community.KCliqueCommunities(size, full), CliqueOptions{MinSize: size})
			if !slices.EqualFunc(gotC, wantC, slices.Equal) {
				t.Errorf("trial %d, %d-clique communities: %v, gonum on the whole graph %v", trial, size, gotC, wantC)
			}
			if size == 4 && len(want) == 0 {
				t.Errorf("trial %d: no clique of four; the test graph is too sparse", trial)
			}
		}
	}
}
