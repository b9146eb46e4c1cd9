package resolvers_test

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, url string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, url, nil))
	return w
}

type graphML struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string `xml:"id,attr"`
			Data []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
			Data   []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

func TestExportGraphML(t *testing.T) {
	e := newEnv(t)
	w := get(t, e.res.ExportHandler(), "/export?format=graphml&countries=DE,UA")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/graphml+xml") ||
		!strings.Contains(w.Header().Get("Content-Disposition"), ".graphml") {
		t.Fatalf("status %d, headers %v", w.Code, w.Header())
	}
	var doc graphML
	if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if doc.Graph.EdgeDefault != "undirected" || len(doc.Graph.Nodes) != 7 || len(doc.Graph.Edges) != 4 {
		t.Fatalf("graph: %s, %d nodes, %d edges", doc.Graph.EdgeDefault, len(doc.Graph.Nodes), len(doc.Graph.Edges))
	}
	data := func(d []struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}) map[string]string {
		m := map[string]string{}
		for _, x := range d {
			m[x.Key] = x.Value
		}
		return m
	}
	keyName := map[string]string{}
	for _, k := range doc.Keys {
		keyName[k.ID] = k.For + ":" + k.Name
	}
	var munich map[string]string
	for _, n := range doc.Graph.Nodes {
		if n.ID == "DE:09162000" {
			munich = data(n.Data)
		}
	}
	if munich["n_name"] != "München" || munich["n_state"] != "DE-BY" || munich["n_lat"] != "48.137" || keyName["n_name"] != "node:name" {
		t.Errorf("München = %v (keys %v)", munich, keyName)
	}
	found := false
	for _, ed := range doc.Graph.Edges {
		if ed.Source == "DE:09162000" && ed.Target == "UA:kyiv" {
			d := data(ed.Data)
			found = d["e_kind"] == "PARTNERSHIP" && d["e_since"] == "1989" && d["e_topics"] == "SDG11" && d["e_status"] == "ACTIVE"
		}
	}
	if !found {
		t.Errorf("no München-Kyiv edge with its attributes")
	}
}

