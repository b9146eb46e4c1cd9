package importer

import (
	"slices"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/identity"
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

// With SkipInvalid, a German end that the reference data cannot place
// without coordinates is imported as an unresolved place of its own, with
// its reason in the identity report; without, it is a problem.
func TestUnresolvedGermanEnds(t *testing.T) {
	im := newImporter(t)
	const in = "origincityLabel\torigincountry\toriginpopulation\tsistercityLabel\tdestination_countryLabel\tdestinationpopulation\n" +
		"Senden\tGermany\t19010\tUffholtz\tFrance\t1620\n" + // Senden NRW 20,495 or Bavaria 22,625
		"Senden\tGermany\t20455\tKoronowo\tPoland\t\n" +
		"Finthen\tGermany\t\tRodeneck\tItaly\t\n" + // a former municipality, part of Mainz since 1969
		"Felsberg\tGermany\t10624\tFelsberg\tGermany\t\n" + // Felsberg in Hesse, and a village of the Saarland
		"Eisenberg\tGermany\t\tEisenberg\tGermany\t\n" + // three Eisenbergs: nothing says which two
		"Mylau\tGermany\t\tWaldenbuch\tGermany\t\n" + // merged into Reichenbach im Vogtland; GeoNames places it near a boundary
		// Both ends would be Königstein in Bavaria (its own name); 2,185 and
		// 1,561 rule out Königstein im Taunus (16,540) and fit the two others,
		// in Bavaria and Saxony: the link joins them, whichever end is which.
		"Königstein\tGermany\t2185\tKönigstein\tGermany\t1561\n"
	res, err := im.Read(t.Context(), "wd.tsv", strings.NewReader(in), Options{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	var links []string
	for _, p := range res.Batch.Partnerships {
		links = append(links, p.A+" "+p.B)
	}
	slices.Sort(links)
	want := []string{
		"DE:06634003 DE:felsberg~unresolved",
		"DE:08115048 DE:mylau~14523260", // the id the row gets with its coordinates
		"DE:09371135 DE:14628210",
		"DE:finthen~unresolved IT:rodengo", // Rodeneck in South Tyrol, Rodengo in Italian
		"DE:senden~ambiguous~fr-uffholtz FR:uffholtz",
		"DE:senden~ambiguous~pl-koronowo PL:koronowo",
	}
	if !slices.Equal(links, want) {
		t.Errorf("links\n%v\nwant\n%v", links, want)
	}
	if len(res.Rejected) != 1 || res.Rejected[0].Line != 6 || !strings.Contains(res.Rejected[0].Reason, `"Eisenberg" at both ends of a link, and nothing says which`) {
		t.Errorf("rejected %+v, want line 6 (Eisenberg – Eisenberg)", res.Rejected)
	}
	if c := res.IdentityCounts; c.UnresolvedRows != 4 || c.Unresolved != 4 {
		t.Errorf("counts %+v, want 4 unresolved rows and places", c)
	}
	for _, m := range res.Identity {
		if identity.UnresolvedKind(m.ID) == "" {
			continue
		}
		if m.Known || m.Warning == "" || !strings.HasPrefix(m.How, "unresolved") {
			t.Errorf("%s: %+v, want unknown, with a warning and how", m.ID, m)
		}
		if strings.HasPrefix(m.ID, "DE:senden") && !strings.Contains(m.Warning, "AGS 05558044") {
			t.Errorf("%s: the warning does not name the candidates: %s", m.ID, m.Warning)
		}
	}
	for _, m := range res.Batch.Municipalities {
		if identity.UnresolvedKind(m.ID) != "" && (m.AGS != "" || m.State != "" || m.Level != identity.LevelUnresolved) {
			t.Errorf("%+v: an unresolved place has no AGS and no Land", m)
		}
	}

	// Without SkipInvalid the same rows are problems.
	_, err = im.Read(t.Context(), "wd.tsv", strings.NewReader(in), Options{})
	if err == nil || !strings.Contains(err.Error(), `wd.tsv:2:1: origincityLabel: municipality "Senden" is ambiguous`) {
		t.Errorf("strict: %v", err)
	}
}

// An alias file may give the kept place by its name, looked up in the
// alias's country as an input's name is; the place comes with the batch.
// A name that means several places or none is a problem at its cell.
func TestAliasByName(t *testing.T) {
	im := newImporter(t)
	const in = "id;same_as\n" +
		"DE:senden~ambiguous~pl-koronowo;Senden, Nordrhein-Westfalen\n" +
		"DE:senden~ambiguous~fr-uffholtz;Senden\n" +
		"UA:kyiv-centre;Kiew\n" +
		"FR:xyzzyville-city;Xyzzyville\n" +
		"DE:finthen~unresolved;DE:07315000\n"
	res, err := im.Read(t.Context(), "aliases.csv", strings.NewReader(in), Options{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.String())
	}
	want := []string{
		`aliases.csv:3:33: same_as: "Senden", the name of the kept place (in DE, the alias's country): municipality "Senden" is ambiguous, give the Land or coordinates: Senden (Neu-Ulm, DE-BY, AGS 09775152, pop. 22,625); Senden (Coesfeld, DE-NW, AGS 05558044, pop. 20,495)`,
		`aliases.csv:5:20: same_as: "Xyzzyville" is no place of FR the directory or the world gazetteer knows: give the kept place's id`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var as []string
	for _, a := range res.Batch.Aliases {
		as = append(as, a.Alias+" "+a.Place)
	}
	if want := []string{"DE:senden~ambiguous~pl-koronowo DE:05558044", "UA:kyiv-centre UA:kyiv", "DE:finthen~unresolved DE:07315000"}; !slices.Equal(as, want) {
		t.Errorf("aliases %v, want %v", as, want)
	}
	var ms []string
	for _, m := range res.Batch.Municipalities {
		ms = append(ms, m.ID)
	}
	if want := []string{"DE:05558044", "UA:kyiv"}; !slices.Equal(ms, want) {
		t.Errorf("places %v, want the two kept places given by name", ms)
	}
}
