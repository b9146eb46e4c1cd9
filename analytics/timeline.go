package analytics

import (
	"sort"

	"github.com/citygraph/citygraph/graph"
)

// AsOf returns the graph as it stood on day d: the view of the links that
// had started on or before d (or have no known start) and had not ended
// before it (see graph.Partnership.ActiveAt). A date of year or month
// precision means its first day: AsOf(p, 2022) is the graph on 1 January
// 2022.
func AsOf(p *Projection, d graph.Date) *Projection {
	return p.View(Filter{AsOf: d})
}

// Change is what happened to the graph between two dates.
type Change struct {
	From graph.Date `json:"from"`
	To   graph.Date `json:"to"`
	// Added are the links that started after From and on or before To;
	// Ended the links that were still active on From and ended before To
	// (their until date lies in [From, To)). A link that started and ended
	// in between is in both. Links without dates are in neither, and so are
	// links marked ENDED without an until date.
	Added []LinkChange `json:"added"`
	Ended []LinkChange `json:"ended"`

	AddedByKind    []KeyCount `json:"addedByKind"`    // per kind, in the order of graph.Kinds
	EndedByKind    []KeyCount `json:"endedByKind"`    // per kind, in the order of graph.Kinds
	AddedByCountry []KeyCount `json:"addedByCountry"` // per country with an end of the link, most first
	EndedByCountry []KeyCount `json:"endedByCountry"` // per country with an end of the link, most first

	// LinksBefore and LinksAfter count the links of the as-of views on
	// From and To.
	LinksBefore int `json:"linksBefore"`
	LinksAfter  int `json:"linksAfter"`
}

// LinkChange is one link in a Change, with the names and countries of its
// ends.
type LinkChange struct {
	A        string     `json:"a"`
	AName    string     `json:"aName"`
	ACountry string     `json:"aCountry"`
	B        string     `json:"b"`
	BName    string     `json:"bName"`
	BCountry string     `json:"bCountry"`
	Kind     graph.Kind `json:"kind"`
	Since    graph.Date `json:"since,omitzero"`
	Until    graph.Date `json:"until,omitzero"`
}

// KeyCount is a count under a key: a kind, a country, a Land.
type KeyCount struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// Diff returns what changed in p between the dates from and to (from
// before or equal to to): the links added and ended, with counts per kind
// and per country. A link between two countries counts once for each; a
// domestic link once for its country. Lists are in the order of p's links
// (the snapshot's canonical order). Both dates must be known and in order,
// or Diff returns an EINVALID error.
func Diff(p *Projection, from, to graph.Date) (Change, error) {
	if from.IsZero() || to.IsZero() {
		return Change{}, graph.Errorf(graph.EINVALID, "diff: both dates are needed")
	}
	if to.Before(from) {
		return Change{}, graph.Errorf(graph.EINVALID, "diff: %s is before %s", to, from)
	}
	c := Change{From: from, To: to, Added: []LinkChange{}, Ended: []LinkChange{}}
	addedKind, endedKind := map[string]int{}, map[string]int{}
	addedCountry, endedCountry := map[string]int{}, map[string]int{}
	for i, l := range p.links {
		if l.ActiveAt(from) {
			c.LinksBefore++
		}
		if l.ActiveAt(to) {
			c.LinksAfter++
		}
		added := !l.Since.IsZero() && from.Before(l.Since) && !to.Before(l.Since)
		ended := !l.Until.IsZero() && !l.Until.Before(from) && l.Until.Before(to)
		if !added && !ended {
			continue
		}
		e := p.ends[i]
		a, b := &p.nodes[e[0]], &p.nodes[e[1]]
		lc := LinkChange{A: a.ID, AName: a.Name, ACountry: a.Country, B: b.ID, BName: b.Name,
			BCountry: b.Country, Kind: l.Kind, Since: l.Since, Until: l.Until}
		if added {
			c.Added = append(c.Added, lc)
			addedKind[string(l.Kind)]++
			countCountries(addedCountry, a.Country, b.Country)
		}
		if ended {
			c.Ended = append(c.Ended, lc)
			endedKind[string(l.Kind)]++
			countCountries(endedCountry, a.Country, b.Country)
		}
	}
	c.AddedByKind, c.EndedByKind = kindCounts(addedKind), kindCounts(endedKind)
	c.AddedByCountry, c.EndedByCountry = sortedCounts(addedCountry), sortedCounts(endedCountry)
	return c, nil
}

func countCountries(m map[string]int, a, b string) {
	if a != "" {
		m[a]++
	}
	if b != "" && b != a {
		m[b]++
	}
}

// kindCounts lists m in the order of graph.Kinds, then any other kind by
// name; kinds without links are left out.
func kindCounts(m map[string]int) []KeyCount {
	out := []KeyCount{}
	for _, k := range graph.Kinds {
		if n := m[string(k)]; n > 0 {
			out = append(out, KeyCount{string(k), n})
			delete(m, string(k))
		}
	}
	rest := make([]string, 0, len(m))
	for k := range m {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, KeyCount{k, m[k]})
	}
	return out
}

// sortedCounts lists m by count, most first, then by key.
func sortedCounts(m map[string]int) []KeyCount {
	out := make([]KeyCount, 0, len(m))
	for k, n := range m {
		out = append(out, KeyCount{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}
