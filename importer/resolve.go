package importer

import (
	"fmt"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// endSpec names the columns that describe one end of a link.
type endSpec struct {
	name, country, state, lat, lon field
	// defaultCountry is used when the country cell is empty or absent;
	// "" makes an empty country cell a problem.
	defaultCountry string
}

// endKey identifies a resolution: the cells of one end as read.
type endKey struct{ name, country, state, lat, lon string }

// clone copies the cells of a key: a cell keeps its whole line alive.
func (k endKey) clone() endKey {
	return endKey{strings.Clone(k.name), strings.Clone(k.country), strings.Clone(k.state), strings.Clone(k.lat), strings.Clone(k.lon)}
}

// endRes is a cached resolution: the municipality, or the problem.
type endRes struct {
	m      graph.Municipality
	german bool
	col    field // the column of the problem
	msg    string
}

type countryRes struct {
	code, region string
	ok           bool
}

// country resolves a country cell, cached.
func (ru *run) country(cell string) countryRes {
	if c, ok := ru.countries[cell]; ok {
		return c
	}
	var c countryRes
	cell = strings.Clone(cell) // a cell keeps its whole line alive
	c.code, c.region, c.ok = ru.im.countries.Resolve(cell)
	ru.countries[cell] = c
	return c
}

// end is one resolved end of a row: the cached resolution and, for a
// foreign place, the coordinates this row gives.
type end struct {
	res       *endRes
	lat, lon  float64
	hasCoords bool
}

// resolve finds the municipality one end of a row names, or files the
// problem and returns ok false. Resolutions are cached per distinct cells;
// coordinates are part of the key only for German places, where they pick
// among same-named municipalities.
func (ru *run) resolve(s endSpec) (end, bool) {
	k := endKey{name: ru.cell(s.name), country: ru.cell(s.country), state: ru.cell(s.state)}
	if k.country == "" {
		k.country = s.defaultCountry
	}
	lat, lon := ru.cell(s.lat), ru.cell(s.lon)
	c := ru.country(k.country)
	german := c.ok && c.code == "DE"
	if german {
		k.lat, k.lon = lat, lon
	}
	e, ok := ru.ends[k]
	if !ok {
		k = k.clone()
		e = ru.resolveNew(k, s, c)
		ru.ends[k] = e
	}
	if e.msg != "" {
		ru.problem(e.col, e.msg)
		return end{}, false
	}
	out := end{res: e}
	if !german && (lat != "" || lon != "") {
		var err error
		if out.lat, err = parseCoord(lat, 90); err != nil {
			ru.problem(s.lat, "latitude: "+err.Error())
			return end{}, false
		}
		if out.lon, err = parseCoord(lon, 180); err != nil {
			ru.problem(s.lon, "longitude: "+err.Error())
			return end{}, false
		}
		out.hasCoords = true
	}
	return out, true
}

// resolveNew resolves the cells k of one end whose country cell reads as c.
func (ru *run) resolveNew(k endKey, s endSpec, c countryRes) *endRes {
	e := &endRes{}
	bad := func(f field, format string, args ...any) *endRes {
		e.col, e.msg = f, fmt.Sprintf(format, args...)
		return e
	}
	if k.name == "" {
		return bad(s.name, "empty name")
	}
	if k.country == "" {
		return bad(s.country, "empty country")
	}
	if !c.ok {
		return bad(s.country, "unknown country %q (want a name in German or English, or an ISO 3166-1 code)", k.country)
	}
	if c.code != "DE" {
		id := gazetteer.ForeignID(c.code, k.name, c.region)
		if strings.HasSuffix(id, ":") || strings.Contains(id, ":~") {
			return bad(s.name, "name %q has no letters or digits", k.name)
		}
		e.m = graph.Municipality{ID: id, Name: k.name, Country: c.code, Region: c.region}
		return e
	}
	var lat, lon float64
	hasCoords := false
	if k.lat != "" || k.lon != "" {
		var err error
		if lat, err = parseCoord(k.lat, 90); err != nil {
			return bad(s.lat, "latitude: %v", err)
		}
		if lon, err = parseCoord(k.lon, 180); err != nil {
			return bad(s.lon, "longitude: %v", err)
		}
		hasCoords = true
	}
	state := k.state
	if state == "" && c.region != "" {
		if code, ok := gazetteer.StateCode(c.region); ok {
			state = code
		}
	}
	if state != "" {
		if _, ok := gazetteer.StateCode(state); !ok {
			return bad(s.state, "unknown Land %q (want a name such as Bayern or Bavaria, or a code such as BY or DE-BY)", state)
		}
	}
	dir := ru.im.dir
	e.german = true
	if _, urban, ok := gazetteer.KreisName(k.name); ok { // "Landkreis Esslingen"
		kr, err := dir.ResolveKreis(k.name, state, urban)
		if err != nil {
			return bad(s.name, "%s", graph.ErrorMessage(err))
		}
		e.m = ru.kreis(kr)
		return e
	}
	g, err := dir.Resolve(k.name, state, lat, lon, hasCoords)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		// A Kreis named without its marker: "Emsland", "Vulkaneifel".
		if kr, kerr := dir.ResolveKreis(k.name, state, false); kerr == nil &&
			(!hasCoords || gazetteer.Distance(lat, lon, kr.Lat, kr.Lon) <= 2*gazetteer.Radius) {
			e.m = ru.kreis(kr)
			return e
		}
	}
	if err != nil {
		return bad(s.name, "%s", graph.ErrorMessage(err))
	}
	e.m = dir.Municipality(g)
	return e
}

// kreis returns the node for a Kreis: its city for a kreisfreie Stadt.
func (ru *run) kreis(k gazetteer.Kreis) graph.Municipality {
	if g, ok := ru.im.dir.CityOfKreis(k); ok {
		return ru.im.dir.Municipality(g)
	}
	return ru.im.dir.KreisMunicipality(k)
}
