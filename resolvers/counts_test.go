package resolvers_test

import (
	"context"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// TestReportedCounts: counts of German-Ukrainian partnerships reported over
// time, each with the fixture's links known on its date (Munich-Kyiv 1989,
// Berlin-Kyiv 2022-05, Köln-Odesa 2022-06 to 2024-01-31, a Hessian
// town-Kharkiv 2023-03-01).
func TestReportedCounts(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	src := []graph.Source{{File: "timeline.csv", Line: 2, SourceID: "https://example.org"}}
	b := &graph.Batch{ReportedCounts: []graph.ReportedCount{
		{Scope: "DE", Country: "UA", AsOf: graph.NewDate(2022, 2, 0), Count: 73, Sources: src},
		{Scope: "DE", Country: "UA", AsOf: graph.NewDate(2022, 10, 0), Count: 107},
		{Scope: "DE", Country: "UA", AsOf: graph.NewDate(2023, 7, 0), Count: 167},
		{Scope: "DE", Country: "UA", AsOf: graph.NewDate(2026, 2, 0), Count: 250, AtLeast: true, What: "solidarity partnerships"},
		{Scope: "DE", Country: "PL", AsOf: graph.NewDate(2023, 7, 0), Count: 500},
		{Scope: "DE-BY", Country: "UA", AsOf: graph.NewDate(2023, 7, 0), Count: 20},
	}}
	if _, err := e.store.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := e.live.Load(ctx); err != nil {
		t.Fatal(err)
	}
	var resp struct {
		ReportedCounts []struct {
			Scope, Date                         string
			Country, What                       *string
			Reported, Known, Uncertain, Undated int
			AtLeast                             bool
			Sources                             []struct{ File string }
		}
	}
	e.query(t, `{ reportedCounts(country: "UA") { scope country date reported atLeast what known uncertain undated sources { file } } }`, &resp)
	want := []struct {
		date            string
		reported, known int
	}{{"2022-02", 73, 1}, {"2022-10", 107, 3}, {"2023-07", 167, 4}, {"2026-02", 250, 3}}
	got := resp.ReportedCounts
	if len(got) != len(want) {
		t.Fatalf("reportedCounts = %+v, want %d", got, len(want))
	}
	for i, w := range want {
		if g := got[i]; g.Date != w.date || g.Reported != w.reported || g.Known != w.known || g.Scope != "DE" || g.Country == nil || *g.Country != "UA" {
			t.Errorf("count %d: %+v, want %+v", i, g, w)
		}
	}
	if !got[3].AtLeast || got[3].What == nil || len(got[0].Sources) != 1 {
		t.Errorf("lower bound, what or sources lost: %+v", got)
	}
	e.query(t, `{ reportedCounts(country: "UA", state: "Bayern") { scope known } }`, &resp)
	if len(resp.ReportedCounts) != 1 || resp.ReportedCounts[0].Scope != "DE-BY" || resp.ReportedCounts[0].Known != 1 {
		t.Errorf("Bavaria: %+v, want one count with Munich-Kyiv known", resp.ReportedCounts)
	}
	for _, q := range []string{`{ reportedCounts(state: "Atlantis") { scope } }`, `{ reportedCounts(country: "Ukraine!") { scope } }`} {
		if errs := e.errs(t, q); code(errs[0]) != graph.EINVALID {
			t.Errorf("%s: %+v, want INVALID", q, errs[0])
		}
	}
}
