package graphtest

import (
	"reflect"

	"github.com/citygraph/citygraph/graph"
)

// The claims part of the contract: every source's statement about a link
// is kept with its provenance, the view is derived by graph's rule, and
// both stores give the same claims, events and conflicts.

// claimsFixture is Mannheim and Swansea, with no link yet.
func claimsFixture() []graph.Municipality {
	return []graph.Municipality{{ID: "DE:08222000", Name: "Mannheim", Country: "DE"}, {ID: "GB:swansea", Name: "Swansea", Country: "GB"}}
}

// statement is one source's batch about the Mannheim-Swansea link.
func statement(file string, line int, sha string, p graph.Partnership) *graph.Batch {
	p.A, p.B, p.Kind = "DE:08222000", "GB:swansea", graph.KindPartnership
	if p.Sources == nil {
		p.Sources = []graph.Source{{File: file, Line: line}}
	}
	return &graph.Batch{Import: graph.ImportRecord{File: file, SHA256: sha, Kind: "rgre", Rows: 1}, Municipalities: claimsFixture(),
		Partnerships: []graph.Partnership{p}}
}

// theLink returns the Mannheim-Swansea link of the store's snapshot.
func (h *harness) theLink() graph.Partnership {
	h.t.Helper()
	for _, p := range h.snapshot().Partnerships {
		if p.Key() == graph.PartnershipKey("DE:08222000", "GB:swansea", graph.KindPartnership) {
			return p
		}
	}
	h.t.Fatalf("no Mannheim-Swansea link")
	return graph.Partnership{}
}

func testClaims(h *harness) {
	h.apply(statement("rgre.csv", 2, "01", graph.Partnership{Since: graph.NewDate(1957, 0, 0), Topics: []string{"culture"}}))
	// A second source with a more specific date that agrees: the view takes
	// it, both claims stay, no conflict.
	h.apply(statement("city.csv", 4, "02", graph.Partnership{Since: graph.NewDate(1957, 9, 20), Topics: []string{"youth"}}))
	p := h.theLink()
	if p.Since != graph.NewDate(1957, 9, 20) || !reflect.DeepEqual(p.Topics, []string{"culture", "youth"}) || len(p.Claims) != 2 {
		h.t.Errorf("after an agreeing source: %+v", p)
	}
	if c := p.Conflicts(); len(c) != 0 {
		h.t.Errorf("conflicts %+v, want none", c)
	}
	// The first source corrects itself: its claim is replaced, not added.
	h.apply(statement("rgre.csv", 2, "03", graph.Partnership{Since: graph.NewDate(1957, 9, 0), Topics: []string{"culture"}}))
	p = h.theLink()
	if len(p.Claims) != 2 || p.Claims[1].Source.File != "rgre.csv" || p.Claims[1].Since != graph.NewDate(1957, 9, 0) {
		h.t.Errorf("claims after a correction %+v", p.Claims)
	}
	// The same statement again changes nothing.
	before := h.snapshot()
	st := h.apply(statement("rgre.csv", 2, "04", graph.Partnership{Since: graph.NewDate(1957, 9, 0), Topics: []string{"culture"}}))
	if st.PartnershipsUnchanged != 1 {
		h.t.Errorf("restated claim: %+v, want the link unchanged", st)
	}
	if d := Diff(h.snapshot(), before); d != "" {
		h.t.Errorf("restated claim changed the snapshot:\n%s", d)
	}
}

