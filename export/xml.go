package export

import (
	"cmp"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

// attr is one attribute of nodes or edges: its id (also its name), its
// GraphML type and its GEXF 1.3 type.
type attr struct {
	id, graphml, gexf string
}

// kv is one attribute value of a node or edge; empty values are left out.
type kv struct{ key, val string }

// The attributes of nodes and edges, in the order they are declared. The
// name is the node's label (GraphML key "label", GEXF attribute label).
var (
	nodeAttrs = []attr{
		{"type", "string", "string"}, {"country", "string", "string"}, {"state", "string", "string"},
		{"region", "string", "string"}, {"ags", "string", "string"}, {"kreis", "string", "string"},
		{"population", "int", "integer"}, {"lat", "double", "double"}, {"lon", "double", "double"},
		{"level", "string", "string"}, {"geonames_id", "long", "long"}, {"wikidata", "string", "string"},
	}
	edgeAttrs = []attr{
		{"type", "string", "string"}, {"kind", "string", "string"}, {"since", "string", "string"},
		{"until", "string", "string"}, {"status", "string", "string"}, {"topics", "string", "string"},
		{"role", "string", "string"}, {"topic", "string", "string"},
	}
)

// node is one node of any layer, as both XML writers see it.
type node struct {
	id, label string
	attrs     []kv
}

// edge is one edge of any layer.
type edge struct {
	source, target, label string
	since, until          graph.Date
	attrs                 []kv
}

// walkNodes calls f for every node of every layer: places, networks,
// organisations. The node passed is reused between calls.
func walkNodes(g *Graph, f func(*node) error) error {
	var n node
	placeType := cmp.Or(g.PlaceType, TypeMunicipality)
	err := walk(g.Places, func(m *graph.Municipality) error {
		n = node{id: m.ID, label: m.Name, attrs: append(n.attrs[:0],
			kv{"type", placeType}, kv{"country", m.Country}, kv{"state", m.State}, kv{"region", m.Region},
			kv{"ags", m.AGS}, kv{"kreis", m.Kreis}, kv{"population", itoa0(m.Population)},
			kv{"lat", coord(m, m.Lat)}, kv{"lon", coord(m, m.Lon)}, kv{"level", m.Level},
			kv{"geonames_id", itoa0(int(m.GeoNamesID))}, kv{"wikidata", m.Wikidata})}
		return f(&n)
	})
	if err != nil {
		return err
	}
	err = walk(g.Networks, func(x *graph.Network) error {
		n = node{id: NetworkNodeID(x.ID), label: x.Name, attrs: append(n.attrs[:0], kv{"type", TypeNetwork})}
		return f(&n)
	})
	if err != nil {
		return err
	}
	return walk(g.Organisations, func(x *graph.Organisation) error {
		n = node{id: OrganisationNodeID(x.ID), label: x.Name, attrs: append(n.attrs[:0], kv{"type", TypeOrganisation})}
		return f(&n)
	})
}

// walkEdges calls f for every edge of every layer: partnerships,
// memberships, links to organisations. The edge passed is reused.
func walkEdges(g *Graph, f func(*edge) error) error {
	var e edge
	linkType := cmp.Or(g.LinkType, TypePartnership)
	err := walk(g.Partnerships, func(l *graph.Partnership) error {
		e = edge{source: l.A, target: l.B, label: string(l.Kind), since: l.Since, until: l.Until, attrs: append(e.attrs[:0],
			kv{"type", linkType}, kv{"kind", string(l.Kind)}, kv{"since", l.Since.String()}, kv{"until", l.Until.String()},
			kv{"status", string(l.CurrentStatus())}, kv{"topics", strings.Join(l.Topics, "|")})}
		return f(&e)
	})
	if err != nil {
		return err
	}
	err = walk(g.Memberships, func(m *graph.Membership) error {
		e = edge{source: m.Municipality, target: NetworkNodeID(m.Network), label: "MEMBER_OF", since: m.Since, until: m.Until,
			attrs: append(e.attrs[:0], kv{"type", TypeMembership}, kv{"since", m.Since.String()}, kv{"until", m.Until.String()},
				kv{"role", m.Role})}
		return f(&e)
	})
	if err != nil {
		return err
	}
	return walk(g.OrgLinks, func(l *graph.OrgLink) error {
		e = edge{source: l.Municipality, target: OrganisationNodeID(l.Organisation), label: "WORKS_WITH", since: l.Since,
			attrs: append(e.attrs[:0], kv{"type", TypeOrgLink}, kv{"since", l.Since.String()}, kv{"topic", l.Topic})}
		return f(&e)
	})
}

// xmlWriter streams one XML document: start and end tags by hand, one
// element at a time through an encoder that escapes.
type xmlWriter struct {
	enc *xml.Encoder
	err error
}

func newXMLWriter(w io.Writer) *xmlWriter {
	x := &xmlWriter{enc: xml.NewEncoder(w)}
	_, x.err = io.WriteString(w, xml.Header)
	x.enc.Indent("", " ")
	return x
}

func (x *xmlWriter) start(name string, attrs ...string) {
	if x.err != nil {
		return
	}
	se := xml.StartElement{Name: xml.Name{Local: name}}
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] != "" {
			se.Attr = append(se.Attr, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
		}
	}
	x.err = x.enc.EncodeToken(se)
}

