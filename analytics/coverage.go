package analytics

import (
	"sort"

	"github.com/citygraph/citygraph/graph/gazetteer"
)

// Coverage answers the questions of state chancelleries: how many of a
// Land's or Kreis's municipalities have international links, to which
// countries, how many per inhabitant, and how the links known compare with
// the count the Land reported.
//
// Conventions, common to CoverageByState, CoverageByKreis, CoverageByCountry
// and CoverageByYear:
//
//   - A link is one partnership record of the projection: two places linked
//     both as PARTNERSHIP and as FRIENDSHIP are two links. Pass a view (for
//     instance Filter{Kinds: ...} or AsOf) to count fewer.
//   - A link counts for a Land (a Kreis) when one of its ends is a German
//     place in it, once even when both ends are; its partner is the other
//     end. With a partner country set, only links whose partner is in that
//     country count, everywhere (municipalities linked, links, per 100,000,
//     top countries); the reported count is the Land's total all the same.
//   - A German place's Land and Kreis are its own, or else those of the
//     directory entry with its AGS, or else they follow from its AGS (the
//     first two digits number the Land, the first five are the Kreis).
//   - Municipalities and population are the directory's; a linked German
//     place that is not in the directory (a Kreis as a partner, a former
//     municipality) counts in Links and in LinkedOutside, not in
//     LinkedMunicipalities.

// CoverageOptions narrows a coverage table.
type CoverageOptions struct {
	// PartnerCountry counts only links to places in this country (ISO
	// 3166-1 alpha-2, e.g. "UA"); "" counts every link.
	PartnerCountry string
	// State keeps only Kreise (CoverageByKreis) or German ends
	// (CoverageByCountry, CoverageByYear) in this Land (ISO 3166-2, e.g.
	// "DE-NW"); "" keeps all.
	State string
	// TopCountries is how many partner countries each row lists (default 5).
	TopCountries int
}

// CoverageRow is the coverage of one Land or Kreis.
type CoverageRow struct {
	Key   string `json:"key"`   // Land (DE-BW) or Kreis code (08222)
	Name  string `json:"name"`  // Land or Kreis name
	State string `json:"state"` // the Land (for a Land row, its own code)

	Municipalities       int     `json:"municipalities"`       // in the directory
	LinkedMunicipalities int     `json:"linkedMunicipalities"` // of those, with at least one link
	Share                float64 `json:"share"`                // LinkedMunicipalities / Municipalities, 0 when none
	LinkedOutside        int     `json:"linkedOutside"`        // linked German places in it not in the directory
	Population           int     `json:"population"`           // sum over the directory's municipalities

	Links        int     `json:"links"`        // links with an end in it
	LinksPer100k float64 `json:"linksPer100k"` // Links per 100,000 inhabitants, 0 when the population is unknown
	// Reported is the number of partnerships reported for the Land
	// (Snapshot.StateCounts), 0 when unknown and for Kreise.
	Reported int `json:"reported"`
	// KnownOfReported is Links / Reported when Reported is known and no
	// partner country is set, else 0.
	KnownOfReported float64 `json:"knownOfReported"`

	TopCountries []KeyCount `json:"topCountries"` // partner countries, most links first
}

// CountryRow is the coverage of one partner country: the links between
// German places and places in it.
type CountryRow struct {
	Country string `json:"country"` // ISO 3166-1 alpha-2; "DE" for links within Germany
	Links   int    `json:"links"`
	// GermanMunicipalities counts the German places linked to the country.
	GermanMunicipalities int `json:"germanMunicipalities"`
	// Places counts the places in the country linked to Germany.
	Places int `json:"places"`
	// States counts the links per Land of the German end, most first; a
	// link within Germany counts for each Land it has an end in.
	States []KeyCount `json:"states"`
}

// YearCoverage counts links by year.
type YearCoverage struct {
	PartnerCountry string    `json:"partnerCountry,omitempty"`
	State          string    `json:"state,omitempty"`
	From           int       `json:"from"`
	To             int       `json:"to"`
	Rows           []YearRow `json:"rows"` // one per year From..To, also years without links
	// Links counts every link counted, UnknownSince those without a known
	// start (in no row's Started).
	Links        int `json:"links"`
	UnknownSince int `json:"unknownSince"`
}

