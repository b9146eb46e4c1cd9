package gazetteer

import (
	"fmt"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

// Verband is a German Gemeindeverband as the directory lists it: an Amt
// (Schleswig-Holstein, Brandenburg, Mecklenburg-Vorpommern), a
// Samtgemeinde (Niedersachsen), a Verbandsgemeinde (Rheinland-Pfalz,
// Sachsen-Anhalt), a Verwaltungsgemeinschaft or a Verwaltungsverband.
type Verband struct {
	ARS        string   // 9-digit Regionalschlüssel of the Verband
	Name       string   // as Destatis gives it: "Eschenbach i.d.OPf. (VGem)"
	NamePlain  string   // without the marker: "Eschenbach i.d.OPf."
	Type       string   // Amt, Samtgemeinde, Verbandsgemeinde, Verwaltungsgemeinschaft, ...
	State      string   // ISO 3166-2
	KreisCode  string   // 5 digits
	Kreis      string   // Kreis name
	Members    []string // AGS of its municipalities
	Population int      // sum over its municipalities
	Lat, Lon   float64  // population-weighted centre of its municipalities
}

// Title returns the name to show: "Samtgemeinde Bodenwerder-Polle".
func (v Verband) Title() string { return v.Type + " " + v.NamePlain }

// verbandLevel reports whether a directory type is a Verband of its own
// (not "verbandsfreie Gemeinde" nor an "erfüllende Gemeinde", which is a
// municipality doing the work for others).
func verbandLevel(t string) bool {
	switch t {
	case "", "verbandsfreie Gemeinde", "Erfuellende Gemeinde":
		return false
	}
	return true
}

// verbandPlain cuts the markers Destatis writes into Verband names.
func verbandPlain(name string) string {
	n := strings.TrimSpace(name)
	for _, s := range []string{" (VGem)", " (VG)"} {
		n = strings.TrimSuffix(n, s)
	}
	for _, p := range []string{"GVV ", "VVG der Stadt ", "VVG der Gemeinde ", "VVG "} {
		n = strings.TrimPrefix(n, p)
	}
	if plain, _, ok := strings.Cut(n, ", "); ok {
		n = plain
	}
	return strings.TrimSpace(n)
}

func (d *Directory) buildVerbaende() {
	byARS := map[string]int{}
	for _, g := range d.all {
		if !verbandLevel(g.VerbandType) {
			continue
		}
		i, ok := byARS[g.VerbandARS]
		if !ok {
			i = len(d.verbaende)
			byARS[g.VerbandARS] = i
			d.verbaende = append(d.verbaende, Verband{ARS: g.VerbandARS, Name: g.VerbandName, NamePlain: verbandPlain(g.VerbandName),
				Type: g.VerbandType, State: g.State, KreisCode: g.KreisCode, Kreis: g.Kreis})
		}
		v := &d.verbaende[i]
		v.Members = append(v.Members, g.AGS)
		v.Lat += g.Lat * float64(g.Population)
		v.Lon += g.Lon * float64(g.Population)
		v.Population += g.Population
	}
	d.verbandKeys = make(map[string][]int32, 2*len(d.verbaende))
	for i := range d.verbaende {
		v := &d.verbaende[i]
		if v.Population > 0 {
			v.Lat, v.Lon = v.Lat/float64(v.Population), v.Lon/float64(v.Population)
		}
		for _, k := range dirKeys(v.NamePlain) {
			put(d.verbandKeys, k, int32(i))
		}
	}
}

// Verbaende returns every Gemeindeverband, in directory order. The slice is
// the directory's own; do not modify it.
func (d *Directory) Verbaende() []Verband { return d.verbaende }

// VerbandName reports whether a name marks itself as a Gemeindeverband
// ("Verbandsgemeinde Maifeld", "VG Maifeld", "Samtgemeinde Uelsen", "SG
// Uelsen", "Amt Breitenburg", "Uelsen (Samtgemeinde)", "VGem Rain") and
// returns the name without the marker and the type it asks for.
func VerbandName(name string) (plain, typ string, ok bool) {
	f := Fold(name)
	markers := []struct{ marker, typ string }{
		{"verbandsgemeinde", "Verbandsgemeinde"}, {"vg", "Verbandsgemeinde"}, {"verbgem", "Verbandsgemeinde"},
		{"samtgemeinde", "Samtgemeinde"}, {"sg", "Samtgemeinde"}, {"amt", "Amt"},
		{"verwaltungsgemeinschaft", "Verwaltungsgemeinschaft"}, {"vgem", "Verwaltungsgemeinschaft"},
		{"gemeindeverwaltungsverband", "Verwaltungsverband"}, {"gvv", "Verwaltungsverband"},
		{"verwaltungsverband", "Verwaltungsverband"},
	}
	for _, m := range markers {
		if t, found := strings.CutPrefix(f, m.marker+" "); found && t != "" {
			return t, m.typ, true
		}
		if t, found := strings.CutSuffix(f, " "+m.marker); found && t != "" && len(m.marker) > 3 {
			return t, m.typ, true
		}
	}
	return "", "", false
}

// ResolveVerband finds the Gemeindeverband a name means, of type typ when
// not empty, within the Land state when not empty.
//
// Errors: EINVALID for an ambiguous name, ENOTFOUND.
func (d *Directory) ResolveVerband(name, typ, state string) (Verband, error) {
	const op = "resolve Gemeindeverband"
	q := name
	if plain, t, ok := VerbandName(name); ok {
		q, typ = plain, t
	}
	cands := candidates(d.verbandKeys, q, func(i int32) bool {
		v := &d.verbaende[i]
		return (state == "" || v.State == state) && (typ == "" || v.Type == typ)
	})
	return pickOne(op, "Gemeindeverband", name, "", d.verbaende, cands, func(v Verband) string {
		return fmt.Sprintf("%s (%s, %s, %s)", v.Title(), v.Kreis, v.State, v.ARS)
	})
}

// VerbandMunicipality returns a Verband as a graph node: ID "DE:"+ARS
// (nine digits), Level its type.
func (d *Directory) VerbandMunicipality(v Verband) graph.Municipality {
	m := graph.Municipality{
		ID:         "DE:" + v.ARS,
		Name:       v.Title(),
		Country:    "DE",
		State:      v.State,
		KreisCode:  v.KreisCode,
		Kreis:      v.Kreis,
		Population: v.Population,
		Lat:        v.Lat,
		Lon:        v.Lon,
		HasCoords:  v.Population > 0,
		Level:      v.Type,
	}
	if v.Name != m.Name {
		m.AltNames = []string{v.Name}
	}
	return m
}
