package identity

import (
	"fmt"
	"math"
	"slices"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// Hints are what a row says of a place besides its name, country and
// Land: its coordinates and its population.
type Hints struct {
	Lat, Lon  float64
	HasCoords bool
	// Population is the number of inhabitants the row gives (a Wikidata
	// list carries it for both ends); 0 when it gives none.
	Population int
}

// The population a row gives chooses among German namesakes when it lies
// within PopulationFit of one and at least PopulationApart from every
// other (as factors, either way): the row's figure may be some years
// older or newer than the directory's (31.12.2021). "Herzberg" with
// 9,067 is Herzberg (Elster) (8,711; Herzberg am Harz has 12,723);
// "Senden" with 19,010 stays ambiguous between Senden in Westphalia
// (20,495) and in Bavaria (22,625).
const (
	PopulationFit   = 1.15
	PopulationApart = 1.35
)

// popFactor is how many times the bigger of two populations holds the
// smaller; +Inf when one is unknown.
func popFactor(a, b int) float64 {
	if a <= 0 || b <= 0 {
		return math.Inf(1)
	}
	if a < b {
		a, b = b, a
	}
	return float64(a) / float64(b)
}

// populationIndex returns the candidate whose population fits pop by the
// rule of PopulationFit and PopulationApart, among all candidates of any
// match quality ("Werder" with 24,856 is Werder (Havel), not one of the
// two villages spelt exactly Werder).
func (pr *Prepared) populationIndex(pop int) (int, bool) {
	best := -1
	for i, c := range pr.cands {
		f := popFactor(pop, c.Population)
		switch {
		case f <= PopulationFit && best < 0:
			best = i
		case f < PopulationApart:
			return -1, false // a second candidate of about that size, or one of unknown size
		}
	}
	return best, best >= 0
}

// byPopulation chooses a German place by the population the row gives.
func (pr *Prepared) byPopulation(pop int) (Result, bool) {
	i, ok := pr.populationIndex(pop)
	if !ok || len(pr.cands) < 2 {
		return Result{}, false
	}
	return Result{Place: pr.places[i], Known: true, How: fmt.Sprintf("%s; population: the row gives %s, %s has %s, the other namesakes differ by more than a factor %.2f",
		pr.how[i], gazetteer.Thousands(pop), pr.places[i].Name, gazetteer.Thousands(pr.cands[i].Population), PopulationApart)}, true
}

// PopulationExclude is how many times bigger or smaller than a German
// place the population a row gives must be for the row not to mean it:
// "Stolberg" with 1,286 inhabitants is not Stolberg (Rhld.) (56,103).
// Only Apart uses it, to tell the two ends of a link named alike apart.
const PopulationExclude = 2.0

// namesakes returns the candidates an end of a row may mean: the one its
// coordinates or population choose (placed), or else every German place
// of the name whose population the row's figure does not exclude
// (PopulationExclude). It returns nil when the end is not a German name
// with candidates (a Kreis, a Verband, a foreign place), and none true
// when the row's population excludes every candidate.
func (pr *Prepared) namesakes(h Hints) (is []int, placed, none bool) {
	if pr == nil || !pr.german || pr.fixed || pr.problem != nil || len(pr.cands) == 0 {
		return nil, false, false
	}
	if h.HasCoords {
		cands := slices.Clone(pr.cands)
		for i := range cands {
			cands[i].Km = gazetteer.Distance(h.Lat, h.Lon, pr.places[i].Lat, pr.places[i].Lon)
		}
		if rk := Rank(cands, false, gazetteer.Radius); rk.Winner >= 0 && !rk.Far {
			return []int{rk.Winner}, true, false
		}
		return nil, false, false
	}
	if h.Population > 0 {
		if i, ok := pr.populationIndex(h.Population); ok {
			return []int{i}, true, false
		}
	}
	var out []int
	for i, c := range pr.cands {
		if h.Population == 0 || popFactor(h.Population, c.Population) < PopulationExclude {
			out = append(out, i)
		}
	}
	return out, false, len(out) == 0
}

// Apart parts the two ends of a link whose names both resolved to one
// place ("Falkenstein – Falkenstein", "Frankenberg – Frankenberg"): a
// place does not partner itself, so the two names mean two namesakes. It
// assigns two different places only where something decides it:
//
//   - one end is placed by its coordinates or population and the other
//     end's name has exactly one other German place: that one;
//   - neither is placed, and the name means exactly two German places:
//     the link joins those two (which end is which does not change the
//     link).
//
// When unresolved is true, where one end is placed and no other German
// municipality bears the name ("Felsberg" in Hesse at one end: the other
// is a village of the Saarland), or several others do, the other end is
// an unresolved place (Unresolved) that says so. Otherwise ok is false:
// the ends stay one place, and the row a problem ("Mannheim – Mannheim").
// ra and rb are the ends' results so far; the end that keeps its place
// keeps its result.
func Apart(a *Prepared, ha Hints, ra Result, b *Prepared, hb Hints, rb Result, unresolved bool) (Result, Result, bool) {
	na, placedA, noneA := a.namesakes(ha)
	nb, placedB, noneB := b.namesakes(hb)
	switch {
	case noneA && noneB, placedA && placedB:
		return ra, rb, false
	case noneA && unresolved: // "Stolberg" with 1,286 inhabitants: not Stolberg (Rhld.)
		if r, ok := a.notThis(nil, rb.Place, ha); ok {
			return r, rb, true
		}
		return ra, rb, false
	case noneB && unresolved:
		if r, ok := b.notThis(nil, ra.Place, hb); ok {
			return ra, r, true
		}
		return ra, rb, false
	case len(na) == 0 || len(nb) == 0:
		return ra, rb, false
	}
	ids := func(pr *Prepared, is []int) []string {
		out := make([]string, 0, len(is))
		for _, i := range is {
			if id := pr.places[i].ID; !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		slices.Sort(out)
		return out
	}
	other := func(pr *Prepared, is []int, not string) (int, bool) {
		j := -1
		for _, i := range is {
			if pr.places[i].ID == not || (j >= 0 && pr.places[j].ID == pr.places[i].ID) {
				continue
			}
			if j >= 0 {
				return -1, false
			}
			j = i
		}
		return j, j >= 0
	}
	parted := func(pr *Prepared, i int, kept graph.Municipality, why string) Result {
		p := pr.places[i]
		return Result{Place: p, Known: true,
			How:     fmt.Sprintf("%s; the other end of the link is %s (%s): %s", pr.how[i], kept.Name, kept.ID, why),
			Warning: fmt.Sprintf("%q at both ends of a link: taken as %s (%s) and %s (%s), %s", pr.q.Name, kept.Name, kept.ID, p.Name, p.ID, why)}
	}
	switch {
	case placedA:
		if j, ok := other(b, nb, a.places[na[0]].ID); ok {
			return ra, parted(b, j, a.places[na[0]], "the only other German place of the name"), true
		}
		if r, ok := b.notThis(nb, a.places[na[0]], hb); ok && unresolved {
			return ra, r, true
		}
	case placedB:
		if j, ok := other(a, na, b.places[nb[0]].ID); ok {
			return parted(a, j, b.places[nb[0]], "the only other German place of the name"), rb, true
		}
		if r, ok := a.notThis(na, b.places[nb[0]], ha); ok && unresolved {
			return r, rb, true
		}
	default:
		// Neither end placed: where the name has one or two German
		// places, the link is determined whichever end is which.
		sa, sb := ids(a, na), ids(b, nb)
		if !slices.Equal(sa, sb) {
			break
		}
		const why = "the two German places of the name (which end is which is not said)"
		if !slices.Contains(sa, ra.Place.ID) { // both ends unresolved: a takes the first
			if len(sa) != 2 {
				break
			}
			i := slices.IndexFunc(na, func(i int) bool { return a.places[i].ID == sa[0] })
			j := slices.IndexFunc(nb, func(j int) bool { return b.places[j].ID == sa[1] })
			return parted(a, na[i], b.places[nb[j]], why), parted(b, nb[j], a.places[na[i]], why), true
		}
		if len(sa) == 2 {
			if j, ok := other(b, nb, ra.Place.ID); ok {
				return ra, parted(b, j, ra.Place, why), true
			}
		}
	}
	return ra, rb, false
}

// notThis returns the unresolved place for an end of a link that is not
// kept, the place the other end is, when the end's name has no other
// German place or several (is: its candidates).
func (pr *Prepared) notThis(is []int, kept graph.Municipality, h Hints) (Result, bool) {
	if h.HasCoords {
		return Result{}, false
	}
	slug := gazetteer.PlaceSlug(pr.q.Name)
	if slug == "" {
		return Result{}, false
	}
	var others []int
	for _, i := range is {
		if pr.places[i].ID != kept.ID {
			others = append(others, i)
		}
	}
	m := graph.Municipality{Name: pr.q.Name, Country: "DE", Level: LevelUnresolved}
	if is == nil { // the row's population excludes every municipality of the name
		m.ID = "DE:" + slug + markUnresolved
		return Result{Place: m,
			How: fmt.Sprintf("unresolved: the other end of the link is %s (%s), and the row's population, %s, is off by a factor %.0f or more from every municipality named %q: a place of its own",
				kept.Name, kept.ID, gazetteer.Thousands(h.Population), PopulationExclude, pr.q.Name),
			Warning: fmt.Sprintf("%q at both ends of a link; one with %s inhabitants, which is none of %s: imported as %s without AGS or Land (a village?); an alias file can attach it",
				pr.q.Name, gazetteer.Thousands(h.Population), describe(pr.cands, indexes(len(pr.cands))), m.ID)}, true
	}
	if len(others) == 0 {
		m.ID = "DE:" + slug + markUnresolved
		return Result{Place: m,
			How: fmt.Sprintf("unresolved: the other end of the link is %s (%s), the only municipality named %q: this one is a place of its own", kept.Name, kept.ID, pr.q.Name),
			Warning: fmt.Sprintf("%q at both ends of a link, and only %s (%s) is a municipality of the name: the other is imported as %s without AGS or Land (a village?); an alias file can attach it",
				pr.q.Name, kept.Name, kept.ID, m.ID)}, true
	}
	m.ID = "DE:" + slug + markAmbiguous
	return Result{Place: m,
		How: fmt.Sprintf("unresolved: the other end of the link is %s (%s); %d other municipalities are named %q and nothing chooses: a place of its own", kept.Name, kept.ID, len(others), pr.q.Name),
		Warning: fmt.Sprintf("%q at both ends of a link: one is %s (%s), the other is ambiguous (%s): imported without AGS or Land; an alias file can attach it",
			pr.q.Name, kept.Name, kept.ID, describe(pr.cands, others))}, true
}
