package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/citygraph/citygraph/export"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/resolvers"
)

const networkQuery = `query GermanUkrainianNetwork {
  partnershipNetwork(countries: ["DE", "UA"]) {
    nodes { id name country }
    links { source target kind since }
    summary { nodes links }
  }
}`

type networkData struct {
	PartnershipNetwork struct {
		Nodes []struct{ ID, Name, Country string }
		Links []struct {
			Source, Target, Kind string
			Since                *string
		}
		Summary struct{ Nodes, Links int }
	}
}

func TestQueryAnswersAndLogsOneLine(t *testing.T) {
	e := startServer(t, Config{})
	r := e.query(t, networkQuery, nil, map[string]string{"X-Request-Id": "test-req-1"})
	if r.status != http.StatusOK || len(r.gql.Errors) > 0 {
		t.Fatalf("status %d, body %s", r.status, r.body)
	}
	var d networkData
	if err := json.Unmarshal(r.gql.Data, &d); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range d.PartnershipNetwork.Links {
		got = append(got, l.Source+"-"+l.Target+"-"+l.Kind)
	}
	slices.Sort(got)
	want := []string{
		"DE:05315000-UA:kyiv-PARTNERSHIP",
		"DE:08222000-UA:chernivtsi-PARTNERSHIP",
		"DE:08222000-UA:kyiv-PARTNERSHIP",
		"DE:08222000-UA:kyiv-PROJECT",
	}
	if !slices.Equal(got, want) {
		t.Errorf("links %v, want %v", got, want)
	}
	if d.PartnershipNetwork.Summary.Links != 4 || d.PartnershipNetwork.Summary.Nodes != 4 {
		t.Errorf("summary %+v, want 4 nodes and 4 links", d.PartnershipNetwork.Summary)
	}
	if id := r.header.Get("X-Request-Id"); id != "test-req-1" {
		t.Errorf("X-Request-Id %q, want the client's test-req-1", id)
	}

	line := e.logs.requestLine(t, "test-req-1")
	if line["operation"] != "GermanUkrainianNetwork" || line["operation_type"] != "query" {
		t.Errorf("log operation %v %v", line["operation"], line["operation_type"])
	}
	if line["status"] != float64(200) || line["handler"] != "/graphql" || line["method"] != "POST" || line["level"] != "info" {
		t.Errorf("log line %v", line)
	}
	if b, _ := line["bytes"].(float64); int(b) != len(r.body) {
		t.Errorf("log bytes %v, response had %d", line["bytes"], len(r.body))
	}
	if d, ok := line["duration_ms"].(float64); !ok || d <= 0 {
		t.Errorf("log duration_ms %v", line["duration_ms"])
	}
	if _, ok := line["time"]; !ok {
		t.Errorf("log line has no time: %v", line)
	}

	// Without a client id the server makes one, unique per request.
	r1 := e.query(t, `{ info { version } }`, nil, nil)
	r2 := e.query(t, `{ info { version } }`, nil, map[string]string{"X-Request-Id": "bad id with spaces"})
	id1, id2 := r1.header.Get("X-Request-Id"), r2.header.Get("X-Request-Id")
	if id1 == "" || id2 == "" || id1 == id2 || id2 == "bad id with spaces" {
		t.Errorf("generated request ids %q, %q", id1, id2)
	}
	if l := e.logs.requestLine(t, id1); l["operation"] != nil {
		t.Errorf("anonymous query logged operation %v", l["operation"])
	}
}

func TestGETQuery(t *testing.T) {
	e := startServer(t, Config{})
	r := do(t, http.MethodGet, e.base+"/graphql?query="+url.QueryEscape(`{ city(name: "Kiew") { id name } }`), "", nil, nil)
	if r.status != http.StatusOK || !strings.Contains(string(r.gql.Data), `"id":"UA:kyiv"`) {
		t.Fatalf("status %d, body %s", r.status, r.body)
	}
	// Mutations are not allowed over GET, token or not.
	r = do(t, http.MethodGet, e.base+"/graphql?query="+url.QueryEscape(`mutation { endPartnership(a: "DE:05315000", b: "UA:kyiv", until: "2024") { id } }`), "", nil, nil)
	if len(r.gql.Errors) == 0 || r.status == http.StatusOK && r.gql.Data != nil && string(r.gql.Data) != "null" {
		t.Fatalf("mutation over GET: status %d, body %s", r.status, r.body)
	}
}

