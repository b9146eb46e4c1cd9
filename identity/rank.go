package identity

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/citygraph/citygraph/graph/gazetteer"
)

// Dominance is how many times bigger the biggest candidate must be than
// the next for a name to mean it without more said: "Frankfurt" is
// Frankfurt am Main (759,224) rather than Frankfurt (Oder) (56,679);
// "Neustadt" stays ambiguous.
const Dominance = 10

// Radius is how far, in km, given coordinates may lie from a place for
// them to choose it, and how far apart two inputs may be and still be
// merged without a report.
const Radius = 50.0

// Candidate is a place a name may mean, as Rank sees it.
type Candidate struct {
	Ref        int32 // the caller's index of the place
	German     bool
	Quality    gazetteer.MatchQuality
	Main       bool    // the name is the place's own name, not an alias
	Population int     // 0 when unknown
	Km         float64 // distance from the given coordinates; < 0 when none were given
	Label      string  // for messages: "Halle (Saale) (DE-ST, pop. 238,061)"
}

// Ranking says how Rank chose.
type Ranking struct {
	Winner int    // index into the candidates, -1 when none or a tie
	Tied   []int  // the candidates that tie (ambiguity), best first
	How    string // "coordinates (3 km)", "exact name", "bigger: 238,061 against 21,574", ...
	Far    bool   // coordinates were given and no candidate lies within Radius
}

// Rank picks the place a name means, the one rule every lookup of
// citygraph follows (the importer, the API, the CLI, the export filters):
//
//  1. with coordinates, the nearest candidate within Radius km;
//  2. a German place before a foreign one, when preferGerman (nothing else
//     said about the country);
//  3. the best match: exact spelling before folded before loose;
//  4. among those, the only one matched on its own name (not an alias);
//  5. the biggest, when it has Dominance times the population of the next.
//
// Where more than one candidate remains, Tied lists them, best first.
// radius bounds the coordinates' choice (Radius, or gazetteer.Radius for
// German municipalities, whose centres are those of their areas).
func Rank(cands []Candidate, preferGerman bool, radius float64) Ranking {
	if len(cands) == 0 {
		return Ranking{Winner: -1}
	}
	idx := indexes(len(cands))
	if cands[0].Km >= 0 {
		near := slices.DeleteFunc(slices.Clone(idx), func(i int) bool { return cands[i].Km > radius })
		if len(near) > 0 {
			slices.SortStableFunc(near, func(a, b int) int { return cmp.Compare(cands[a].Km, cands[b].Km) })
			return Ranking{Winner: near[0], How: fmt.Sprintf("coordinates (%.0f km)", cands[near[0]].Km)}
		}
		r := rankNames(cands, idx, preferGerman)
		r.Far = true
		return r
	}
	return rankNames(cands, idx, preferGerman)
}

// indexes returns 0, 1, ..., n-1: every candidate of a list of n.
func indexes(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

func rankNames(cands []Candidate, idx []int, preferGerman bool) Ranking {
	how := ""
	if preferGerman && slices.ContainsFunc(idx, func(i int) bool { return cands[i].German }) &&
		slices.ContainsFunc(idx, func(i int) bool { return !cands[i].German }) {
		idx = slices.DeleteFunc(idx, func(i int) bool { return !cands[i].German })
		how = "German first; "
	}
	best := gazetteer.MatchNone
	for _, i := range idx {
		best = max(best, cands[i].Quality)
	}
	idx = slices.DeleteFunc(idx, func(i int) bool { return cands[i].Quality != best })
	how += best.String() + " name"
	if len(idx) == 1 {
		return Ranking{Winner: idx[0], How: how}
	}
	var main []int
	for _, i := range idx {
		if cands[i].Main {
			main = append(main, i)
		}
	}
	if len(main) == 1 {
		return Ranking{Winner: main[0], How: how + ", its own name"}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(cands[b].Population, cands[a].Population) })
	p0, p1 := cands[idx[0]].Population, cands[idx[1]].Population
	if p0 > 0 && p0 >= Dominance*p1 {
		return Ranking{Winner: idx[0], How: fmt.Sprintf("%s, bigger: %s against %s", how,
			gazetteer.Thousands(p0), gazetteer.Thousands(p1))}
	}
	return Ranking{Winner: -1, Tied: idx, How: how}
}

// describe lists the tied candidates for an ambiguity message, at most 12.
func describe(cands []Candidate, tied []int) string {
	var b []byte
	for n, i := range tied {
		if n == 12 {
			b = fmt.Appendf(b, " and %d more", len(tied)-12)
			break
		}
		if n > 0 {
			b = append(b, "; "...)
		}
		b = append(b, cands[i].Label...)
	}
	return string(b)
}
