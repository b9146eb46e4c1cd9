package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/analytics"
)

// coverageStore imports testdata/coverage_rgre.csv (eight links of five
// municipalities in Baden-Württemberg and Nordrhein-Westfalen) and
// testdata/coverage_counts.csv (reported: DE-BW 10, DE-NW 4) into a new
// store and returns its path.
func coverageStore(t *testing.T, ta *testApp) string {
	t.Helper()
	store := filepath.Join(t.TempDir(), "coverage.db")
	code, out, errs := ta.run("import", "--store", store, "testdata/coverage_rgre.csv", "testdata/coverage_counts.csv")
	if code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	return store
}

// coverageJSON is `analyze coverage --json` with rows of type R.
type coverageJSON[R any] struct {
	By             string `json:"by"`
	PartnerCountry string `json:"partnerCountry"`
	State          string `json:"state"`
	Rows           []R    `json:"rows"`
	From, To       int
	Links          int
	UnknownSince   int
}

func runCoverageJSON[R any](t *testing.T, ta *testApp, args ...string) coverageJSON[R] {
	t.Helper()
	code, out, errs := ta.run(append([]string{"analyze", "coverage", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("analyze coverage %v: exit %d: %s", args, code, errs)
	}
	var res coverageJSON[R]
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("analyze coverage %v: %v\n%s", args, err, out)
	}
	return res
}

func TestCoverageCommand(t *testing.T) {
	ta := newTestApp(t)
	store := coverageStore(t, ta)

	byState := runCoverageJSON[analytics.CoverageRow](t, ta, "--store", store, "--by", "state")
	if len(byState.Rows) != 16 {
		t.Fatalf("%d Länder, want 16", len(byState.Rows))
	}
	rows := map[string]analytics.CoverageRow{}
	for _, r := range byState.Rows {
		rows[r.Key] = r
	}
	bw, nw := rows["DE-BW"], rows["DE-NW"]
	// DE-BW: Mannheim, Heidelberg and Karlsruhe with five links; DE-NW: Köln and Dortmund with three.
	if bw.Name != "Baden-Württemberg" || bw.LinkedMunicipalities != 3 || bw.Links != 5 || bw.Reported != 10 || bw.KnownOfReported != 0.5 ||
		!reflect.DeepEqual(bw.TopCountries, []analytics.KeyCount{{Key: "PL", Count: 3}, {Key: "FR", Count: 1}, {Key: "UA", Count: 1}}) {
		t.Errorf("DE-BW: %+v", bw)
	}
	if bw.Municipalities == 0 || bw.Share != 3/float64(bw.Municipalities) || bw.Population == 0 ||
		bw.LinksPer100k != 5e5/float64(bw.Population) {
		t.Errorf("DE-BW directory figures: %+v", bw)
	}
	if nw.LinkedMunicipalities != 2 || nw.Links != 3 || nw.Reported != 4 || nw.KnownOfReported != 0.75 ||
		!reflect.DeepEqual(nw.TopCountries, []analytics.KeyCount{{Key: "FR", Count: 2}, {Key: "UA", Count: 1}}) {
		t.Errorf("DE-NW: %+v", nw)
	}
	if by := rows["DE-BY"]; by.Links != 0 || by.Municipalities == 0 || by.LinkedMunicipalities != 0 {
		t.Errorf("DE-BY: %+v", by)
	}

	// As of 2001: Köln-Lyon ended in 2000, the Ukrainian links came later.
	asOf := runCoverageJSON[analytics.CoverageRow](t, ta, "--store", store, "--as-of", "2001")
	for _, r := range asOf.Rows {
		if want := map[string]int{"DE-BW": 2, "DE-NW": 1}[r.Key]; r.Links != want {
			t.Errorf("as of 2001, %s: %d links, want %d", r.Key, r.Links, want)
		}
	}

	// Kreise of Baden-Württemberg with links to Poland: Heidelberg, Karlsruhe, Mannheim.
	kreise := runCoverageJSON[analytics.CoverageRow](t, ta, "--store", store, "--by", "kreis", "--state", "BW", "--country", "Polen")
	if kreise.PartnerCountry != "PL" || kreise.State != "DE-BW" {
		t.Errorf("flags read as country %q, state %q", kreise.PartnerCountry, kreise.State)
	}
	var linked []string
	for _, r := range kreise.Rows {
		if r.State != "DE-BW" {
			t.Errorf("Kreis %s of %s listed for DE-BW", r.Key, r.State)
		}
		if r.Links > 0 {
			linked = append(linked, r.Key+" "+r.Name)
		}
	}
	if want := []string{"08212 Karlsruhe, Stadtkreis", "08221 Heidelberg, Stadtkreis", "08222 Mannheim, Stadtkreis"}; !reflect.DeepEqual(linked, want) {
		t.Errorf("Kreise linked to PL: %q, want %q", linked, want)
	}

	type countryRow struct {
		analytics.CountryRow
		Name string `json:"name"`
	}
	countries := runCoverageJSON[countryRow](t, ta, "--store", store, "--by", "country", "--state", "DE-NW")
	if len(countries.Rows) != 2 || countries.Rows[0].Country != "FR" || countries.Rows[0].Name != "France" || countries.Rows[0].Links != 2 ||
		countries.Rows[0].GermanMunicipalities != 2 || countries.Rows[0].Places != 2 || countries.Rows[1].Country != "UA" || countries.Rows[1].Links != 1 {
		t.Errorf("by country in DE-NW: %+v", countries.Rows)
	}

	years := runCoverageJSON[analytics.YearRow](t, ta, "--store", store, "--by", "year", "--country", "UA", "--from", "2020")
	want := []analytics.YearRow{{Year: 2020}, {Year: 2021}, {Year: 2022, Started: 1, Active: 1}, {Year: 2023, Started: 1, Active: 2}}
	if !reflect.DeepEqual(years.Rows, want) || years.Links != 2 || years.From != 2020 || years.To != 2023 {
		t.Errorf("UA per year: %+v (links %d, %d-%d), want %+v", years.Rows, years.Links, years.From, years.To, want)
	}

	code, out, errs := ta.run("analyze", "coverage", "--store", store)
	if code != 0 || !strings.Contains(out, "Baden-Württemberg") || !strings.Contains(out, "PL 3, FR 1, UA 1") || !strings.Contains(out, "50%") {
		t.Errorf("table: exit %d\n%s%s", code, out, errs)
	}

	for _, args := range [][]string{
		{"--by", "town"},
		{"--country", "Atlantis"},
		{"--state", "Nowhere"},
		{"--as-of", "2020-13"},
		{"--from", "2020", "--to", "2010"},
		{"extra"},
	} {
		code, _, errs := ta.run(append([]string{"analyze", "coverage", "--store", store}, args...)...)
		if code != exitUsage || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, code, errs)
		}
	}
}
