package neo4j

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/graphtest"
)

func TestContract(t *testing.T) {
	testConfig(t) // skip (or fail in CI) once, not per subtest
	graphtest.Run(t, func(t *testing.T) graph.Store { return openEmpty(t) })
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{"NEO4J_URI": "neo4j+s://x.databases.neo4j.io", "NEO4J_USERNAME": "u", "NEO4J_PASSWORD": "p"}
	got := ConfigFromEnv(func(k string) string { return env[k] })
	want := Config{URI: "neo4j+s://x.databases.neo4j.io", Username: "u", Password: "p", Database: "neo4j"}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	env["NEO4J_DATABASE"] = "cities"
	if got := ConfigFromEnv(func(k string) string { return env[k] }); got.Database != "cities" {
		t.Errorf("database %q, want cities", got.Database)
	}
}

// TestUnreachable needs no server: nothing listens on port 1.
func TestUnreachable(t *testing.T) {
	const uri = "bolt://127.0.0.1:1"
	// The store promises to give up within 10 s; the deadline here is
	// the bound of that promise, the assertion is on the error.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := Open(ctx, Config{URI: uri, Username: "neo4j", Password: "x"}, zerolog.Nop())
	if err == nil {
		s.Close()
		t.Fatal("open succeeded with nothing listening")
	}
	if c := graph.ErrorCode(err); c != graph.EUNAVAILABLE {
		t.Errorf("code %q, want %q (%v)", c, graph.EUNAVAILABLE, err)
	}
	if msg := graph.ErrorMessage(err); !strings.Contains(msg, uri) {
		t.Errorf("message %q does not name %s", msg, uri)
	}
	if ctx.Err() != nil {
		t.Errorf("open gave up only when the caller's 10 s ran out: %v", err)
	}
}

func TestBadURI(t *testing.T) {
	_, err := Open(context.Background(), Config{URI: "http://127.0.0.1:7474"}, zerolog.Nop())
	if c := graph.ErrorCode(err); c != graph.EINVALID {
		t.Errorf("code %q, want %q (%v)", c, graph.EINVALID, err)
	}
	_, err = Open(context.Background(), Config{}, zerolog.Nop())
	if c := graph.ErrorCode(err); c != graph.EINVALID || !strings.Contains(err.Error(), "NEO4J_URI") {
		t.Errorf("no URI: %v (code %q), want %s mentioning NEO4J_URI", err, c, graph.EINVALID)
	}
}

func TestWrongPassword(t *testing.T) {
	cfg := testConfig(t)
	cfg.Password += "-wrong"
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := Open(ctx, cfg, zerolog.Nop())
	if err == nil {
		s.Close()
		t.Fatal("open succeeded with a wrong password")
	}
	if c := graph.ErrorCode(err); c != graph.EUNAUTHORIZED {
		t.Errorf("code %q, want %q (%v)", c, graph.EUNAUTHORIZED, err)
	}
	msg := graph.ErrorMessage(err)
	for _, want := range []string{cfg.URI, cfg.Username, "password"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not mention %q", msg, want)
		}
	}
	if strings.Contains(msg, cfg.Password) {
		t.Errorf("message %q shows the password", msg)
	}
	for _, bad := range []string{"goroutine", ".go:", "panic", "\n"} {
		if strings.Contains(err.Error(), bad) {
			t.Errorf("error %q looks like a stack trace (%q)", err, bad)
		}
	}
}

func TestSchemaAndLayout(t *testing.T) {
	s := openEmpty(t)
	defer s.Close()
	ctx := context.Background()
	// Open twice: creating the schema is idempotent.
	s2, err := Open(ctx, s.Config(), zerolog.Nop())
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	s2.Close()
	// A database that has the schema is recognised as such: opening it
	// again reads, and creates nothing.
	if ready, err := s.schemaReady(ctx, schemaStatements()); err != nil || !ready {
		t.Errorf("schemaReady after open: %v, %v; want true", ready, err)
	}

	if _, err := s.Apply(ctx, &graph.Batch{
		Municipalities: []graph.Municipality{
			{ID: "DE:08222000", Name: "Mannheim", Country: "DE", AGS: "08222000", State: "DE-BW", Lat: 49.49, Lon: 8.47, HasCoords: true},
			{ID: "UA:chernivtsi", Name: "Chernivtsi", Country: "UA"},
		},
		Partnerships: []graph.Partnership{{A: "UA:chernivtsi", B: "DE:08222000", Kind: graph.KindPartnership,
			Since: graph.NewDate(2022, 11, 0), Sources: []graph.Source{{File: "rgre.csv", Line: 2}}}},
	}); err != nil {
		t.Fatal(err)
	}
	res, err := neo4j.ExecuteQuery(ctx, s.driver, "SHOW CONSTRAINTS YIELD name RETURN collect(name)", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.cfg.Database))
	if err != nil {
		t.Fatal(err)
	}
	names := res.Records[0].Values[0].([]any)
	for _, want := range []string{"citygraph_municipality_id", "citygraph_partner_of_key", "citygraph_import_sha256"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("constraint %s missing: %v", want, names)
		}
	}
	// The link is stored once, from the smaller id, and reads as documented.
	res, err = neo4j.ExecuteQuery(ctx, s.driver, `
MATCH (a:Municipality)-[r:PARTNER_OF]->(b:Municipality)
RETURN a.id, b.id, r.kind, r.since, r.sinceYear, r.sources, a.location.latitude`, nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.cfg.Database))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 1 {
		t.Fatalf("%d PARTNER_OF relationships, want 1", len(res.Records))
	}
	v := res.Records[0].Values
	want := []any{"DE:08222000", "UA:chernivtsi", "PARTNERSHIP", "2022-11", int64(2022), []any{`{"file":"rgre.csv","line":2}`}, 49.49}
	for i, w := range want {
		if !equalValue(v[i], w) {
			t.Errorf("column %d: got %#v, want %#v", i, v[i], w)
		}
	}
}

