package server

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

func TestResponseCache(t *testing.T) {
	e := startServer(t, Config{AdminToken: "admin-token"})
	ask := func(id string, q string, vars map[string]any, accept string) result {
		return e.query(t, q, vars, map[string]string{"X-Request-Id": id, "Accept": accept})
	}
	cached := func(id string) bool { return e.logs.requestLine(t, id)["cached"] == true }

	first := ask("rc-1", networkQuery, nil, mediaGraphQLResponse)
	second := ask("rc-2", networkQuery, nil, mediaJSON)
	if first.status != 200 || cached("rc-1") || !cached("rc-2") {
		t.Fatalf("first %d cached %v, second cached %v", first.status, cached("rc-1"), cached("rc-2"))
	}
	if !bytes.Equal(first.body, second.body) {
		t.Errorf("the cached answer differs:\n%s\n%s", first.body, second.body)
	}
	// The media type follows each request, not the cached one.
	if ct := second.header.Get("Content-Type"); ct != mediaJSON+"; charset=utf-8" {
		t.Errorf("cached answer Content-Type %q", ct)
	}
	if l := e.logs.requestLine(t, "rc-2"); l["operation"] != "GermanUkrainianNetwork" {
		t.Errorf("a cached answer's log line names operation %v", l["operation"])
	}
	// GET with the same parameters hits too.
	if r := do(t, http.MethodGet, e.base+"/graphql?query="+strings.ReplaceAll(strings.ReplaceAll(networkQuery, " ", "+"), "\n", "%0A"), "", nil,
		map[string]string{"X-Request-Id": "rc-get"}); r.status != 200 || !cached("rc-get") || !bytes.Equal(r.body, first.body) {
		t.Errorf("GET: %d cached %v", r.status, cached("rc-get"))
	}

	// Variables are part of the key.
	q := `query C($id: ID!) { city(id: $id) { name } }`
	a := ask("rc-v1", q, map[string]any{"id": "DE:08222000"}, "")
	b := ask("rc-v2", q, map[string]any{"id": "DE:05315000"}, "")
	if cached("rc-v2") || !strings.Contains(string(a.body), "Mannheim") || !strings.Contains(string(b.body), "Köln") {
		t.Errorf("variables: %s / %s (second cached %v)", a.body, b.body, cached("rc-v2"))
	}
	// Answers with errors are not kept.
	bad := `{ partnershipNetwork(countries: ["nope"]) { summary { links } } }`
	ask("rc-e1", bad, nil, "")
	if ask("rc-e2", bad, nil, ""); cached("rc-e2") {
		t.Errorf("an answer with errors was cached")
	}
	// Mutations are never cached, and a write makes a new projection: the
	// next answer is fresh.
	check := `{ city(id: "DE:09162000") { partners { city { id } } } }`
	before := ask("rc-m0", check, nil, "")
	m := e.query(t, `mutation { addPartnership(a: "DE:09162000", b: "UA:kyiv", kind: FRIENDSHIP) { id } }`, nil,
		map[string]string{"Authorization": "Bearer admin-token"})
	if m.status != 200 || len(m.gql.Errors) > 0 {
		t.Fatalf("mutation: %s", m.body)
	}
	after := ask("rc-m1", check, nil, "")
	if cached("rc-m1") || bytes.Equal(before.body, after.body) || !strings.Contains(string(after.body), "UA:kyiv") {
		t.Errorf("after a write: cached %v, %s", cached("rc-m1"), after.body)
	}
	// The metrics count hits and misses.
	text := string(do(t, http.MethodGet, e.base+"/metrics", "", nil, nil).body)
	for _, want := range []string{"citygraph_response_cache_hits_total 2\n", "citygraph_response_cache_entries "} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestResponseCacheIsBoundedInBytes(t *testing.T) {
	c := newResponseCache(1000, 400)
	put := func(i int, v int64, n int) {
		c.put(&cachedResponse{key: [32]byte{byte(i)}, version: v, body: bytes.Repeat([]byte("x"), n)})
	}
	put(1, 1, 500) // too large for one entry
	if n, _ := c.size(); n != 0 {
		t.Errorf("an answer over the entry bound was kept")
	}
	for i := range 10 {
		put(i, 1, 300)
	}
	if n, b := c.size(); b > 1000 || n != 3 {
		t.Errorf("%d entries, %d bytes; want 3 within 1000", n, b)
	}
	put(20, 2, 10) // a newer projection drops the older answers
	if n, b := c.size(); n != 1 || b != 10 {
		t.Errorf("after a new version: %d entries, %d bytes", n, b)
	}
	put(21, 1, 10) // an older one is not kept
	if _, ok := c.get([32]byte{21}); ok {
		t.Errorf("an answer of an older version was kept")
	}
}
