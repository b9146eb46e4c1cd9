package demo

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/importer"
)

// TestFilesImportCleanly reads every bundled file with the real importer:
// no row may be rejected, and the story's records must be there.
func TestFilesImportCleanly(t *testing.T) {
	dir, err := gazetteer.LoadGermany()
	if err != nil {
		t.Fatal(err)
	}
	countries, err := gazetteer.LoadCountries()
	if err != nil {
		t.Fatal(err)
	}
	im := importer.New(dir, countries)
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, f := range files {
		if !strings.HasPrefix(f.Name, Prefix) || !IsDemo(f.Name) {
			t.Errorf("%s is not named as the demo's", f.Name)
		}
		res, err := im.Read(context.Background(), f.Name, bytes.NewReader(f.Data), importer.Options{Kind: f.Kind, Map: f.Map, Set: f.Set})
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if len(res.Rejected) > 0 || len(res.Problems) > 0 {
			t.Errorf("%s: %d rows rejected: %v", f.Name, len(res.Rejected), res.Problems)
		}
		if res.Batch.Import.File != f.Name {
			t.Errorf("%s imported as %q", f.Name, res.Batch.Import.File)
		}
		name := strings.TrimPrefix(f.Name, Prefix)
		got[name] = len(res.Batch.Partnerships) + len(res.Batch.Memberships) + len(res.Batch.OrgLinks) + len(res.Batch.ReportedCounts)
		for _, c := range res.Batch.ReportedCounts {
			if c.Scope != "DE" || c.Country != "UA" {
				t.Errorf("%s: reported count %+v, want Germany with Ukraine", f.Name, c)
			}
			if c.AsOf.String() == "2026-02" && (c.Count != 250 || !c.AtLeast) {
				t.Errorf("%s: 02.2026 %+v, want over 250", f.Name, c)
			}
		}
	}
	if n := got["de_ua_partnership_counts_timeline.csv"]; n != 8 {
		t.Errorf("German-Ukrainian counts over time: %d, want 8", n)
	}
	if n := got["de_ua_partnerships_dated_2022_2024.csv"]; n != 15 {
		t.Errorf("dated German-Ukrainian links: %d, want 15", n)
	}
	if n := got["unesco_creative_cities_germany.csv"]; n != 7 {
		t.Errorf("UNESCO Creative Cities: %d, want 7", n)
	}
	// 209 members, three of them twice under one Wikidata item (Lyon and
	// Lyon Metropole, ...): 206 memberships.
	if n := got["eurocities_members_2025.csv"]; n != 206 {
		t.Errorf("Eurocities members: %d, want 206", n)
	}
	for _, name := range []string{"wikidata_twin_towns_germany_2017.tsv", "my_partners.csv", "demo:nope.csv"} {
		want := name == "wikidata_twin_towns_germany_2017.tsv"
		if IsDemo(name) != want {
			t.Errorf("IsDemo(%q) = %v", name, !want)
		}
	}
}
