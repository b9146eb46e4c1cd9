// Package export writes the partnership graph, or a part of it, in the
// formats the tools people already use can open:
//
//   - GraphML (Gephi, yEd, Cytoscape, NetworkX, igraph) and GEXF 1.3 (Gephi,
//     with dates for its timeline): every layer in one graph, with a "type"
//     on every node (municipality, network, organisation) and edge
//     (partnership, membership, orglink) and the name as label;
//   - GeoJSON (QGIS, ogr2ogr): places as points and partnerships as lines, in
//     two files, since one layer holds one geometry type;
//   - CSV (Excel, LibreOffice, R, pandas): one table per layer, for German
//     Excel by default (UTF-8 with BOM, semicolons, decimal commas, formula
//     cells neutralised) or plain RFC 4180.
//
// The writers stream: they take the graph as sequences (Graph) and hold one
// record at a time, so their memory does not grow with the graph.
package export

import (
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/suggest"
)

// Graph is what an export writes, as sequences that the writers walk once,
// in this order: places, networks, organisations, partnerships,
// memberships, links to organisations. A nil sequence is empty.
//
// The caller keeps it consistent: every end of a partnership, membership or
// link to an organisation is among Places, Networks or Organisations
// (GraphML and GEXF readers reject edges to unknown nodes). Slices.Graph
// does that for a graph held in slices.
type Graph struct {
	Places        iter.Seq[*graph.Municipality]
	Networks      iter.Seq[*graph.Network]
	Organisations iter.Seq[*graph.Organisation]
	Partnerships  iter.Seq[*graph.Partnership]
	Memberships   iter.Seq[*graph.Membership]
	OrgLinks      iter.Seq[*graph.OrgLink]

	// Place, Network and Organisation look a node up by id, for the names
	// and coordinates of link ends in the CSV tables and on the map; nil or
	// a nil result means unknown (the id is written without a name).
	Place        func(id string) *graph.Municipality
	Network      func(id string) *graph.Network
	Organisation func(id string) *graph.Organisation

	// PlaceType and LinkType are the "type" attribute of the places and
	// partnerships in GraphML and GEXF; empty means TypeMunicipality and
	// TypePartnership (the actors layer gives TypeActor and
	// TypeCooperation).
	PlaceType, LinkType string

	// Sizes, when the producer knows them, say how many records the
	// sequences yield (for response headers and messages); the writers do
	// not use them.
	Sizes Sizes
}

// Sizes counts the records of a Graph.
type Sizes struct {
	Places, Networks, Organisations, Partnerships, Memberships, OrgLinks int
}

func walk[T any](seq iter.Seq[T], f func(T) error) error {
	if seq == nil {
		return nil
	}
	var err error
	seq(func(x T) bool {
		err = f(x)
		return err == nil
	})
	return err
}

func (g *Graph) place(id string) *graph.Municipality {
	if g.Place == nil {
		return nil
	}
	return g.Place(id)
}

func (g *Graph) networkName(id string) string {
	if g.Network != nil {
		if n := g.Network(id); n != nil {
			return n.Name
		}
	}
	return ""
}

func (g *Graph) organisationName(id string) string {
	if g.Organisation != nil {
		if o := g.Organisation(id); o != nil {
			return o.Name
		}
	}
	return ""
}

// Format is an export format.
type Format string

// The export formats.
const (
	GraphML          Format = "graphml"          // every layer, one graph
	GEXF             Format = "gexf"             // every layer, one graph, with a timeline
	GeoJSONPlaces    Format = "geojson-places"   // places as points
	GeoJSONLinks     Format = "geojson-links"    // partnerships as lines
	CSVPartnerships  Format = "csv-partnerships" // one row per partnership
	CSVPlaces        Format = "csv-places"       // one row per place
	CSVMemberships   Format = "csv-memberships"  // one row per network membership
	CSVOrganisations Format = "csv-orglinks"     // one row per link to an international organisation
)

// Formats lists the formats in a stable order.
func Formats() []Format {
	return []Format{GraphML, GEXF, GeoJSONPlaces, GeoJSONLinks, CSVPartnerships, CSVPlaces, CSVMemberships, CSVOrganisations}
}

// aliases are the names of earlier releases that still work.
var aliases = map[string]Format{"csv": CSVPartnerships, "csvnodes": CSVPlaces}

