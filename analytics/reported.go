package analytics

import (
	"github.com/citygraph/citygraph/graph"
)

// ReportedVsKnown is one reported count set against the links the graph
// knows for the same scope, partner country and date.
type ReportedVsKnown struct {
	Scope    string     `json:"scope"`             // DE or a Land code
	Country  string     `json:"country,omitempty"` // partner country; "" for all
	AsOf     graph.Date `json:"asOf,omitzero"`
	Reported int        `json:"reported"`
	AtLeast  bool       `json:"atLeast,omitempty"`
	What     string     `json:"what,omitempty"`
	// Known counts the links certainly active on the date
	// (graph.Partnership.At is PRESENT); Uncertain those whose dates'
	// precision, or a pause, leaves it open (UNCERTAIN, PAUSED); Undated
	// those with no known start, which may or may not have existed.
	Known     int            `json:"known"`
	Uncertain int            `json:"uncertain"`
	Undated   int            `json:"undated"`
	Sources   []graph.Source `json:"sources,omitempty"`
}

// ReportedCounts sets each reported count of s for the partner country
// (ISO code; "" for every reported count) and the scope (a Land code, or ""
// for Germany as a whole) against the links of s between a German place in
// the scope and a place in the partner country (any foreign place when the
// count names none), on the count's date: the last day it may stand for
// ("2022-10" is 31 October 2022), or today for an undated count. Counts come
// in the snapshot's order (by scope, country, date).
func ReportedCounts(s *graph.Snapshot, country, state string, today graph.Date) []ReportedVsKnown {
	scope := state
	if scope == "" {
		scope = "DE"
	}
	var out []ReportedVsKnown
	var places map[string]*graph.Municipality
	for _, c := range s.ReportedCounts {
		if c.Scope != scope || country != "" && c.Country != country {
			continue
		}
		if places == nil {
			places = make(map[string]*graph.Municipality, len(s.Municipalities))
			for i := range s.Municipalities {
				places[s.Municipalities[i].ID] = &s.Municipalities[i]
			}
		}
		r := ReportedVsKnown{Scope: c.Scope, Country: c.Country, AsOf: c.AsOf, Reported: c.Count, AtLeast: c.AtLeast, What: c.What, Sources: c.Sources}
		d := today
		if !c.AsOf.IsZero() {
			d = c.AsOf.Last()
		}
		for _, p := range s.Partnerships {
			if !inScope(places[p.A], places[p.B], c.Scope, c.Country) && !inScope(places[p.B], places[p.A], c.Scope, c.Country) {
				continue
			}
			switch p.At(d) {
			case graph.Present:
				r.Known++
			case graph.Uncertain, graph.Paused:
				r.Uncertain++
			case graph.Undated:
				r.Undated++
			}
		}
		out = append(out, r)
	}
	return out
}

// inScope says whether de is a German place in scope (DE or its Land) and
// partner one in country (any foreign place when country is "").
func inScope(de, partner *graph.Municipality, scope, country string) bool {
	if de == nil || partner == nil || de.Country != "DE" || scope != "DE" && de.State != scope {
		return false
	}
	if country == "" {
		return partner.Country != "DE"
	}
	return partner.Country == country
}
