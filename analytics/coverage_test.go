package analytics

import (
	"math"
	"reflect"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// covDirectory is a hand-made municipality directory: three municipalities
// in Baden-Württemberg (1,100,000 inhabitants), two in Nordrhein-Westfalen
// (1,600,000).
func covDirectory() []gazetteer.Gemeinde {
	return []gazetteer.Gemeinde{
		{AGS: "05111000", NamePlain: "Düsseldorf", State: "DE-NW", KreisCode: "05111", Kreis: "Düsseldorf, Stadt", Population: 600000},
		{AGS: "05315000", NamePlain: "Köln", State: "DE-NW", KreisCode: "05315", Kreis: "Köln, Stadt", Population: 1000000},
		{AGS: "08111000", NamePlain: "Stuttgart", State: "DE-BW", KreisCode: "08111", Kreis: "Stuttgart, Stadtkreis", Population: 600000},
		{AGS: "08222000", NamePlain: "Mannheim", State: "DE-BW", KreisCode: "08222", Kreis: "Mannheim, Stadtkreis", Population: 300000},
		{AGS: "08311000", NamePlain: "Freiburg", State: "DE-BW", KreisCode: "08311", Kreis: "Freiburg im Breisgau, Stadtkreis", Population: 200000},
	}
}

// covSnapshot is the graph the coverage and timeline tests count on:
//
//	L1  Stuttgart - Lyon      PARTNERSHIP 1956
//	L2  Stuttgart - Kyiv      FRIENDSHIP  2022-05
//	L3  Mannheim  - Kyiv      PARTNERSHIP 2022
//	L4  Mannheim  - Stuttgart CONTACT     1990        (within DE-BW)
//	L5  Köln      - Lyon      PARTNERSHIP 1958-2000   (ended)
//	L6  Köln      - Stuttgart PARTNERSHIP 1991        (DE-NW - DE-BW)
//	L7  Böblingen - Lublin    PROJECT     2010        (a Kreis, not in the directory)
//	L8  Lyon      - Lublin    PARTNERSHIP 1995        (no German end)
//	L9  Mannheim  - Kyiv      FRIENDSHIP  2023        (parallel to L3)
//	L10 Mannheim  - Lublin    CONTACT     (no date)
//
// Mannheim carries no Land or Kreis of its own (the directory supplies
// them); the reported counts are 10 for DE-BW and 4 for DE-NW.
func covSnapshot() *graph.Snapshot {
	d := func(y, m int) graph.Date { return graph.NewDate(y, m, 0) }
	s := &graph.Snapshot{
		Version: 7,
		Municipalities: []graph.Municipality{
			{ID: "DE:05315000", Name: "Köln", Country: "DE", AGS: "05315000", State: "DE-NW", KreisCode: "05315"},
			{ID: "DE:08111000", Name: "Stuttgart", Country: "DE", AGS: "08111000", State: "DE-BW", KreisCode: "08111"},
			{ID: "DE:08115000", Name: "Landkreis Böblingen", Country: "DE", AGS: "08115000", State: "DE-BW", Level: "Kreis"},
			{ID: "DE:08222000", Name: "Mannheim", Country: "DE", AGS: "08222000"},
			{ID: "FR:lyon", Name: "Lyon", Country: "FR"},
			{ID: "PL:lublin", Name: "Lublin", Country: "PL"},
			{ID: "UA:kyiv", Name: "Kyiv", AltNames: []string{"Kiew", "Київ"}, Country: "UA"},
		},
		Partnerships: []graph.Partnership{
			{A: "DE:08111000", B: "FR:lyon", Kind: graph.KindPartnership, Since: d(1956, 0)},
			{A: "DE:08111000", B: "UA:kyiv", Kind: graph.KindFriendship, Since: d(2022, 5)},
			{A: "DE:08222000", B: "UA:kyiv", Kind: graph.KindPartnership, Since: d(2022, 0)},
			{A: "DE:08111000", B: "DE:08222000", Kind: graph.KindContact, Since: d(1990, 0)},
			{A: "DE:05315000", B: "FR:lyon", Kind: graph.KindPartnership, Since: d(1958, 0), Until: d(2000, 0), Status: graph.StatusEnded},
			{A: "DE:05315000", B: "DE:08111000", Kind: graph.KindPartnership, Since: d(1991, 0)},
			{A: "DE:08115000", B: "PL:lublin", Kind: graph.KindProject, Since: d(2010, 0)},
			{A: "FR:lyon", B: "PL:lublin", Kind: graph.KindPartnership, Since: d(1995, 0)},
			{A: "DE:08222000", B: "UA:kyiv", Kind: graph.KindFriendship, Since: d(2023, 0)},
			{A: "DE:08222000", B: "PL:lublin", Kind: graph.KindContact},
		},
		StateCounts: []graph.StateCount{{State: "DE-BW", Partnerships: 10}, {State: "DE-NW", Partnerships: 4}},
	}
	return s
}

func covClose(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// covCheckRows compares rows field by field, floats within 1e-12.
func covCheckRows(t *testing.T, got, want []CoverageRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rows %+v, want %d %+v", len(got), got, len(want), want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if !covClose(g.Share, w.Share) || !covClose(g.LinksPer100k, w.LinksPer100k) || !covClose(g.KnownOfReported, w.KnownOfReported) {
			t.Errorf("row %s: share %v per100k %v known %v, want %v %v %v", w.Key, g.Share, g.LinksPer100k, g.KnownOfReported, w.Share, w.LinksPer100k, w.KnownOfReported)
		}
		g.Share, g.LinksPer100k, g.KnownOfReported = w.Share, w.LinksPer100k, w.KnownOfReported
		if !reflect.DeepEqual(g, w) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func TestCoverageByState(t *testing.T) {
	p := NewProjection(covSnapshot())
	dir := covDirectory()
	got := CoverageByState(p, dir, CoverageOptions{})
	covCheckRows(t, got, []CoverageRow{
		{Key: "DE-BW", Name: "Baden-Württemberg", State: "DE-BW", Municipalities: 3, LinkedMunicipalities: 2,
			Share: 2.0 / 3, LinkedOutside: 1, Population: 1100000, Links: 8, LinksPer100k: 8e5 / 1.1e6,
			Reported: 10, KnownOfReported: 0.8,
			TopCountries: []KeyCount{{"UA", 3}, {"DE", 2}, {"PL", 2}, {"FR", 1}}},
		{Key: "DE-NW", Name: "Nordrhein-Westfalen", State: "DE-NW", Municipalities: 2, LinkedMunicipalities: 1,
			Share: 0.5, Population: 1600000, Links: 2, LinksPer100k: 2e5 / 1.6e6,
			Reported: 4, KnownOfReported: 0.5,
			TopCountries: []KeyCount{{"DE", 1}, {"FR", 1}}},
	})

	// Only links to Ukraine: the reported total stays, its share is not given.
	got = CoverageByState(p, dir, CoverageOptions{PartnerCountry: "UA", TopCountries: 1})
	covCheckRows(t, got, []CoverageRow{
		{Key: "DE-BW", Name: "Baden-Württemberg", State: "DE-BW", Municipalities: 3, LinkedMunicipalities: 2,
			Share: 2.0 / 3, Population: 1100000, Links: 3, LinksPer100k: 3e5 / 1.1e6, Reported: 10,
			TopCountries: []KeyCount{{"UA", 3}}},
		{Key: "DE-NW", Name: "Nordrhein-Westfalen", State: "DE-NW", Municipalities: 2, Population: 1600000,
			Reported: 4, TopCountries: []KeyCount{}},
	})

	// As of June 2000: L1, L4, L6 in DE-BW; L6 in DE-NW (L5 ended in 2000,
	// perhaps before June: uncertain; the undated L10 is in no as-of view).
	got = CoverageByState(AsOf(p, graph.NewDate(2000, 6, 0)), dir, CoverageOptions{TopCountries: 2})
	if got[0].Links != 3 || got[1].Links != 1 || !reflect.DeepEqual(got[0].TopCountries, []KeyCount{{"DE", 2}, {"FR", 1}}) {
		t.Errorf("as of 2000-06: got %+v", got)
	}

	// Without a directory the Länder of the linked places still show.
	got = CoverageByState(p, nil, CoverageOptions{})
	if len(got) != 2 || got[0].Links != 8 || got[0].Municipalities != 0 || got[0].LinkedOutside != 3 || got[0].Share != 0 {
		t.Errorf("no directory: got %+v", got)
	}
}

func TestCoverageByKreis(t *testing.T) {
	p := NewProjection(covSnapshot())
	got := CoverageByKreis(p, covDirectory(), CoverageOptions{State: "DE-BW"})
	covCheckRows(t, got, []CoverageRow{
		{Key: "08111", Name: "Stuttgart, Stadtkreis", State: "DE-BW", Municipalities: 1, LinkedMunicipalities: 1,
			Share: 1, Population: 600000, Links: 4, LinksPer100k: 4e5 / 6e5,
			TopCountries: []KeyCount{{"DE", 2}, {"FR", 1}, {"UA", 1}}},
		{Key: "08115", State: "", LinkedOutside: 1, Links: 1, TopCountries: []KeyCount{{"PL", 1}}},
		{Key: "08222", Name: "Mannheim, Stadtkreis", State: "DE-BW", Municipalities: 1, LinkedMunicipalities: 1,
			Share: 1, Population: 300000, Links: 4, LinksPer100k: 4e5 / 3e5,
			TopCountries: []KeyCount{{"UA", 2}, {"DE", 1}, {"PL", 1}}},
		{Key: "08311", Name: "Freiburg im Breisgau, Stadtkreis", State: "DE-BW", Municipalities: 1, Population: 200000,
			TopCountries: []KeyCount{}},
	})
	all := CoverageByKreis(p, covDirectory(), CoverageOptions{})
	keys := []string{}
	for _, r := range all {
		keys = append(keys, r.Key)
	}
	if want := []string{"05111", "05315", "08111", "08115", "08222", "08311"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("Kreise %v, want %v", keys, want)
	}
}

func TestCoverageByCountry(t *testing.T) {
	p := NewProjection(covSnapshot())
	got := CoverageByCountry(p, covDirectory(), CoverageOptions{})
	want := []CountryRow{
		{Country: "UA", Links: 3, GermanMunicipalities: 2, Places: 1, States: []KeyCount{{"DE-BW", 3}}},
		// L4 (within DE-BW) counts once for DE-BW, L6 for DE-NW and DE-BW.
		{Country: "DE", Links: 2, GermanMunicipalities: 3, Places: 3, States: []KeyCount{{"DE-BW", 2}, {"DE-NW", 1}}},
		{Country: "FR", Links: 2, GermanMunicipalities: 2, Places: 1, States: []KeyCount{{"DE-BW", 1}, {"DE-NW", 1}}},
		{Country: "PL", Links: 2, GermanMunicipalities: 2, Places: 1, States: []KeyCount{{"DE-BW", 2}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("by country:\n got %+v\nwant %+v", got, want)
	}
	got = CoverageByCountry(p, covDirectory(), CoverageOptions{State: "DE-NW"})
	want = []CountryRow{
		{Country: "DE", Links: 1, GermanMunicipalities: 1, Places: 1, States: []KeyCount{{"DE-NW", 1}}},
		{Country: "FR", Links: 1, GermanMunicipalities: 1, Places: 1, States: []KeyCount{{"DE-NW", 1}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("by country in DE-NW:\n got %+v\nwant %+v", got, want)
	}
	got = CoverageByCountry(p, nil, CoverageOptions{PartnerCountry: "PL"})
	if len(got) != 1 || got[0].Country != "PL" || got[0].Links != 2 {
		t.Errorf("by country, PL only: got %+v", got)
	}
}

func TestCoverageByYear(t *testing.T) {
	p := NewProjection(covSnapshot())
	dir := covDirectory()

	ua := CoverageByYear(p, dir, CoverageOptions{PartnerCountry: "UA"}, 1990, 0)
	if ua.From != 1990 || ua.To != 2023 || len(ua.Rows) != 34 || ua.Links != 3 || ua.UnknownSince != 0 {
		t.Fatalf("UA since 1990: from %d to %d, %d rows, %d links, %d undated", ua.From, ua.To, len(ua.Rows), ua.Links, ua.UnknownSince)
	}
	for _, r := range ua.Rows {
		want := YearRow{Year: r.Year}
		switch r.Year {
		case 2022:
			want.Started, want.Active = 2, 2
		case 2023:
			want.Started, want.Active = 1, 3
		}
		if r != want {
			t.Errorf("UA %d: got %+v, want %+v", r.Year, r, want)
		}
	}

	all := CoverageByYear(p, dir, CoverageOptions{}, 0, 0)
	if all.From != 1956 || all.To != 2023 || all.Links != 9 || all.UnknownSince != 1 {
		t.Fatalf("all: from %d to %d, %d links, %d undated", all.From, all.To, all.Links, all.UnknownSince)
	}
	want := map[int]YearRow{
		1956: {1956, 1, 0, 1},
		1957: {1957, 0, 0, 1},
		1958: {1958, 1, 0, 2},
		1990: {1990, 1, 0, 3},
		1991: {1991, 1, 0, 4},
		1999: {1999, 0, 0, 4},
		2000: {2000, 0, 1, 3},
		2010: {2010, 1, 0, 4},
		2022: {2022, 2, 0, 6},
		2023: {2023, 1, 0, 7},
	}
	started, ended := 0, 0
	for _, r := range all.Rows {
		started += r.Started
		ended += r.Ended
		if w, ok := want[r.Year]; ok && r != w {
			t.Errorf("all %d: got %+v, want %+v", r.Year, r, w)
		}
	}
	if started != 8 || ended != 1 {
		t.Errorf("started %d, ended %d over the rows; want 8 and 1", started, ended)
	}

	// A window inside the data: links running before it count as active.
	w := CoverageByYear(p, dir, CoverageOptions{State: "DE-NW"}, 1999, 2001)
	if len(w.Rows) != 3 || w.Rows[0] != (YearRow{1999, 0, 0, 2}) || w.Rows[1] != (YearRow{2000, 0, 1, 1}) || w.Rows[2] != (YearRow{2001, 0, 0, 1}) {
		t.Errorf("DE-NW 1999-2001: got %+v", w.Rows)
	}

	none := CoverageByYear(p, dir, CoverageOptions{PartnerCountry: "JP"}, 0, 0)
	if none.Links != 0 || len(none.Rows) != 0 || none.Rows == nil {
		t.Errorf("JP: got %+v", none)
	}
}
