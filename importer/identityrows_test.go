package importer

import (
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
