package graphtest

import "github.com/citygraph/citygraph/graph"

// testReportedCounts: counts reported over time are kept one per scope,
// partner country and date, with every precision of date, the lower-bound
// flag and what is counted; a later source for the same key replaces the
// figure and keeps both sources.
func testReportedCounts(h *harness) {
	src := func(line int) []graph.Source {
		return []graph.Source{{File: "de_ua_counts.csv", Line: line, SourceID: "https://example.org/" + string(rune('a'+line))}}
	}
	st := h.apply(&graph.Batch{ReportedCounts: []graph.ReportedCount{
		{Scope: "DE", Country: "UA", AsOf: graph.NewDate(2022, 2, 0), Count: 73, What: "before the war", Sources: src(2)},
		{Scope: "DE", Country: "UA", AsOf: graph.NewDate(2022, 10, 0), Count: 107, Sources: src(3)},
		{Scope: "DE", Country: "UA", AsOf: graph.NewDate(2026, 2, 0), Count: 250, AtLeast: true, What: "solidarity partnerships", Sources: src(4)},
		{Scope: "DE", AsOf: graph.NewDate(2015, 0, 0), Count: 80, Sources: src(5)},
		{Scope: "DE-BW", Country: "UA", Count: 12},
		{Scope: "DE-BY", Country: "UA", AsOf: graph.NewDate(2023, 7, 14), Count: 30},
	}})
	if st.Created != 6 {
		h.t.Errorf("created %d reported counts, want 6", st.Created)
	}
	// The same key from a later source: the newer figure, both sources.
	st = h.apply(&graph.Batch{ReportedCounts: []graph.ReportedCount{
		{Scope: "DE", Country: "UA", AsOf: graph.NewDate(2022, 10, 0), Count: 108, Sources: []graph.Source{{File: "later.csv", Line: 9}}},
	}})
	if st.Merged != 1 {
		h.t.Errorf("stats %+v, want 1 merged", st)
	}
	found := false
	for _, c := range h.snapshot().ReportedCounts {
		switch c.Key() {
		case "DE|UA|2022-10":
			found = true
			if c.Count != 108 || len(c.Sources) != 2 {
				h.t.Errorf("merged count %+v, want 108 with both sources", c)
			}
		case "DE|UA|2026-02":
			if !c.AtLeast || c.What == "" {
				h.t.Errorf("lower bound lost: %+v", c)
			}
		}
	}
	if !found {
		h.t.Error("the count DE|UA|2022-10 is missing")
	}
	// Same again: nothing changes.
	if st := h.apply(&graph.Batch{ReportedCounts: []graph.ReportedCount{{Scope: "DE", AsOf: graph.NewDate(2015, 0, 0), Count: 80, Sources: src(5)}}}); st.Unchanged != 1 {
		h.t.Errorf("stats %+v, want 1 unchanged", st)
	}
}
