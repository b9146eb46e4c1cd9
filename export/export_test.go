package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"iter"
	"runtime"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// tricky has every layer, names that need escaping in every format and
// that Excel would run as formulas, a parallel link (two kinds between one
// pair), negative coordinates and ends that are not among the nodes.
func tricky() Slices {
	return Slices{
		Nodes: []graph.Municipality{
			{ID: "DE:1", Name: `Ober<Unter> & "Mitte"; Süd`, Country: "DE", State: "DE-BW", Lat: 50.5, Lon: 8.25, HasCoords: true, Population: 1200},
			{ID: "FR:x", Name: "Saint-Étienne", Country: "FR", Lat: 45.4, Lon: 4.4, HasCoords: true, GeoNamesID: 2980291, Wikidata: "Q42716"},
			{ID: "US:y", Name: "=HYPERLINK(\"http://x\")", Country: "US", Lat: 40.5, Lon: -74.25, HasCoords: true},
			{ID: "GB:z", Name: "@SUM(A1)", Country: "GB"},
		},
		Links: []graph.Partnership{
			{A: "DE:1", B: "FR:x", Kind: graph.KindPartnership, Since: graph.NewDate(1990, 5, 0), Topics: []string{"a,b", "c;d"}},
			{A: "DE:1", B: "FR:x", Kind: graph.KindFriendship, Since: graph.NewDate(1985, 0, 0)},
			{A: "DE:1", B: "US:y", Kind: graph.KindContact, Until: graph.NewDate(2020, 0, 0)},
			{A: "DE:1", B: "PL:w", Kind: graph.KindProject, Topics: []string{"-1+1"}},
			{A: "GB:z", B: "US:y", Kind: graph.KindPartnership},
		},
		Networks:      []graph.Network{{ID: "eurocities", Name: "Eurocities"}},
		Memberships:   []graph.Membership{{Municipality: "DE:1", Network: "eurocities", Since: graph.NewDate(2010, 3, 30), Role: "+member"}, {Municipality: "FR:x", Network: "mayors-for-peace"}},
		Organisations: []graph.Organisation{{ID: "un-habitat", Name: "UN-Habitat"}},
		OrgLinks:      []graph.OrgLink{{Municipality: "DE:1", Organisation: "un-habitat", Topic: "SDG11", Since: graph.NewDate(2019, 0, 0)}},
	}
}

func write(t *testing.T, f Format, o Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, tricky().Graph(), o); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	return buf.Bytes()
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		g, err := ParseFormat(strings.ToUpper(string(f)))
		if err != nil || g != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, g, err)
		}
	}
	if f, err := ParseFormat("csvnodes"); f != CSVPlaces || err != nil {
		t.Errorf("alias csvnodes: %q, %v", f, err)
	}
	for in, want := range map[string]string{
		"xlsx":           "unknown export format \"xlsx\"; want one of graphml, gexf",
		"gefx":           "did you mean gexf?",
		"geojson":        "geojson-places or geojson-links",
		"csv-partnershp": "did you mean csv-partnerships?",
	} {
		_, err := ParseFormat(in)
		if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(graph.ErrorMessage(err), want) {
			t.Errorf("ParseFormat(%q): %v, want %q in it", in, err, want)
		}
	}
	if _, err := ParseDialect("exel"); err == nil || !strings.Contains(err.Error(), "did you mean excel?") {
		t.Errorf("ParseDialect(exel): %v", err)
	}
}

func TestFileNameSaysWhatItHolds(t *testing.T) {
	names := map[string]bool{}
	for _, f := range Formats() {
		n := FileName("DE-UA", f)
		if names[n] {
			t.Errorf("two formats share the file name %s", n)
		}
		names[n] = true
	}
	for _, tc := range []struct {
		subject string
		f       Format
		want    string
	}{
		{"DE-UA", CSVPartnerships, "citygraph_DE-UA_partnerships.csv"},
		{"DE-UA", CSVPlaces, "citygraph_DE-UA_places.csv"},
		{"Mannheim depth 2", GeoJSONLinks, "citygraph_Mannheim-depth-2_partnerships.geojson"},
		{"", GEXF, "citygraph_all_graph.gexf"},
		{"../../etc/passwd", GraphML, "citygraph_etc-passwd_graph.graphml"},
	} {
		if got := FileName(tc.subject, tc.f); got != tc.want {
			t.Errorf("FileName(%q, %s) = %q, want %q", tc.subject, tc.f, got, tc.want)
		}
	}
}

