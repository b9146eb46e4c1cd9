package export

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

// attr describes one attribute of nodes or edges.
type attr struct {
	id, name, typ string
	val           func(any) string
}

func nodeAttrs() []attr {
	m := func(f func(graph.Municipality) string) func(any) string {
		return func(v any) string { return f(v.(graph.Municipality)) }
	}
	return []attr{
		{"name", "name", "string", m(func(x graph.Municipality) string { return x.Name })},
		{"country", "country", "string", m(func(x graph.Municipality) string { return x.Country })},
		{"state", "state", "string", m(func(x graph.Municipality) string { return x.State })},
		{"region", "region", "string", m(func(x graph.Municipality) string { return x.Region })},
		{"ags", "ags", "string", m(func(x graph.Municipality) string { return x.AGS })},
		{"kreis", "kreis", "string", m(func(x graph.Municipality) string { return x.Kreis })},
		{"population", "population", "int", m(func(x graph.Municipality) string { return itoa0(x.Population) })},
		{"lat", "lat", "double", m(func(x graph.Municipality) string { return coord(x, x.Lat) })},
		{"lon", "lon", "double", m(func(x graph.Municipality) string { return coord(x, x.Lon) })},
		{"level", "level", "string", m(func(x graph.Municipality) string { return x.Level })},
	}
}

func edgeAttrs() []attr {
	p := func(f func(graph.Partnership) string) func(any) string {
		return func(v any) string { return f(v.(graph.Partnership)) }
	}
	return []attr{
		{"kind", "kind", "string", p(func(x graph.Partnership) string { return string(x.Kind) })},
		{"since", "since", "string", p(func(x graph.Partnership) string { return x.Since.String() })},
		{"until", "until", "string", p(func(x graph.Partnership) string { return x.Until.String() })},
		{"status", "status", "string", p(func(x graph.Partnership) string { return string(status(x)) })},
		{"topics", "topics", "string", p(func(x graph.Partnership) string { return strings.Join(x.Topics, ";") })},
	}
}

// GraphML document (http://graphml.graphdrawing.org/).
type graphML struct {
	XMLName xml.Name   `xml:"graphml"`
	XMLNS   string     `xml:"xmlns,attr"`
	Keys    []gmlKey   `xml:"key"`
	Graph   gmlGraphEl `xml:"graph"`
}

type gmlKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type gmlGraphEl struct {
	ID          string    `xml:"id,attr"`
	EdgeDefault string    `xml:"edgedefault,attr"`
	Nodes       []gmlNode `xml:"node"`
	Edges       []gmlEdge `xml:"edge"`
}

type gmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type gmlNode struct {
	ID   string    `xml:"id,attr"`
	Data []gmlData `xml:"data"`
}

type gmlEdge struct {
	ID     string    `xml:"id,attr"`
	Source string    `xml:"source,attr"`
	Target string    `xml:"target,attr"`
	Data   []gmlData `xml:"data"`
}

// WriteGraphML writes g as an undirected GraphML graph: node ids are
// municipality ids, attributes name, country, state, region, ags, kreis,
// population, lat, lon, level on nodes (keys prefixed "n_") and kind, since,
// until, status, topics on edges (prefixed "e_"). Empty values are left
// out.
func WriteGraphML(w io.Writer, g Graph) error {
	nodes, _ := complete(g)
	na, ea := nodeAttrs(), edgeAttrs()
	doc := graphML{XMLNS: "http://graphml.graphdrawing.org/xmlns", Graph: gmlGraphEl{ID: "citygraph", EdgeDefault: "undirected"}}
	for _, a := range na {
		doc.Keys = append(doc.Keys, gmlKey{ID: "n_" + a.id, For: "node", Name: a.name, Type: a.typ})
	}
	for _, a := range ea {
		doc.Keys = append(doc.Keys, gmlKey{ID: "e_" + a.id, For: "edge", Name: a.name, Type: a.typ})
	}
	for _, n := range nodes {
		el := gmlNode{ID: n.ID}
		for _, a := range na {
			if v := a.val(n); v != "" {
				el.Data = append(el.Data, gmlData{Key: "n_" + a.id, Value: v})
			}
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, el)
	}
	for i, l := range g.Links {
		el := gmlEdge{ID: "e" + strconv.Itoa(i), Source: l.A, Target: l.B}
		for _, a := range ea {
			if v := a.val(l); v != "" {
				el.Data = append(el.Data, gmlData{Key: "e_" + a.id, Value: v})
			}
		}
		doc.Graph.Edges = append(doc.Graph.Edges, el)
	}
	return writeXML(w, "graphml", doc)
}