func equalValue(a, b any) bool {
	la, ok1 := a.([]any)
	lb, ok2 := b.([]any)
	if ok1 && ok2 {
		if len(la) != len(lb) {
			return false
		}
		for i := range la {
			if la[i] != lb[i] {
				return false
			}
		}
		return true
	}
	return a == b
}

// TestErrorMapping: driver errors become graph.Errors with a code and a
// message naming the server.
func TestErrorMapping(t *testing.T) {
	s := &Store{cfg: Config{URI: "bolt://db.example:7687", Username: "neo4j", Database: "neo4j"}}
	cases := []struct {
		err  error
		code string
	}{
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized", Msg: "The client is unauthorized"}, graph.EUNAUTHORIZED},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Security.AuthenticationRateLimit"}, graph.EUNAUTHORIZED},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Database.DatabaseNotFound"}, graph.EUNAVAILABLE},
		{&neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, graph.EUNAVAILABLE},
		{&neo4j.ConnectivityError{Inner: errors.New("dial tcp 127.0.0.1:1: connect: connection refused")}, graph.EUNAVAILABLE},
		{&neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{&neo4j.ConnectivityError{Inner: errors.New("EOF")}}}, graph.EUNAVAILABLE},
		{&neo4j.UsageError{Message: "server responded HTTP. Make sure you are not trying to connect to the http endpoint"}, graph.EUNAVAILABLE},
		{&neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, graph.EINTERNAL},
		{graph.Errorf(graph.EINVALID, "unknown ids: x"), graph.EINVALID},
	}
	for _, c := range cases {
		err := s.wrap("neo4j test", c.err)
		if got := graph.ErrorCode(err); got != c.code {
			t.Errorf("%v: code %q, want %q", c.err, got, c.code)
		}
		if c.code == graph.EUNAVAILABLE && !strings.Contains(graph.ErrorMessage(err), "db.example") {
			t.Errorf("%v: message %q does not name the server", c.err, graph.ErrorMessage(err))
		}
	}
}

// TestApplyErrorSaysWhetherTheWriteLanded: a write whose request ended
// before its commit was rolled back, and says that nothing was written
// (not "cannot reach Neo4j"); a connection lost during the commit leaves
// the outcome unknown and says so; other failures keep their codes.
func TestApplyErrorSaysWhetherTheWriteLanded(t *testing.T) {
	s := &Store{cfg: Config{URI: "bolt://db.example:7687", Username: "neo4j", Database: "neo4j"}}
	ended, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	live := context.Background()
	lost := &neo4j.ConnectivityError{Inner: errors.New("EOF")}
	commitLost := &neo4j.ConnectivityError{Inner: errors.New("Connection lost during commit: EOF")}
	for _, c := range []struct {
		name string
		ctx  context.Context
		err  error
		code string
		says string
	}{
		{"deadline during the work", ended, fmt.Errorf("run: %w", context.DeadlineExceeded), graph.EUNAVAILABLE, "nothing was written"},
		{"deadline during the driver's retries", ended, &neo4j.TransactionExecutionLimit{Cause: "context deadline exceeded", Errors: []error{lost}}, graph.EUNAVAILABLE, "nothing was written"},
		{"connection lost, request alive", live, lost, graph.EUNAVAILABLE, "cannot reach Neo4j"},
		{"connection lost during the commit", ended, commitLost, graph.EUNAVAILABLE, "may or may not have been written"},
		{"invalid batch found before the deadline", ended, graph.Errorf(graph.EINVALID, "unknown ids: x"), graph.EINVALID, "unknown ids"},
	} {
		err := s.applyError(c.ctx, "neo4j apply", c.err)
		if graph.ErrorCode(err) != c.code || !strings.Contains(graph.ErrorMessage(err), c.says) {
			t.Errorf("%s: %s %q, want %s saying %q", c.name, graph.ErrorCode(err), graph.ErrorMessage(err), c.code, c.says)
		}
	}
}