func TestExportGEXF(t *testing.T) {
	e := newEnv(t)
	w := get(t, e.res.ExportHandler(), "/export?format=gexf&city=Berlin")
	if w.Code != http.StatusOK || w.Header().Get("X-Citygraph-Links") != "3" {
		t.Fatalf("status %d, headers %v, body %s", w.Code, w.Header(), w.Body.String())
	}
	var doc struct {
		XMLName xml.Name
		Version string `xml:"version,attr"`
		Graph   struct {
			Mode            string `xml:"mode,attr"`
			DefaultEdgeType string `xml:"defaultedgetype,attr"`
			Nodes           []struct {
				ID    string `xml:"id,attr"`
				Label string `xml:"label,attr"`
			} `xml:"nodes>node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
				Start  string `xml:"start,attr"`
				End    string `xml:"end,attr"`
				Label  string `xml:"label,attr"`
			} `xml:"edges>edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if doc.XMLName.Space != "http://gexf.net/1.3" || doc.XMLName.Local != "gexf" || doc.Version != "1.3" || doc.Graph.DefaultEdgeType != "undirected" {
		t.Errorf("document: %+v %s", doc.XMLName, doc.Version)
	}
	var labels []string
	for _, n := range doc.Graph.Nodes {
		labels = append(labels, n.Label)
	}
	if !slices.Equal(labels, []string{"München", "Berlin", "Kyiv"}) {
		t.Errorf("labels = %v", labels)
	}
	var edges []string
	for _, ed := range doc.Graph.Edges {
		edges = append(edges, ed.Source+"-"+ed.Target+" "+ed.Label+" "+ed.Start+" "+ed.End)
	}
	want := []string{"DE:09162000-DE:11000000 CONTACT  ", "DE:09162000-UA:kyiv PARTNERSHIP 1989-01-01 ", "DE:11000000-UA:kyiv FRIENDSHIP 2022-05-01 "}
	if !slices.Equal(edges, want) {
		t.Errorf("edges = %q, want %q", edges, want)
	}
}

func TestExportGeoJSON(t *testing.T) {
	e := newEnv(t)
	w := get(t, e.res.ExportHandler(), "/export?format=geojson&countries=de,ua")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/geo+json" {
		t.Fatalf("status %d, headers %v", w.Code, w.Header())
	}
	var fc struct {
		Type     string
		Features []struct {
			Type     string
			ID       string
			Geometry struct {
				Type        string
				Coordinates json.RawMessage
			}
			Properties map[string]any
		}
		Citygraph struct{ NodesWithoutCoordinates, LinksWithoutCoordinates int }
	}
	if err := json.Unmarshal(w.Body.Bytes(), &fc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	points, lines := 0, 0
	for _, f := range fc.Features {
		switch f.Geometry.Type {
		case "Point":
			points++
			if f.ID == "DE:09162000" && string(f.Geometry.Coordinates) != "[11.575,48.137]" {
				t.Errorf("München at %s, want [lon, lat]", f.Geometry.Coordinates)
			}
		case "LineString":
			lines++
			if f.Properties["source"] == "DE:09162000" && (string(f.Geometry.Coordinates) != "[[11.575,48.137],[30.523,50.45]]" ||
				f.Properties["partnershipKind"] != "PARTNERSHIP" || f.Properties["since"] != "1989") {
				t.Errorf("München-Kyiv line = %s %v", f.Geometry.Coordinates, f.Properties)
			}
		}
	}
	// Neustadt (Hessen) has no coordinates: its point and its link to Kharkiv are left out.
	if fc.Type != "FeatureCollection" || points != 6 || lines != 3 || fc.Citygraph.NodesWithoutCoordinates != 1 || fc.Citygraph.LinksWithoutCoordinates != 1 {
		t.Errorf("%s: %d points, %d lines, %+v", fc.Type, points, lines, fc.Citygraph)
	}
}

func TestExportCSV(t *testing.T) {
	e := newEnv(t)
	w := get(t, e.res.ExportHandler(), "/export?format=csv&kinds=friendship")
	rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if err != nil || w.Code != http.StatusOK {
		t.Fatalf("status %d: %v", w.Code, err)
	}
	if len(rows) != 3 || rows[0][0] != "source" || rows[0][12] != "topics" {
		t.Fatalf("rows = %q", rows)
	}
	if got := strings.Join(rows[1], "|"); got != "DE:05315000|Köln|DE|DE-NW|UA:odesa|Odesa|UA||FRIENDSHIP|2022-06|2024-01-31|ENDED|" {
		t.Errorf("row 1 = %s", got)
	}
	w = get(t, e.res.ExportHandler(), "/export?format=csvnodes&city=UA:kharkiv&depth=2&asOf=2024")
	rows, err = csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	if err != nil || len(rows) != 1+5 || rows[0][2] != "alt_names" {
		t.Fatalf("nodes rows = %q (%v)", rows, err)
	}
	var kyiv []string
	for _, r := range rows {
		if r[0] == "UA:kyiv" {
			kyiv = r
		}
	}
	if kyiv == nil || kyiv[2] != "Kiev;Kiew;Київ" || kyiv[9] != "50.45" {
		t.Errorf("Kyiv row = %q", kyiv)
	}
}

func TestExportErrors(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		url    string
		status int
		code   string
	}{
		{"/export?format=xlsx", 400, "INVALID"},
		{"/export", 400, "INVALID"},
		{"/export?format=csv&city=Atlantis", 404, "NOT_FOUND"},
		{"/export?format=csv&city=Neustadt", 400, "AMBIGUOUS"},
		{"/export?format=csv&city=Berlin&countries=DE", 400, "INVALID"},
		{"/export?format=csv&city=Berlin&depth=9", 400, "INVALID"},
		{"/export?format=csv&depth=2", 400, "INVALID"},
		{"/export?format=csv&asOf=yesterday", 400, "INVALID"},
		{"/export?format=csv&kinds=MARRIAGE", 400, "INVALID"},
	} {
		w := get(t, e.res.ExportHandler(), tc.url)
		var body struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != tc.status || body.Error.Code != tc.code || body.Error.Message == "" {
			t.Errorf("%s: %d %s", tc.url, w.Code, w.Body.String())
		}
	}
	w := httptest.NewRecorder()
	e.res.ExportHandler().ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/export?format=csv", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", w.Code)
	}
}