// ParseFormat reads a format name (any case). An unknown name is an error
// that lists the formats and suggests the nearest. Errors: EINVALID.
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for _, f := range Formats() {
		if Format(name) == f {
			return f, nil
		}
	}
	if f, ok := aliases[name]; ok {
		return f, nil
	}
	names := make([]string, 0, len(Formats()))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	msg := fmt.Sprintf("unknown export format %q", s)
	if name == "geojson" {
		msg += " (places and links are two layers: geojson-places or geojson-links)"
	} else {
		msg += suggest.DidYouMean(name, names)
	}
	return "", graph.Errorf(graph.EINVALID, "%s; want one of %s", msg, strings.Join(names, ", "))
}

// ContentType returns the media type of the format.
func (f Format) ContentType() string {
	switch f {
	case GraphML:
		return "application/graphml+xml; charset=utf-8"
	case GEXF:
		return "application/gexf+xml; charset=utf-8"
	case GeoJSONPlaces, GeoJSONLinks:
		return "application/geo+json"
	}
	return "text/csv; charset=utf-8"
}

// Ext returns the file name extension, with the dot: ".csv", ".geojson".
func (f Format) Ext() string {
	h := f.Holds()
	return h[strings.LastIndexByte(h, '.'):]
}

// Holds says what a file of the format holds, as its name ends:
// "partnerships.csv", "places.geojson", "graph.gexf".
func (f Format) Holds() string {
	switch f {
	case GraphML:
		return "graph.graphml"
	case GEXF:
		return "graph.gexf"
	case GeoJSONPlaces:
		return "places.geojson"
	case GeoJSONLinks:
		return "partnerships.geojson"
	case CSVPartnerships:
		return "partnerships.csv"
	case CSVPlaces:
		return "places.csv"
	case CSVMemberships:
		return "memberships.csv"
	case CSVOrganisations:
		return "organisation-links.csv"
	}
	return string(f)
}

// FileName is the name of a file of format f about subject (e.g. "DE-UA",
// "Mannheim-depth-2", "all"): "citygraph_DE-UA_partnerships.csv". Characters
// that are not letters, digits, '-' or '.' in subject become '-'.
func FileName(subject string, f Format) string {
	var b strings.Builder
	for _, r := range subject {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-.")
	if s == "" {
		s = "all"
	}
	return "citygraph_" + s + "_" + f.Holds()
}

// Options tune a format.
type Options struct {
	// CSV is the dialect of the CSV tables; the zero value is Excel.
	CSV Dialect
}

// Write writes g to w in format f.
func Write(w io.Writer, f Format, g Graph, o Options) error {
	switch f {
	case GraphML:
		return WriteGraphML(w, g)
	case GEXF:
		return WriteGEXF(w, g)
	case GeoJSONPlaces:
		return WriteGeoJSONPlaces(w, g)
	case GeoJSONLinks:
		return WriteGeoJSONLinks(w, g)
	case CSVPartnerships:
		return WritePartnershipsCSV(w, g, o.CSV)
	case CSVPlaces:
		return WritePlacesCSV(w, g, o.CSV)
	case CSVMemberships:
		return WriteMembershipsCSV(w, g, o.CSV)
	case CSVOrganisations:
		return WriteOrgLinksCSV(w, g, o.CSV)
	}
	return graph.Errorf(graph.EINVALID, "unknown export format %q", f)
}

// Node types and edge types of GraphML and GEXF (attribute "type").
const (
	TypeMunicipality = "municipality"
	TypeNetwork      = "network"
	TypeOrganisation = "organisation"
	TypePartnership  = "partnership"
	TypeMembership   = "membership"
	TypeOrgLink      = "orglink"
	TypeActor        = "actor"       // a local actor, as a place of the actors layer
	TypeCooperation  = "cooperation" // a cooperation, as a link of the actors layer
)

// NetworkNodeID and OrganisationNodeID are the node ids of networks and
// organisations in GraphML and GEXF ("network:eurocities"); municipalities
// keep their ids ("DE:08222000").
func NetworkNodeID(id string) string { return "network:" + id }

// OrganisationNodeID: see NetworkNodeID.
func OrganisationNodeID(id string) string { return "organisation:" + id }

func itoa0(i int) string {
	if i == 0 {
		return ""
	}
	return strconv.Itoa(i)
}

func coord(m *graph.Municipality, v float64) string {
	if !m.HasCoords {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func errWrite(format string, err error) error {
	return fmt.Errorf("export %s: %w", format, err)
}
