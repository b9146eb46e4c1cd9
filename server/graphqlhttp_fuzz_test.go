package server

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzDecodePOST: the JSON request decoder never panics, refuses what it
// refuses as a bad request (never another kind of error), and what it
// accepts has a query string and object-valued variables and extensions.
func FuzzDecodePOST(f *testing.F) {
	for _, s := range []string{
		`{"query": "{ info { version } }"}`, `{"query": "q", "operationName": "A", "variables": {"a": [1, 2.5e3, null]}, "extensions": {}}`,
		`{"query": 5}`, `[]`, `null`, ``, `{"query": "x"} {}`, `{"query": "x", "variables": "{}"}`, "{\"query\": \"\\ud800\"}",
		`{"query": "x", "variables": {"n": 123456789012345678901234567890}}`, `{"qu\u0065ry": "x"}`, `{"query": "a", "query": 1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest("POST", "/graphql", nil)
		p, err := decodePOST(r, body)
		if err != nil {
			var br *badRequest
			if !errors.As(err, &br) || p != nil {
				t.Fatalf("decodePOST(%q): %T %v", body, err, err)
			}
			if strings.Contains(br.msg, string(body)) && len(body) > 40 {
				t.Fatalf("the error echoes the body: %s", br.msg)
			}
			return
		}
		if p == nil {
			t.Fatalf("decodePOST(%q): no params and no error", body)
		}
	})
}

// FuzzDecodeGET: the query-string decoder never panics and refuses only
// with bad requests.
func FuzzDecodeGET(f *testing.F) {
	for _, s := range []string{"query=%7B+info+%7B+version+%7D+%7D", "query=x&variables=%7B%7D", "query=x&query=y",
		"variables=1", "query=x&extensions=%5B%5D", "%zz", "query=x&operationName=&variables="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/graphql", nil)
		r.URL.RawQuery = raw
		p, err := decodeGET(r)
		if err != nil {
			var br *badRequest
			if !errors.As(err, &br) || p != nil {
				t.Fatalf("decodeGET(%q): %T %v", raw, err, err)
			}
			return
		}
		if p == nil {
			t.Fatalf("decodeGET(%q): no params and no error", raw)
		}
	})
}

// FuzzNegotiate: any Accept header gets one of the two media types or a
// refusal, never a panic.
func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"", "*/*", "application/json;q=0.5, application/graphql-response+json", "text/html;q=abc", ";;;,,,", "application/json;q=-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, accept string) {
		m, ok := negotiate(accept)
		if ok && m != mediaJSON && m != mediaGraphQLResponse || !ok && m != "" {
			t.Fatalf("negotiate(%q) = %q, %v", accept, m, ok)
		}
	})
}
