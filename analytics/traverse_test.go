package analytics

import (
	"slices"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// drawn is a tiny hand-drawn graph for the traversals and queries (node
// indices before the ids, link indices on the lines):
//
//	2 FR:c
//	  |5
//	0 DE:a ----0---- 1 DE:b
//	  1,2 \         /3    \6
//	      3 UA:d --+       |
//	         \4            |
//	         4 UA:e -------+        5 PL:f (no links)
//
// Places: 0 DE:a (Land DE-NW), 1 DE:b (DE-BE), 2 FR:c, 3 UA:d, 4 UA:e,
// 5 PL:f. Links: 0 a-b CONTACT; 1 a-d PARTNERSHIP 1989 (SDG11); 2 a-d
// PROJECT 2023-03; 3 b-d FRIENDSHIP 2022-05 (youth); 4 d-e CONTACT 2001;
// 5 a-c PARTNERSHIP 1964; 6 b-e FRIENDSHIP 2022-06 to 2024-01-31, ENDED.
// DE:a and UA:d belong to the network "euro".
func drawn(t *testing.T) *Projection {
	t.Helper()
	d := func(s string) graph.Date {
		v, err := graph.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	place := func(id, country, state string) graph.Municipality {
		return graph.Municipality{ID: id, Name: id, Country: country, State: state}
	}
	link := func(a, b string, k graph.Kind, since string, topics ...string) graph.Partnership {
		return graph.Partnership{A: a, B: b, Kind: k, Since: d(since), Topics: topics}
	}
	ended := link("DE:b", "UA:e", graph.KindFriendship, "2022-06")
	ended.Until, ended.Status = d("2024-01-31"), graph.StatusEnded
	return NewProjection(&graph.Snapshot{
		Version: 1,
		Municipalities: []graph.Municipality{
			place("DE:a", "DE", "DE-NW"), place("DE:b", "DE", "DE-BE"), place("FR:c", "FR", ""),
			place("UA:d", "UA", ""), place("UA:e", "UA", ""), place("PL:f", "PL", ""),
		},
		Partnerships: []graph.Partnership{
			link("DE:a", "DE:b", graph.KindContact, ""),
			link("DE:a", "UA:d", graph.KindPartnership, "1989", "SDG11"),
			link("DE:a", "UA:d", graph.KindProject, "2023-03"),
			link("DE:b", "UA:d", graph.KindFriendship, "2022-05", "youth"),
			link("UA:d", "UA:e", graph.KindContact, "2001"),
			link("DE:a", "FR:c", graph.KindPartnership, "1964"),
			ended,
		},
		Networks:    []graph.Network{{ID: "euro", Name: "Euro"}},
		Memberships: []graph.Membership{{Municipality: "DE:a", Network: "euro"}, {Municipality: "UA:d", Network: "euro"}},
	})
}

func date(t *testing.T, s string) graph.Date {
	t.Helper()
	v, err := graph.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestPartnershipNetwork(t *testing.T) {
	p := drawn(t)
	deUA := []string{"DE", "UA"}
	for _, tc := range []struct {
		name     string
		f        Filter
		domestic bool
		nodes    []int32
		links    []int32
	}{
		{"every link", Filter{}, false, []int32{0, 1, 2, 3, 4}, []int32{0, 1, 2, 3, 4, 5, 6}},
		{"between DE and UA", Filter{Countries: deUA}, false, []int32{0, 1, 3, 4}, []int32{1, 2, 3, 6}},
		{"DE and UA, domestic too", Filter{Countries: deUA}, true, []int32{0, 1, 3, 4}, []int32{0, 1, 2, 3, 4, 6}},
		{"inside one country", Filter{Countries: []string{"UA"}}, false, []int32{3, 4}, []int32{4}},
		{"friendships", Filter{Countries: deUA, Kinds: []graph.Kind{graph.KindFriendship}}, false, []int32{1, 3, 4}, []int32{3, 6}},
		{"as of mid 2024", Filter{Countries: deUA, AsOf: date(t, "2024-06")}, false, []int32{0, 1, 3}, []int32{1, 2, 3}},
		{"an end in Berlin's Land", Filter{Countries: deUA, States: []string{"DE-BE"}}, false, []int32{1, 3, 4}, []int32{3, 6}},
		{"nothing", Filter{Countries: []string{"US"}}, false, nil, nil},
	} {
		g := PartnershipNetwork(p, tc.f, tc.domestic)
		if !slices.Equal(g.Nodes, tc.nodes) || !slices.Equal(g.Links, tc.links) {
			t.Errorf("%s: nodes %v links %v, want %v %v", tc.name, g.Nodes, g.Links, tc.nodes, tc.links)
		}
	}
}

func TestNeighborhood(t *testing.T) {
	p := drawn(t)
	for _, tc := range []struct {
		name  string
		c     int32
		depth int
		f     Filter
		nodes []int32
		links []int32
	}{
		{"Caen, one step", 2, 1, Filter{}, []int32{0, 2}, []int32{5}},
		{"Caen, two steps", 2, 2, Filter{}, []int32{0, 1, 2, 3}, []int32{0, 1, 2, 3, 5}},
		{"Caen, far enough for all", 2, 9, Filter{}, []int32{0, 1, 2, 3, 4}, []int32{0, 1, 2, 3, 4, 5, 6}},
		{"UA:e over contacts", 4, 1, Filter{Kinds: []graph.Kind{graph.KindContact}}, []int32{3, 4}, []int32{4}},
		{"UA:e in 2025", 4, 1, Filter{AsOf: date(t, "2025")}, []int32{3, 4}, []int32{4}},
		{"UA:e in 2023", 4, 1, Filter{AsOf: date(t, "2023")}, []int32{1, 3, 4}, []int32{3, 4, 6}},
		{"a place without links", 5, 3, Filter{}, []int32{5}, nil},
	} {
		g := Neighborhood(p, tc.c, tc.depth, tc.f)
		if !slices.Equal(g.Nodes, tc.nodes) || !slices.Equal(g.Links, tc.links) {
			t.Errorf("%s: nodes %v links %v, want %v %v", tc.name, g.Nodes, g.Links, tc.nodes, tc.links)
		}
	}
}

func TestShortestPath(t *testing.T) {
	p := drawn(t)
	for _, tc := range []struct {
		name  string
		a, b  int32
		f     Filter
		ok    bool
		nodes []int32
		links []int32
	}{
		// Two paths of two links, a-b-e and a-d-e: the one through the smaller index.
		{"a to e", 0, 4, Filter{}, true, []int32{0, 1, 4}, []int32{0, 6}},
		{"a to e without friendships", 0, 4, Filter{Kinds: []graph.Kind{graph.KindPartnership, graph.KindContact}}, true,
			[]int32{0, 3, 4}, []int32{1, 4}},
		{"c to e", 2, 4, Filter{}, true, []int32{2, 0, 1, 4}, []int32{5, 0, 6}},
		{"to itself", 0, 0, Filter{}, true, []int32{0}, nil},
		{"to a place without links", 0, 5, Filter{}, false, nil, nil},
		{"cut off by the date", 2, 4, Filter{AsOf: date(t, "1990")}, false, nil, nil},
	} {
		g, ok := ShortestPath(p, tc.a, tc.b, tc.f)
		if ok != tc.ok || !slices.Equal(g.Nodes, tc.nodes) || !slices.Equal(g.Links, tc.links) {
			t.Errorf("%s: %v nodes %v links %v, want %v %v %v", tc.name, ok, g.Nodes, g.Links, tc.ok, tc.nodes, tc.links)
		}
	}
}

func TestPartnersOfPartners(t *testing.T) {
	p := drawn(t)
	for _, tc := range []struct {
		name  string
		c     int32
		limit int
		want  []SecondDegree
	}{
		{"Caen", 2, 10, []SecondDegree{{1, []int32{0}}, {3, []int32{0}}}},
		{"Caen, one", 2, 1, []SecondDegree{{1, []int32{0}}}},
		// DE:a is a partner of both of UA:e's partners.
		{"UA:e", 4, 10, []SecondDegree{{0, []int32{1, 3}}}},
		{"none asked", 4, 0, []SecondDegree{}},
		{"no partners", 5, 10, []SecondDegree{}},
	} {
		got := PartnersOfPartners(p, tc.c, tc.limit)
		if !slices.EqualFunc(got, tc.want, func(a, b SecondDegree) bool { return a.Node == b.Node && slices.Equal(a.Via, b.Via) }) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSubgraphSummary(t *testing.T) {
	p := drawn(t)
	s := PartnershipNetwork(p, Filter{Countries: []string{"DE", "UA"}}, false).Summary(p)
	if s.Nodes != 4 || s.Links != 4 {
		t.Errorf("%d nodes, %d links", s.Nodes, s.Links)
	}
	if want := []KeyCount{{"PARTNERSHIP", 1}, {"FRIENDSHIP", 2}, {"PROJECT", 1}}; !slices.Equal(s.ByKind, want) {
		t.Errorf("by kind %v, want %v", s.ByKind, want)
	}
	if want := []YearCount{{1989, 1}, {2022, 2}, {2023, 1}}; !slices.Equal(s.ByYear, want) {
		t.Errorf("by year %v, want %v", s.ByYear, want)
	}
	if want := []KeyCount{{"DE-BE", 2}, {"DE-NW", 2}}; !slices.Equal(s.ByState, want) {
		t.Errorf("by Land %v, want %v", s.ByState, want)
	}
	if want := []KeyCount{{"DE", 2}, {"UA", 2}}; !slices.Equal(s.ByCountry, want) {
		t.Errorf("by country %v, want %v", s.ByCountry, want)
	}
	// Links without a start count under year 0; an empty subgraph has empty lists.
	all := PartnershipNetwork(p, Filter{}, false).Summary(p)
	if all.ByYear[0] != (YearCount{0, 1}) || all.ByCountry[0] != (KeyCount{"DE", 2}) {
		t.Errorf("all: by year %v, by country %v", all.ByYear, all.ByCountry)
	}
	none := Subgraph{}.Summary(p)
	if none.ByKind == nil || none.ByYear == nil || none.ByState == nil || none.ByCountry == nil {
		t.Errorf("empty summary has nil lists: %+v", none)
	}
}

func TestIndexes(t *testing.T) {
	p := drawn(t)
	if got := p.LinksOf(3); !slices.Equal(got, []int32{1, 2, 3, 4}) {
		t.Errorf("links of UA:d %v", got)
	}
	if p.Other(6, 1) != 4 || p.Other(6, 4) != 1 {
		t.Error("Other")
	}
	v := p.View(Filter{Kinds: []graph.Kind{graph.KindContact}})
	if got := v.LinksOf(3); !slices.Equal(got, []int32{1}) || v.links[1].Kind != graph.KindContact {
		t.Errorf("links of UA:d in the view of contacts %v", got)
	}
	for _, q := range []*Projection{p, v} {
		n, ok := q.Network("euro")
		if !ok || n.Name != "Euro" || len(q.Members("euro")) != 2 || len(q.MembershipsOf("DE:a")) != 1 {
			t.Errorf("network %v %v, members %v", n, ok, q.Members("euro"))
		}
	}
	if _, ok := p.Network("nope"); ok || p.MembershipsOf("DE:b") == nil || len(p.OrgLinksOf("DE:a")) != 0 {
		t.Error("unknown ids")
	}
}

func TestRankingAndPartnersByKind(t *testing.T) {
	p := drawn(t)
	scores := []float64{0.5, 0.9, 0.1, 0.9, 0.2, 5}
	// PL:f has no links and is left out; the tie of DE:b and UA:d goes by id.
	if got := Ranking(p, scores, ""); !slices.Equal(got, []int32{1, 3, 0, 4, 2}) {
		t.Errorf("ranking %v", got)
	}
	if got := Ranking(p, scores, "UA"); !slices.Equal(got, []int32{3, 4}) {
		t.Errorf("ranking in UA %v", got)
	}
	// DE:a has PARTNERSHIP links to UA:d and FR:c, a PROJECT and a CONTACT link.
	want := []KeyCount{{"PARTNERSHIP", 2}, {"CONTACT", 1}, {"PROJECT", 1}}
	if got := PartnersByKind(p, 0); !slices.Equal(got, want) {
		t.Errorf("partners of DE:a by kind %v, want %v", got, want)
	}
	if got := PartnersByKind(p, 5); got == nil || len(got) != 0 {
		t.Errorf("partners of PL:f by kind %v", got)
	}
}