func testConflicts(h *harness) {
	h.apply(statement("rgre.csv", 2, "01", graph.Partnership{Since: graph.NewDate(1957, 0, 0), Until: graph.NewDate(2015, 0, 0), Status: graph.StatusEnded}))
	// A later source says 1958 and active: two conflicts, the view follows
	// the rule (equally specific dates: the later source; status: the
	// latest statement, and no until for an active link).
	h.apply(statement("city.csv", 4, "02", graph.Partnership{Since: graph.NewDate(1958, 0, 0), Status: graph.StatusActive}))
	p := h.theLink()
	if p.Since != graph.NewDate(1958, 0, 0) || !p.Until.IsZero() || p.Status != graph.StatusActive {
		h.t.Errorf("view %+v", p)
	}
	rgre, city := graph.Source{File: "rgre.csv", Line: 2}, graph.Source{File: "city.csv", Line: 4}
	want := []graph.Conflict{
		{Field: "since", Chosen: "1958", Values: []graph.ClaimedValue{{Value: "1957", Sources: []graph.Source{rgre}}, {Value: "1958", Sources: []graph.Source{city}}}},
		{Field: "status", Chosen: "ACTIVE", Values: []graph.ClaimedValue{{Value: "ENDED", Sources: []graph.Source{rgre}}, {Value: "ACTIVE", Sources: []graph.Source{city}}}},
	}
	for i := range want {
		want[i].Link, want[i].A, want[i].B, want[i].Kind = p.Key(), p.A, p.B, p.Kind
	}
	if got := p.Conflicts(); !reflect.DeepEqual(got, want) {
		h.t.Errorf("conflicts\n%+v\nwant\n%+v", got, want)
	}
	// A settling statement decides the since date; the disagreement stays
	// on record as settled.
	settle := graph.Partnership{Sources: []graph.Source{{File: "resolution", SourceID: "council minutes 1957"}},
		Claims: []graph.Claim{{Source: graph.Source{File: "resolution", SourceID: "council minutes 1957"}, Since: graph.NewDate(1957, 0, 0), Settles: true}}}
	h.apply(statement("", 0, "", settle))
	p = h.theLink()
	if p.Since != graph.NewDate(1957, 0, 0) {
		h.t.Errorf("settled since %v, want 1957", p.Since)
	}
	if cs := p.Conflicts(); len(cs) != 2 || cs[0].Field != "since" || !cs[0].Settled || cs[0].Chosen != "1957" || cs[1].Settled {
		h.t.Errorf("conflicts after settling %+v", cs)
	}
}

func testLifecycle(h *harness) {
	h.apply(statement("rgre.csv", 2, "01", graph.Partnership{Since: graph.NewDate(1957, 0, 0), Status: graph.StatusActive}))
	api := graph.Source{File: "api", SourceID: "pausePartnership"}
	h.apply(statement("", 0, "", graph.Partnership{Sources: []graph.Source{api},
		Events: []graph.Event{{Date: graph.NewDate(2020, 3, 0), Status: graph.StatusPaused, Reason: "pandemic", Source: api}}}))
	p := h.theLink()
	if p.Status != graph.StatusPaused || len(p.Events) != 1 || p.Events[0].Reason != "pandemic" || len(p.Conflicts()) != 0 {
		h.t.Errorf("after a pause: %+v", p)
	}
	end := graph.Source{File: "api", SourceID: "endPartnership"}
	h.apply(statement("", 0, "", graph.Partnership{Sources: []graph.Source{end},
		Events: []graph.Event{{Date: graph.NewDate(2024, 6, 30), Status: graph.StatusEnded, Reason: "council decision", Source: end}}}))
	p = h.theLink()
	if p.Status != graph.StatusEnded || p.Until != graph.NewDate(2024, 6, 30) || len(p.Events) != 2 || p.Events[1].Reason != "council decision" {
		h.t.Errorf("after the end: %+v", p)
	}
	// The graph as of a date follows the events.
	for _, tc := range []struct {
		d    graph.Date
		want graph.Presence
	}{{graph.NewDate(2019, 1, 1), graph.Present}, {graph.NewDate(2021, 1, 1), graph.Paused}, {graph.NewDate(2025, 1, 1), graph.Absent}} {
		if got := p.At(tc.d); got != tc.want {
			h.t.Errorf("At(%v) = %s, want %s", tc.d, got, tc.want)
		}
	}
}
