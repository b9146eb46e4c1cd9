package server

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/internal/fixture"
	"github.com/citygraph/citygraph/live"
	"github.com/citygraph/citygraph/resolvers"
	"github.com/rs/zerolog"
)

// exportEnv is a server over the hand-drawn graph of package fixture.
type exportEnv struct{ *env }

func newExportEnv(t *testing.T, opts ...startOptions) exportEnv {
	t.Helper()
	o := startOptions{}
	if len(opts) > 0 {
		o = opts[0]
	}
	o.batch = fixture.Small()
	return exportEnv{startServer(t, Config{}, o)}
}

// get sends GET url to the server.
func (e exportEnv) get(t *testing.T, url string) result {
	t.Helper()
	return do(t, http.MethodGet, e.base+url, "", nil, nil)
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
	e := newExportEnv(t)
	w := e.get(t, "/export?format=graphml&countries=DE,UA")
	if w.status != http.StatusOK || !strings.HasPrefix(w.header.Get("Content-Type"), "application/graphml+xml") ||
		w.header.Get("Content-Disposition") != `attachment; filename="citygraph_DE-UA_graph.graphml"` {
		t.Fatalf("status %d, headers %v", w.status, w.header)
	}
	var doc graphML
	if err := xml.Unmarshal(w.body, &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	// 7 places on the 4 German-Ukrainian links, Eurocities (München, Köln
	// and Kyiv are members) and UN-Habitat (Berlin works with it); 4
	// partnerships, 3 memberships, 1 link to an organisation.
	if doc.Graph.EdgeDefault != "undirected" || len(doc.Graph.Nodes) != 9 || len(doc.Graph.Edges) != 8 {
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
	nodes := map[string]map[string]string{}
	for _, n := range doc.Graph.Nodes {
		nodes[n.ID] = data(n.Data)
	}
	if m := nodes["DE:09162000"]; m["label"] != "München" || m["n_type"] != "municipality" || m["n_state"] != "DE-BY" || m["n_lat"] != "48.137" ||
		keyName["label"] != "node:label" {
		t.Errorf("München = %v (keys %v)", m, keyName)
	}
	if n := nodes["network:eurocities"]; n["label"] != "Eurocities" || n["n_type"] != "network" {
		t.Errorf("Eurocities = %v", n)
	}
	if n := nodes["organisation:un-habitat"]; n["label"] != "UN-Habitat" || n["n_type"] != "organisation" {
		t.Errorf("UN-Habitat = %v", n)
	}
	found, members := false, 0
	for _, ed := range doc.Graph.Edges {
		d := data(ed.Data)
		if ed.Source == "DE:09162000" && ed.Target == "UA:kyiv" {
			found = d["e_kind"] == "PARTNERSHIP" && d["e_since"] == "1989" && d["e_topics"] == "SDG11" && d["e_status"] == "ACTIVE" && d["e_type"] == "partnership"
		}
		if ed.Target == "network:eurocities" && d["e_type"] == "membership" {
			members++
		}
	}
	if !found || members != 3 {
		t.Errorf("München-Kyiv edge with its attributes: %v; Eurocities memberships %d, want 3", found, members)
	}
}

func TestExportGEXF(t *testing.T) {
	e := newExportEnv(t)
	w := e.get(t, "/export?format=gexf&city=Berlin")
	if w.status != http.StatusOK || w.header.Get("X-Citygraph-Links") != "3" ||
		w.header.Get("Content-Disposition") != `attachment; filename="citygraph_Berlin-depth-1_graph.gexf"` {
		t.Fatalf("status %d, headers %v, body %s", w.status, w.header, string(w.body))
	}
	var doc struct {
		XMLName xml.Name
		Version string `xml:"version,attr"`
		Graph   struct {
			DefaultEdgeType string `xml:"defaultedgetype,attr"`
			Attributes      []struct {
				Attr []struct {
					ID   string `xml:"id,attr"`
					Type string `xml:"type,attr"`
				} `xml:"attribute"`
			} `xml:"attributes"`
			Nodes []struct {
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
	if err := xml.Unmarshal(w.body, &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if doc.XMLName.Space != "http://gexf.net/1.3" || doc.XMLName.Local != "gexf" || doc.Version != "1.3" || doc.Graph.DefaultEdgeType != "undirected" {
		t.Errorf("document: %+v %s", doc.XMLName, doc.Version)
	}
	for _, a := range doc.Graph.Attributes[0].Attr {
		if a.Type == "int" {
			t.Errorf("attribute %s of type int, which GEXF does not have", a.ID)
		}
	}
	var labels []string
	for _, n := range doc.Graph.Nodes {
		labels = append(labels, n.Label)
	}
	if !slices.Equal(labels, []string{"München", "Berlin", "Kyiv", "Eurocities", "UN-Habitat"}) {
		t.Errorf("labels = %v", labels)
	}
	var edges []string
	for _, ed := range doc.Graph.Edges {
		edges = append(edges, ed.Source+"-"+ed.Target+" "+ed.Label+" "+ed.Start+" "+ed.End)
	}
	want := []string{"DE:09162000-DE:11000000 CONTACT  ", "DE:09162000-UA:kyiv PARTNERSHIP 1989-01-01 ", "DE:11000000-UA:kyiv FRIENDSHIP 2022-05-01 ",
		"DE:09162000-network:eurocities MEMBER_OF 1991-01-01 ", "UA:kyiv-network:eurocities MEMBER_OF  ", "DE:11000000-organisation:un-habitat WORKS_WITH  "}
	if !slices.Equal(edges, want) {
		t.Errorf("edges = %q, want %q", edges, want)
	}
}

func TestExportGeoJSONPlacesAndLinksApart(t *testing.T) {
	e := newExportEnv(t)
	type fc struct {
		Type     string
		Features []struct {
			ID       string
			Geometry struct {
				Type        string
				Coordinates json.RawMessage
			}
			Properties map[string]any
		}
		Citygraph struct{ Features, WithoutCoordinates int }
	}
	var places, links fc
	for _, x := range []struct {
		format, file string
		into         *fc
	}{{"geojson-places", "citygraph_DE-UA_places.geojson", &places}, {"geojson-links", "citygraph_DE-UA_partnerships.geojson", &links}} {
		w := e.get(t, "/export?format="+x.format+"&countries=de,ua")
		if w.status != http.StatusOK || w.header.Get("Content-Type") != "application/geo+json" ||
			w.header.Get("Content-Disposition") != `attachment; filename="`+x.file+`"` {
			t.Fatalf("%s: status %d, headers %v", x.format, w.status, w.header)
		}
		if err := json.Unmarshal(w.body, x.into); err != nil {
			t.Fatalf("%s: not JSON: %v", x.format, err)
		}
	}
	for _, f := range places.Features {
		if f.Geometry.Type != "Point" {
			t.Errorf("a %s among the places", f.Geometry.Type)
		}
		if f.ID == "DE:09162000" && string(f.Geometry.Coordinates) != "[11.575,48.137]" {
			t.Errorf("München at %s, want [lon, lat]", f.Geometry.Coordinates)
		}
	}
	for _, f := range links.Features {
		if f.Geometry.Type != "LineString" {
			t.Errorf("a %s among the partnerships", f.Geometry.Type)
		}
		if f.Properties["source"] == "DE:09162000" && (string(f.Geometry.Coordinates) != "[[11.575,48.137],[30.523,50.45]]" ||
			f.Properties["kind"] != "PARTNERSHIP" || f.Properties["since"] != "1989") {
			t.Errorf("München-Kyiv line = %s %v", f.Geometry.Coordinates, f.Properties)
		}
	}
	// Neustadt (Hessen) has no coordinates: its point and its link to Kharkiv are left out.
	if len(places.Features) != 6 || places.Citygraph.WithoutCoordinates != 1 || len(links.Features) != 3 || links.Citygraph.WithoutCoordinates != 1 {
		t.Errorf("%d points (%+v), %d lines (%+v)", len(places.Features), places.Citygraph, len(links.Features), links.Citygraph)
	}
}

func TestExportCSV(t *testing.T) {
	e := newExportEnv(t)
	// The default: CSV for German Excel.
	w := e.get(t, "/export?format=csv-partnerships&kinds=friendship")
	if w.status != http.StatusOK || !strings.HasPrefix(string(w.body), "\uFEFFsource;source_name;") ||
		w.header.Get("Content-Disposition") != `attachment; filename="citygraph_FRIENDSHIP_partnerships.csv"` {
		t.Fatalf("status %d, headers %v, body %.80q", w.status, w.header, w.body)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(w.body), "\uFEFF")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) != 3 || rows[0][12] != "topics" {
		t.Fatalf("rows = %q (%v)", rows, err)
	}
	if got := strings.Join(rows[1], "|"); got != "DE:05315000|Köln|DE|DE-NW|UA:odesa|Odesa|UA||FRIENDSHIP|2022-06|2024-01-31|ENDED|" {
		t.Errorf("row 1 = %s", got)
	}
	// Plain RFC 4180, and the old name csvnodes for the places.
	w = e.get(t, "/export?format=csvnodes&csv=rfc4180&city=UA:kharkiv&depth=2&asOf=2024")
	rows, err = csv.NewReader(strings.NewReader(string(w.body))).ReadAll()
	if err != nil || len(rows) != 1+5 || rows[0][2] != "alt_names" || strings.HasPrefix(string(w.body), "\uFEFF") {
		t.Fatalf("places rows = %q (%v)", rows, err)
	}
	var kyiv []string
	for _, r := range rows {
		if r[0] == "UA:kyiv" {
			kyiv = r
		}
	}
	if kyiv == nil || kyiv[2] != "Kiev|Kiew|Київ" || kyiv[9] != "50.45" {
		t.Errorf("Kyiv row = %q", kyiv)
	}
	w = e.get(t, "/export?format=csv-memberships&csv=rfc4180&countries=DE,UA")
	rows, _ = csv.NewReader(strings.NewReader(string(w.body))).ReadAll()
	if len(rows) != 4 || rows[1][0] != "DE:05315000" || rows[1][4] != "Eurocities" || rows[3][7] != "member" {
		t.Errorf("memberships = %q", rows)
	}
}

func TestExportTyposAreErrorsWithASuggestion(t *testing.T) {
	e := newExportEnv(t)
	for _, tc := range []struct{ url, want string }{
		{"/export?format=csv-places&contries=DE", `unknown parameter "contries" (did you mean countries?)`},
		{"/export?format=csv-places&countries=XX", `countries: "XX" is not a country code or name`},
		{"/export?format=csv-places&countries=DE,Ukriane", `"Ukriane" is not a country code or name (did you mean Ukraine?)`},
		{"/export?format=gefx", `(did you mean gexf?)`},
		{"/export?format=geojson", `geojson-places or geojson-links`},
		{"/export?format=csv-places&csv=exel", `(did you mean excel?)`},
	} {
		w := e.get(t, tc.url)
		var body struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(w.body, &body); err != nil || w.status != http.StatusBadRequest || body.Error.Code != "INVALID" ||
			!strings.Contains(body.Error.Message, tc.want) {
			t.Errorf("%s: %d %s, want INVALID with %q", tc.url, w.status, w.body, tc.want)
		}
	}
	// A mistyped city is not found, with the nearest names.
	if w := e.get(t, "/export?format=csv-places&city=Berln"); w.status != http.StatusNotFound || !strings.Contains(string(w.body), "did you mean Berlin?") {
		t.Errorf("city=Berln: %d %s", w.status, w.body)
	}
	// Country names work as well as codes.
	if w := e.get(t, "/export?format=csv-places&countries=Deutschland,Ukraine"); w.status != http.StatusOK || w.header.Get("X-Citygraph-Links") != "4" {
		t.Errorf("countries by name: %d %v", w.status, w.header)
	}
}

func TestExportErrors(t *testing.T) {
	e := newExportEnv(t)
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
		{"/export?format=csv&countries=DE&countries=XX", 400, "INVALID"},
		{"/export?format=csv&city=Berlin&depth=9", 400, "INVALID"},
		{"/export?format=csv&depth=2", 400, "INVALID"},
		{"/export?format=csv&asOf=yesterday", 400, "INVALID"},
		{"/export?format=csv&kinds=MARRIAGE", 400, "INVALID"},
	} {
		w := e.get(t, tc.url)
		var body struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(w.body, &body); err != nil || w.status != tc.status || body.Error.Code != tc.code || body.Error.Message == "" {
			t.Errorf("%s: %d %s", tc.url, w.status, string(w.body))
		}
	}
	w := do(t, http.MethodPost, e.base+"/export?format=csv", "", nil, nil)
	assertCode(t, w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED")
	if w.header.Get("Allow") != "GET" {
		t.Errorf("POST: Allow %q", w.header.Get("Allow"))
	}
	// HEAD answers with the headers of GET and no body.
	w = do(t, http.MethodHead, e.base+"/export?format=csv&city=Berlin", "", nil, nil)
	if w.status != http.StatusOK || w.header.Get("X-Citygraph-Links") != "3" || len(w.body) != 0 {
		t.Errorf("HEAD: %d %v %q", w.status, w.header, w.body)
	}
	// The code of a failed export is in the request's log line.
	do(t, http.MethodGet, e.base+"/export?format=csv&city=Atlantis", "", nil, map[string]string{"X-Request-Id": "export-404"})
	if line := e.logs.requestLine(t, "export-404"); line["status"] != float64(404) || fmt.Sprint(line["error_codes"]) != "[NOT_FOUND]" {
		t.Errorf("log line %v", line)
	}
}

func TestExportBeforeTheFirstProjection(t *testing.T) {
	e := newExportEnv(t, startOptions{noLoad: true})
	w := e.get(t, "/export?format=csv")
	var body struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(w.body, &body); err != nil || w.status != http.StatusServiceUnavailable || body.Error.Code != "UNAVAILABLE" {
		t.Errorf("before load: %d %s", w.status, w.body)
	}
}

// FuzzExportQuery checks that any query string gives a selection or an
// INVALID error, and that the resolvers answer any selection with data or
// an error of a known code, never a panic.
func FuzzExportQuery(f *testing.F) {
	for _, s := range []string{"countries=DE,UA&kinds=PARTNERSHIP", "city=Berlin&depth=2&asOf=2022-02-24", "depth=x", "domestic=maybe",
		"asOf=2022-13", "city=Neustadt", "countries=,", "states=Atlantis", "city=Berlin&depth=4"} {
		f.Add(s)
	}
	res := fuzzResolver(f)
	srv := &Server{countries: sync.OnceValues(gazetteer.LoadCountries)}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		sel, err := srv.selectionOf(q)
		if err != nil {
			if graph.ErrorCode(err) != graph.EINVALID {
				t.Fatalf("%q: %v", raw, err)
			}
			return
		}
		if _, _, err := res.ExportGraph(context.Background(), sel); err != nil {
			switch graph.ErrorCode(err) {
			case graph.EINVALID, graph.ENOTFOUND, graph.EAMBIGUOUS:
			default:
				t.Fatalf("%q: %v", raw, err)
			}
		}
	})
}

// fuzzResolver returns resolvers over the fixture in a SQLite store.
func fuzzResolver(f *testing.F) *resolvers.Resolver {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"), zerolog.Nop())
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	if _, err := st.Apply(ctx, fixture.Small()); err != nil {
		f.Fatal(err)
	}
	holder := live.New(st, zerolog.Nop())
	if err := holder.Load(ctx); err != nil {
		f.Fatal(err)
	}
	return resolvers.New(resolvers.Config{Live: holder, Store: st, Log: zerolog.Nop()})
}

// TestExportProvenance: an export names its data version in a header, the
// same as a GraphQL answer's extensions.provenance on the same graph, and
// links its provenance; the provenance (the URL with provenance=json)
// names the file, its size, the parameters and the request that
// reproduces the file, and that request gives the same bytes.
func TestExportProvenance(t *testing.T) {
	e := newExportEnv(t)
	w := e.get(t, "/export?format=csv-partnerships&countries=DE,UA&csv=rfc4180")
	hash := w.header.Get("X-Citygraph-Data-Version")
	if w.status != http.StatusOK || !strings.HasPrefix(hash, "sha256:") || len(hash) != len("sha256:")+64 {
		t.Fatalf("status %d, data version %q", w.status, hash)
	}
	var gql struct {
		Extensions struct {
			Provenance struct{ Data struct{ Hash string } }
		}
	}
	if err := json.Unmarshal(e.query(t, `{ stats { nodes } }`, nil, nil).body, &gql); err != nil || gql.Extensions.Provenance.Data.Hash != hash {
		t.Errorf("GraphQL data version %q (err %v), export's %q", gql.Extensions.Provenance.Data.Hash, err, hash)
	}
	link := w.header.Get("Link")
	const want = `</export?countries=DE%2CUA&csv=rfc4180&format=csv-partnerships&provenance=json>; rel="describedby"; type="application/json"`
	if link != want {
		t.Fatalf("Link %q, want %q", link, want)
	}
	pw := e.get(t, strings.TrimPrefix(strings.SplitN(link, ">", 2)[0], "<"))
	var pr struct {
		Provenance struct {
			Analysis   string
			Data       struct{ Hash string }
			Software   struct{ Version string }
			Parameters map[string]string
			Time       string
			Command    string
		}
		Citation      string
		File          string
		Places, Links int
	}
	if err := json.Unmarshal(pw.body, &pr); err != nil || pw.status != http.StatusOK {
		t.Fatalf("provenance: status %d, %v: %s", pw.status, err, pw.body)
	}
	p := pr.Provenance
	if p.Analysis != "export" || p.Data.Hash != hash || p.Software.Version == "" || p.Time == "" ||
		p.Parameters["countries"] != "DE,UA" || p.Parameters["format"] != "csv-partnerships" || len(p.Parameters) != 3 ||
		p.Command != "GET /export?countries=DE%2CUA&csv=rfc4180&format=csv-partnerships" ||
		pr.File != "citygraph_DE-UA_partnerships.csv" || pr.Places != 7 || pr.Links != 4 ||
		!strings.Contains(pr.Citation, hash) || !strings.Contains(pr.Citation, "Reproduce: GET /export?") {
		t.Errorf("provenance %s", pw.body)
	}
	if again := e.get(t, strings.TrimPrefix(p.Command, "GET ")); again.status != http.StatusOK || string(again.body) != string(w.body) {
		t.Errorf("the command's request gave status %d and other bytes", again.status)
	}
	if bad := e.get(t, "/export?format=graphml&provenance=xml"); bad.status != http.StatusBadRequest {
		t.Errorf("provenance=xml: status %d", bad.status)
	}
}
