package analytics

import (
	"sort"

	"github.com/citygraph/citygraph/graph"
)

// AsOf returns the graph as it stood on day d: the view of the links that
// were certainly active on d (graph.Partnership.ActiveAt: begun on or
// before d, not ended before it, not paused on it by a dated event). A
// link without a known start is in no as-of view, nor is one whose dates
// are too coarse to tell (a link "since 2022" on 2022-02-24); Diff counts
// those apart. A date of year or month precision means its first day:
// AsOf(p, 2022) is the graph on 1 January 2022.
func AsOf(p *Projection, d graph.Date) *Projection {
	return p.View(Filter{AsOf: d})
}

// Change is what happened to the graph between two dates.
type Change struct {
	From graph.Date `json:"from"`
	To   graph.Date `json:"to"`
	// Added are the links that certainly began after From and on or
	// before To (their since date, whatever day of its year or month it
	// stands for, lies in that period); Ended the links that certainly
	// ended on or after From and before To. A link that began and ended in
	// between is in both. A date of year or month precision as From or To
	// means its first day.
	Added []LinkChange `json:"added"`
	Ended []LinkChange `json:"ended"`
	// Uncertain are the links whose dates are too coarse to say whether
	// they began or ended in the period: their since or until year or
	// month reaches over From or To (a link "since 2022" for the period
	// from 2022-02-24). They are in neither Added nor Ended.
	Uncertain []LinkChange `json:"uncertain"`

	AddedByKind        []KeyCount `json:"addedByKind"`        // per kind, in the order of graph.Kinds
	EndedByKind        []KeyCount `json:"endedByKind"`        // per kind, in the order of graph.Kinds
	UncertainByKind    []KeyCount `json:"uncertainByKind"`    // per kind, in the order of graph.Kinds
	AddedByCountry     []KeyCount `json:"addedByCountry"`     // per country with an end of the link, most first
	EndedByCountry     []KeyCount `json:"endedByCountry"`     // per country with an end of the link, most first
	UncertainByCountry []KeyCount `json:"uncertainByCountry"` // per country with an end of the link, most first

	// LinksBefore and LinksAfter count the links of the as-of views on
	// From and To (certainly active then).
	LinksBefore int `json:"linksBefore"`
	LinksAfter  int `json:"linksAfter"`
	// UncertainBefore and UncertainAfter count the links whose dates
	// cannot tell whether they existed on From and To
	// (graph.Partnership.At is Uncertain); PausedBefore and PausedAfter
	// those paused then by a dated event.
	UncertainBefore int `json:"uncertainBefore"`
	UncertainAfter  int `json:"uncertainAfter"`
	PausedBefore    int `json:"pausedBefore"`
	PausedAfter     int `json:"pausedAfter"`
	// Undated counts the links without a since date: they are in no as-of
	// count and in no list.
	Undated int `json:"undated"`
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
// before or equal to to): the links added and ended, those whose dates
// are too coarse to tell, with counts per kind and per country. A link
// between two countries counts once for each; a domestic link once for
// its country. Lists are in the order of p's links (the snapshot's
// canonical order). Both dates must be known and in order, or Diff
// returns an EINVALID error.
func Diff(p *Projection, from, to graph.Date) (Change, error) {
	if from.IsZero() || to.IsZero() {
		return Change{}, graph.Errorf(graph.EINVALID, "diff: both dates are needed")
	}
	if to.First().Before(from.First()) {
		return Change{}, graph.Errorf(graph.EINVALID, "diff: %s is before %s", to, from)
	}
	c := Change{From: from, To: to, Added: []LinkChange{}, Ended: []LinkChange{}, Uncertain: []LinkChange{}}
	f, t := from.First(), to.First()
	var kinds, countries [3]map[string]int
	for i := range kinds {
		kinds[i], countries[i] = map[string]int{}, map[string]int{}
	}
	lists := [3]*[]LinkChange{&c.Added, &c.Ended, &c.Uncertain}
	for i, l := range p.links {
		c.count(l, f, t)
		began := within(l.Since, f, t, false)
		ended := within(l.Until, f, t, true)
		in := [3]bool{began == graph.Present, ended == graph.Present, began == graph.Uncertain || ended == graph.Uncertain}
		if !in[0] && !in[1] && !in[2] {
			continue
		}
		e := p.ends[i]
		a, b := &p.nodes[e[0]], &p.nodes[e[1]]
		lc := LinkChange{A: a.ID, AName: a.Name, ACountry: a.Country, B: b.ID, BName: b.Name,
			BCountry: b.Country, Kind: l.Kind, Since: l.Since, Until: l.Until}
		for g := range in {
			if in[g] {
				*lists[g] = append(*lists[g], lc)
				kinds[g][string(l.Kind)]++
				countCountries(countries[g], a.Country, b.Country)
			}
		}
	}
	c.AddedByKind, c.EndedByKind, c.UncertainByKind = kindCounts(kinds[0]), kindCounts(kinds[1]), kindCounts(kinds[2])
	c.AddedByCountry, c.EndedByCountry, c.UncertainByCountry = sortedCounts(countries[0]), sortedCounts(countries[1]), sortedCounts(countries[2])
	return c, nil
}

// count adds link l to the as-of counts on the days f and t.
func (c *Change) count(l graph.Partnership, f, t graph.Date) {
	if l.Since.IsZero() {
		c.Undated++
		return
	}
	for _, x := range []struct {
		d                        graph.Date
		links, uncertain, paused *int
	}{{f, &c.LinksBefore, &c.UncertainBefore, &c.PausedBefore}, {t, &c.LinksAfter, &c.UncertainAfter, &c.PausedAfter}} {
		switch l.At(x.d) {
		case graph.Present:
			*x.links++
		case graph.Uncertain:
			*x.uncertain++
		case graph.Paused:
			*x.paused++
		}
	}
}

// within places date d (of any precision) against the period between the
// days f and t: Present when every day d may stand for lies in it,
// Uncertain when some do, Absent when none does or d is unknown. The
// period is (f, t] for a beginning and [f, t) for an end.
func within(d, f, t graph.Date, end bool) graph.Presence {
	if d.IsZero() {
		return graph.Absent
	}
	first, last := d.First(), d.Last()
	// inside reports whether day x lies in the period.
	inside := func(x graph.Date) bool {
		if end {
			return !x.Before(f) && x.Before(t)
		}
		return f.Before(x) && !t.Before(x)
	}
	switch {
	case inside(first) && inside(last):
		return graph.Present
	case end && (last.Before(f) || !first.Before(t)), !end && (!f.Before(last) || t.Before(first)):
		return graph.Absent
	}
	return graph.Uncertain
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
