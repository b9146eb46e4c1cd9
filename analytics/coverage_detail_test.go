package analytics

import (
	"reflect"
	"testing"
)

func TestCoverageBySize(t *testing.T) {
	p := NewProjection(covSnapshot())
	dir := covDirectory()
	got := CoverageBySize(p, dir, CoverageOptions{State: "DE-BW"})
	if len(got) != len(SizeClasses) {
		t.Fatalf("%d rows, want one per class (%d)", len(got), len(SizeClasses))
	}
	for i, r := range got[:6] {
		if r.Municipalities != 0 || r.Links != 0 {
			t.Errorf("class %d: %+v, want empty", i, r)
		}
	}
	// 100,000-500,000: Mannheim (linked: L3, L4, L9, L10) and Freiburg (no links).
	want6 := SizeRow{Class: SizeClass{100000, 500000}, Municipalities: 2, LinkedMunicipalities: 1, Share: 0.5,
		Population: 500000, Links: 4, LinksPer100k: 0.8}
	// 500,000 and more: Stuttgart (L1, L2, L4, L6; L4 counts here and for Mannheim's class).
	want7 := SizeRow{Class: SizeClass{500000, 0}, Municipalities: 1, LinkedMunicipalities: 1, Share: 1,
		Population: 600000, Links: 4, LinksPer100k: 4e5 / 6e5}
	for i, want := range map[int]SizeRow{6: want6, 7: want7} {
		g := got[i]
		if !covClose(g.LinksPer100k, want.LinksPer100k) || !covClose(g.Share, want.Share) {
			t.Errorf("class %d: share %v per100k %v, want %v %v", i, g.Share, g.LinksPer100k, want.Share, want.LinksPer100k)
		}
		g.LinksPer100k, g.Share = want.LinksPer100k, want.Share
		if !reflect.DeepEqual(g, want) {
			t.Errorf("class %d:\n got %+v\nwant %+v", i, g, want)
		}
	}

	// Only links to Ukraine: Stuttgart L2, Mannheim L3 and L9.
	got = CoverageBySize(p, dir, CoverageOptions{State: "DE-BW", PartnerCountry: "UA"})
	if got[6].Links != 2 || got[6].LinkedMunicipalities != 1 || got[7].Links != 1 {
		t.Errorf("UA: %+v", got[6:])
	}
	// All of Germany: Köln and Düsseldorf join the top class; a link
	// between Köln and Stuttgart (same class) counts once for it.
	got = CoverageBySize(p, dir, CoverageOptions{})
	if got[7].Municipalities != 3 || got[7].LinkedMunicipalities != 2 || got[7].Links != 5 {
		t.Errorf("DE top class: %+v", got[7])
	}
}

func TestSizeClassContains(t *testing.T) {
	for _, tc := range []struct {
		c    SizeClass
		pop  int
		want bool
	}{
		{SizeClasses[0], 0, true}, {SizeClasses[0], 1999, true}, {SizeClasses[0], 2000, false},
		{SizeClasses[1], 2000, true}, {SizeClasses[7], 500000, true}, {SizeClasses[7], 3_700_000, true},
		{SizeClasses[6], 500000, false},
	} {
		if got := tc.c.Contains(tc.pop); got != tc.want {
			t.Errorf("%+v contains %d: %v", tc.c, tc.pop, got)
		}
	}
}

func TestMunicipalityLinks(t *testing.T) {
	p := NewProjection(covSnapshot())
	dir := covDirectory()
	got := MunicipalityLinks(p, dir, CoverageOptions{State: "DE-BW"})
	type row struct {
		ags             string
		links, partners int
		linked          bool
		countries       []KeyCount
	}
	var rows []row
	for _, r := range got {
		rows = append(rows, row{r.Gemeinde.AGS, r.Links, r.Partners, r.Node >= 0, r.Countries})
	}
	want := []row{
		{"08111000", 4, 4, true, []KeyCount{{"DE", 2}, {"FR", 1}, {"UA", 1}}},
		{"08222000", 4, 3, true, []KeyCount{{"UA", 2}, {"DE", 1}, {"PL", 1}}},
		{"08311000", 0, 0, false, []KeyCount{}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("BW:\n got %+v\nwant %+v", rows, want)
	}
	got = MunicipalityLinks(p, dir, CoverageOptions{PartnerCountry: "UA"})
	var linked []string
	for _, r := range got {
		if r.Links > 0 {
			linked = append(linked, r.Gemeinde.AGS)
		}
	}
	if len(got) != 5 || !reflect.DeepEqual(linked, []string{"08111000", "08222000"}) {
		t.Errorf("UA over Germany: %d rows, linked %v", len(got), linked)
	}
}
