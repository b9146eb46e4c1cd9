package analytics

import (
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// TestReportedCounts sets reported German-Ukrainian counts against the links
// active on each date, with the uncertain and undated links beside them.
func TestReportedCounts(t *testing.T) {
	de := func(id, state string) graph.Municipality {
		return graph.Municipality{ID: id, Country: "DE", State: state}
	}
	s := &graph.Snapshot{
		Municipalities: []graph.Municipality{de("DE:a", "DE-BW"), de("DE:b", "DE-BY"), de("DE:c", "DE-BY"),
			{ID: "UA:kyiv", Country: "UA"}, {ID: "UA:lviv", Country: "UA"}, {ID: "PL:krakow", Country: "PL"}},
		Partnerships: []graph.Partnership{
			{A: "DE:a", B: "UA:kyiv", Since: graph.NewDate(1990, 0, 0)},                                   // before both dates
			{A: "DE:b", B: "UA:kyiv", Since: graph.NewDate(2022, 10, 0)},                                  // within 10.2022: known at its last day
			{A: "DE:c", B: "UA:lviv", Since: graph.NewDate(2023, 0, 0)},                                   // after 10.2022, uncertain within 2023
			{A: "DE:a", B: "UA:lviv"},                                                                     // undated
			{A: "DE:b", B: "PL:krakow", Since: graph.NewDate(1990, 0, 0)},                                 // another country
			{A: "DE:c", B: "UA:kyiv", Since: graph.NewDate(1995, 0, 0), Until: graph.NewDate(2000, 0, 0)}, // ended
		},
		ReportedCounts: []graph.ReportedCount{
			{Scope: "DE", Country: "UA", AsOf: graph.NewDate(2022, 10, 0), Count: 107},
			{Scope: "DE", Country: "UA", AsOf: graph.NewDate(2023, 7, 0), Count: 167},
			{Scope: "DE", Country: "UA", AsOf: graph.NewDate(2026, 2, 0), Count: 250, AtLeast: true},
			{Scope: "DE-BY", Country: "UA", AsOf: graph.NewDate(2023, 7, 0), Count: 30},
			{Scope: "DE", Country: "PL", AsOf: graph.NewDate(2023, 7, 0), Count: 400},
		},
	}
	got := ReportedCounts(s, "UA", "", graph.NewDate(2026, 12, 2))
	want := []struct{ reported, known, uncertain, undated int }{{107, 2, 0, 1}, {167, 2, 1, 1}, {250, 3, 0, 1}}
	if len(got) != len(want) {
		t.Fatalf("%d counts, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Reported != w.reported || g.Known != w.known || g.Uncertain != w.uncertain || g.Undated != w.undated {
			t.Errorf("count %d: %+v, want %+v", i, g, w)
		}
	}
	if !got[2].AtLeast {
		t.Error("the lower bound is lost")
	}
	by := ReportedCounts(s, "UA", "DE-BY", graph.NewDate(2026, 12, 2))
	if len(by) != 1 || by[0].Known != 1 || by[0].Uncertain != 1 {
		t.Errorf("Bavaria: %+v, want 1 known (DE:b), 1 uncertain (DE:c since 2023)", by)
	}
	if all := ReportedCounts(s, "", "", graph.NewDate(2026, 12, 2)); len(all) != 4 {
		t.Errorf("every country: %d counts, want 4", len(all))
	}
}
