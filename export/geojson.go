package export

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

type feature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Geometry   geometry       `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// geoInfo says what could not be drawn for want of coordinates: a foreign
// member "citygraph" after the features, which GeoJSON readers ignore.
type geoInfo struct {
	Features       int    `json:"features"`
	WithoutCoords  int    `json:"withoutCoordinates"`
	LeftOutBecause string `json:"leftOutBecause,omitempty"`
}

// featureWriter streams a FeatureCollection one feature at a time.
type featureWriter struct {
	bw    *bufio.Writer
	enc   *json.Encoder
	n     int
	info  geoInfo
	props map[string]any
}

func newFeatureWriter(w io.Writer) *featureWriter {
	bw := bufio.NewWriter(w)
	_, _ = bw.WriteString(`{"type":"FeatureCollection","features":[`)
	return &featureWriter{bw: bw, enc: json.NewEncoder(bw), props: map[string]any{}}
}

// add writes one feature; props is reused by the caller after the call.
func (fw *featureWriter) add(id string, geom geometry, props map[string]any) error {
	if fw.n > 0 {
		if err := fw.bw.WriteByte(','); err != nil {
			return err
		}
	}
	fw.n++
	return fw.enc.Encode(feature{Type: "Feature", ID: id, Geometry: geom, Properties: props})
}

func (fw *featureWriter) close(format string, err error) error {
	if err == nil {
		fw.info.Features = fw.n
		_, _ = fw.bw.WriteString(`],"citygraph":`)
		if err = fw.enc.Encode(fw.info); err == nil {
			_, _ = fw.bw.WriteString("}\n")
			err = fw.bw.Flush()
		}
	}
	if err != nil {
		return errWrite(format, err)
	}
	return nil
}

// props returns the writer's property map, emptied, for the next feature.
func (fw *featureWriter) reset() map[string]any {
	clear(fw.props)
	return fw.props
}

func setIf(m map[string]any, k, v string) {
	if v != "" {
		m[k] = v
	}
}

// WriteGeoJSONPlaces writes the places of g that have coordinates as a
// GeoJSON FeatureCollection (RFC 7946) of Points, [longitude, latitude],
// with properties id, name, country, state, kreis, ags, population,
// level. QGIS opens it as a point layer; `ogr2ogr -f GPKG` writes it to a
// GeoPackage. The member "citygraph" counts the places left out for want of
// coordinates.
func WriteGeoJSONPlaces(w io.Writer, g Graph) error {
	fw := newFeatureWriter(w)
	err := walk(g.Places, func(n *graph.Municipality) error {
		if !n.HasCoords {
			fw.info.WithoutCoords++
			return nil
		}
		p := fw.reset()
		p["id"], p["name"], p["country"] = n.ID, n.Name, n.Country
		setIf(p, "state", n.State)
		setIf(p, "kreis", n.Kreis)
		setIf(p, "ags", n.AGS)
		setIf(p, "level", n.Level)
		if n.Population > 0 {
			p["population"] = n.Population
		}
		if n.GeoNamesID > 0 {
			p["geonames_id"] = n.GeoNamesID
		}
		setIf(p, "wikidata", n.Wikidata)
		return fw.add(n.ID, geometry{Type: "Point", Coordinates: [2]float64{n.Lon, n.Lat}}, p)
	})
	if fw.info.WithoutCoords > 0 {
		fw.info.LeftOutBecause = "places without coordinates"
	}
	return fw.close("geojson", err)
}

// WriteGeoJSONLinks writes the partnerships of g whose two ends have
// coordinates as a GeoJSON FeatureCollection of LineStrings from one end to
// the other, with properties source, target, sourceName, targetName,
// sourceCountry, targetCountry, kind, since, until, status, topics (joined
// by "|"). QGIS opens it as a line layer. The member "citygraph" counts the
// links left out because an end has no coordinates.
func WriteGeoJSONLinks(w io.Writer, g Graph) error {
	fw := newFeatureWriter(w)
	err := walk(g.Partnerships, func(l *graph.Partnership) error {
		a, b := g.place(l.A), g.place(l.B)
		if a == nil || b == nil || !a.HasCoords || !b.HasCoords {
			fw.info.WithoutCoords++
			return nil
		}
		p := fw.reset()
		p["source"], p["target"], p["sourceName"], p["targetName"] = l.A, l.B, a.Name, b.Name
		p["sourceCountry"], p["targetCountry"] = a.Country, b.Country
		p["kind"], p["status"] = string(l.Kind), string(l.CurrentStatus())
		setIf(p, "since", l.Since.String())
		setIf(p, "until", l.Until.String())
		setIf(p, "topics", strings.Join(l.Topics, "|"))
		return fw.add(l.Key(), geometry{Type: "LineString", Coordinates: [2][2]float64{{a.Lon, a.Lat}, {b.Lon, b.Lat}}}, p)
	})
	if fw.info.WithoutCoords > 0 {
		fw.info.LeftOutBecause = "partnerships with an end without coordinates"
	}
	return fw.close("geojson", err)
}
