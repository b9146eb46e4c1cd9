package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// These tests hold the server to the GraphQL Foundation's "GraphQL over
// HTTP" specification, server section: each case names the rule it checks
// and is run with the two response media types, Accept:
// application/graphql-response+json and Accept: application/json.

// want is what a response must be for one media type.
type want struct {
	status int
	data   string // "absent", "null" or "object": the data entry
	code   string // an extensions.code the errors hold; "" means no errors
	msg    string // a substring of the first error's message
}

// conformanceCase is one request and what it must get in each media type.
type conformanceCase struct {
	rule   string // the specification's words
	method string
	query  url.Values // GET parameters
	ctype  string     // POST Content-Type
	body   string     // POST body
	header map[string]string
	gr, js want // with graphql-response+json and with application/json
}

func (c conformanceCase) send(t *testing.T, e *env, accept string) result {
	t.Helper()
	h := map[string]string{"Accept": accept}
	for k, v := range c.header {
		h[k] = v
	}
	if c.method == http.MethodGet {
		return do(t, http.MethodGet, e.base+"/graphql?"+c.query.Encode(), "", nil, h)
	}
	return do(t, http.MethodPost, e.base+"/graphql", c.ctype, strings.NewReader(c.body), h)
}

// check asserts status, media type and body of r against w.
func (w want) check(t *testing.T, r result, media string) {
	t.Helper()
	if r.status != w.status {
		t.Errorf("status %d, want %d; body %s", r.status, w.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != media+"; charset=utf-8" {
		t.Errorf("Content-Type %q, want %q", ct, media+"; charset=utf-8")
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(r.body, &top); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.body)
	}
	data, hasData := top["data"]
	switch {
	case w.data == "absent" && hasData:
		t.Errorf("the response has a data entry (%s); a request error must not", data)
	case w.data == "null" && (!hasData || string(data) != "null"):
		t.Errorf("data entry %q, want null", data)
	case w.data == "object" && (!hasData || !strings.HasPrefix(string(data), "{")):
		t.Errorf("data entry %q, want an object", data)
	}
	for k := range top {
		if k != "data" && k != "errors" && k != "extensions" {
			t.Errorf("unexpected top-level entry %q", k)
		}
	}
	switch {
	case w.code == "" && len(r.gql.Errors) > 0:
		t.Errorf("errors %s, want none", top["errors"])
	case w.code != "" && !slices.Contains(r.gql.codes(), w.code):
		t.Errorf("error codes %v, want %s; body %s", r.gql.codes(), w.code, r.body)
	case w.msg != "" && !strings.Contains(r.gql.Errors[0].Message, w.msg):
		t.Errorf("message %q does not say %q", r.gql.Errors[0].Message, w.msg)
	}
}

func post(body string) conformanceCase {
	return conformanceCase{method: http.MethodPost, ctype: "application/json", body: body}
}

func get(params ...string) conformanceCase {
	q := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		q.Add(params[i], params[i+1])
	}
	return conformanceCase{method: http.MethodGet, query: q}
}

// same is the want for both media types.
func (c conformanceCase) same(rule string, w want) conformanceCase {
	c.rule, c.gr, c.js = rule, w, w
	return c
}

func (c conformanceCase) each(rule string, gr, js want) conformanceCase {
	c.rule, c.gr, c.js = rule, gr, js
	return c
}

func (c conformanceCase) with(header ...string) conformanceCase {
	c.header = map[string]string{}
	for i := 0; i+1 < len(header); i += 2 {
		c.header[header[i]] = header[i+1]
	}
	return c
}

var (
	ok200         = want{status: 200, data: "object"}
	requestError  = func(code string) want { return want{status: 400, data: "absent", code: code} }
	legacyError   = func(code string) want { return want{status: 200, data: "absent", code: code} }
	malformed     = func(msg string) want { return want{status: 400, data: "absent", code: graph.EBADREQUEST, msg: msg} }
	getMutation   = url.QueryEscape(`mutation { addPartnership(a: "DE:09162000", b: "UA:kyiv", kind: FRIENDSHIP) { id } }`)
	coercionQuery = `query Q($id: ID!) { city(id: $id) { id } }`
)

