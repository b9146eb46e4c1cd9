package analytics

import (
	"testing"

	"github.com/citygraph/citygraph/graph"
)

func TestSummarize(t *testing.T) {
	s := &graph.Snapshot{
		Municipalities: []graph.Municipality{
			{ID: "DE:08222000", Country: "DE", State: "DE-BW"},
			{ID: "DE:08221000", Country: "DE", State: "DE-BW"},
			{ID: "DE:09162000", Country: "DE", State: "DE-BY"},
			{ID: "UA:chernivtsi", Country: "UA"},
			{ID: "PL:bydgoszcz", Country: "PL"},
			{ID: "FR:toulon", Country: "FR"},
		},
		Partnerships: []graph.Partnership{
			{A: "DE:08222000", B: "UA:chernivtsi", Kind: graph.KindPartnership},
			{A: "DE:08222000", B: "PL:bydgoszcz", Kind: graph.KindFriendship},
			{A: "DE:08221000", B: "DE:08222000", Kind: graph.KindPartnership},
			{A: "DE:08222000", B: "DE:09162000", Kind: graph.KindContact},
		},
		StateCounts: []graph.StateCount{{State: "DE-BW", Partnerships: 1252}},
	}
	got := Summarize(s)
	if got.Partnerships != 4 || got.LinkedMunicipalities != 5 || got.Municipalities != 6 {
		t.Errorf("totals = %d links, %d linked, %d places; want 4, 5, 6", got.Partnerships, got.LinkedMunicipalities, got.Municipalities)
	}
	wantKind := map[graph.Kind]int{graph.KindPartnership: 2, graph.KindFriendship: 1, graph.KindContact: 1}
	for k, v := range wantKind {
		if got.PartnershipsByKind[k] != v {
			t.Errorf("byKind[%s] = %d, want %d", k, got.PartnershipsByKind[k], v)
		}
	}
	// The BW-BW link counts once for BW; the BW-BY link once for each.
	if got.PartnershipsByState["DE-BW"] != 4 || got.PartnershipsByState["DE-BY"] != 1 {
		t.Errorf("byState = %v, want DE-BW 4, DE-BY 1", got.PartnershipsByState)
	}
	// Every link has a German end: DE counts each once.
	if got.PartnershipsByCountry["DE"] != 4 || got.PartnershipsByCountry["UA"] != 1 || got.PartnershipsByCountry["FR"] != 0 {
		t.Errorf("byCountry = %v", got.PartnershipsByCountry)
	}
	if got.ReportedByState["DE-BW"] != 1252 {
		t.Errorf("reported = %v", got.ReportedByState)
	}
}