// YearRow is one year of a YearCoverage.
type YearRow struct {
	Year    int `json:"year"`
	Started int `json:"started"` // links whose since lies in the year
	Ended   int `json:"ended"`   // links whose until lies in the year
	// Active counts the links running at the end of the year: started in
	// or before it and not ended in or before it. Links without a known
	// start are left out; links marked ENDED without an until date count
	// as running, since when they ended is unknown.
	Active int `json:"active"`
}

// coverageIndex places the German nodes of a projection in the directory.
type coverageIndex struct {
	state, kreis []string // per node; "" when not German or unknown
	inDir        []bool   // per node: a municipality of the directory
	kreisName    map[string]string
	kreisState   map[string]string
}

func newCoverageIndex(p *Projection, dir []gazetteer.Gemeinde) *coverageIndex {
	ci := &coverageIndex{
		state:      make([]string, p.N()),
		kreis:      make([]string, p.N()),
		inDir:      make([]bool, p.N()),
		kreisName:  map[string]string{},
		kreisState: map[string]string{},
	}
	stateByNumber := map[string]string{}
	for _, st := range gazetteer.States() {
		stateByNumber[st.Number] = st.Code
	}
	byAGS := make(map[string]*gazetteer.Gemeinde, len(dir))
	for i := range dir {
		g := &dir[i]
		byAGS[g.AGS] = g
		if _, ok := ci.kreisName[g.KreisCode]; !ok {
			ci.kreisName[g.KreisCode] = g.Kreis
			ci.kreisState[g.KreisCode] = g.State
		}
	}
	for i := range p.nodes {
		m := &p.nodes[i]
		if m.Country != "DE" {
			continue
		}
		st, kr := m.State, m.KreisCode
		if g := byAGS[m.AGS]; m.AGS != "" && g != nil {
			ci.inDir[i] = true
			if st == "" {
				st = g.State
			}
			if kr == "" {
				kr = g.KreisCode
			}
		}
		if kr == "" && len(m.AGS) >= 5 {
			kr = m.AGS[:5]
		}
		if st == "" {
			st = ci.kreisState[kr]
		}
		if st == "" && len(m.AGS) >= 2 {
			st = stateByNumber[m.AGS[:2]]
		}
		ci.state[i], ci.kreis[i] = st, kr
	}
	return ci
}

// coverageEnd is a German end of a link that counts, with its partner.
type coverageEnd struct {
	node, partner int32
}

// countedEnds calls fn for each end of link li that counts: a German place
// (in state, if set) whose partner is in country (if set). A link with two
// such ends yields both.
func (ci *coverageIndex) countedEnds(p *Projection, li int, country, state string, fn func(coverageEnd)) {
	e := p.ends[li]
	for s := 0; s < 2; s++ {
		x, y := e[s], e[1-s]
		if p.nodes[x].Country != "DE" || (state != "" && ci.state[x] != state) {
			continue
		}
		if country != "" && p.nodes[y].Country != country {
			continue
		}
		fn(coverageEnd{x, y})
	}
}

// CoverageByState returns the coverage of every Land of the directory and
// every Land a linked German place is in, ordered by code. dir is the
// municipality directory (gazetteer.Directory.All); nil leaves
// Municipalities, Population and the shares at zero.
func CoverageByState(p *Projection, dir []gazetteer.Gemeinde, opt CoverageOptions) []CoverageRow {
	ci := newCoverageIndex(p, dir)
	names := map[string]string{}
	for _, s := range gazetteer.States() {
		names[s.Code] = s.Name
	}
	return coverageRows(p, dir, ci, opt, func(node int) string { return ci.state[node] },
		func(g *gazetteer.Gemeinde) string { return g.State },
		func(key string) (string, string) { return names[key], key }, true)
}

// CoverageByKreis returns the coverage of every Kreis (Landkreis or
// kreisfreie Stadt) of the directory and every Kreis a linked German place
// is in, ordered by Kreis code; with opt.State, only those of that Land.
func CoverageByKreis(p *Projection, dir []gazetteer.Gemeinde, opt CoverageOptions) []CoverageRow {
	ci := newCoverageIndex(p, dir)
	return coverageRows(p, dir, ci, opt, func(node int) string { return ci.kreis[node] },
		func(g *gazetteer.Gemeinde) string { return g.KreisCode },
		func(key string) (string, string) { return ci.kreisName[key], ci.kreisState[key] }, false)
}