func TestMalformedRequestsAreGraphQLErrorsNot500(t *testing.T) {
	// Every case of the conformance table is a client mistake or a request
	// error; none may be a server error, and the server still answers.
	e := startServer(t, Config{})
	for _, c := range conformanceCases() {
		if r := c.send(t, e, ""); r.status >= 500 {
			t.Errorf("%s: server error for a client mistake: %d %s", c.rule, r.status, r.body)
		}
	}
	if r := e.query(t, `{ info { version } }`, nil, nil); r.status != 200 || len(r.gql.Errors) > 0 {
		t.Fatalf("after bad requests: %d %s", r.status, r.body)
	}
	r := do(t, http.MethodDelete, e.base+"/graphql", "", nil, nil)
	if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") == "" {
		t.Errorf("DELETE /graphql: %d, Allow %q", r.status, r.header.Get("Allow"))
	}
}

func TestBodyLimit(t *testing.T) {
	e := startServer(t, Config{MaxBodyBytes: 1024, MaxUploadBytes: 4096})
	big := fmt.Sprintf(`{"query": "{ info { version } }", "variables": {"pad": %q}}`, strings.Repeat("x", 2000))

	r := e.post(t, "application/json", strings.NewReader(big), int64(len(big)))
	assertCode(t, r, http.StatusRequestEntityTooLarge, graph.ETOOLARGE)

	// Without a Content-Length (chunked), the limit applies while reading.
	r = e.post(t, "application/json", io.MultiReader(strings.NewReader(big)), -1)
	assertCode(t, r, http.StatusRequestEntityTooLarge, graph.ETOOLARGE)

	// Uploads have their own, larger limit.
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	_ = mw.WriteField("operations", `{"query": "{ info { version } }"}`)
	_ = mw.WriteField("map", `{}`)
	_ = mw.WriteField("pad", strings.Repeat("y", 5000))
	_ = mw.Close()
	r = e.post(t, mw.FormDataContentType(), bytes.NewReader(mp.Bytes()), int64(mp.Len()))
	assertCode(t, r, http.StatusRequestEntityTooLarge, graph.ETOOLARGE)

	// Just under the limit passes.
	small := `{"query": "{ info { version } }"}`
	if r := e.post(t, "application/json", strings.NewReader(small), int64(len(small))); r.status != 200 || len(r.gql.Errors) > 0 {
		t.Fatalf("small body: %d %s", r.status, r.body)
	}
}

func (e *env) post(t *testing.T, contentType string, body io.Reader, length int64) result {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.base+"/graphql", body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = length
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := result{status: resp.StatusCode, header: resp.Header, body: b}
	_ = json.Unmarshal(b, &r.gql)
	return r
}

func assertCode(t *testing.T, r result, status int, code string) {
	t.Helper()
	if r.status != status || !slices.Contains(r.gql.codes(), code) {
		t.Errorf("status %d codes %v, want %d with %s; body %s", r.status, r.gql.codes(), status, code, r.body)
	}
}

func TestDepthLimit(t *testing.T) {
	e := startServer(t, Config{MaxDepth: 4, Introspection: true})
	ok := `{ city(id: "DE:08222000") { partners { city { name } } } }` // 4 deep
	if r := e.query(t, ok, nil, nil); r.status != 200 || len(r.gql.Errors) > 0 {
		t.Fatalf("4 deep: %d %s", r.status, r.body)
	}
	deep := `{ city(id: "DE:08222000") { partners { city { partners { kind } } } } }` // 5 deep
	r := e.query(t, deep, nil, nil)
	if !slices.Contains(r.gql.codes(), graph.EDEPTHLIMIT) || string(r.gql.Data) != "" && string(r.gql.Data) != "null" {
		t.Fatalf("5 deep: codes %v, body %s", r.gql.codes(), r.body)
	}
	// Depth hidden in fragments counts too.
	frag := `query { city(id: "DE:08222000") { ...P } }
fragment P on City { partners { city { ... on City { partners { kind } } } } }`
	if r := e.query(t, frag, nil, nil); !slices.Contains(r.gql.codes(), graph.EDEPTHLIMIT) {
		t.Fatalf("deep fragments: codes %v, body %s", r.gql.codes(), r.body)
	}
	// Introspection is not charged (GraphiQL's own query nests deeper).
	if r := e.query(t, `{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }`, nil, nil); len(r.gql.Errors) > 0 {
		t.Fatalf("introspection under depth limit: %s", r.body)
	}
}

