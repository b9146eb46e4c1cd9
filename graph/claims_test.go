package graph

import (
	"reflect"
	"testing"
)

func src(file string, line int) Source { return Source{File: file, Line: line} }

// link returns the Mannheim-Swansea link with claims cs, derived.
func link(cs ...Claim) Partnership {
	p := Partnership{A: "DE:08222000", B: "GB:swansea", Kind: KindPartnership}
	p.AddClaims(cs...)
	p.Derive()
	return p
}

func TestDeriveAndConflicts(t *testing.T) {
	for _, tc := range []struct {
		name      string
		claims    []Claim
		events    []Event
		since     Date
		until     Date
		status    Status
		conflicts []Conflict // Link, A, B and Kind are filled in
	}{
		{name: "one source", claims: []Claim{{Source: src("a.csv", 2), Seq: 1, Since: Date{1957, 0, 0}}}, since: Date{1957, 0, 0}},
		{name: "a year and a day in it agree: the day", claims: []Claim{
			{Source: src("a.csv", 2), Seq: 1, Since: Date{1990, 0, 0}},
			{Source: src("b.csv", 7), Seq: 2, Since: Date{1990, 5, 1}},
		}, since: Date{1990, 5, 1}},
		{name: "the more specific wins even when older", claims: []Claim{
			{Source: src("a.csv", 2), Seq: 1, Since: Date{1990, 5, 1}},
			{Source: src("b.csv", 7), Seq: 2, Since: Date{1990, 0, 0}},
		}, since: Date{1990, 5, 1}},
		{name: "two years: the later source, and a conflict", claims: []Claim{
			{Source: src("a.csv", 2), Seq: 1, Since: Date{1990, 0, 0}},
			{Source: src("b.csv", 7), Seq: 2, Since: Date{1991, 0, 0}},
		}, since: Date{1991, 0, 0}, conflicts: []Conflict{{Field: "since", Chosen: "1991",
			Values: []ClaimedValue{{"1990", []Source{src("a.csv", 2)}}, {"1991", []Source{src("b.csv", 7)}}}}}},
		{name: "a source restating itself replaces its claim", claims: []Claim{
			{Source: src("a.csv", 2), Seq: 1, Since: Date{1990, 0, 0}},
			{Source: src("a.csv", 3), Seq: 2, Since: Date{1992, 0, 0}},
		}, since: Date{1992, 0, 0}},
		{name: "active after ended 2015: active, no until, a conflict", claims: []Claim{
			{Source: src("a.csv", 2), Seq: 1, Since: Date{1990, 0, 0}, Until: Date{2015, 0, 0}, Status: StatusEnded},
			{Source: src("b.csv", 4), Seq: 2, Status: StatusActive},
		}, since: Date{1990, 0, 0}, status: StatusActive, conflicts: []Conflict{{Field: "status", Chosen: "ACTIVE",
			Values: []ClaimedValue{{"ENDED", []Source{src("a.csv", 2)}}, {"ACTIVE", []Source{src("b.csv", 4)}}}}}},
		{name: "a later claim weighs against a settling one", claims: []Claim{
			{Source: src("a.csv", 2), Seq: 1, Since: Date{1990, 0, 0}},
			{Source: src("fix.csv", 1), Seq: 2, Since: Date{1990, 0, 0}, Settles: true},
			{Source: src("b.csv", 7), Seq: 3, Since: Date{1991, 3, 1}},
		}, since: Date{1991, 3, 1}, conflicts: []Conflict{{Field: "since", Chosen: "1991-03-01",
			Values: []ClaimedValue{{"1990", []Source{src("a.csv", 2), src("fix.csv", 1)}}, {"1991-03-01", []Source{src("b.csv", 7)}}}}}},
		{name: "a later settling claim decides", claims: []Claim{
			{Source: src("a.csv", 2), Seq: 1, Since: Date{1990, 0, 0}},
			{Source: src("b.csv", 7), Seq: 2, Since: Date{1991, 3, 1}},
			{Source: src("fix.csv", 1), Seq: 3, Since: Date{1990, 0, 0}, Settles: true},
		}, since: Date{1990, 0, 0}, conflicts: []Conflict{{Field: "since", Chosen: "1990", Settled: true,
			Values: []ClaimedValue{{"1990", []Source{src("a.csv", 2), src("fix.csv", 1)}}, {"1991-03-01", []Source{src("b.csv", 7)}}}}}},
		{name: "a pause is an event, not a disagreement", claims: []Claim{{Source: src("a.csv", 2), Seq: 1, Since: Date{1990, 0, 0}, Status: StatusActive}},
			events: []Event{{Date: Date{2020, 3, 0}, Status: StatusPaused, Reason: "pandemic", Source: Source{File: "api"}, Seq: 2}},
			since:  Date{1990, 0, 0}, status: StatusPaused},
		{name: "an end event gives the until date", claims: []Claim{{Source: src("a.csv", 2), Seq: 1, Since: Date{1990, 0, 0}}},
			events: []Event{{Date: Date{2024, 6, 30}, Status: StatusEnded, Reason: "council decision", Source: Source{File: "api"}, Seq: 2}},
			since:  Date{1990, 0, 0}, until: Date{2024, 6, 30}, status: StatusEnded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Partnership{A: "DE:08222000", B: "GB:swansea", Kind: KindPartnership}
			p.AddClaims(tc.claims...)
			p.AddEvents(tc.events...)
			p.Derive()
			if p.Since != tc.since || p.Until != tc.until || p.Status != tc.status {
				t.Errorf("view since %v until %v status %q; want %v, %v, %q", p.Since, p.Until, p.Status, tc.since, tc.until, tc.status)
			}
			for i := range tc.conflicts {
				c := &tc.conflicts[i]
				c.Link, c.A, c.B, c.Kind = p.Key(), p.A, p.B, p.Kind
			}
			if got := p.Conflicts(); !reflect.DeepEqual(got, tc.conflicts) {
				t.Errorf("conflicts\n%+v\nwant\n%+v", got, tc.conflicts)
			}
		})
	}
}

