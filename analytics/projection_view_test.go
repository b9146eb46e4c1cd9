package analytics

import (
	"reflect"
	"slices"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// viewLinks returns the indices (into covSnapshot's partnerships) of the
// links v keeps.
func viewLinks(t *testing.T, v *Projection) []int {
	t.Helper()
	all := v.snapshot.Partnerships
	out := []int{}
	for _, l := range v.links {
		i := slices.IndexFunc(all, func(m graph.Partnership) bool { return m.Key() == l.Key() })
		if i < 0 {
			t.Fatalf("view link %s not in the snapshot", l.Key())
		}
		out = append(out, i)
	}
	return out
}

func TestViews(t *testing.T) {
	p := NewProjection(covSnapshot())
	if p.N() != 7 || len(p.links) != 10 || p.M() != 9 {
		// L3 and L9 link the same pair (two kinds): one edge of the simple graph.
		t.Fatalf("projection: %d nodes, %d links, %d edges; want 7, 10, 9", p.N(), len(p.links), p.M())
	}
	for _, tc := range []struct {
		name string
		f    Filter
		want []int
	}{
		{"zero", Filter{}, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"kinds", Filter{Kinds: []graph.Kind{graph.KindFriendship, graph.KindContact}}, []int{1, 3, 8, 9}},
		{"both ends in the countries", Filter{Countries: []string{"DE", "UA"}}, []int{1, 2, 3, 5, 8}},
		{"one end in the Länder", Filter{States: []string{"DE-NW"}}, []int{4, 5}},
		{"since from", Filter{From: graph.NewDate(2010, 0, 0)}, []int{1, 2, 6, 8}},
		{"since to", Filter{To: graph.NewDate(1958, 0, 0)}, []int{0, 4}},
		{"since in a period", Filter{From: graph.NewDate(1990, 0, 0), To: graph.NewDate(1995, 12, 31)}, []int{3, 5, 7}},
		{"active only", Filter{ActiveOnly: true}, []int{0, 1, 2, 3, 5, 6, 7, 8, 9}},
		{"combined", Filter{Kinds: []graph.Kind{graph.KindPartnership}, AsOf: graph.NewDate(2024, 0, 0), States: []string{"DE-BW"}}, []int{0, 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := p.View(tc.f)
			if got := viewLinks(t, v); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("links %v, want %v", got, tc.want)
			}
			// Nodes and their indices are shared with the full projection.
			if v.N() != p.N() || &v.nodes[0] != &p.nodes[0] || v.version != p.version {
				t.Error("a view must share the nodes and the version")
			}
			// The adjacency holds exactly the pairs of the kept links, both ways.
			pairs := map[[2]int32]bool{}
			for _, e := range v.ends {
				pairs[[2]int32{e[0], e[1]}], pairs[[2]int32{e[1], e[0]}] = true, true
			}
			n := 0
			for u := range int32(v.N()) {
				for k, w := range v.Neighbors(u) {
					n++
					e := v.ends[v.linkOf[int(v.off[u])+k]]
					if !pairs[[2]int32{u, w}] || !(e == [2]int32{u, w} || e == [2]int32{w, u}) {
						t.Errorf("slot %d-%d does not match its link %v", u, w, e)
					}
				}
			}
			if n != len(pairs) {
				t.Errorf("%d adjacency slots for %d directed pairs", n, len(pairs))
			}
		})
	}
}

func TestViewOfView(t *testing.T) {
	p := NewProjection(covSnapshot())
	bw := p.View(Filter{States: []string{"DE-BW"}})
	// Views filter on the places' own Land: Mannheim carries none, so its
	// links are not in the DE-BW view.
	if got, want := viewLinks(t, bw), []int{0, 1, 3, 5, 6}; !reflect.DeepEqual(got, want) {
		t.Errorf("DE-BW: %v, want %v", got, want)
	}
	bwUA := bw.View(Filter{Countries: []string{"DE", "UA"}})
	if got, want := viewLinks(t, bwUA), []int{1, 3, 5}; !reflect.DeepEqual(got, want) {
		t.Errorf("DE-BW then DE/UA: %v, want %v", got, want)
	}
	then := bw.View(Filter{Kinds: []graph.Kind{graph.KindContact}})
	if got, want := viewLinks(t, then), []int{3}; !reflect.DeepEqual(got, want) {
		t.Errorf("DE-BW then contacts: %v, want %v", got, want)
	}
	// The key tells a view of a view from a view with the last filter only.
	direct := p.View(Filter{Kinds: []graph.Kind{graph.KindContact}})
	if then.Key() == direct.Key() || then.Key() != "7|states=DE-BW;|kinds=CONTACT;" {
		t.Errorf("keys: view of view %q, direct %q", then.Key(), direct.Key())
	}
	if p.View(Filter{}) != p {
		t.Error("the zero filter should return the projection itself")
	}
}