// coverageRows builds the rows of CoverageByState and CoverageByKreis:
// nodeKey and dirKey give the row of a node and of a directory entry,
// describe a row's name and Land; byState adds the reported counts.
func coverageRows(p *Projection, dir []gazetteer.Gemeinde, ci *coverageIndex, opt CoverageOptions,
	nodeKey func(int) string, dirKey func(*gazetteer.Gemeinde) string,
	describe func(string) (name, state string), byState bool) []CoverageRow {
	t := &coverageTable{p: p, ci: ci, opt: opt, nodeKey: nodeKey, describe: describe,
		rows: map[string]*CoverageRow{}, countries: map[string]map[string]int{}}
	t.countDirectory(dir, dirKey)
	t.countLinked(t.countLinks())
	reported := map[string]int{}
	if byState && p.snapshot != nil {
		for _, sc := range p.snapshot.StateCounts {
			reported[sc.State] = sc.Partnerships
		}
	}
	return t.finish(reported)
}

// coverageTable collects the rows of coverageRows.
type coverageTable struct {
	p        *Projection
	ci       *coverageIndex
	opt      CoverageOptions
	nodeKey  func(int) string
	describe func(string) (name, state string)

	rows      map[string]*CoverageRow
	countries map[string]map[string]int // per row: links per partner country
}

// row returns the row of key, adding it when it is new.
func (t *coverageTable) row(key string) *CoverageRow {
	r := t.rows[key]
	if r == nil {
		name, st := t.describe(key)
		r = &CoverageRow{Key: key, Name: name, State: st}
		t.rows[key] = r
		t.countries[key] = map[string]int{}
	}
	return r
}

// countDirectory counts the municipalities and inhabitants of each row.
func (t *coverageTable) countDirectory(dir []gazetteer.Gemeinde, dirKey func(*gazetteer.Gemeinde) string) {
	for i := range dir {
		g := &dir[i]
		if t.opt.State != "" && g.State != t.opt.State {
			continue
		}
		r := t.row(dirKey(g))
		r.Municipalities++
		r.Population += g.Population
	}
}

// countLinks counts each link once per row it has a counted end in, and
// its partner countries; it returns which nodes are linked.
func (t *coverageTable) countLinks() []bool {
	p := t.p
	linked := make([]bool, p.N())
	for li := range p.links {
		var first string // the row the link was counted for, to count a link within one row once
		t.ci.countedEnds(p, li, t.opt.PartnerCountry, t.opt.State, func(ce coverageEnd) {
			key := t.nodeKey(int(ce.node))
			linked[ce.node] = true
			if key == "" || key == first {
				return
			}
			first = key
			t.row(key).Links++
			t.countries[key][p.nodes[ce.partner].Country]++
		})
	}
	return linked
}

// countLinked counts the linked places of each row, in the directory or
// outside it.
func (t *coverageTable) countLinked(linked []bool) {
	for i, ok := range linked {
		key := t.nodeKey(i)
		if !ok || key == "" {
			continue
		}
		r := t.row(key)
		if t.ci.inDir[i] {
			r.LinkedMunicipalities++
		} else {
			r.LinkedOutside++
		}
	}
}

