// Package export writes a subgraph of the partnership graph in the formats
// the tools people already use can open: GraphML (yEd, Gephi, NetworkX,
// igraph), GEXF 1.3 (Gephi, with link dates for its timeline), GeoJSON
// (QGIS: places as points, links as lines between them) and CSV (two
// tables: links and places).
package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

// Graph is what an export writes: places and the links between them. Links
// whose ends are not among Nodes are still written (GraphML and GEXF readers
// would reject them, so the writers add the missing ends as bare nodes).
type Graph struct {
	Nodes []graph.Municipality
	Links []graph.Partnership
}

// Format is an export format.
type Format string

// The export formats.
const (
	GraphML  Format = "graphml"
	GEXF     Format = "gexf"
	GeoJSON  Format = "geojson"
	CSV      Format = "csv"      // the links table
	CSVNodes Format = "csvnodes" // the places table
)

// Formats lists the formats in a stable order.
func Formats() []Format { return []Format{GraphML, GEXF, GeoJSON, CSV, CSVNodes} }

// ParseFormat reads a format name (any case). Errors: EINVALID.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, g := range Formats() {
		if f == g {
			return f, nil
		}
	}
	return "", graph.Errorf(graph.EINVALID, "unknown export format %q (want graphml, gexf, geojson, csv or csvnodes)", s)
}

// ContentType returns the media type of the format.
func (f Format) ContentType() string {
	switch f {
	case GraphML:
		return "application/graphml+xml; charset=utf-8"
	case GEXF:
		return "application/gexf+xml; charset=utf-8"
	case GeoJSON:
		return "application/geo+json"
	}
	return "text/csv; charset=utf-8"
}

// Ext returns the usual file name extension, with the dot.
func (f Format) Ext() string {
	switch f {
	case CSV, CSVNodes:
		return ".csv"
	}
	return "." + string(f)
}

// Write writes g to w in format f.
func Write(w io.Writer, f Format, g Graph) error {
	switch f {
	case GraphML:
		return WriteGraphML(w, g)
	case GEXF:
		return WriteGEXF(w, g)
	case GeoJSON:
		return WriteGeoJSON(w, g)
	case CSV:
		return WriteLinksCSV(w, g)
	case CSVNodes:
		return WriteNodesCSV(w, g)
	}
	return graph.Errorf(graph.EINVALID, "unknown export format %q", f)
}

// complete returns the nodes of g plus a bare node for every link end that
// is not among them, and an index from id to position.
func complete(g Graph) ([]graph.Municipality, map[string]int) {
	nodes := g.Nodes
	idx := make(map[string]int, len(nodes))
	for i, n := range nodes {
		idx[n.ID] = i
	}
	for _, l := range g.Links {
		for _, id := range [2]string{l.A, l.B} {
			if _, ok := idx[id]; !ok {
				if len(nodes) == len(g.Nodes) {
					nodes = append([]graph.Municipality(nil), nodes...)
				}
				idx[id] = len(nodes)
				nodes = append(nodes, graph.Municipality{ID: id, Name: id})
			}
		}
	}
	return nodes, idx
}

// status is the stored status of l or, without one, ENDED when it has an
// until date and ACTIVE otherwise.
func status(l graph.Partnership) graph.Status {
	if l.Status != "" {
		return l.Status
	}
	if !l.Until.IsZero() {
		return graph.StatusEnded
	}
	return graph.StatusActive
}

func itoa0(i int) string {
	if i == 0 {
		return ""
	}
	return strconv.Itoa(i)
}

func coord(m graph.Municipality, v float64) string {
	if !m.HasCoords {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func errWrite(format string, err error) error {
	return fmt.Errorf("export %s: %w", format, err)
}