// otherwise, with Ends in step.
func TestProjectionLinks(t *testing.T) {
	s := SyntheticTwinGraph(40, 2)
	p := NewProjection(s)
	if len(p.links) != len(s.Partnerships) || &p.links[0] != &s.Partnerships[0] {
		t.Errorf("a projection keeping every link should share the snapshot's slice")
	}
	bad := *s
	bad.Partnerships = slices.Clone(s.Partnerships)
	first := bad.Partnerships[0]
	bad.Partnerships = append(bad.Partnerships[:1],
		append([]graph.Partnership{{A: first.A, B: first.A, Kind: graph.KindPartnership}, {A: first.A, B: "nowhere", Kind: graph.KindPartnership}},
			bad.Partnerships[1:]...)...)
	q := NewProjection(&bad)
	if len(q.links) != len(s.Partnerships) || len(q.ends) != len(q.links) {
		t.Fatalf("kept %d links (%d ends), want %d", len(q.links), len(q.ends), len(s.Partnerships))
	}
	for i, l := range q.links {
		if !reflect.DeepEqual(l, s.Partnerships[i]) {
			t.Fatalf("link %d = %+v, want %+v", i, l, s.Partnerships[i])
		}
		if q.nodes[q.ends[i][0]].ID != l.A || q.nodes[q.ends[i][1]].ID != l.B {
			t.Errorf("ends of link %d do not match it", i)
		}
	}
	if &q.links[0] == &bad.Partnerships[0] {
		t.Errorf("a projection dropping links must not share the snapshot's slice")
	}
}

// The id index finds every place, in id order (as the stores give them)
// or not, and no place that is not there; a repeated id finds its last
// place, as a map would.
func TestIDIndex(t *testing.T) {
	sorted := SyntheticTwinGraph(3000, 7)
	sorted.Sort()
	shuffled := *sorted
	shuffled.Municipalities = slices.Clone(sorted.Municipalities)
	slices.Reverse(shuffled.Municipalities)
	ps, pu := NewProjection(sorted), NewProjection(&shuffled)
	for _, m := range sorted.Municipalities {
		i, ok := ps.IndexOf(m.ID)
		j, ok2 := pu.IndexOf(m.ID)
		if !ok || !ok2 || ps.Node(i).ID != m.ID || pu.Node(j).ID != m.ID {
			t.Fatalf("%s: sorted %d %v, reversed %d %v", m.ID, i, ok, j, ok2)
		}
		if ps.Degree(i) != pu.Degree(j) || len(ps.LinksOf(i)) != len(pu.LinksOf(j)) {
			t.Fatalf("%s: degree %d/%d, links %d/%d", m.ID, ps.Degree(i), pu.Degree(j), len(ps.LinksOf(i)), len(pu.LinksOf(j)))
		}
	}
	for _, id := range []string{"", "~", sorted.Municipalities[0].ID + "x"} {
		if _, ok := ps.IndexOf(id); ok {
			t.Errorf("sorted: found %q", id)
		}
		if _, ok := pu.IndexOf(id); ok {
			t.Errorf("reversed: found %q", id)
		}
	}
	if ps.M() != pu.M() || ps.LinkCount() != pu.LinkCount() {
		t.Errorf("M %d/%d, links %d/%d", ps.M(), pu.M(), ps.LinkCount(), pu.LinkCount())
	}
	dup := newIDIndex([]graph.Municipality{{ID: "a"}, {ID: "b"}, {ID: "a"}})
	if i, ok := dup.get("a"); !ok || i != 2 {
		t.Errorf("repeated id: %d %v, want the last place (2)", i, ok)
	}
	empty := newIDIndex(nil)
	if _, ok := empty.get("a"); ok {
		t.Error("empty index found a place")
	}
}
