package identity

import (
	"fmt"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// A German name of a link that the reference data cannot place, without
// coordinates, is still imported, as a place of its own whose id says so:
//
//   - DE:finthen~unresolved: no municipality of the directory bears the
//     name and the world gazetteer does not place it (a former
//     municipality, a village); one place per name (and Land, if given),
//     as a foreign place the gazetteer does not know;
//   - DE:senden~ambiguous~pl-koronowo: several municipalities bear the name
//     and nothing in the row chooses (two Sendens of about one size); one
//     place per name and partner, since the rows that name Senden may mean
//     either Senden, and merging them would merge two places 500 km apart.
//
// Such a place has no AGS, no Land and Level LevelUnresolved, so coverage
// does not count it; the identity report and Check list it with its
// candidates, and an alias file (id;same_as) attaches it to the place a
// researcher finds it is.
const (
	markUnresolved = "~unresolved"
	markAmbiguous  = "~ambiguous"
	// LevelUnresolved is the level of a German place the reference data
	// cannot place.
	LevelUnresolved = "unresolved"
)

// UnresolvedKind tells whether id is that of an unresolved German place:
// "ambiguous" (several municipalities bear its name), "unresolved" (none
// does), or "" for any other id.
func UnresolvedKind(id string) string {
	if !strings.HasPrefix(id, "DE:") {
		return ""
	}
	switch {
	case strings.Contains(id, markAmbiguous):
		return "ambiguous"
	case strings.Contains(id, markUnresolved):
		return "unresolved"
	}
	return ""
}

// Unresolved returns the place of its own for a German name that Choose
// placed nowhere, when the row gives no coordinates: no municipality of
// the name, or several of about one size and nothing to choose. ok is
// false for any other query. An ambiguous place's id ends in
// "~ambiguous"; the caller adds its partner (ForPartner).
func (pr *Prepared) Unresolved(h Hints) (Result, bool) {
	if !pr.german || h.HasCoords || pr.fixed || pr.dir == nil {
		return Result{}, false
	}
	slug := gazetteer.PlaceSlug(pr.q.Name)
	if slug == "" {
		return Result{}, false
	}
	where := ""
	if pr.state != "" {
		where = "~" + strings.ToLower(strings.TrimPrefix(pr.state, "DE-"))
	}
	m := graph.Municipality{Name: pr.q.Name, Country: "DE", Level: LevelUnresolved}
	if pr.problem != nil {
		if graph.ErrorCode(pr.problem) != graph.ENOTFOUND {
			return Result{}, false
		}
		if res, ok := pr.villageByGazetteer(); ok {
			return res, true
		}
		m.ID = "DE:" + slug + markUnresolved + where
		return Result{Place: m,
			How: fmt.Sprintf("unresolved: no municipality of the directory is named %q, and the world gazetteer places no German place of the name in one municipality: a place of its own", pr.q.Name),
			Warning: fmt.Sprintf("%q is not a German municipality (a former one, a village?): imported as %s without AGS or Land; an alias file (id;same_as) can attach it to its municipality",
				pr.q.Name, m.ID)}, true
	}
	tied := pr.tied()
	if len(tied) < 2 {
		return Result{}, false
	}
	m.ID = "DE:" + slug + where + markAmbiguous
	return Result{Place: m,
		How: fmt.Sprintf("unresolved: %d municipalities are named %q and the row says nothing that chooses (no Land, coordinates or fitting population): a place of its own", len(tied), pr.q.Name),
		Warning: fmt.Sprintf("%q is ambiguous (%s): imported without AGS or Land; an alias file (id;same_as) can attach it to the one it is",
			pr.q.Name, describe(pr.cands, tied))}, true
}

// tied returns the candidates a name leaves tied without coordinates.
func (pr *Prepared) tied() []int {
	rk := Rank(pr.cands, false, gazetteer.Radius)
	if rk.Winner >= 0 {
		return []int{rk.Winner}
	}
	return rk.Tied
}

// ForPartner returns the id of an ambiguous place (UnresolvedKind
// "ambiguous") as one end of a link with the place partner: the id and
// the partner's, so that the rows naming an ambiguous "Senden" with
// different partners do not merge (either Senden may be meant), while two
// sources naming the same pair meet. Any other id is returned as it is.
func ForPartner(id, partner string) string {
	if UnresolvedKind(id) != "ambiguous" || !strings.HasSuffix(id, markAmbiguous) {
		return id
	}
	p := strings.TrimSuffix(partner, markAmbiguous) // an ambiguous partner: its name
	p = strings.ToLower(strings.ReplaceAll(p, ":", "-"))
	return id + "~" + p
}

// Candidates describes the German places an unresolved place's name may
// mean, for Check and the identity report: "Senden (Coesfeld, DE-NW, AGS
// 05558044, pop. 20,495); Senden (Neu-Ulm, DE-BY, ...)", or "" when none.
func (r *Reference) Candidates(name string) string {
	pr, err := r.Prepare(Query{Name: name, Country: "DE"})
	if err != nil || len(pr.cands) == 0 {
		return ""
	}
	return describe(pr.cands, indexes(len(pr.cands)))
}

// villageByGazetteer places a German name the directory does not know by
// the coordinates the world gazetteer gives it, as a row's coordinates
// would (byCoords): when every German place of the name there (in the
// Land, if given) is one place near a boundary, it is that village of its
// own, DE:mylau~14523260 (the nearest municipality's AGS), the id the
// same row gets with its coordinates. byGazetteer has already taken the
// names whose places lie within one municipality.
func (pr *Prepared) villageByGazetteer() (Result, bool) {
	res, ok := pr.gazetteerPlacing()
	return res, ok && !res.Known
}