func conformanceCases() []conformanceCase {
	return []conformanceCase{
		// Request: "A server MUST accept POST requests" and "MUST support
		// POST requests encoded with the application/json media type".
		post(`{"query": "{ info { __typename } }"}`).same("MUST accept POST with application/json", ok200),
		// Media types: utf-8 assumed without a charset; with one, UTF-8.
		post(`{"query": "{ city(name: \"Київ\") { id } }"}`).same("MUST assume utf-8 when the encoding is not given", ok200),
		func() conformanceCase {
			c := post(`{"query": "{ city(name: \"Київ\") { id } }"}`)
			c.ctype = "application/json; charset=utf-8"
			return c.same("MUST accept utf-8 encoded requests", ok200)
		}(),
		// GET: parameters in the query string, variables as JSON.
		get("query", `{ info { __typename } }`).same("MAY accept GET (query string)", ok200),
		get("query", coercionQuery, "variables", `{"id": "UA:kyiv"}`).same("GET variables are a JSON string", ok200),
		get("query", `query A { info { __typename } } query B { info { version } }`, "operationName", "B").
			same("GET operationName selects the operation", ok200),
		get("query", `{ info { __typename } }`, "operationName", "").
			same("GET: an empty operationName is the same as none", ok200),
		// "GET requests MUST NOT be used for executing mutation operations
		// ... the server MUST respond with error status code 405".
		conformanceCase{method: http.MethodGet, query: url.Values{"query": {`mutation { addPartnership(a: "DE:09162000", b: "UA:kyiv", kind: FRIENDSHIP) { id } }`}}}.
			with("Authorization", "Bearer admin-token").
			same("MUST answer a mutation over GET with 405", want{status: 405, data: "absent", code: graph.EMETHODNOTALLOWED}),
		get("query", `query Q { info { version } } mutation M { endPartnership(a: "x", b: "y", until: "2024") { id } }`, "operationName", "M").
			same("the operation chosen by operationName decides GET's 405", want{status: 405, data: "absent", code: graph.EMETHODNOTALLOWED}),
		get("query", `query Q { info { version } } mutation M { endPartnership(a: "x", b: "y", until: "2024") { id } }`, "operationName", "Q").
			same("a query beside a mutation runs over GET", ok200),
		// POST without Content-Type: "SHOULD reject the request using the
		// appropriate 4xx status code".
		conformanceCase{method: http.MethodPost, body: `{"query": "{ info { version } }"}`}.
			same("SHOULD refuse a POST without Content-Type (4xx)", want{status: 415, data: "absent", code: graph.EUNSUPPORTEDMEDIA}),
		conformanceCase{method: http.MethodPost, ctype: "text/plain", body: `{ info { version } }`}.
			same("a POST in an unsupported media type is 415", want{status: 415, data: "absent", code: graph.EUNSUPPORTEDMEDIA}),
		conformanceCase{method: http.MethodPost, ctype: "application/json; charset=utf-16", body: `{"query": "{ info { version } }"}`}.
			same("only UTF-8 request bodies", want{status: 415, data: "absent", code: graph.EUNSUPPORTEDMEDIA}),
		// JSON encoding: other property names are reserved; null is the
		// same as a missing optional parameter.
		post(`{"query": "{ info { __typename } }", "id": "persisted-1"}`).same("other request properties are ignored", ok200),
		post(`{"query": "{ info { __typename } }", "operationName": null, "variables": null, "extensions": null}`).
			same("MUST allow null operationName, variables and extensions", ok200),
		post(`{"query": "{ info { __typename } }", "extensions": {"some": "value"}}`).same("MUST allow a map for extensions", ok200),
		post(`{"query": "query Q($id: ID!) { city(id: $id) { id } }", "variables": {"id": "UA:kyiv"}}`).same("MUST allow a map for variables", ok200),
		post(`{"query": "query Q { info { version } }", "operationName": "Q"}`).same("MUST allow a string operationName", ok200),

		// Not well-formed GraphQL-over-HTTP requests: "SHOULD result in
		// status code 400 (Bad Request)" in both media types.
		post("{\n  \"query\": \"{ info { version } }\",\n  oops\n}").same("JSON parsing failure is 400", malformed("line 3, column 3")),
		post(`{"query":`).same("a truncated body is 400", malformed("not valid JSON")),
		post(``).same("MUST require a request body on POST", malformed("empty")),
		post(`null`).same("a null body is 400", malformed("not null")),
		post(`["{ info { version } }"]`).same("a body that is not an object is 400", malformed("not a JSON array")),
		post(`{"qeury": "{ info { version } }"}`).same("a missing query is 400", malformed("no query")),
		post(`{"query": null}`).same("a null query is 400", malformed("no query")),
		post(`{"query": 5}`).same("a number query is 400", malformed("query must be a string, not a JSON number")),
		post(`{"query": {"obj": "ect"}}`).same("an object query is 400", malformed("not a JSON object")),
		post(`{"query": false}`).same("a boolean query is 400", malformed("not a JSON boolean")),
		post(`{"query": ["array"]}`).same("an array query is 400", malformed("not a JSON array")),
		post(`{"query": "{ info { version } }", "operationName": 0}`).same("a number operationName is 400", malformed("operationName must be a string")),
		post(`{"query": "{ info { version } }", "operationName": {"a": 1}}`).same("an object operationName is 400", malformed("operationName must be a string")),
		post(`{"query": "{ info { version } }", "operationName": ["A"]}`).same("an array operationName is 400", malformed("operationName must be a string")),
		post(`{"query": "{ info { version } }", "variables": [7]}`).same("variables of the wrong shape are 400", malformed("variables must be a JSON object")),
		post(`{"query": "{ info { version } }", "variables": "{}"}`).same("string variables in a POST are 400", malformed("variables must be a JSON object")),
		post(`{"query": "{ info { version } }", "variables": 0}`).same("number variables are 400", malformed("variables must be a JSON object")),
		post(`{"query": "{ info { version } }", "extensions": false}`).same("boolean extensions are 400", malformed("extensions must be a JSON object")),
		post(`{"query": "{ info { version } }"} {}`).same("trailing data after the object is 400", malformed("not valid JSON")),
		get().same("a GET without query is 400", malformed("no query parameter")),
		get("query", `{ info { version } }`, "query", `{ info { __typename } }`).same("a GET with two queries is 400", malformed("2 times")),
		get("query", `{ info { version } }`, "variables", `[1]`).same("GET variables that are no map are 400", malformed("variables must be a JSON object")),
		get("query", `{ info { version } }`, "variables", `{"a":`).same("GET variables that are no JSON are 400", malformed("not valid JSON")),
		get("query", `{ info { version } }`, "extensions", `7`).same("GET extensions that are no map are 400", malformed("extensions must be a JSON object")),

		// Well-formed requests that fail before execution: with
		// application/graphql-response+json 400 and no data entry; with
		// application/json 200 (and no data entry, a request error).
		post(`{"query": "{"}`).each("document parsing failure", requestError("GRAPHQL_PARSE_FAILED"), legacyError("GRAPHQL_PARSE_FAILED")),
		post(`{"query": ""}`).each("an empty document", requestError("GRAPHQL_VALIDATION_FAILED"), legacyError("GRAPHQL_VALIDATION_FAILED")),
		post(`{"query": "{ nosuchfield }"}`).each("document validation failure (SHOULD apply all validation rules)",
			requestError("GRAPHQL_VALIDATION_FAILED"), legacyError("GRAPHQL_VALIDATION_FAILED")),
		post(`{"query": "{ neighborhood(city: 5) { nodes { id } } }"}`).each("an argument of the wrong type",
			requestError("GRAPHQL_VALIDATION_FAILED"), legacyError("GRAPHQL_VALIDATION_FAILED")),
		post(`{"query": "query A { info { version } }", "operationName": "B"}`).each("the operation cannot be determined",
			requestError("GRAPHQL_VALIDATION_FAILED"), legacyError("GRAPHQL_VALIDATION_FAILED")),
		post(`{"query": "query A { info { version } } query B { info { version } }"}`).each("two operations and no operationName",
			requestError("GRAPHQL_VALIDATION_FAILED"), legacyError("GRAPHQL_VALIDATION_FAILED")),
		post(`{"query": "query Q($id: ID!) { city(id: $id) { id } }", "variables": {"id": null}}`).each("variable coercion failure",
			requestError("GRAPHQL_VALIDATION_FAILED"), legacyError("GRAPHQL_VALIDATION_FAILED")),
		post(`{"query": "query Q($id: ID!) { city(id: $id) { id } }"}`).each("a required variable is missing",
			requestError("GRAPHQL_VALIDATION_FAILED"), legacyError("GRAPHQL_VALIDATION_FAILED")),
		post(`{"query": "{ city(id: \"DE:08222000\") { partners { city { partners { city { partners { kind } } } } } } }"}`).
			each("additional validation rules (depth limit)", requestError(graph.EDEPTHLIMIT), legacyError(graph.EDEPTHLIMIT)),
		// "If the client is not permitted to issue the GraphQL request then
		// the server SHOULD reply with 403, 401 or similar".
		post(`{"query": "mutation { endPartnership(a: \"DE:05315000\", b: \"UA:kyiv\", until: \"2024\") { id } }"}`).
			each("a mutation without the admin token", want{status: 401, data: "absent", code: graph.EUNAUTHORIZED},
				legacyError(graph.EUNAUTHORIZED)),

		// Executed operations: "If the GraphQL response contains the data
		// entry and it is not null, then the server MUST reply with a 2xx
		// status code and SHOULD reply with 200"; field errors are a
		// partial response, 200 in both.
		post(`{"query": "{ info { __typename } path: shortestPath(from: \"Nowhere-upon-Nothing\", to: \"UA:kyiv\") { length } }"}`).
			same("field errors in a partial response are 200", want{status: 200, data: "object", code: "NOT_FOUND"}),
		// "If the GraphQL response contains the data entry and it is null,
		// then the server SHOULD reply with a 2xx status code".
		post(`{"query": "{ partnershipNetwork(countries: [\"not a country\"]) { summary { links } } }"}`).
			same("a null data entry is 200", want{status: 200, data: "null", code: "INVALID"}),
	}
}

