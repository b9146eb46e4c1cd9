package gazetteer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

// Borough is a Bezirk of Berlin or Hamburg: a place of its own below the
// city (its partnerships count for the city in coverage).
type Borough struct {
	ID       string   // "DE:11000000-04": the city's AGS and the Bezirk's number
	Name     string   // "Charlottenburg-Wilmersdorf", "Hamburg-Nord"
	CityAGS  string   // "11000000" (Berlin), "02000000" (Hamburg)
	City     string   // "Berlin", "Hamburg"
	State    string   // DE-BE, DE-HH
	Former   []string // the former boroughs it joined (Berlin, 2001) or other names
	Lat, Lon float64  // approximate centre
}

// boroughTable lists the 12 Bezirke of Berlin (since 2001, with the 23
// former boroughs they joined) and the 7 Bezirke of Hamburg, numbered as
// the cities number them. Compiled by hand; the centres are approximate
// (about 1 km).
var boroughTable = []Borough{
	{ID: "DE:11000000-01", Name: "Mitte", Former: []string{"Tiergarten", "Wedding"}, Lat: 52.5310, Lon: 13.3600},
	{ID: "DE:11000000-02", Name: "Friedrichshain-Kreuzberg", Former: []string{"Friedrichshain", "Kreuzberg"}, Lat: 52.5020, Lon: 13.4330},
	{ID: "DE:11000000-03", Name: "Pankow", Former: []string{"Prenzlauer Berg", "Weißensee"}, Lat: 52.5970, Lon: 13.4350},
	{ID: "DE:11000000-04", Name: "Charlottenburg-Wilmersdorf", Former: []string{"Charlottenburg", "Wilmersdorf"}, Lat: 52.5000, Lon: 13.2830},
	{ID: "DE:11000000-05", Name: "Spandau", Lat: 52.5350, Lon: 13.1980},
	{ID: "DE:11000000-06", Name: "Steglitz-Zehlendorf", Former: []string{"Steglitz", "Zehlendorf"}, Lat: 52.4350, Lon: 13.2400},
	{ID: "DE:11000000-07", Name: "Tempelhof-Schöneberg", Former: []string{"Tempelhof", "Schöneberg"}, Lat: 52.4700, Lon: 13.3850},
	{ID: "DE:11000000-08", Name: "Neukölln", Lat: 52.4400, Lon: 13.4450},
	{ID: "DE:11000000-09", Name: "Treptow-Köpenick", Former: []string{"Treptow", "Köpenick"}, Lat: 52.4200, Lon: 13.5850},
	{ID: "DE:11000000-10", Name: "Marzahn-Hellersdorf", Former: []string{"Marzahn", "Hellersdorf"}, Lat: 52.5300, Lon: 13.5800},
	{ID: "DE:11000000-11", Name: "Lichtenberg", Former: []string{"Hohenschönhausen"}, Lat: 52.5300, Lon: 13.4950},
	{ID: "DE:11000000-12", Name: "Reinickendorf", Lat: 52.6050, Lon: 13.2950},
	{ID: "DE:02000000-1", Name: "Hamburg-Mitte", Lat: 53.5500, Lon: 10.0200},
	{ID: "DE:02000000-2", Name: "Altona", Lat: 53.5700, Lon: 9.8600},
	{ID: "DE:02000000-3", Name: "Eimsbüttel", Lat: 53.6000, Lon: 9.9300},
	{ID: "DE:02000000-4", Name: "Hamburg-Nord", Lat: 53.6100, Lon: 10.0200},
	{ID: "DE:02000000-5", Name: "Wandsbek", Lat: 53.6000, Lon: 10.1300},
	{ID: "DE:02000000-6", Name: "Bergedorf", Lat: 53.4800, Lon: 10.2200},
	{ID: "DE:02000000-7", Name: "Harburg", Lat: 53.4600, Lon: 9.9300},
}

func (d *Directory) buildBoroughs() {
	d.boroughs = slices.Clone(boroughTable)
	d.boroughKey = map[string][]int32{}
	for i := range d.boroughs {
		b := &d.boroughs[i]
		b.CityAGS, _, _ = strings.Cut(strings.TrimPrefix(b.ID, "DE:"), "-")
		b.City, b.State = "Berlin", "DE-BE"
		if b.CityAGS == "02000000" {
			b.City, b.State = "Hamburg", "DE-HH"
		}
		names := append([]string{b.Name}, b.Former...)
		short := strings.TrimPrefix(b.Name, "Hamburg-")
		for _, n := range append(names, short) {
			for _, q := range []string{n, b.City + "-" + n, b.City + " " + n, n + " (" + b.City + ")", "Bezirk " + n} {
				for _, k := range dirKeys(q) {
					put(d.boroughKey, k, int32(i))
				}
			}
		}
	}
}

// Boroughs returns the Bezirke of Berlin and Hamburg. The slice is the
// directory's own; do not modify it.
func (d *Directory) Boroughs() []Borough { return d.boroughs }

// BoroughsNamed returns the boroughs a name means: "Charlottenburg-
// Wilmersdorf", "Berlin-Mitte", "Mitte (Berlin)", "Hamburg-Altona",
// "Altona", "Kreuzberg" (a former borough), within the Land state if
// given.
func (d *Directory) BoroughsNamed(name, state string) []Borough {
	var out []Borough
	for _, i := range candidates(d.boroughKey, name, func(i int32) bool { return state == "" || d.boroughs[i].State == state }) {
		out = append(out, d.boroughs[i])
	}
	return out
}

// BoroughMunicipality returns a borough as a graph node: Level "Bezirk",
// with its city's AGS, Land and Kreis, so that coverage counts its links
// for the city.
func (d *Directory) BoroughMunicipality(b Borough) graph.Municipality {
	city, _ := d.ByAGS(b.CityAGS)
	m := graph.Municipality{
		ID:        b.ID,
		Name:      b.Name,
		Country:   "DE",
		AGS:       b.CityAGS,
		State:     b.State,
		KreisCode: city.KreisCode,
		Kreis:     city.Kreis,
		Lat:       b.Lat,
		Lon:       b.Lon,
		HasCoords: true,
		Level:     "Bezirk",
	}
	if !strings.HasPrefix(b.Name, b.City) {
		m.AltNames = []string{fmt.Sprintf("%s-%s", b.City, b.Name)}
	}
	return m
}
