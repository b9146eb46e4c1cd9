package importer

import (
	"slices"
	"strings"
	"testing"
)

// A problem with a place names the column of the end that names it, also
// when an earlier row named the same place at the other end (resolutions
// are cached per cells, not per column).
func TestProblemColumnOfEachEnd(t *testing.T) {
	im := newImporter(t)
	const in = "city_a,country_a,city_b,country_b\n" +
		"Nirgendwo,Atlantis,Dixon,US\n" +
		"Soest,Germany,Nirgendwo,Atlantis\n"
	res, err := im.Read(t.Context(), "ends.csv", strings.NewReader(in), Options{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`ends.csv:2:11: country_a: unknown country "Atlantis" (want a name in German or English, or an ISO 3166-1 code)`,
		`ends.csv:3:25: country_b: unknown country "Atlantis" (want a name in German or English, or an ISO 3166-1 code)`,
	}
	if len(res.Problems) != len(want) {
		t.Fatalf("problems %v, want %v", res.Problems, want)
	}
	for i, p := range res.Problems {
		if p.String() != want[i] {
			t.Errorf("problem %d: %s\nwant %s", i, p, want[i])
		}
	}
}

func TestParsePopulation(t *testing.T) {
	for in, want := range map[string]int{"": 0, "20455": 20455, "20,455": 20455, "20.455": 20455, "20 455": 20455, "1'234'567": 1234567} {
		if got, err := parsePopulation(in); err != nil || got != want {
			t.Errorf("parsePopulation(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"abc", "20,45", "-5", "1.5e3", ",455", "20,455.5"} {
		if got, err := parsePopulation(in); err == nil {
			t.Errorf("parsePopulation(%q) = %d, want an error", in, got)
		}
	}
}

// A pair list's population columns (as a Wikidata list has them) place
// German namesakes, and part the ends of a link named alike; a bad figure
// is a problem at its cell.
func TestPopulationPlacesNamesakes(t *testing.T) {
	im := newImporter(t)
	const in = "origincityLabel\torigincountry\toriginpopulation\tsistercityLabel\tdestination_countryLabel\tdestinationpopulation\n" +
		"Herzberg\tGermany\t9067\tDixon\tUnited States of America\t15941\n" +
		"Nienhagen\tGermany\t6500\tNienhagen\tGermany\t\n" +
		"Herzberg\tGermany\tmany\tSoest\tGermany\t\n"
	res, err := im.Read(t.Context(), "wd.tsv", strings.NewReader(in), Options{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || res.Problems[0].String() != `wd.tsv:4:18: originpopulation: population: "many" is not a number of inhabitants (want a whole number such as 20455 or 20,455)` {
		t.Errorf("problems %v", res.Problems)
	}
	var links []string
	for _, p := range res.Batch.Partnerships {
		links = append(links, p.A+" "+p.B)
	}
	slices.Sort(links)
	// Nienhagen in Lower Saxony (6,807) by its population, the other end
	// the only other Nienhagen (Mecklenburg-Vorpommern).
	want := []string{"DE:03351018 DE:13072075", "DE:12062224 US:dixon"}
	if strings.Join(links, ",") != strings.Join(want, ",") {
		t.Errorf("links %v, want %v", links, want)
	}
	var warned bool
	for _, m := range res.Identity {
		if m.ID == "DE:13072075" && strings.Contains(m.Warning, "both ends") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("the parted Ensdorf is not reported: %+v", res.Identity)
	}
}