func TestComplexityLimit(t *testing.T) {
	e := startServer(t, Config{MaxComplexity: 50})
	if r := e.query(t, `{ city(id: "DE:08222000") { name } }`, nil, nil); len(r.gql.Errors) > 0 {
		t.Fatalf("cheap query: %s", r.body)
	}
	r := e.query(t, `{ cities(first: 100) { edges { node { partners { city { partners { kind } } } } } } }`, nil, nil)
	if !slices.Contains(r.gql.codes(), graph.ECOMPLEXITYLIMIT) {
		t.Fatalf("costly query: codes %v, body %s", r.gql.codes(), r.body)
	}
	if r.status >= 500 {
		t.Fatalf("status %d", r.status)
	}
}

func TestIntrospectionSwitch(t *testing.T) {
	q := `{ __schema { queryType { name } } }`
	on := startServer(t, Config{Introspection: true})
	if r := on.query(t, q, nil, nil); len(r.gql.Errors) > 0 || !strings.Contains(string(r.gql.Data), `"Query"`) {
		t.Fatalf("introspection on: %s", r.body)
	}
	off := startServer(t, Config{Introspection: false})
	r := off.query(t, q, nil, nil)
	if !slices.Contains(r.gql.codes(), graph.EINTROSPECTIONOFF) || strings.Contains(string(r.gql.Data), "Query") {
		t.Fatalf("introspection off: %s", r.body)
	}
	r = off.query(t, `{ __type(name: "City") { name } }`, nil, nil)
	if !slices.Contains(r.gql.codes(), graph.EINTROSPECTIONOFF) {
		t.Fatalf("__type with introspection off: %s", r.body)
	}
	if r := off.query(t, `{ info { __typename version } }`, nil, nil); len(r.gql.Errors) > 0 {
		t.Fatalf("__typename with introspection off: %s", r.body)
	}
}

const addMutation = `mutation { addPartnership(a: "DE:09162000", b: "UA:kyiv", kind: FRIENDSHIP, since: "2024-05") { id kind since } }`

func TestMutationsNeedTheAdminToken(t *testing.T) {
	t.Run("no token configured: mutations off", func(t *testing.T) {
		e := startServer(t, Config{})
		r := e.query(t, addMutation, nil, nil)
		if !slices.Contains(r.gql.codes(), graph.EFORBIDDEN) {
			t.Fatalf("codes %v, body %s", r.gql.codes(), r.body)
		}
		// Any bearer token is refused outright when none is configured.
		r = e.query(t, addMutation, nil, map[string]string{"Authorization": "Bearer guess"})
		assertCode(t, r, http.StatusUnauthorized, graph.EUNAUTHORIZED)
	})
	t.Run("token configured", func(t *testing.T) {
		e := startServer(t, Config{AdminToken: "s3cret-admin"})
		r := e.query(t, addMutation, nil, nil)
		if !slices.Contains(r.gql.codes(), graph.EUNAUTHORIZED) {
			t.Fatalf("without token: codes %v, body %s", r.gql.codes(), r.body)
		}
		r = e.query(t, addMutation, nil, map[string]string{"Authorization": "Bearer wrong"})
		assertCode(t, r, http.StatusUnauthorized, graph.EUNAUTHORIZED)
		if r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("401 without WWW-Authenticate")
		}
		r = e.query(t, addMutation, nil, map[string]string{"Authorization": "Basic czNjcmV0LWFkbWlu"})
		assertCode(t, r, http.StatusUnauthorized, graph.EUNAUTHORIZED)

		// Nothing was written by the refused attempts.
		check := `{ city(id: "DE:09162000") { partners { kind city { id } } } }`
		if r := e.query(t, check, nil, nil); strings.Contains(string(r.gql.Data), "UA:kyiv") {
			t.Fatalf("refused mutation wrote: %s", r.body)
		}

		r = e.query(t, addMutation, nil, map[string]string{"Authorization": "Bearer s3cret-admin"})
		if r.status != 200 || len(r.gql.Errors) > 0 || !strings.Contains(string(r.gql.Data), `"kind":"FRIENDSHIP"`) {
			t.Fatalf("with token: %d %s", r.status, r.body)
		}
		// Reads see the write (a new projection was swapped in).
		if r := e.query(t, check, nil, nil); !strings.Contains(string(r.gql.Data), "UA:kyiv") {
			t.Fatalf("read after mutation: %s", r.body)
		}
		// Reads need no token.
		if r := e.query(t, `{ info { version } }`, nil, nil); r.status != 200 || len(r.gql.Errors) > 0 {
			t.Fatalf("read without token: %s", r.body)
		}
	})
}