// xmlDoc reads both GraphML and GEXF enough to compare them.
type xmlDoc struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	GMLNodes []struct {
		ID   string `xml:"id,attr"`
		Data []struct {
			Key   string `xml:"key,attr"`
			Value string `xml:",chardata"`
		} `xml:"data"`
	} `xml:"graph>node"`
	GMLEdges []struct {
		Source string `xml:"source,attr"`
		Target string `xml:"target,attr"`
	} `xml:"graph>edge"`
	Attrs []struct {
		Attr []struct {
			ID   string `xml:"id,attr"`
			Type string `xml:"type,attr"`
		} `xml:"attribute"`
	} `xml:"graph>attributes"`
	GexfNodes []struct {
		ID    string `xml:"id,attr"`
		Label string `xml:"label,attr"`
	} `xml:"graph>nodes>node"`
	GexfEdges []struct {
		Source string `xml:"source,attr"`
		Target string `xml:"target,attr"`
		Start  string `xml:"start,attr"`
		End    string `xml:"end,attr"`
		Kind   string `xml:"kind,attr"`
	} `xml:"graph>edges>edge"`
}

func TestXMLFormatsHaveEveryLayerAndLabels(t *testing.T) {
	wantIDs := "DE:1 FR:x US:y GB:z PL:w network:eurocities network:mayors-for-peace organisation:un-habitat"
	for _, f := range []Format{GraphML, GEXF} {
		var doc xmlDoc
		b := write(t, f, Options{})
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: not XML: %v\n%s", f, err, b)
		}
		var ids, labels []string
		for _, n := range doc.GMLNodes {
			ids = append(ids, n.ID)
			for _, d := range n.Data {
				if d.Key == "label" {
					labels = append(labels, d.Value)
				}
			}
		}
		for _, n := range doc.GexfNodes {
			ids = append(ids, n.ID)
			labels = append(labels, n.Label)
		}
		if strings.Join(ids, " ") != wantIDs {
			t.Errorf("%s: node ids %v, want %s", f, ids, wantIDs)
		}
		if len(labels) != 8 || labels[0] != `Ober<Unter> & "Mitte"; Süd` || labels[5] != "Eurocities" || labels[7] != "UN-Habitat" {
			t.Errorf("%s: labels %q", f, labels)
		}
		edges := len(doc.GMLEdges) + len(doc.GexfEdges)
		if edges != 5+2+1 {
			t.Errorf("%s: %d edges, want 8 (5 partnerships, 2 memberships, 1 organisation link)", f, edges)
		}
		if s := string(b); strings.Contains(s, `"int"`) && f == GEXF {
			t.Errorf("GEXF declares type int, which GEXF does not know")
		}
	}
	var gexf xmlDoc
	_ = xml.Unmarshal(write(t, GEXF, Options{}), &gexf)
	e := gexf.GexfEdges
	if e[0].Start != "1990-05-01" || e[2].End != "2020-01-01" || e[5].Kind != "MEMBER_OF" || e[5].Target != "network:eurocities" {
		t.Errorf("GEXF edges: %+v", e)
	}
	for _, a := range gexf.Attrs[0].Attr {
		if a.ID == "population" && a.Type != "integer" {
			t.Errorf("GEXF population type %q, want integer", a.Type)
		}
	}
}

func TestGeoJSONPointsAndLinesApart(t *testing.T) {
	type fc struct {
		Features []struct {
			Geometry struct {
				Type        string
				Coordinates json.RawMessage
			}
			Properties map[string]any
		}
		Citygraph geoInfo
	}
	var places, links fc
	if err := json.Unmarshal(write(t, GeoJSONPlaces, Options{}), &places); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(write(t, GeoJSONLinks, Options{}), &links); err != nil {
		t.Fatal(err)
	}
	if len(places.Features) != 3 || places.Citygraph.WithoutCoords != 2 {
		t.Errorf("places: %d features, info %+v", len(places.Features), places.Citygraph)
	}
	for _, f := range places.Features {
		if f.Geometry.Type != "Point" {
			t.Errorf("a %s in the places file", f.Geometry.Type)
		}
		if f.Properties["id"] == "FR:x" && (f.Properties["geonames_id"] != 2980291.0 || f.Properties["wikidata"] != "Q42716") {
			t.Errorf("FR:x without its GeoNames id and QID: %v", f.Properties)
		}
	}
	if len(links.Features) != 3 || links.Citygraph.WithoutCoords != 2 {
		t.Fatalf("links: %d features, info %+v", len(links.Features), links.Citygraph)
	}
	l := links.Features[0]
	if l.Geometry.Type != "LineString" || string(l.Geometry.Coordinates) != "[[8.25,50.5],[4.4,45.4]]" || l.Properties["topics"] != "a,b|c;d" ||
		l.Properties["since"] != "1990-05" || l.Properties["sourceName"] != `Ober<Unter> & "Mitte"; Süd` {
		t.Errorf("line = %s %v", l.Geometry.Coordinates, l.Properties)
	}
}