func (x *xmlWriter) end(name string) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: name}})
	}
}

// leaf writes <name attrs...>text</name>.
func (x *xmlWriter) leaf(name, text string, attrs ...string) {
	x.start(name, attrs...)
	if x.err == nil && text != "" {
		x.err = x.enc.EncodeToken(xml.CharData(text))
	}
	x.end(name)
}

func (x *xmlWriter) close(format string) error {
	if x.err == nil {
		x.err = x.enc.Close()
	}
	if x.err != nil {
		return errWrite(format, x.err)
	}
	return nil
}

// WriteGraphML writes g as one undirected GraphML graph
// (http://graphml.graphdrawing.org/) with every layer: places, networks and
// organisations are nodes (attribute "type" municipality, network,
// organisation; "label" is the name, which Gephi and yEd show), and
// partnerships, memberships and links to organisations are edges ("type"
// partnership, membership, orglink). Keys are declared with their types
// (population int, lat and lon double, the rest string); empty values are
// left out. Parallel edges (one per partnership kind) are allowed.
func WriteGraphML(w io.Writer, g Graph) error {
	x := newXMLWriter(w)
	x.start("graphml", "xmlns", "http://graphml.graphdrawing.org/xmlns")
	x.leaf("key", "", "id", "label", "for", "node", "attr.name", "label", "attr.type", "string")
	for _, a := range nodeAttrs {
		x.leaf("key", "", "id", "n_"+a.id, "for", "node", "attr.name", a.id, "attr.type", a.graphml)
	}
	x.leaf("key", "", "id", "e_label", "for", "edge", "attr.name", "label", "attr.type", "string")
	for _, a := range edgeAttrs {
		x.leaf("key", "", "id", "e_"+a.id, "for", "edge", "attr.name", a.id, "attr.type", a.graphml)
	}
	x.start("graph", "id", "citygraph", "edgedefault", "undirected")
	if x.err == nil {
		x.err = walkNodes(&g, func(n *node) error {
			x.start("node", "id", n.id)
			x.leaf("data", n.label, "key", "label")
			for _, a := range n.attrs {
				if a.val != "" {
					x.leaf("data", a.val, "key", "n_"+a.key)
				}
			}
			x.end("node")
			return x.err
		})
	}
	i := 0
	if x.err == nil {
		x.err = walkEdges(&g, func(e *edge) error {
			x.start("edge", "id", "e"+strconv.Itoa(i), "source", e.source, "target", e.target)
			i++
			x.leaf("data", e.label, "key", "e_label")
			for _, a := range e.attrs {
				if a.val != "" {
					x.leaf("data", a.val, "key", "e_"+a.key)
				}
			}
			x.end("edge")
			return x.err
		})
	}
	x.end("graph")
	x.end("graphml")
	return x.close("graphml")
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

// WriteGEXF writes g as one undirected GEXF 1.3 graph (https://gexf.net/,
// valid against the 1.3 schema) with every layer, like WriteGraphML: node
// labels are names, attribute "type" tells municipalities, networks and
// organisations and partnerships, memberships and links to organisations
// apart, population is an integer and lat and lon doubles. The graph is
// dynamic: every edge with a known since (until) date starts (ends) then,
// so Gephi's timeline can replay the network; dates of year or month
// precision mean their first day. An edge's kind (the GEXF edge attribute
// for parallel edges) is its partnership kind, MEMBER_OF or WORKS_WITH.
func WriteGEXF(w io.Writer, g Graph) error {
	x := newXMLWriter(w)
	x.start("gexf", "xmlns", "http://gexf.net/1.3", "version", "1.3")
	x.start("meta")
	x.leaf("creator", "citygraph")
	x.leaf("description", "municipal partnerships, city networks and international organisations")
	x.end("meta")
	x.start("graph", "mode", "dynamic", "defaultedgetype", "undirected", "timeformat", "date")
	for _, cls := range []struct {
		name  string
		attrs []attr
	}{{"node", nodeAttrs}, {"edge", edgeAttrs}} {
		x.start("attributes", "class", cls.name)
		for _, a := range cls.attrs {
			x.leaf("attribute", "", "id", a.id, "title", a.id, "type", a.gexf)
		}
		x.end("attributes")
	}
	x.start("nodes")
	if x.err == nil {
		x.err = walkNodes(&g, func(n *node) error {
			x.start("node", "id", n.id, "label", n.label)
			writeAttValues(x, n.attrs)
			x.end("node")
			return x.err
		})
	}
	x.end("nodes")
	x.start("edges")
	i := 0
	if x.err == nil {
		x.err = walkEdges(&g, func(e *edge) error {
			x.start("edge", "id", "e"+strconv.Itoa(i), "source", e.source, "target", e.target, "label", e.label,
				"kind", e.label, "start", firstDay(e.since), "end", firstDay(e.until))
			i++
			writeAttValues(x, e.attrs)
			x.end("edge")
			return x.err
		})
	}
	x.end("edges")
	x.end("graph")
	x.end("gexf")
	return x.close("gexf")
}

func writeAttValues(x *xmlWriter, attrs []kv) {
	x.start("attvalues")
	for _, a := range attrs {
		if a.val != "" {
			x.leaf("attvalue", "", "for", a.key, "value", a.val)
		}
	}
	x.end("attvalues")
}
