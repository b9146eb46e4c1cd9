package analytics

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/citygraph/citygraph/graph/gazetteer"
)

// SizeClass is a band of municipality population, [Min, Max); Max 0 is
// open-ended.
type SizeClass struct {
	Min, Max int
}

// SizeClasses are the population bands of the Land dashboard, after the
// Gemeindegrößenklassen of the statistical offices: under 2,000, 2,000 to
// 5,000, 5,000 to 10,000, 10,000 to 20,000, 20,000 to 50,000, 50,000 to
// 100,000, 100,000 to 500,000, and 500,000 and more inhabitants.
var SizeClasses = []SizeClass{
	{0, 2000}, {2000, 5000}, {5000, 10000}, {10000, 20000},
	{20000, 50000}, {50000, 100000}, {100000, 500000}, {500000, 0},
}

// Contains reports whether a population lies in the class.
func (c SizeClass) Contains(pop int) bool {
	return pop >= c.Min && (c.Max == 0 || pop < c.Max)
}

// SizeRow is the coverage of the municipalities of one size class.
type SizeRow struct {
	Class                SizeClass `json:"class"`
	Municipalities       int       `json:"municipalities"`
	LinkedMunicipalities int       `json:"linkedMunicipalities"`
	Share                float64   `json:"share"` // LinkedMunicipalities / Municipalities, 0 when none
	Population           int       `json:"population"`
	// Links counts the links with an end in a municipality of the class,
	// once per link and class.
	Links        int     `json:"links"`
	LinksPer100k float64 `json:"linksPer100k"`
}

// MunicipalityRow is one municipality of the directory with its links.
type MunicipalityRow struct {
	Gemeinde *gazetteer.Gemeinde
	// Node is the municipality's index in the projection, -1 when the
	// graph does not hold it.
	Node int32
	// Links counts the links (after the options' partner country) with an
	// end in it; Partners the distinct places at their other ends.
	Links, Partners int
	// Countries lists its partner countries, most links first.
	Countries []KeyCount
}

// MunicipalityLinks returns every municipality of the directory (in
// opt.State, if set) with its links as counted for coverage (see Coverage):
// with opt.PartnerCountry only links to that country. Rows are in AGS
// order. Gaps, the municipalities without links, are the rows with
// Links == 0.
func MunicipalityLinks(p *Projection, dir []gazetteer.Gemeinde, opt CoverageOptions) []MunicipalityRow {
	ci := newCoverageIndex(p, dir)
	byAGS := make(map[string]int32, len(dir))
	for i := range p.nodes {
		if ci.inDir[i] {
			byAGS[p.nodes[i].AGS] = int32(i)
		}
	}
	links := make([]int, p.N())
	partners := make([]map[int32]bool, p.N())
	countries := make([]map[string]int, p.N())
	for li := range p.links {
		ci.countedEnds(p, li, opt.PartnerCountry, opt.State, func(ce coverageEnd) {
			links[ce.node]++
			if partners[ce.node] == nil {
				partners[ce.node], countries[ce.node] = map[int32]bool{}, map[string]int{}
			}
			partners[ce.node][ce.partner] = true
			countries[ce.node][p.nodes[ce.partner].Country]++
		})
	}
	var out []MunicipalityRow
	for i := range dir {
		g := &dir[i]
		if opt.State != "" && g.State != opt.State {
			continue
		}
		row := MunicipalityRow{Gemeinde: g, Node: -1, Countries: []KeyCount{}}
		if n, ok := byAGS[g.AGS]; ok {
			row.Node = n
			row.Links, row.Partners = links[n], len(partners[n])
			if countries[n] != nil {
				row.Countries = sortedCounts(countries[n])
			}
		}
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b MunicipalityRow) int { return cmp.Compare(a.Gemeinde.AGS, b.Gemeinde.AGS) })
	return out
}

// CoverageBySize returns the coverage of the municipalities of the
// directory (in opt.State, if set) per size class (SizeClasses, every
// class, also empty ones), counted as in MunicipalityLinks. A link between
// two municipalities of the same class counts once for it.
func CoverageBySize(p *Projection, dir []gazetteer.Gemeinde, opt CoverageOptions) []SizeRow {
	classOf := func(pop int) string {
		for i, c := range SizeClasses {
			if c.Contains(pop) {
				return strconv.Itoa(i)
			}
		}
		return "0"
	}
	ci := newCoverageIndex(p, dir)
	population := make(map[string]int, len(dir))
	for i := range dir {
		population[dir[i].AGS] = dir[i].Population
	}
	nodeClass := func(node int) string {
		if !ci.inDir[node] {
			return ""
		}
		return classOf(population[p.nodes[node].AGS])
	}
	rows := coverageRows(p, dir, ci, opt, nodeClass, func(g *gazetteer.Gemeinde) string { return classOf(g.Population) },
		func(string) (string, string) { return "", "" }, false)
	out := make([]SizeRow, len(SizeClasses))
	for i, c := range SizeClasses {
		out[i].Class = c
	}
	for _, r := range rows {
		k, _ := strconv.Atoi(r.Key)
		out[k] = SizeRow{Class: SizeClasses[k], Municipalities: r.Municipalities, LinkedMunicipalities: r.LinkedMunicipalities,
			Share: r.Share, Population: r.Population, Links: r.Links, LinksPer100k: r.LinksPer100k}
	}
	return out
}