func TestReadToken(t *testing.T) {
	e := startServer(t, Config{AdminToken: "admin-tok", ReadToken: "read-tok"})
	q := `{ info { version } }`
	r := e.query(t, q, nil, nil)
	assertCode(t, r, http.StatusUnauthorized, graph.EUNAUTHORIZED)
	for _, tok := range []string{"read-tok", "admin-tok"} {
		if r := e.query(t, q, nil, map[string]string{"Authorization": "Bearer " + tok}); r.status != 200 || len(r.gql.Errors) > 0 {
			t.Errorf("read with %s: %d %s", tok, r.status, r.body)
		}
	}
	r = e.query(t, addMutation, nil, map[string]string{"Authorization": "Bearer read-tok"})
	if !slices.Contains(r.gql.codes(), graph.EUNAUTHORIZED) {
		t.Errorf("mutation with the read token: %s", r.body)
	}
	if r := do(t, http.MethodGet, e.base+"/export?format=csv", "", nil, nil); r.status != http.StatusUnauthorized {
		t.Errorf("export without token: %d", r.status)
	}
	if r := do(t, http.MethodGet, e.base+"/export?format=csv", "", nil, map[string]string{"Authorization": "Bearer read-tok"}); r.status != 200 {
		t.Errorf("export with the read token: %d %s", r.status, r.body)
	}
	// The page, the probes and the metrics stay open.
	for _, p := range []string{"/", "/healthz", "/readyz", "/metrics", "/assets/citygraph.js"} {
		if r := do(t, http.MethodGet, e.base+p, "", nil, nil); r.status != 200 {
			t.Errorf("%s with a read token configured: %d", p, r.status)
		}
	}
}

