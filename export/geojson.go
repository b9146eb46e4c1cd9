package export

import (
	"encoding/json"
	"io"
	"strings"
)

type featureCollection struct {
	Type     string    `json:"type"`
	Features []feature `json:"features"`
	// Citygraph says what could not be drawn for want of coordinates (a
	// foreign member, which GeoJSON readers ignore).
	Citygraph geoInfo `json:"citygraph"`
}

type geoInfo struct {
	Nodes                   int `json:"nodes"`
	Links                   int `json:"links"`
	NodesWithoutCoordinates int `json:"nodesWithoutCoordinates"`
	LinksWithoutCoordinates int `json:"linksWithoutCoordinates"`
}

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

// WriteGeoJSON writes g as a GeoJSON FeatureCollection (RFC 7946): one
// Point per place with coordinates (properties kind "city", id, name,
// country, state, population), then one LineString per link whose two ends
// have coordinates (properties kind "link", source, target, their names,
// partnership kind, since, until, status, topics). Coordinates are
// [longitude, latitude]. The member "citygraph" counts what had no
// coordinates and was left out.
func WriteGeoJSON(w io.Writer, g Graph) error {
	nodes, idx := complete(g)
	fc := featureCollection{Type: "FeatureCollection", Features: []feature{},
		Citygraph: geoInfo{Nodes: len(nodes), Links: len(g.Links)}}
	for _, n := range nodes {
		if !n.HasCoords {
			fc.Citygraph.NodesWithoutCoordinates++
			continue
		}
		props := map[string]any{"kind": "city", "id": n.ID, "name": n.Name, "country": n.Country}
		if n.State != "" {
			props["state"] = n.State
		}
		if n.Population > 0 {
			props["population"] = n.Population
		}
		fc.Features = append(fc.Features, feature{Type: "Feature", ID: n.ID,
			Geometry: geometry{Type: "Point", Coordinates: [2]float64{n.Lon, n.Lat}}, Properties: props})
	}
	for _, l := range g.Links {
		a, b := nodes[idx[l.A]], nodes[idx[l.B]]
		if !a.HasCoords || !b.HasCoords {
			fc.Citygraph.LinksWithoutCoordinates++
			continue
		}
		props := map[string]any{"kind": "link", "source": l.A, "target": l.B, "sourceName": a.Name, "targetName": b.Name,
			"partnershipKind": string(l.Kind), "status": string(status(l))}
		if !l.Since.IsZero() {
			props["since"] = l.Since.String()
		}
		if !l.Until.IsZero() {
			props["until"] = l.Until.String()
		}
		if len(l.Topics) > 0 {
			props["topics"] = strings.Join(l.Topics, ";")
		}
		fc.Features = append(fc.Features, feature{Type: "Feature", ID: l.Key(),
			Geometry:   geometry{Type: "LineString", Coordinates: [][2]float64{{a.Lon, a.Lat}, {b.Lon, b.Lat}}},
			Properties: props})
	}
	enc := json.NewEncoder(w)
	if err := enc.Encode(fc); err != nil {
		return errWrite("geojson", err)
	}
	return nil
}
