package gazetteer

import (
	"fmt"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

// Kreis is a German district (Landkreis, Kreis, Regionalverband) or a city
// that is its own district (Kreisfreie Stadt, Stadtkreis), built from the
// municipalities the directory lists in it.
type Kreis struct {
	Code       string  // 5-digit Kreisschlüssel, e.g. "08116"
	Name       string  // as Destatis gives it: "Esslingen", "Heidelberg, Stadtkreis"
	NamePlain  string  // without the status: "Esslingen", "Heidelberg"
	Type       string  // Landkreis, Kreis, Kreisfreie Stadt, Stadtkreis, Regionalverband
	State      string  // ISO 3166-2
	Population int     // sum over its municipalities
	Lat, Lon   float64 // population-weighted centre of its municipalities
	Area       float64 // km²
}

// Urban reports whether the Kreis is a city in its own right (Kreisfreie
// Stadt, Stadtkreis): then it is one municipality.
func (k Kreis) Urban() bool { return k.Type == "Kreisfreie Stadt" || k.Type == "Stadtkreis" }

// Title returns the name to show: "Landkreis Esslingen", "Kreis Steinburg",
// "Rhein-Neckar-Kreis", "Region Hannover", "Heidelberg".
func (k Kreis) Title() string {
	f := Fold(k.NamePlain)
	if k.Urban() || strings.Contains(f, "kreis") || strings.HasPrefix(f, "region") || strings.HasPrefix(f, "staedteregion") ||
		strings.HasPrefix(f, "regionalverband") || strings.HasPrefix(f, "landkreis") {
		return k.NamePlain
	}
	return k.Type + " " + k.NamePlain
}

func (d *Directory) buildKreise() {
	byCode := map[string]int{}
	var wLat, wLon []float64
	for _, g := range d.all {
		i, ok := byCode[g.KreisCode]
		if !ok {
			i = len(d.kreise)
			byCode[g.KreisCode] = i
			plain, _, _ := strings.Cut(g.Kreis, ",")
			d.kreise = append(d.kreise, Kreis{Code: g.KreisCode, Name: g.Kreis, NamePlain: strings.TrimSpace(plain),
				Type: g.KreisType, State: g.State})
			wLat, wLon = append(wLat, 0), append(wLon, 0)
		}
		k := &d.kreise[i]
		k.Population += g.Population
		k.Area += g.Area
		wLat[i] += g.Lat * float64(g.Population)
		wLon[i] += g.Lon * float64(g.Population)
	}
	d.kreisKeys = make(map[string][]int32, 4*len(d.kreise))
	for i := range d.kreise {
		k := &d.kreise[i]
		if k.Population > 0 {
			k.Lat, k.Lon = wLat[i]/float64(k.Population), wLon[i]/float64(k.Population)
		}
		for _, n := range []string{k.NamePlain, k.Title()} {
			for _, key := range dirKeys(n) {
				put(d.kreisKeys, key, int32(i))
				// "Main-Taunus-Kreis" is also "Main-Taunus (district)".
				if t, ok := strings.CutSuffix(key, " kreis"); ok && !k.Urban() {
					put(d.kreisKeys, t, int32(i))
				}
			}
		}
	}
}

// Kreise returns every Kreis, ordered by code. The slice is the
// directory's own; do not modify it.
func (d *Directory) Kreise() []Kreis { return d.kreise }

// KreisName reports whether a name marks itself as a Kreis ("Landkreis
// Esslingen", "Kreis Steinburg", "Esslingen (Landkreis)", "LK Esslingen",
// "Stadtkreis Heidelberg", "Rhein-Neckar-Kreis") and returns the name
// without the marker and whether the marker asks for a city (Stadtkreis,
// kreisfreie Stadt).
func KreisName(name string) (plain string, urban, ok bool) {
	f := Fold(name)
	for _, p := range []struct {
		marker string
		urban  bool
	}{{"landkreis ", false}, {"kreis ", false}, {"lk ", false}, {"lkr ", false}, {"district of ", false},
		{"stadtkreis ", true}, {"kreisfreie stadt ", true}} {
		if t, found := strings.CutPrefix(f, p.marker); found && t != "" {
			return t, p.urban, true
		}
	}
	for _, p := range []struct {
		marker string
		urban  bool
	}{{" landkreis", false}, {" lk", false}, {" district", false},
		{" stadtkreis", true}, {" kreisfreie stadt", true}} {
		if t, found := strings.CutSuffix(f, p.marker); found && t != "" {
			return t, p.urban, true
		}
	}
	if f == "landkreis" || f == "kreis" || f == "stadtkreis" {
		return "", false, false
	}
	if strings.HasSuffix(f, "kreis") || strings.HasPrefix(f, "region ") || strings.HasPrefix(f, "staedteregion ") || strings.HasPrefix(f, "regionalverband ") {
		return f, false, true // Rhein-Neckar-Kreis, Ostalbkreis, Region Hannover
	}
	return "", false, false
}

// ResolveKreis finds the Kreis a name means ("Landkreis Esslingen",
// "Esslingen", "Rhein-Neckar-Kreis"), within the Land state if given.
// urban selects kreisfreie Städte and Stadtkreise, otherwise the other
// Kreise are searched.
//
// Errors: EINVALID for an unknown Land or an ambiguous name, ENOTFOUND.
func (d *Directory) ResolveKreis(name, state string, urban bool) (Kreis, error) {
	const op = "resolve Kreis"
	code, where, err := landFilter(op, state)
	if err != nil {
		return Kreis{}, err
	}
	q := name
	if plain, u, ok := KreisName(name); ok {
		q, urban = plain, u
	}
	cands := candidates(d.kreisKeys, q, func(i int32) bool {
		k := &d.kreise[i]
		return (code == "" || k.State == code) && k.Urban() == urban
	})
	return pickOne(op, "Kreis", name, where, d.kreise, cands, func(k Kreis) string {
		return fmt.Sprintf("%s (%s, %s)", k.Title(), k.State, k.Code)
	})
}

// CityOfKreis returns the municipality of a kreisfreie Stadt or Stadtkreis.
func (d *Directory) CityOfKreis(k Kreis) (Gemeinde, bool) {
	if !k.Urban() {
		return Gemeinde{}, false
	}
	for _, g := range d.all {
		if g.KreisCode == k.Code {
			return g, true
		}
	}
	return Gemeinde{}, false
}

// KreisMunicipality returns a Kreis as a graph node: ID "DE:"+Code (five
// digits, so never an AGS), Level "Kreis".
func (d *Directory) KreisMunicipality(k Kreis) graph.Municipality {
	m := graph.Municipality{
		ID:         "DE:" + k.Code,
		Name:       k.Title(),
		Country:    "DE",
		State:      k.State,
		KreisCode:  k.Code,
		Kreis:      k.Name,
		Population: k.Population,
		Lat:        k.Lat,
		Lon:        k.Lon,
		HasCoords:  k.Population > 0,
		Level:      "Kreis",
	}
	if m.Name != k.Name {
		m.AltNames = []string{k.Name}
	}
	return m
}