func TestCSVExcelDialect(t *testing.T) {
	b := write(t, CSVPlaces, Options{CSV: Excel})
	if !bytes.HasPrefix(b, []byte("\uFEFF")) || !bytes.Contains(b, []byte("\r\n")) {
		t.Fatalf("no BOM or no CRLF: %q", b[:min(len(b), 40)])
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// id name alt_names country state region ags kreis population lat lon level geonames_id wikidata
	if rows[1][1] != `Ober<Unter> & "Mitte"; Süd` || rows[1][9] != "50,5" || rows[1][10] != "8,25" || rows[1][8] != "1200" || rows[1][12] != "" {
		t.Errorf("row 1: %q", rows[1])
	}
	if rows[2][12] != "2980291" || rows[2][13] != "Q42716" {
		t.Errorf("row 2 without the GeoNames id and QID: %q", rows[2])
	}
	if rows[3][1] != `'=HYPERLINK("http://x")` || rows[3][10] != "-74,25" || rows[4][1] != "'@SUM(A1)" {
		t.Errorf("formula cells not neutralised or numbers changed: %q %q", rows[3], rows[4])
	}
	b = write(t, CSVPartnerships, Options{CSV: Excel})
	r = csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	rows, _ = r.ReadAll()
	if rows[4][12] != "'-1+1" || rows[4][4] != "PL:w" || rows[3][11] != "ENDED" {
		t.Errorf("partnership rows: %q", rows)
	}
	b = write(t, CSVMemberships, Options{CSV: Excel})
	if !bytes.Contains(b, []byte("Eurocities;2010-03-30;;'+member")) {
		t.Errorf("memberships: %s", b)
	}
}

func TestCSVRFC4180Dialect(t *testing.T) {
	b := write(t, CSVPlaces, Options{CSV: RFC4180})
	if bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Error("RFC 4180 CSV with a BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || rows[3][1] != `=HYPERLINK("http://x")` || rows[3][10] != "-74.25" || rows[5][0] != "PL:w" {
		t.Errorf("rows: %q", rows)
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "Mannheim": "Mannheim", "=1+1": "'=1+1", "+49 621": "'+49 621", "-12,5": "-12,5", "-12.5": "-12.5",
		"+3": "+3", "-": "'-", "@x": "'@x", "\tx": "'\tx", "\rx": "'\rx", "-1+1": "'-1+1", "1-1": "1-1", "Saint-Étienne": "Saint-Étienne",
	} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWritersStream writes a large generated graph and checks that the
// heap does not grow with it: the writers hold one record at a time.
func TestWritersStream(t *testing.T) {
	gen := func(n int) Graph {
		place := &graph.Municipality{Country: "DE", Lat: 50, Lon: 8, HasCoords: true}
		return Graph{
			Places: func(yield func(*graph.Municipality) bool) {
				for i := range n {
					place.ID, place.Name = fmt.Sprintf("DE:%08d", i), fmt.Sprintf("Place %d", i)
					if !yield(place) {
						return
					}
				}
			},
			Partnerships: func(yield func(*graph.Partnership) bool) {
				l := &graph.Partnership{Kind: graph.KindPartnership}
				for i := range n {
					l.A, l.B = fmt.Sprintf("DE:%08d", i), fmt.Sprintf("DE:%08d", (i+1)%n)
					if !yield(l) {
						return
					}
				}
			},
			Place: func(string) *graph.Municipality { return place },
		}
	}
	heapAfter := func(f Format, n int) (uint64, int) {
		var cw countingWriter
		g := gen(n)
		var peak uint64
		g.Partnerships = sample(g.Partnerships, &peak)
		g.Places = sample(g.Places, &peak)
		if err := Write(&cw, f, g, Options{}); err != nil {
			t.Fatal(err)
		}
		return peak, cw.n
	}
	for _, f := range Formats() {
		small, _ := heapAfter(f, 2000)
		large, bytesOut := heapAfter(f, 100000)
		// 50 times the records: the live heap may not grow by more than a
		// few MB (it would by tens of MB if the writer kept them).
		if large > small+4<<20 {
			t.Errorf("%s: live heap %d kB while writing 100,000 records (%d MB out), %d kB for 2,000", f, large>>10, bytesOut>>20, small>>10)
		}
	}
}

// sample wraps seq and records the largest live heap seen every 25,000
// records (after a collection).
func sample[T any](seq iter.Seq[T], peak *uint64) iter.Seq[T] {
	return func(yield func(T) bool) {
		i := 0
		for x := range seq {
			if i%25000 == 0 {
				runtime.GC()
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				*peak = max(*peak, m.HeapAlloc)
			}
			i++
			if !yield(x) {
				return
			}
		}
	}
}

type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }
