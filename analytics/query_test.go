package analytics

import (
	"slices"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

func TestPlaces(t *testing.T) {
	p := drawn(t)
	yes, no := true, false
	since2022, until1990 := date(t, "2022"), date(t, "1990")
	for _, tc := range []struct {
		name string
		q    PlaceQuery
		want []int32
	}{
		{"every place", PlaceQuery{}, []int32{0, 1, 2, 3, 4, 5}},
		{"in a country", PlaceQuery{Country: "UA"}, []int32{3, 4}},
		{"in a Land", PlaceQuery{State: "DE-BE"}, []int32{1}},
		{"with partners", PlaceQuery{HasPartners: &yes}, []int32{0, 1, 2, 3, 4}},
		{"without partners", PlaceQuery{HasPartners: &no}, []int32{5}},
		{"members of a network", PlaceQuery{Network: "euro"}, []int32{0, 3}},
		{"members of an unknown network", PlaceQuery{Network: "nope"}, nil},
		{"matched by the caller", PlaceQuery{Match: func(i int32) bool { return i%2 == 0 }}, []int32{0, 2, 4}},
		{"with a friendship", PlaceQuery{Link: LinkCondition{Kind: graph.KindFriendship}}, []int32{1, 3, 4}},
		{"with a link since 2022", PlaceQuery{Link: LinkCondition{Since: &since2022}}, []int32{0, 1, 3, 4}},
		{"with a link begun by 1990", PlaceQuery{Link: LinkCondition{Until: &until1990}}, []int32{0, 2, 3}},
		{"with a topic", PlaceQuery{Link: LinkCondition{Topic: "youth"}}, []int32{1, 3}},
		{"with a partner in France", PlaceQuery{Link: LinkCondition{PartnerCountry: "FR"}}, []int32{0}},
		// Both conditions on one and the same link: UA:d's friendship is
		// with a German place, so only DE:b has a friendship with Ukraine.
		{"a friendship with Ukraine", PlaceQuery{Link: LinkCondition{Kind: graph.KindFriendship, PartnerCountry: "UA"}}, []int32{1}},
		{"German places with Ukrainian partners", PlaceQuery{Country: "DE", Link: LinkCondition{PartnerCountry: "UA"}}, []int32{0, 1}},
	} {
		if got := Places(p, tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPartnerships(t *testing.T) {
	p := drawn(t)
	since2022, until2000, mid2024 := date(t, "2022"), date(t, "2000"), date(t, "2024-06")
	for _, tc := range []struct {
		name string
		q    LinkQuery
		want []int32
	}{
		{"every link", LinkQuery{}, []int32{0, 1, 2, 3, 4, 5, 6}},
		{"of a place", LinkQuery{City: "DE:b"}, []int32{0, 3, 6}},
		{"of a place, with partners in Ukraine", LinkQuery{City: "DE:b", PartnerCountry: "UA"}, []int32{3, 6}},
		{"of a place, with an end in France", LinkQuery{City: "DE:a", Country: "FR"}, []int32{5}},
		{"of an unknown place", LinkQuery{City: "XX:nowhere"}, nil},
		{"between two countries", LinkQuery{Country: "DE", PartnerCountry: "UA"}, []int32{1, 2, 3, 6}},
		{"with an end in a country", LinkQuery{Country: "UA"}, []int32{1, 2, 3, 4, 6}},
		{"with a partner country only", LinkQuery{PartnerCountry: "FR"}, []int32{5}},
		{"of a kind", LinkQuery{Kinds: []graph.Kind{graph.KindContact}}, []int32{0, 4}},
		{"begun since 2022", LinkQuery{Since: &since2022}, []int32{2, 3, 6}},
		{"begun by 2000", LinkQuery{Until: &until2000}, []int32{1, 5}},
		// Link 0 has no since date: in no as-of view.
		{"active in mid 2024", LinkQuery{AsOf: &mid2024}, []int32{1, 2, 3, 4, 5}},
		{"ended", LinkQuery{Status: graph.StatusEnded}, []int32{6}},
		{"active", LinkQuery{Status: graph.StatusActive}, []int32{0, 1, 2, 3, 4, 5}},
		{"with a topic", LinkQuery{Topic: "SDG11"}, []int32{1}},
		{"with an end in a Land", LinkQuery{State: "DE-NW"}, []int32{0, 1, 2, 5}},
		{"with an end in a network", LinkQuery{Network: "euro"}, []int32{0, 1, 2, 3, 4, 5}},
		{"friendships of DE:b with Ukraine since 2022", LinkQuery{City: "DE:b", PartnerCountry: "UA",
			Kinds: []graph.Kind{graph.KindFriendship}, Since: &since2022, Status: graph.StatusActive}, []int32{3}},
	} {
		if got := Partnerships(p, tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestPlacesByLandAndCountry: with a Land or a country Places looks at the
// places there only (an index per projection, shared by its views) and
// finds what a scan of every place finds, in the same order.
func TestPlacesByLandAndCountry(t *testing.T) {
	snap := SyntheticTwinGraph(3000, 5)
	lands, countries := []string{"DE-BW", "DE-BY", ""}, []string{"DE", "FR", "UA", ""}
	for i := range snap.Municipalities {
		m := &snap.Municipalities[i]
		m.Country = countries[i%len(countries)]
		if m.Country == "DE" {
			m.State = lands[(i/4)%len(lands)]
		}
	}
	p := NewProjection(snap)
	scan := func(p *Projection, q PlaceQuery) []int32 {
		var out []int32
		for i := range int32(p.N()) {
			if q.keeps(p, i) {
				out = append(out, i)
			}
		}
		return out
	}
	yes := true
	view := p.View(Filter{Kinds: []graph.Kind{graph.KindPartnership}})
	for _, pp := range []*Projection{p, view} {
		for _, q := range []PlaceQuery{
			{State: "DE-BW"}, {State: "DE-BY", HasPartners: &yes}, {Country: "DE"}, {Country: "FR", HasPartners: &yes},
			{State: "DE-BW", Country: "FR"}, {State: "XX-YY"}, {Country: "ZZ"},
		} {
			got, want := Places(pp, q), scan(pp, q)
			if !slices.Equal(got, want) {
				t.Errorf("Places(%+v): %d places, a scan finds %d", q, len(got), len(want))
			}
			if q.State == "DE-BW" && q.Country == "" && len(got) == 0 {
				t.Error("the test graph has no place in DE-BW")
			}
		}
	}
}
