package analytics

import (
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// disputedSnapshot has three links: Mannheim-Swansea, on whose since and
// status two files disagree, the status settled by a third; Mannheim-Toulon
// with two agreeing sources; Swansea-Toulon with one.
func disputedSnapshot() *graph.Snapshot {
	merge := func(seq int64, old, n graph.Partnership) graph.Partnership {
		p, _ := graph.MergePartnershipAt(seq)(old, n)
		return p
	}
	ms := []graph.Municipality{{ID: "DE:08222000", Name: "Mannheim"}, {ID: "FR:toulon", Name: "Toulon"}, {ID: "GB:swansea", Name: "Swansea"}}
	sw := graph.Partnership{A: "DE:08222000", B: "GB:swansea", Kind: graph.KindPartnership, Since: graph.NewDate(1957, 0, 0),
		Status: graph.StatusEnded, Sources: []graph.Source{{File: "rgre.csv", Line: 2}}}
	sw.Stamp(1)
	sw = merge(2, sw, graph.Partnership{A: sw.A, B: sw.B, Kind: sw.Kind, Since: graph.NewDate(1958, 0, 0), Status: graph.StatusActive,
		Sources: []graph.Source{{File: "city.csv", Line: 4}}})
	fix := &graph.Batch{Partnerships: []graph.Partnership{{A: sw.A, B: sw.B, Kind: sw.Kind, Status: graph.StatusActive,
		Sources: []graph.Source{{File: "fix.csv", Line: 2}}}}}
	fix.Settling()
	sw = merge(3, sw, fix.Partnerships[0])
	to := graph.Partnership{A: "DE:08222000", B: "FR:toulon", Kind: graph.KindPartnership, Since: graph.NewDate(1970, 0, 0),
		Sources: []graph.Source{{File: "rgre.csv", Line: 3}}}
	to = merge(2, to, graph.Partnership{A: to.A, B: to.B, Kind: to.Kind, Since: graph.NewDate(1970, 6, 1), Sources: []graph.Source{{File: "city.csv", Line: 5}}})
	one := graph.Partnership{A: "FR:toulon", B: "GB:swansea", Kind: graph.KindFriendship, Since: graph.NewDate(1980, 0, 0)}
	s := &graph.Snapshot{Municipalities: ms, Partnerships: []graph.Partnership{sw, to, one}}
	s.Sort()
	return s
}

func TestConflicts(t *testing.T) {
	s := disputedSnapshot()
	open := Conflicts(s, ConflictQuery{})
	if len(open) != 1 || open[0].Field != "since" || open[0].AName != "Mannheim" || open[0].BName != "Swansea" || open[0].Chosen != "1958" {
		t.Fatalf("open conflicts %+v, want since of Mannheim-Swansea", open)
	}
	if v := open[0].Values; len(v) != 2 || v[0].Value != "1957" || v[0].Sources[0].File != "rgre.csv" || v[1].Value != "1958" || v[1].Sources[0].File != "city.csv" {
		t.Errorf("values %+v", v)
	}
	all := Conflicts(s, ConflictQuery{Settled: true})
	if len(all) != 2 || all[1].Field != "status" || !all[1].Settled || all[1].Chosen != "ACTIVE" {
		t.Errorf("with settled %+v, want since and a settled status", all)
	}
	if got := Conflicts(s, ConflictQuery{Settled: true, Field: "status"}); len(got) != 1 {
		t.Errorf("field status: %+v", got)
	}
	if got := Conflicts(s, ConflictQuery{Keys: map[string]bool{graph.PartnershipKey("DE:08222000", "FR:toulon", graph.KindPartnership): true}}); len(got) != 0 {
		t.Errorf("agreeing link: %+v", got)
	}
}
