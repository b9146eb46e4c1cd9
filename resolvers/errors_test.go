package resolvers_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/live"
	"github.com/citygraph/citygraph/resolvers"
	"github.com/rs/zerolog"
)

// postRaw posts a GraphQL request body and returns the status and the
// decoded errors.
func postRaw(t *testing.T, h http.Handler, body string) (int, []gqlError) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var resp struct{ Errors []gqlError }
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
		t.Fatalf("decode %q: %v", w.Body.String(), err)
	}
	return w.Code, resp.Errors
}

func TestGraphQLErrorsHaveCodes(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ body, code, msg string }{
		{`{"query": "{ city(name: \"Berlin\" { id } }"}`, "GRAPHQL_PARSE_FAILED", "Expected"},
		{`{"query": "{ town { id } }"}`, "GRAPHQL_VALIDATION_FAILED", "town"},
		{`{"query": "{ cities(first: \"ten\") { totalCount } }"}`, "GRAPHQL_VALIDATION_FAILED", "Int"},
		{`{"query": "query($d: Date) { partnerships(filter: {asOf: $d}) { totalCount } }", "variables": {"d": "24.02.2022"}}`, graph.EINVALID, "YYYY-MM-DD"},
		{`{"query": "{ partnershipNetwork(countries: [\"DE\"], asOf: \"2022-02-30\") { summary { links } } }"}`, graph.EINVALID, "2022-02-30"},
		{`{"query": "{ cities(orderBy: {field: SIZE}) { totalCount } }"}`, "GRAPHQL_VALIDATION_FAILED", "SIZE"},
	} {
		status, errs := postRaw(t, e.h, tc.body)
		if status >= 500 || len(errs) == 0 {
			t.Errorf("%s: status %d, errors %+v", tc.body, status, errs)
			continue
		}
		if code(errs[0]) != tc.code || !strings.Contains(errs[0].Message, tc.msg) {
			t.Errorf("%s: %+v, want code %s and %q in the message", tc.body, errs[0], tc.code, tc.msg)
		}
	}
}

// flaky is the real store with a switch that makes every call fail the way
// a lost connection does, and one that makes Imports fail with an internal
// error whose text must not reach clients.
type flaky struct {
	graph.Store
	down, broken atomic.Bool
}

var errDown = &graph.Error{Code: graph.EUNAVAILABLE, Message: "the store cannot be reached", Err: errors.New("dial tcp 10.0.0.7:7687: connection refused")}

func (f *flaky) Snapshot(ctx context.Context) (*graph.Snapshot, error) {
	if f.down.Load() {
		return nil, errDown
	}
	return f.Store.Snapshot(ctx)
}

func (f *flaky) Version(ctx context.Context) (int64, error) {
	if f.down.Load() {
		return 0, errDown
	}
	return f.Store.Version(ctx)
}

func (f *flaky) Imports(ctx context.Context) ([]graph.ImportRecord, error) {
	if f.broken.Load() {
		return nil, fmt.Errorf("scan imports: sql: no such column secret_col in /srv/citygraph/secret.db")
	}
	return f.Store.Imports(ctx)
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	e := newEnv(t)
	f := &flaky{Store: e.store}
	f.broken.Store(true)
	res := resolvers.New(resolvers.Config{Live: e.live, Store: f, Log: zerolog.Nop()})
	srv := handler.New(resolvers.ExecutableSchema(res))
	srv.AddTransport(transport.POST{})
	srv.SetErrorPresenter(resolvers.ErrorPresenter)
	_, errs := postRaw(t, srv, `{"query": "{ info { cities imports { file } } }"}`)
	if len(errs) != 1 || code(errs[0]) != graph.EINTERNAL || errs[0].Message != "internal error" {
		t.Fatalf("errors = %+v", errs)
	}
	raw, _ := json.Marshal(errs)
	if strings.Contains(string(raw), "secret") {
		t.Errorf("internal details leaked: %s", raw)
	}
	// Without imports selected the store is not asked.
	_, errs = postRaw(t, srv, `{"query": "{ info { cities partnerships version } }"}`)
	if len(errs) != 0 {
		t.Errorf("info without imports: %+v", errs)
	}

	// A panic is INTERNAL too, with nothing of its value.
	gerr := resolvers.ErrorPresenter(context.Background(), resolvers.RecoverFunc(context.Background(), "secret panic value"))
	if gerr.Message != "internal error" || gerr.Extensions["code"] != graph.EINTERNAL || strings.Contains(gerr.Error(), "secret") {
		t.Errorf("panic presented as %+v", gerr)
	}
	// Context ends have their own codes.
	if g := resolvers.ErrorPresenter(context.Background(), fmt.Errorf("load: %w", context.DeadlineExceeded)); g.Extensions["code"] != graph.ETIMEOUT {
		t.Errorf("deadline presented as %+v", g)
	}
}

func TestUnavailableUntilLoadedAndServedWhileDegraded(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	f := &flaky{Store: e.store}
	holder := live.New(f, zerolog.Nop())
	// Not loaded yet: reads are UNAVAILABLE.
	res := resolvers.New(resolvers.Config{Live: holder, Store: f})
	srv := handler.New(resolvers.ExecutableSchema(res))
	srv.AddTransport(transport.POST{})
	srv.SetErrorPresenter(resolvers.ErrorPresenter)
	if _, errs := postRaw(t, srv, `{"query": "{ city(id: \"UA:kyiv\") { name } }"}`); len(errs) != 1 || code(errs[0]) != graph.EUNAVAILABLE {
		t.Errorf("before load: %+v", errs)
	}
	if err := holder.Load(ctx); err != nil {
		t.Fatal(err)
	}

	// The store goes away: the reload fails, the last projection is served.
	f.down.Store(true)
	if err := holder.Load(ctx); err == nil {
		t.Error("Load with the store down succeeded")
	}
	if ready, degraded, _ := holder.Status(); !ready || !degraded {
		t.Errorf("store down: ready %v degraded %v", ready, degraded)
	}
	var resp struct {
		Data struct{ City struct{ Degree int } }
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query": "{ city(id: \"UA:kyiv\") { degree } }"}`))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || resp.Data.City.Degree != 3 {
		t.Errorf("serving while degraded: %s", w.Body.String())
	}
}