func TestReadinessFollowsTheProjection(t *testing.T) {
	e := startServer(t, Config{}, startOptions{noLoad: true})
	if r := do(t, http.MethodGet, e.base+"/healthz", "", nil, nil); r.status != 200 || !strings.Contains(string(r.body), `"ok"`) {
		t.Fatalf("healthz: %d %s", r.status, r.body)
	}
	r := do(t, http.MethodGet, e.base+"/readyz", "", nil, nil)
	if r.status != http.StatusServiceUnavailable || !strings.Contains(string(r.body), `"starting"`) {
		t.Fatalf("readyz before the projection: %d %s", r.status, r.body)
	}
	if r := e.query(t, `{ info { version } }`, nil, nil); !slices.Contains(r.gql.codes(), "UNAVAILABLE") {
		t.Fatalf("query before the projection: %s", r.body)
	}
	if m := do(t, http.MethodGet, e.base+"/metrics", "", nil, nil); !strings.Contains(string(m.body), "\ncitygraph_ready 0\n") {
		t.Errorf("metrics before the projection lack citygraph_ready 0")
	}

	if err := e.live.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	r = do(t, http.MethodGet, e.base+"/readyz", "", nil, nil)
	var body healthBody
	_ = json.Unmarshal(r.body, &body)
	if r.status != 200 || body.Status != "ok" || body.Links == nil || *body.Links != 6 || *body.Nodes != 6 {
		t.Fatalf("readyz after load: %d %s", r.status, r.body)
	}

	// The store goes away: degraded, and the last projection still answers.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.store.down.Store(true)
	go e.live.Poll(ctx, 5*time.Millisecond)
	waitFor(t, "readyz to say degraded", func() bool {
		r := do(t, http.MethodGet, e.base+"/readyz", "", nil, nil)
		return r.status == 200 && strings.Contains(string(r.body), `"degraded"`)
	})
	if r := e.query(t, networkQuery, nil, nil); r.status != 200 || len(r.gql.Errors) > 0 || !strings.Contains(string(r.gql.Data), "UA:kyiv") {
		t.Fatalf("query while degraded: %s", r.body)
	}
	if m := do(t, http.MethodGet, e.base+"/metrics", "", nil, nil); !strings.Contains(string(m.body), "\ncitygraph_degraded 1\n") {
		t.Errorf("metrics while degraded lack citygraph_degraded 1")
	}
	if strings.Contains(string(do(t, http.MethodGet, e.base+"/readyz", "", nil, nil).body), "unreachable") {
		t.Errorf("readyz shows the internal cause")
	}
	// It comes back: ready again.
	e.store.down.Store(false)
	waitFor(t, "readyz to say ok again", func() bool {
		r := do(t, http.MethodGet, e.base+"/readyz", "", nil, nil)
		return r.status == 200 && strings.Contains(string(r.body), `"ok"`)
	})
}

// metricLine matches a sample line of the Prometheus text format.
var metricLine = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? -?[0-9.e+]+|\+Inf|NaN$`)

func TestMetrics(t *testing.T) {
	e := startServer(t, Config{MaxDepth: 3})
	for range 3 {
		e.query(t, networkQuery, nil, nil)
	}
	e.query(t, `query TooDeep { city(id: "DE:08222000") { partners { city { partners { kind } } } } }`, nil, nil)
	e.query(t, `query Bad { `, nil, nil)
	do(t, http.MethodGet, e.base+"/nope", "", nil, nil)

	r := do(t, http.MethodGet, e.base+"/metrics", "", nil, nil)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("metrics: %d %s", r.status, r.header.Get("Content-Type"))
	}
	text := string(r.body)
	types := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		if strings.HasPrefix(l, "# TYPE ") {
			f := strings.Fields(l)
			types[f[2]] = f[3]
			continue
		}
		if strings.HasPrefix(l, "# HELP ") {
			continue
		}
		if !metricLine.MatchString(l) {
			t.Errorf("not a sample line: %q", l)
		}
	}
	for name, typ := range map[string]string{
		"citygraph_http_requests_total":           "counter",
		"citygraph_http_request_duration_seconds": "histogram",
		"citygraph_http_requests_in_flight":       "gauge",
		"citygraph_projection_version":            "gauge",
		"citygraph_projection_nodes":              "gauge",
		"citygraph_projection_links":              "gauge",
		"go_memstats_heap_alloc_bytes":            "gauge",
		"go_goroutines":                           "gauge",
		"process_resident_memory_bytes":           "gauge",
		"process_cpu_seconds_total":               "counter",
	} {
		if types[name] != typ {
			t.Errorf("# TYPE %s is %q, want %s", name, types[name], typ)
		}
	}
	p := e.live.Current()
	for _, want := range []string{
		`citygraph_http_requests_total{handler="/graphql",operation="GermanUkrainianNetwork",status="200"} 3`,
		`citygraph_http_requests_total{handler="/graphql",operation="TooDeep",status="400"} 1`,
		`citygraph_http_requests_total{handler="/graphql",operation="none",status="400"} 1`,
		`citygraph_http_requests_total{handler="other",operation="none",status="404"} 1`,
		`citygraph_http_request_duration_seconds_bucket{handler="/graphql",operation="GermanUkrainianNetwork",le="+Inf"} 3`,
		`citygraph_http_request_duration_seconds_count{handler="/graphql",operation="GermanUkrainianNetwork"} 3`,
		// The scrape itself is in flight.
		"\ncitygraph_http_requests_in_flight 1\n",
		"\ncitygraph_ready 1\n",
		"\ncitygraph_degraded 0\n",
		fmt.Sprintf("\ncitygraph_projection_version %d\n", p.Version()),
		fmt.Sprintf("\ncitygraph_projection_nodes %d\n", p.N()),
		fmt.Sprintf("\ncitygraph_projection_links %d\n", p.LinkCount()),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	// Buckets are cumulative: never decreasing, ending at the count.
	re := regexp.MustCompile(`citygraph_http_request_duration_seconds_bucket\{handler="/graphql",operation="GermanUkrainianNetwork",le="[^"]+"\} (\d+)`)
	prev := -1
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[1])
		if n < prev {
			t.Errorf("bucket counts decrease: %v", m[0])
		}
		prev = n
	}
	if prev != 3 {
		t.Errorf("last bucket %d, want 3", prev)
	}
}

