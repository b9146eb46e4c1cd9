package analytics

import (
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// actorsSnapshot: a place, an international organisation only linked to
// it, four local actors (one without a home), a path a-b-c and a
// triangle-free pendant d-c.
func actorsSnapshot() *graph.Snapshot {
	s := &graph.Snapshot{
		Version:        7,
		Municipalities: []graph.Municipality{{ID: "DE:08222000", Name: "Mannheim", Country: "DE", State: "DE-BW"}},
		Organisations: []graph.Organisation{
			{ID: "a", Name: "A", Type: "club", Municipality: "DE:08222000"},
			{ID: "b", Name: "B", Type: "school", Municipality: "DE:08222000"},
			{ID: "c", Name: "C", Municipality: "DE:08222000"},
			{ID: "d", Name: "D"},
			{ID: "oecd", Name: "OECD"},
		},
		OrgLinks: []graph.OrgLink{{Municipality: "DE:08222000", Organisation: "oecd"}},
		Cooperations: []graph.Cooperation{
			{A: "a", B: "b", Kind: "project", Since: graph.NewDate(2020, 0, 0)},
			{A: "b", B: "c"},
			{A: "c", B: "d"},
		},
	}
	s.Sort()
	return s
}

// TestActorProjection: the actors are the nodes (the international
// organisation is not), the cooperations the links; the kernels run on
// it; its key differs from the partnership graph's; its data hash covers
// the cooperations.
func TestActorProjection(t *testing.T) {
	s := actorsSnapshot()
	p := ActorProjection(s)
	if p.N() != 4 || p.M() != 3 {
		t.Fatalf("%d nodes, %d links; want 4 actors and 3 cooperations", p.N(), p.M())
	}
	if _, ok := p.IndexOf("oecd"); ok {
		t.Errorf("the international organisation is a node of the actors layer")
	}
	ia, _ := p.IndexOf("a")
	if n := p.Node(ia); n.Country != "DE" || n.State != "DE-BW" || n.Level != "club" {
		t.Errorf("actor a as a node: %+v (want its home's country and Land, its type as level)", n)
	}
	bc := Betweenness(p, 1)
	ib, _ := p.IndexOf("b")
	ic, _ := p.IndexOf("c")
	// path a-b-c-d: b and c each lie on two shortest paths
	if bc[ib] != 2 || bc[ic] != 2 || bc[ia] != 0 {
		t.Errorf("betweenness %v, want b = c = 2, a = 0", bc)
	}
	st := Stats(p, 1)
	if st.Nodes != 4 || st.Links != 3 || st.Components != 1 || st.Diameter != 3 {
		t.Errorf("stats %+v", st)
	}
	if base := NewProjection(s); p.Key() == base.Key() {
		t.Errorf("actors layer and partnership graph share the key %q", p.Key())
	}
	d := p.Data()
	if d.Cooperations != 3 {
		t.Errorf("data version counts %d cooperations, want 3", d.Cooperations)
	}
	s2 := actorsSnapshot()
	s2.Cooperations[0].Kind = "network"
	if ActorProjection(s2).Data().Hash == d.Hash {
		t.Errorf("a changed cooperation kind leaves the data hash as it was")
	}
	s3 := actorsSnapshot()
	s3.Organisations[0].Type = "association"
	if ActorProjection(s3).Data().Hash == d.Hash {
		t.Errorf("a changed actor type leaves the data hash as it was")
	}
}
