package graphtest

import (
	"context"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// testActors: organisations with a type and a home municipality, and
// cooperations between them, stored, merged, read back in either
// direction; an unknown organisation, a self-link and an unknown home
// municipality leave nothing; a home municipality that becomes an alias
// moves to the kept place.
func testActors(h *harness) {
	h.apply(fixture())
	src := func(line int) []graph.Source { return []graph.Source{{File: "actors.csv", Line: line}} }
	h.apply(&graph.Batch{
		Import: graph.ImportRecord{File: "actors.csv", SHA256: "act1", Kind: "actors", Rows: 3},
		Organisations: []graph.Organisation{
			{ID: "de-08222000-lesecafe", Name: "Lesecafé e.V.", Type: "association", Municipality: "DE:08222000"},
			{ID: "de-08222000-sportbund", Name: "Sportbund", Type: "club", Municipality: "DE:08222000"},
			{ID: "de-08222000-school", Name: "Schule am Ring", Type: "school"},
		},
		Cooperations: []graph.Cooperation{
			// given B-A: stored A-B
			{A: "de-08222000-sportbund", B: "de-08222000-lesecafe", Kind: "project", Since: graph.NewDate(2019, 0, 0), Topics: []string{"youth", "SDG4"}, Sources: src(2)},
			{A: "de-08222000-school", B: "de-08222000-lesecafe", Sources: src(3)},
		},
	})
	st := h.apply(&graph.Batch{
		Organisations: []graph.Organisation{{ID: "de-08222000-school", Municipality: "DE:08222000"}},
		Cooperations: []graph.Cooperation{
			{A: "de-08222000-lesecafe", B: "de-08222000-sportbund", Topics: []string{"sport"}, Sources: src(9)},
			{A: "de-08222000-lesecafe", B: "un-habitat"},
		},
	})
	if st.Created != 1 || st.Merged != 2 {
		h.t.Errorf("stats %+v, want 1 cooperation created, the school and one cooperation merged", st)
	}
	snap := h.snapshot()
	if len(snap.Cooperations) != 3 {
		h.t.Fatalf("%d cooperations, want 3: %+v", len(snap.Cooperations), snap.Cooperations)
	}
	c := snap.Cooperations[1]
	if c.A != "de-08222000-lesecafe" || c.B != "de-08222000-sportbund" || c.Kind != "project" || len(c.Topics) != 3 || len(c.Sources) != 2 {
		h.t.Errorf("merged cooperation %+v", c)
	}
	imp := graph.ImportRecord{File: "bad.csv", SHA256: "bad-actors", Kind: "cooperations", Rows: 1}
	cases := []struct {
		name    string
		b       *graph.Batch
		code    string
		mention []string
	}{
		{"unknown organisation", &graph.Batch{Import: imp, Cooperations: []graph.Cooperation{{A: "de-08222000-lesecafe", B: "nobody"}}}, graph.EINVALID, []string{"nobody"}},
		{"self link", &graph.Batch{Import: imp, Cooperations: []graph.Cooperation{{A: "de-08222000-lesecafe", B: "de-08222000-lesecafe"}}}, graph.EINVALID, []string{"itself"}},
		{"empty end", &graph.Batch{Import: imp, Cooperations: []graph.Cooperation{{A: "de-08222000-lesecafe"}}}, graph.EINVALID, nil},
		{"unknown home", &graph.Batch{Import: imp, Organisations: []graph.Organisation{{ID: "x", Name: "X", Municipality: "ZZ:ghost"}}}, graph.EINVALID, []string{"ZZ:ghost"}},
	}
	for _, tc := range cases {
		h.t.Run(tc.name, func(t *testing.T) {
			hh := *h
			hh.t = t
			hh.fail(context.Background(), tc.b, tc.code, tc.mention...)
		})
	}
	// Mannheim's id becomes an alias of a new place: the actors' home follows.
	h.apply(&graph.Batch{
		Municipalities: []graph.Municipality{{ID: "DE:08222999", Name: "Mannheim (neu)", Country: "DE"}},
		Aliases:        []graph.Alias{{Alias: "DE:08222000", Place: "DE:08222999"}},
	})
	for _, o := range h.snapshot().Organisations {
		if o.Municipality == "DE:08222000" {
			h.t.Errorf("organisation %s still names the alias as its home", o.ID)
		}
	}
}
