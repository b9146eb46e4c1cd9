package importer

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// openRealData opens a gzipped real data file of the repository's
// testdata/realdata (see testdata/README.md) and returns its content.
func openRealData(t *testing.T, name string) io.Reader {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "realdata", name+".gz"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// TestRealWikidataTwinTowns imports the whole 2017 Wikidata file of German
// twin towns (5,681 rows) as a pair list: nearly every row must resolve,
// Mannheim must get its 11 twins of the seed facts' cross-check, and the
// 119 duplicate rows must merge.
func TestRealWikidataTwinTowns(t *testing.T) {
	im := newImporter(t)
	f := openRealData(t, "sister_cities_germany_wikidata_2017.tsv")
	res, err := im.Read(t.Context(), "sister_cities_germany_wikidata_2017.tsv", f, Options{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindPairs || res.Rows != 5681 {
		t.Errorf("kind %q, %d rows; want pairs, 5681", res.Kind, res.Rows)
	}
	if n := len(res.Rejected); n*100 > 8*res.Rows {
		t.Errorf("%d of %d rows rejected, want under 8%%", n, res.Rows)
	}
	checkBatch(t, "sister_cities_germany_wikidata_2017.tsv", res.Batch)
	twins := map[string]bool{}
	for _, p := range res.Batch.Partnerships {
		switch "DE:08222000" {
		case p.A:
			twins[p.B] = true
		case p.B:
			twins[p.A] = true
		}
	}
	// Charlottenburg-Wilmersdorf is a Berlin Bezirk, a place of its own: all 11.
	for _, id := range []string{"TR:beyoglu", "PL:bydgoszcz", "MD:chisinau", "IL:haifa", "LT:klaipeda", "DE:14627230",
		"GB:swansea", "FR:toulon", "CA:windsor", "CN:zhenjiang", "DE:11000000-04"} {
		if !twins[id] {
			t.Errorf("Mannheim lacks twin %s; has %v", id, twins)
		}
	}
	if len(twins) != 11 {
		t.Errorf("Mannheim has %d twins, want 11", len(twins))
	}
	ua := 0
	for _, p := range res.Batch.Partnerships {
		if strings.HasPrefix(p.A, "UA:") || strings.HasPrefix(p.B, "UA:") {
			ua++
		}
	}
	// SOURCES.md: 28 distinct German-Ukrainian pairs by label.
	if ua < 25 || ua > 28 {
		t.Errorf("%d German-Ukrainian links, want 25 to 28", ua)
	}
	t.Logf("%d rows, %d links, %d places, %d rejected", res.Rows, len(res.Batch.Partnerships), len(res.Batch.Municipalities), len(res.Rejected))
}

// TestRealCovenantSignatories imports the JRC list of Covenant of Mayors
// signatories (11,973 rows, CC BY 4.0) as memberships, with the network
// fixed by Options.Set: Mannheim joined on 2010-03-30 (SOURCES.md).
func TestRealCovenantSignatories(t *testing.T) {
	im := newImporter(t)
	f := openRealData(t, "covenant_of_mayors_signatories_jrc_2024.csv")
	res, err := im.Read(t.Context(), "covenant_of_mayors_signatories_jrc_2024.csv", f, Options{
		Map: map[string]string{"municipality": "organisation_name", "country": "country_code",
			"since": "date_of_adhesion_iso", "role": "signatory_status"},
		Set:         map[string]string{"network": "Covenant of Mayors"},
		SkipInvalid: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindMemberships || res.Rows != 11973 {
		t.Errorf("kind %q, %d rows; want memberships, 11973", res.Kind, res.Rows)
	}
	b := res.Batch
	checkBatch(t, "covenant_of_mayors_signatories_jrc_2024.csv", b)
	if len(b.Networks) != 1 || b.Networks[0].ID != "covenant-of-mayors" {
		t.Errorf("networks %v", b.Networks)
	}
	german := 0
	for _, m := range b.Memberships {
		if strings.HasPrefix(m.Municipality, "DE:") {
			german++
		}
		if m.Municipality == "DE:08222000" && (m.Since != graph.NewDate(2010, 3, 30) || m.Role != "published") {
			t.Errorf("Mannheim: %+v", m)
		}
	}
	// 90 German rows (SOURCES.md); some are Kreise or groups, not municipalities.
	if german < 70 || german > 90 {
		t.Errorf("%d German members, want 70 to 90", german)
	}
	t.Logf("%d rows, %d memberships (%d German), %d rejected", res.Rows, len(b.Memberships), german, len(res.Rejected))
	for _, r := range res.Rejected {
		if strings.Contains(r.Reason, "German") {
			t.Logf("line %d: %s", r.Line, r.Reason)
		}
	}
}
