package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// tricky has names that need escaping in every format and a link to a
// place that is not among the nodes.
func tricky() Graph {
	return Graph{
		Nodes: []graph.Municipality{
			{ID: "DE:1", Name: `Ober<Unter> & "Mitte", Süd`, Country: "DE", Lat: 50, Lon: 8, HasCoords: true, Population: 1200},
			{ID: "FR:x", Name: "Saint-Étienne", Country: "FR", Lat: 45.4, Lon: 4.4, HasCoords: true},
		},
		Links: []graph.Partnership{
			{A: "DE:1", B: "FR:x", Kind: graph.KindPartnership, Since: graph.NewDate(1990, 5, 0), Topics: []string{"a,b", "c"}},
			{A: "DE:1", B: "PL:y", Kind: graph.KindContact, Until: graph.NewDate(2020, 0, 0)},
		},
	}
}

func TestFormats(t *testing.T) {
	for _, f := range Formats() {
		g, err := ParseFormat(strings.ToUpper(string(f)))
		if err != nil || g != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, g, err)
		}
	}
	if _, err := ParseFormat("xlsx"); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("ParseFormat(xlsx): %v", err)
	}
}

func TestXMLFormatsEscapeAndCompleteEnds(t *testing.T) {
	for _, f := range []Format{GraphML, GEXF} {
		var buf bytes.Buffer
		if err := Write(&buf, f, tricky()); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Nodes []struct {
				ID    string `xml:"id,attr"`
				Label string `xml:"label,attr"`
				Data  []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"graph>node"`
			GexfNodes []struct {
				ID    string `xml:"id,attr"`
				Label string `xml:"label,attr"`
			} `xml:"graph>nodes>node"`
		}
		if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("%s: not XML: %v\n%s", f, err, buf.String())
		}
		var ids, names []string
		for _, n := range doc.Nodes {
			ids = append(ids, n.ID)
			for _, d := range n.Data {
				if d.Key == "n_name" {
					names = append(names, d.Value)
				}
			}
		}
		for _, n := range doc.GexfNodes {
			ids = append(ids, n.ID)
			names = append(names, n.Label)
		}
		if strings.Join(ids, " ") != "DE:1 FR:x PL:y" || names[0] != `Ober<Unter> & "Mitte", Süd` {
			t.Errorf("%s: ids %v names %q", f, ids, names)
		}
	}
}

func TestGEXFDates(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteGEXF(&buf, tricky()); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.Contains(s, `start="1990-05-01"`) || !strings.Contains(s, `end="2020-01-01"`) || !strings.Contains(s, `timeformat="date"`) {
		t.Errorf("GEXF without link dates:\n%s", s)
	}
}

func TestGeoJSONSkipsWhatHasNoCoordinates(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteGeoJSON(&buf, tricky()); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates json.RawMessage
			}
			Properties map[string]any
		}
		Citygraph geoInfo
	}
	if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != 3 || fc.Citygraph != (geoInfo{Nodes: 3, Links: 2, NodesWithoutCoordinates: 1, LinksWithoutCoordinates: 1}) {
		t.Fatalf("features %d, info %+v", len(fc.Features), fc.Citygraph)
	}
	l := fc.Features[2]
	if l.Geometry.Type != "LineString" || string(l.Geometry.Coordinates) != "[[8,50],[4.4,45.4]]" || l.Properties["topics"] != "a,b;c" || l.Properties["since"] != "1990-05" {
		t.Errorf("line = %s %v", l.Geometry.Coordinates, l.Properties)
	}
}

func TestCSVQuoting(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteLinksCSV(&buf, tricky()); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][1] != `Ober<Unter> & "Mitte", Süd` || rows[1][12] != "a,b;c" || rows[2][4] != "PL:y" || rows[2][11] != "ENDED" {
		t.Errorf("rows = %q", rows)
	}
	buf.Reset()
	if err := WriteNodesCSV(&buf, tricky()); err != nil {
		t.Fatal(err)
	}
	rows, err = csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 4 || rows[1][8] != "1200" || rows[1][9] != "50" || rows[3][9] != "" {
		t.Errorf("node rows = %q (%v)", rows, err)
	}
}