func TestGraphQLOverHTTPConformance(t *testing.T) {
	e := startServer(t, Config{MaxDepth: 6, AdminToken: "admin-token"})
	for _, c := range conformanceCases() {
		for _, m := range []struct {
			media string
			want  want
		}{{mediaGraphQLResponse, c.gr}, {mediaJSON, c.js}} {
			t.Run(c.rule+"/"+m.media, func(t *testing.T) {
				m.want.check(t, c.send(t, e, m.media), m.media)
			})
		}
	}
	// Nothing was written by the mutations sent with GET.
	r := e.query(t, `{ city(id: "DE:09162000") { partners { city { id } } } }`, nil, nil)
	if strings.Contains(string(r.gql.Data), "UA:kyiv") {
		t.Errorf("a mutation sent with GET was executed: %s", r.body)
	}
}

func TestGETMutationIsRefusedWithAllowPOST(t *testing.T) {
	e := startServer(t, Config{AdminToken: "admin-token"})
	for _, accept := range []string{mediaGraphQLResponse, mediaJSON, ""} {
		r := do(t, http.MethodGet, e.base+"/graphql?query="+getMutation, "", nil,
			map[string]string{"Accept": accept, "Authorization": "Bearer admin-token"})
		if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "POST" {
			t.Errorf("Accept %q: status %d, Allow %q; want 405 with Allow: POST", accept, r.status, r.header.Get("Allow"))
		}
	}
	// The same mutation over POST runs.
	r := e.query(t, `mutation { addPartnership(a: "DE:09162000", b: "UA:kyiv", kind: FRIENDSHIP) { id } }`, nil,
		map[string]string{"Authorization": "Bearer admin-token"})
	if r.status != 200 || len(r.gql.Errors) > 0 {
		t.Fatalf("POST mutation: %d %s", r.status, r.body)
	}
}