func TestMetricsBoundOperationLabels(t *testing.T) {
	m := newMetrics()
	for i := range maxOperationLabelCount + 10 {
		m.observe(routeGraphQL, fmt.Sprintf("Op%d", i), 200, time.Millisecond)
	}
	m.observe(routeGraphQL, `evil"label`, 200, time.Millisecond)
	var buf bytes.Buffer
	if err := m.write(&buf, projectionFigures{ready: true}); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if !strings.Contains(text, `operation="Op0"`) || strings.Contains(text, fmt.Sprintf(`operation="Op%d"`, maxOperationLabelCount)) {
		t.Errorf("operation labels not bounded")
	}
	if !strings.Contains(text, `citygraph_http_requests_total{handler="/graphql",operation="other",status="200"} 11`) {
		t.Errorf("overflow not counted as other:\n%s", text)
	}
}

func TestPanicsBecome500AndTheServerLives(t *testing.T) {
	e := startServer(t, Config{Export: panicky{}})
	r := do(t, http.MethodGet, e.base+"/export?format=csv", "", nil, map[string]string{"X-Request-Id": "panic-1"})
	assertCode(t, r, http.StatusInternalServerError, graph.EINTERNAL)
	if strings.Contains(string(r.body), "boom") {
		t.Errorf("panic value leaked to the client: %s", r.body)
	}
	line := e.logs.requestLine(t, "panic-1")
	if line["status"] != float64(500) || line["level"] != "error" {
		t.Errorf("log line %v", line)
	}
	found := false
	for _, l := range e.logs.lines(t) {
		if l["panic"] == "boom in export" && l["request_id"] == "panic-1" {
			found = true
		}
	}
	if !found {
		t.Errorf("panic not logged")
	}
	if r := e.query(t, `{ info { version } }`, nil, nil); r.status != 200 {
		t.Fatalf("after panic: %d", r.status)
	}
}

func TestTimeout(t *testing.T) {
	// A timeout this short has passed before the resolvers run: the answer
	// is a TIMEOUT error and no data, never a partial result.
	e := startServer(t, Config{Timeout: time.Nanosecond})
	r := do(t, http.MethodGet, e.base+"/graphql?query="+url.QueryEscape(networkQuery), "", nil, nil)
	if !slices.Contains(r.gql.codes(), graph.ETIMEOUT) || (len(r.gql.Data) > 0 && string(r.gql.Data) != "null") {
		t.Fatalf("GET: %d %s", r.status, r.body)
	}
	// A POST cannot even have its body read in time.
	r = e.query(t, networkQuery, nil, nil)
	if r.status >= 500 || !slices.Contains(r.gql.codes(), graph.ETIMEOUT) {
		t.Fatalf("POST: %d %s", r.status, r.body)
	}
}

func TestSlowBodyIsCutOffByTheTimeout(t *testing.T) {
	e := startServer(t, Config{Timeout: 200 * time.Millisecond})
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() { _, _ = pw.Write([]byte(`{"query": `)) }() // and then nothing
	r := e.post(t, "application/json", pr, -1)
	assertCode(t, r, http.StatusRequestTimeout, graph.ETIMEOUT)
}

