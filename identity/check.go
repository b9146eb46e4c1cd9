package identity

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// Suspect is a place a check doubts: a pair of ids that look like one
// place, coordinates far from where the reference data puts the place, or
// a German place the reference data could not place (Unresolved).
type Suspect struct {
	Kind    string  `json:"kind"` // "duplicate", "coordinates" or "unresolved"
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	OtherID string  `json:"otherId,omitempty"` // the other place of a duplicate
	Other   string  `json:"other,omitempty"`
	Km      float64 `json:"km"`     // distance between the two, or from the reference's position
	Reason  string  `json:"reason"` // for the user
}

// DuplicateKm is how close two places of one country with one name must
// be for Check to suspect they are one.
const DuplicateKm = 5.0

// Check lists suspected duplicates (two places of one country and level,
// under DuplicateKm apart, whose names are one name once folded and
// stripped of qualifiers and words such as "Municipality" or "City of")
// and suspected wrong coordinates (a place the directory or the world
// gazetteer knows, stored more than Radius km from where they put it),
// and lists the unresolved German places with their candidates. ref may
// be nil: then coordinates are not checked and no candidates are named.
func Check(nodes []graph.Municipality, ref *Reference) []Suspect {
	out := duplicates(nodes)
	if ref != nil {
		out = append(out, farCoordinates(nodes, ref)...)
	}
	return append(out, unresolvedPlaces(nodes, ref)...)
}

// unresolvedPlaces lists the German places the reference data could not
// place (UnresolvedKind), with the municipalities their names may mean,
// so that an alias file can attach each: "DE:senden~ambiguous~pl-koronowo;
// DE:05558044".
func unresolvedPlaces(nodes []graph.Municipality, ref *Reference) []Suspect {
	var out []Suspect
	for i := range nodes {
		m := &nodes[i]
		kind := UnresolvedKind(m.ID)
		if kind == "" {
			continue
		}
		cands := ""
		if ref != nil {
			cands = ref.Candidates(m.Name)
		}
		var reason string
		switch {
		case kind == "ambiguous" && cands != "":
			reason = fmt.Sprintf("%s: ambiguous: candidates %s; an alias file (%s;ID) attaches it", m.ID, cands, m.ID)
		case cands != "":
			reason = fmt.Sprintf("%s: not placed: the municipalities of the name (%s) are taken by the other end of its link, or it is a village or a former municipality; an alias file (%s;ID) attaches it", m.ID, cands, m.ID)
		default:
			reason = fmt.Sprintf("%s: not a municipality of the directory (a former municipality, a village?); an alias file (%s;ID) attaches it to its municipality", m.ID, m.ID)
		}
		out = append(out, Suspect{Kind: "unresolved", ID: m.ID, Name: m.Name, Reason: reason})
	}
	return out
}

// BaseName folds a name without its qualifier and administrative words:
// "Setagaya (Tokyo)", "Setagaya, Tokyo", "Setagaya City" -> "setagaya".
func BaseName(n string) string {
	if i := strings.IndexAny(n, "(,"); i > 0 {
		n = n[:i]
	}
	n = strings.TrimSpace(n)
	if t, ok := stripAdmin(n); ok {
		n = t
	}
	return gazetteer.PlaceSlug(n)
}

func duplicates(nodes []graph.Municipality) []Suspect {
	type entry struct {
		i    int
		base string
	}
	byCountry := map[string][]entry{}
	for i := range nodes {
		m := &nodes[i]
		if m.HasCoords {
			byCountry[m.Country] = append(byCountry[m.Country], entry{i, BaseName(m.Name)})
		}
	}
	var out []Suspect
	for _, c := range slices.Sorted(maps.Keys(byCountry)) {
		es := byCountry[c]
		slices.SortFunc(es, func(a, b entry) int { return strings.Compare(a.base, b.base) })
		for j := 0; j < len(es); j++ {
			for k := j + 1; k < len(es) && es[k].base == es[j].base; k++ {
				a, b := &nodes[es[j].i], &nodes[es[k].i]
				if a.Level != b.Level {
					continue
				}
				if km := gazetteer.Distance(a.Lat, a.Lon, b.Lat, b.Lon); km < DuplicateKm {
					if b.ID < a.ID {
						a, b = b, a
					}
					out = append(out, Suspect{Kind: "duplicate", ID: a.ID, Name: a.Name, OtherID: b.ID, Other: b.Name, Km: km,
						Reason: fmt.Sprintf("%s and %s are %.1f km apart in %s with one name: one place? (an alias file can merge them)", a.ID, b.ID, km, c)})
				}
			}
		}
	}
	return out
}

func farCoordinates(nodes []graph.Municipality, ref *Reference) []Suspect {
	w, err := ref.World()
	var out []Suspect
	for i := range nodes {
		m := &nodes[i]
		if !m.HasCoords {
			continue
		}
		var lat, lon float64
		var from string
		switch {
		case m.Country == "DE" && m.AGS != "" && m.ID == "DE:"+m.AGS:
			g, ok := ref.dir.ByAGS(m.AGS)
			if !ok {
				continue
			}
			lat, lon, from = g.Lat, g.Lon, "the directory"
		case err == nil:
			wi, ok := w.ByID(m.ID)
			if !ok {
				continue
			}
			lat, lon = w.Coords(wi)
			from = "the world gazetteer"
		default:
			continue
		}
		if km := gazetteer.Distance(m.Lat, m.Lon, lat, lon); km > Radius {
			out = append(out, Suspect{Kind: "coordinates", ID: m.ID, Name: m.Name, Km: km,
				Reason: fmt.Sprintf("%s is stored at %.4f,%.4f, %.0f km from where %s puts it (%.4f,%.4f)", m.ID, m.Lat, m.Lon, km, from, lat, lon)})
		}
	}
	return out
}
