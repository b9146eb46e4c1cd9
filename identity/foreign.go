package identity

import (
	"fmt"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// nameForm is one way to read a name cell: the place's name and a
// qualifier (a region, or the city a district belongs to).
type nameForm struct{ name, qual string }

// nameForms returns the readings of a name cell, the whole name first:
// "Cleveland, Ohio" -> Cleveland in Ohio; "Setagaya (Tokyo)" -> Setagaya
// in Tokyo; "Tokyo – Setagaya" -> Setagaya in Tokyo, or Tokyo in
// Setagaya.
func nameForms(s string) []nameForm {
	forms := []nameForm{{name: s}}
	if a, b, ok := strings.Cut(s, ","); ok {
		forms = append(forms, nameForm{strings.TrimSpace(a), strings.TrimSpace(b)})
	}
	if a, b, ok := cutParens(s); ok {
		forms = append(forms, nameForm{a, b})
	}
	for _, sep := range []string{" – ", " — ", " - ", "–", "/"} {
		if a, b, ok := strings.Cut(s, sep); ok && strings.TrimSpace(a) != "" && strings.TrimSpace(b) != "" {
			a, b = strings.TrimSpace(a), strings.TrimSpace(b)
			forms = append(forms, nameForm{b, a}, nameForm{a, b})
			break
		}
	}
	if t, ok := stripAdmin(s); ok {
		forms = append(forms, nameForm{name: t})
	}
	return slices.DeleteFunc(forms, func(f nameForm) bool { return f.name == "" })
}

// stripAdmin drops the word that makes a town's name its municipality's
// ("Vejle Municipality", "Vejle Kommune", "City of Yokohama", "Gmina
// Kłodzko"): twin-town lists name either for one partner.
func stripAdmin(s string) (string, bool) {
	for _, suf := range []string{" Municipality", " municipality", " Kommune", " kommun", " Kommun", " City", " city", " Town", " Commune", " District", " Urban District"} {
		if t, ok := strings.CutSuffix(s, suf); ok && t != "" {
			return t, true
		}
	}
	for _, pre := range []string{"Municipality of ", "City of ", "Town of ", "Gmina ", "Commune of ", "Comune di ", "Ville de ", "Stadt "} {
		if t, ok := strings.CutPrefix(s, pre); ok && t != "" {
			return t, true
		}
	}
	return "", false
}

// prepareForeign finds the places of the world gazetteer a name may mean
// in the countries (and regions) the country cell allows.
func (r *Reference) prepareForeign(pr *Prepared, opts []countryOption) error {
	w, err := r.World()
	if err != nil {
		return err
	}
	q := pr.q
	for _, f := range nameForms(q.Name) {
		for _, i := range w.Search(f.name) {
			p := w.Place(i)
			if !allowed(w, i, p, opts) || (f.qual != "" && !r.qualifies(w, p, f.qual)) {
				continue
			}
			quality, main := w.Match(i, f.name)
			how := fmt.Sprintf("%s is a name of %s", f.name, p)
			if main {
				how = p.String()
			}
			if f.qual != "" {
				how += " in " + f.qual
			}
			pr.cands = append(pr.cands, Candidate{Ref: i, Quality: quality, Main: main, Population: p.Population, Km: -1, Label: p.String() + " " + p.ID})
			pr.places = append(pr.places, worldMunicipality(p, q.Name))
			pr.how = append(pr.how, how)
		}
		if len(pr.cands) > 0 {
			return nil
		}
	}
	if len(opts) > 1 {
		var codes []string
		for _, o := range opts {
			codes = append(codes, strings.TrimSpace(o.code+" "+o.region))
		}
		return &Problem{"country", graph.Errorf(graph.EINVALID,
			"country %q may be %s, and %q is in the gazetteer in none of them: give today's country", q.Country, strings.Join(codes, ", "), q.Name)}
	}
	pr.unknown = r.unknownPlace(w, q.Name, opts[0])
	if pr.unknown.ID == "" {
		return &Problem{"name", graph.Errorf(graph.EINVALID, "name %q has no letters or digits", q.Name)}
	}
	return nil
}

// allowed reports whether place p (index i) is in one of the countries
// and regions the country cell allows.
func allowed(w *gazetteer.World, i int32, p gazetteer.WorldPlace, opts []countryOption) bool {
	for _, o := range opts {
		if p.Country != o.code {
			continue
		}
		if o.region == "" {
			return true
		}
		for _, rg := range w.Regions(o.region, o.code) {
			if w.InRegion(i, rg) {
				return true
			}
		}
		if len(w.Regions(o.region, o.code)) == 0 {
			return true // a region the gazetteer does not know ("Wales" is one): no filter
		}
	}
	return false
}

// qualifies reports whether a qualifier fits place p: its region
// ("Ohio", "Northern Ireland", "Tokyo") or a place of that name within
// Radius km (the city of a district).
func (r *Reference) qualifies(w *gazetteer.World, p gazetteer.WorldPlace, qual string) bool {
	for _, rg := range w.Regions(qual, p.Country) {
		if rg == p.Region {
			return true
		}
	}
	if m, ok := r.countries.Lookup(qual); ok && m.Code == p.Country {
		return true // "Belfast, United Kingdom"
	}
	for _, j := range w.Search(qual) {
		if w.Country(j) != p.Country {
			continue
		}
		lat, lon := w.Coords(j)
		if gazetteer.Distance(lat, lon, p.Lat, p.Lon) <= Radius {
			return true
		}
	}
	return false
}

// worldMunicipality returns a world place as a graph node; name is the
// spelling the input used, kept as another name.
func worldMunicipality(p gazetteer.WorldPlace, name string) graph.Municipality {
	m := graph.Municipality{ID: p.ID, Name: p.Name, Country: p.Country, Region: p.Region.Name,
		Population: p.Population, Lat: p.Lat, Lon: p.Lon, HasCoords: true, GeoNamesID: p.GeoNameID}
	// GeoNames writes some main names without their letters (Chisinau):
	// the input's spelling of the same name, with them, is kept.
	if name != p.Name && !ascii(name) && ascii(p.Name) && sharesKey(gazetteer.NameKeys(name), gazetteer.NameKeys(p.Name)) {
		m.Name = name
		m.AltNames = []string{p.Name}
		return m
	}
	if name != p.Name {
		m.AltNames = []string{name}
	}
	return m
}

// unknownPlace returns the node for a place the gazetteer does not know:
// an id from the folded name (and the region, when the name or the cell
// gives one), kept apart from the gazetteer's ids.
func (r *Reference) unknownPlace(w *gazetteer.World, name string, o countryOption) graph.Municipality {
	region := o.region
	plain := name
	for _, f := range nameForms(name)[1:] {
		if len(w.Regions(f.qual, o.code)) > 0 {
			plain, region = f.name, f.qual
			break
		}
	}
	id := gazetteer.UnknownPlaceID(o.code, plain, region)
	if strings.HasSuffix(id, ":") || strings.Contains(id, ":~") {
		return graph.Municipality{}
	}
	if _, taken := w.ByID(id); taken {
		id += "~unlisted" // a gazetteer place of this name exists and is not this one
	}
	return graph.Municipality{ID: id, Name: plain, Country: o.code, Region: region}
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