func TestRunDrainsRequestsInFlight(t *testing.T) {
	e := startServer(t, Config{ShutdownGrace: time.Minute, Timeout: time.Minute})
	pr, pw := io.Pipe()
	type reply struct {
		r   result
		err error
	}
	replies := make(chan reply, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, e.base+"/graphql", pr)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-Id", "in-flight")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			replies <- reply{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		var res result
		res.status, res.body = resp.StatusCode, b
		_ = json.Unmarshal(b, &res.gql)
		replies <- reply{res, err}
	}()
	// Half the body is sent; the server has the request in flight.
	if _, err := pw.Write([]byte(`{"query": "query Drained { partnershipNetwork(countries: [\"DE\", \"UA\"]) `)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the request to be in flight", func() bool { return e.srv.metrics.inFlight.Load() == 1 })

	e.stop() // like SIGTERM: stop accepting, drain
	waitFor(t, "the listener to close", func() bool {
		c, err := net.Dial("tcp", strings.TrimPrefix(e.base, "http://"))
		if err == nil {
			c.Close()
			return false
		}
		return true
	})
	select {
	case err := <-e.done:
		t.Fatalf("Run returned with a request in flight: %v", err)
	default:
	}
	// The rest of the body arrives; the request completes normally.
	if _, err := pw.Write([]byte(`{ summary { links } } }"}`)); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	rep := <-replies
	if rep.err != nil || rep.r.status != 200 || len(rep.r.gql.Errors) > 0 || !strings.Contains(string(rep.r.gql.Data), `"links":4`) {
		t.Fatalf("drained request: %v %d %s", rep.err, rep.r.status, rep.r.body)
	}
	err := <-e.done
	e.done <- err // for the cleanup
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if l := e.logs.requestLine(t, "in-flight"); l["status"] != float64(200) {
		t.Errorf("drained request logged %v", l)
	}
}

func TestShutdownGraceCutsOffStuckRequests(t *testing.T) {
	e := startServer(t, Config{ShutdownGrace: 50 * time.Millisecond, Timeout: time.Minute})
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() {
		req, _ := http.NewRequest(http.MethodPost, e.base+"/graphql", pr)
		req.Header.Set("Content-Type", "application/json")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	_, _ = pw.Write([]byte(`{"query": `))
	waitFor(t, "the request to be in flight", func() bool { return e.srv.metrics.inFlight.Load() == 1 })
	e.stop()
	err := <-e.done
	e.done <- nil // for the cleanup
	if err == nil || !strings.Contains(err.Error(), "cut off") {
		t.Fatalf("Run: %v, want an error about requests cut off", err)
	}
}

// panicky is an Exporter that panics.
type panicky struct{}

func (panicky) ExportGraph(context.Context, resolvers.Selection) (export.Graph, resolvers.ExportOrigin, error) {
	panic("boom in export")
}

// A write the store refuses before its commit (the store unreachable, or
// too slow for the request's time limit) is UNAVAILABLE with Retry-After:
// nothing was written, trying again later may work.
func TestRefusedWriteSaysRetryAfter(t *testing.T) {
	e := startServer(t, Config{AdminToken: "admin"})
	e.store.down.Store(true)
	r := e.query(t, addMutation, nil, map[string]string{"Authorization": "Bearer admin"})
	if !slices.Contains(r.gql.codes(), graph.EUNAVAILABLE) || r.header.Get("Retry-After") == "" {
		t.Fatalf("write with the store down: %d Retry-After %q %s", r.status, r.header.Get("Retry-After"), r.body)
	}
	e.store.down.Store(false)
	r = e.query(t, addMutation, nil, map[string]string{"Authorization": "Bearer admin"})
	if r.status != 200 || len(r.gql.Errors) > 0 || r.header.Get("Retry-After") != "" {
		t.Fatalf("write with the store back: %d Retry-After %q %s", r.status, r.header.Get("Retry-After"), r.body)
	}
}