func TestDeriveTopicsAndSources(t *testing.T) {
	p := link(Claim{Source: src("a.csv", 2), Seq: 1, Topics: []string{"Kultur", "SDG11"}},
		Claim{Source: src("b.csv", 3), Seq: 2, Topics: []string{"Jugend", "SDG11"}})
	if !reflect.DeepEqual(p.Topics, []string{"Jugend", "Kultur", "SDG11"}) || len(p.Sources) != 2 {
		t.Errorf("topics %v, sources %v", p.Topics, p.Sources)
	}
}

// TestLinkWithoutClaims keeps the view of a link stored before claims: it
// is its own claim, and a new source's claim is weighed against it.
func TestLinkWithoutClaims(t *testing.T) {
	p := Partnership{A: "a", B: "b", Kind: KindPartnership, Since: Date{1990, 0, 0}, Sources: []Source{src("old.csv", 5)}}
	p.Derive()
	if p.Since != (Date{1990, 0, 0}) || len(p.Conflicts()) != 0 {
		t.Fatalf("legacy link: %+v", p)
	}
	p.AddClaims(Claim{Source: src("new.csv", 2), Seq: 9, Since: Date{1991, 0, 0}})
	p.Derive()
	cs := p.Conflicts()
	if p.Since != (Date{1991, 0, 0}) || len(cs) != 1 || cs[0].Values[0].Sources[0] != src("old.csv", 5) {
		t.Errorf("since %v, conflicts %+v", p.Since, cs)
	}
}

func TestDatesAgree(t *testing.T) {
	for _, tc := range []struct {
		a, b Date
		want bool
	}{
		{Date{1990, 0, 0}, Date{1990, 5, 1}, true},
		{Date{1990, 5, 0}, Date{1990, 5, 31}, true},
		{Date{1990, 5, 0}, Date{1990, 6, 1}, false},
		{Date{1990, 0, 0}, Date{1991, 0, 0}, false},
		{Date{}, Date{1991, 0, 0}, true},
	} {
		if got := DatesAgree(tc.a, tc.b); got != tc.want || DatesAgree(tc.b, tc.a) != tc.want {
			t.Errorf("DatesAgree(%v, %v) = %v", tc.a, tc.b, got)
		}
	}
}