// GEXF 1.3 document (https://gexf.net/).
type gexfDoc struct {
	XMLName xml.Name  `xml:"gexf"`
	XMLNS   string    `xml:"xmlns,attr"`
	Version string    `xml:"version,attr"`
	Meta    gexfMeta  `xml:"meta"`
	Graph   gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	Creator     string `xml:"creator"`
	Description string `xml:"description"`
}

type gexfGraph struct {
	Mode            string      `xml:"mode,attr"`
	DefaultEdgeType string      `xml:"defaultedgetype,attr"`
	TimeFormat      string      `xml:"timeformat,attr"`
	Attributes      []gexfAttrs `xml:"attributes"`
	Nodes           []gexfNode  `xml:"nodes>node"`
	Edges           []gexfEdge  `xml:"edges>edge"`
}

type gexfAttrs struct {
	Class string     `xml:"class,attr"`
	Attrs []gexfAttr `xml:"attribute"`
}

type gexfAttr struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfNode struct {
	ID     string      `xml:"id,attr"`
	Label  string      `xml:"label,attr"`
	Values []gexfValue `xml:"attvalues>attvalue,omitempty"`
}

type gexfEdge struct {
	ID     string      `xml:"id,attr"`
	Source string      `xml:"source,attr"`
	Target string      `xml:"target,attr"`
	Label  string      `xml:"label,attr,omitempty"`
	Start  string      `xml:"start,attr,omitempty"`
	End    string      `xml:"end,attr,omitempty"`
	Values []gexfValue `xml:"attvalues>attvalue,omitempty"`
}

// firstDay writes a date of any precision as the day it begins, as GEXF's
// "date" time format wants it; "" when unknown.
func firstDay(d graph.Date) string {
	if d.IsZero() {
		return ""
	}
	m, day := max(d.Month, 1), max(d.Day, 1)
	return graph.NewDate(d.Year, m, day).String()
}

// WriteGEXF writes g as an undirected GEXF 1.3 graph in dynamic mode: every
// link with a known since (until) date starts (ends) then, so Gephi's
// timeline can replay the network; dates of year or month precision mean
// their first day. Node labels are names; attributes as in WriteGraphML.
func WriteGEXF(w io.Writer, g Graph) error {
	nodes, _ := complete(g)
	na, ea := nodeAttrs(), edgeAttrs()
	doc := gexfDoc{XMLNS: "http://gexf.net/1.3", Version: "1.3",
		Meta:  gexfMeta{Creator: "citygraph", Description: "municipal partnerships"},
		Graph: gexfGraph{Mode: "dynamic", DefaultEdgeType: "undirected", TimeFormat: "date"}}
	nodeCls, edgeCls := gexfAttrs{Class: "node"}, gexfAttrs{Class: "edge"}
	for _, a := range na {
		if a.id == "name" {
			continue // the label
		}
		nodeCls.Attrs = append(nodeCls.Attrs, gexfAttr{ID: a.id, Title: a.name, Type: a.typ})
	}
	for _, a := range ea {
		edgeCls.Attrs = append(edgeCls.Attrs, gexfAttr{ID: a.id, Title: a.name, Type: a.typ})
	}
	doc.Graph.Attributes = []gexfAttrs{nodeCls, edgeCls}
	for _, n := range nodes {
		el := gexfNode{ID: n.ID, Label: n.Name}
		for _, a := range na {
			if a.id == "name" {
				continue
			}
			if v := a.val(n); v != "" {
				el.Values = append(el.Values, gexfValue{For: a.id, Value: v})
			}
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, el)
	}
	for i, l := range g.Links {
		el := gexfEdge{ID: "e" + strconv.Itoa(i), Source: l.A, Target: l.B, Label: string(l.Kind),
			Start: firstDay(l.Since), End: firstDay(l.Until)}
		for _, a := range ea {
			if v := a.val(l); v != "" {
				el.Values = append(el.Values, gexfValue{For: a.id, Value: v})
			}
		}
		doc.Graph.Edges = append(doc.Graph.Edges, el)
	}
	return writeXML(w, "gexf", doc)
}

func writeXML(w io.Writer, format string, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return errWrite(format, err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return errWrite(format, err)
	}
	if err := enc.Close(); err != nil {
		return errWrite(format, err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return errWrite(format, err)
	}
	return nil
}