func TestAcceptNegotiation(t *testing.T) {
	e := startServer(t, Config{})
	cases := []struct {
		accept string
		media  string // "" means 406
	}{
		// "If the client does not supply an Accept header, the server
		// SHOULD treat the request as if it had Accept:
		// application/graphql-response+json" (from 2025-01-01).
		{"", mediaGraphQLResponse},
		{mediaGraphQLResponse, mediaGraphQLResponse},
		{mediaJSON, mediaJSON},
		// A bare wildcard: the legacy type (the conformance audit's 47DE).
		{"*/*", mediaJSON},
		{"application/*", mediaJSON},
		{"*/*, application/graphql-response+json", mediaGraphQLResponse},
		// The recommended client header.
		{"application/graphql-response+json; charset=utf-8, application/json; charset=utf-8", mediaGraphQLResponse},
		// GraphiQL's.
		{"application/json, multipart/mixed", mediaJSON},
		// "the highest priority media type listed that is supported".
		{"application/json;q=0.9, application/graphql-response+json", mediaGraphQLResponse},
		{"application/graphql-response+json;q=0.5, application/json", mediaJSON},
		{"application/json, application/graphql-response+json", mediaJSON},
		{"text/html, application/json;q=0.8, */*;q=0.1", mediaJSON},
		{"application/json;q=0, */*", mediaGraphQLResponse},
		{"text/html, */*;q=0.1", mediaJSON},
		{"application/*;q=0.5, application/graphql-response+json;q=0.5", mediaGraphQLResponse},
		{"APPLICATION/JSON", mediaJSON},
		// "when a client does not include at least one supported media type
		// in the Accept HTTP header, the server MUST either respond with 406
		// Not Acceptable (RECOMMENDED) ...".
		{"text/html", ""},
		{"application/xml, text/plain;q=0.5", ""},
		{"application/json;q=0", ""},
		{"application/graphql-response+json; charset=utf-16, application/json; charset=utf-16", ""},
	}
	for _, c := range cases {
		t.Run(c.accept, func(t *testing.T) {
			h := map[string]string{}
			if c.accept != "" {
				h["Accept"] = c.accept
			}
			// GET too: a browser without a query string goes to the
			// explorer, everything else is negotiated.
			for _, r := range []result{
				e.query(t, `{ info { __typename } }`, nil, h),
				do(t, http.MethodGet, e.base+"/graphql?query="+url.QueryEscape(`{ info { __typename } }`), "", nil, h),
			} {
				if c.media == "" {
					if r.status != http.StatusNotAcceptable || !slices.Contains(r.gql.codes(), graph.ENOTACCEPTABLE) {
						t.Errorf("status %d codes %v, want 406 NOT_ACCEPTABLE", r.status, r.gql.codes())
					}
					continue
				}
				if ct := r.header.Get("Content-Type"); r.status != 200 || ct != c.media+"; charset=utf-8" {
					t.Errorf("status %d Content-Type %q, want 200 with %s", r.status, ct, c.media)
				}
			}
		})
	}
}

func TestErrorsBeforeGraphQLFollowAccept(t *testing.T) {
	e := startServer(t, Config{ReadToken: "read-token", MaxBodyBytes: 64})
	for _, media := range []string{mediaGraphQLResponse, mediaJSON} {
		h := map[string]string{"Accept": media}
		r := e.query(t, `{ info { version } }`, nil, h)
		if r.status != 401 || r.header.Get("Content-Type") != media+"; charset=utf-8" || !slices.Contains(r.gql.codes(), graph.EUNAUTHORIZED) {
			t.Errorf("%s: without token %d %q %s", media, r.status, r.header.Get("Content-Type"), r.body)
		}
		h["Authorization"] = "Bearer read-token"
		r = e.query(t, `{ info { version } }`, map[string]any{"pad": strings.Repeat("x", 100)}, h)
		if r.status != 413 || r.header.Get("Content-Type") != media+"; charset=utf-8" || !slices.Contains(r.gql.codes(), graph.ETOOLARGE) {
			t.Errorf("%s: too large %d %q %s", media, r.status, r.header.Get("Content-Type"), r.body)
		}
		if strings.Contains(string(r.body), `"data"`) {
			t.Errorf("%s: an error before GraphQL has a data entry: %s", media, r.body)
		}
	}
}