// finish computes the shares and rates of every row and returns the rows
// by key.
func (t *coverageTable) finish(reported map[string]int) []CoverageRow {
	top := t.opt.TopCountries
	if top <= 0 {
		top = 5
	}
	out := make([]CoverageRow, 0, len(t.rows))
	for key, r := range t.rows {
		if r.Municipalities > 0 {
			r.Share = float64(r.LinkedMunicipalities) / float64(r.Municipalities)
		}
		if r.Population > 0 {
			r.LinksPer100k = float64(r.Links) * 1e5 / float64(r.Population)
		}
		r.Reported = reported[key]
		if r.Reported > 0 && t.opt.PartnerCountry == "" {
			r.KnownOfReported = float64(r.Links) / float64(r.Reported)
		}
		r.TopCountries = sortedCounts(t.countries[key])
		if len(r.TopCountries) > top {
			r.TopCountries = r.TopCountries[:top]
		}
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// CoverageByCountry returns, per partner country, the links between German
// places (in opt.State, if set) and places in that country, most links
// first, then by code; with opt.PartnerCountry, only that country. Links
// within Germany are under "DE". dir places German nodes that carry no Land
// themselves; it may be nil.
func CoverageByCountry(p *Projection, dir []gazetteer.Gemeinde, opt CoverageOptions) []CountryRow {
	ci := newCoverageIndex(p, dir)
	rows := map[string]*CountryRow{}
	states := map[string]map[string]int{}
	german := map[string]map[int32]bool{}
	places := map[string]map[int32]bool{}
	for li := range p.links {
		var counted, countedState string // the country and Land the link was counted for
		ci.countedEnds(p, li, opt.PartnerCountry, opt.State, func(ce coverageEnd) {
			c := p.nodes[ce.partner].Country
			r := rows[c]
			if r == nil {
				r = &CountryRow{Country: c}
				rows[c] = r
				states[c], german[c], places[c] = map[string]int{}, map[int32]bool{}, map[int32]bool{}
			}
			german[c][ce.node] = true
			places[c][ce.partner] = true
			if st := ci.state[ce.node]; st != "" && (counted != c || st != countedState) {
				states[c][st]++
				countedState = st
			}
			if counted == c {
				return // a link within Germany with both ends in scope counts once
			}
			counted = c
			r.Links++
		})
	}
	out := make([]CountryRow, 0, len(rows))
	for c, r := range rows {
		r.GermanMunicipalities = len(german[c])
		r.Places = len(places[c])
		r.States = sortedCounts(states[c])
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Links != out[j].Links {
			return out[i].Links > out[j].Links
		}
		return out[i].Country < out[j].Country
	})
	return out
}

// CoverageByYear counts the links of German places (in opt.State, if set;
// to opt.PartnerCountry, if set) by the year they started and ended, one
// row per year from..to. from and to default (when 0) to the first and last
// year a counted link started or ended. German-Ukrainian links per year since
// 1990: CoverageByYear(p, dir, CoverageOptions{PartnerCountry: "UA"}, 1990, 0).
func CoverageByYear(p *Projection, dir []gazetteer.Gemeinde, opt CoverageOptions, from, to int) YearCoverage {
	ci := newCoverageIndex(p, dir)
	yc := YearCoverage{PartnerCountry: opt.PartnerCountry, State: opt.State, Rows: []YearRow{}}
	started, ended := map[int]int{}, map[int]int{}
	type span struct{ since, until int } // until 0: still running
	var spans []span
	lo, hi := 0, 0
	see := func(y int) {
		if lo == 0 || y < lo {
			lo = y
		}
		if y > hi {
			hi = y
		}
	}
	for li, l := range p.links {
		counts := false
		ci.countedEnds(p, li, opt.PartnerCountry, opt.State, func(coverageEnd) { counts = true })
		if !counts {
			continue
		}
		yc.Links++
		if l.Since.IsZero() {
			yc.UnknownSince++
		} else {
			started[l.Since.Year]++
			see(l.Since.Year)
			spans = append(spans, span{l.Since.Year, l.Until.Year})
		}
		if !l.Until.IsZero() {
			ended[l.Until.Year]++
			see(l.Until.Year)
		}
	}
	if from == 0 {
		from = lo
	}
	if to == 0 {
		to = hi
	}
	yc.From, yc.To = from, to
	if from == 0 || to < from {
		return yc
	}
	// Active per year by a sweep: +1 in the start year, -1 in the end year.
	delta := make([]int, to-from+2)
	for _, s := range spans {
		if s.since > to || (s.until != 0 && (s.until < from || s.until < s.since)) {
			continue
		}
		delta[max(s.since, from)-from]++
		if s.until != 0 && s.until <= to {
			delta[max(s.until, from)-from]--
		}
	}
	active := 0
	for y := from; y <= to; y++ {
		active += delta[y-from]
		yc.Rows = append(yc.Rows, YearRow{Year: y, Started: started[y], Ended: ended[y], Active: active})
	}
	return yc
}
