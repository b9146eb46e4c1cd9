package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/live"
	"github.com/citygraph/citygraph/resolvers"
)

// testBatch is a small hand-made graph: three German, two Ukrainian and one
// French municipality. The German-Ukrainian network holds four links:
// Mannheim-Chernivtsi, Köln-Kyiv, Mannheim-Kyiv (PARTNERSHIP) and
// Mannheim-Kyiv (PROJECT); Mannheim-Toulon and Köln-Toulon are not in it.
func testBatch() *graph.Batch {
	src := func(line int) []graph.Source { return []graph.Source{{File: "server_test.csv", Line: line}} }
	return &graph.Batch{
		Import: graph.ImportRecord{File: "server_test.csv", SHA256: strings.Repeat("ab", 32), Kind: "rgre", Rows: 6},
		Municipalities: []graph.Municipality{
			{ID: "DE:08222000", Name: "Mannheim", Country: "DE", AGS: "08222000", State: "DE-BW", Population: 315554,
				Lat: 49.48776, Lon: 8.46604, HasCoords: true, Level: "Stadt"},
			{ID: "DE:05315000", Name: "Köln", AltNames: []string{"Cologne", "Koeln"}, Country: "DE", AGS: "05315000",
				State: "DE-NW", Population: 1084831, Lat: 50.93333, Lon: 6.95, HasCoords: true, Level: "Stadt"},
			{ID: "DE:09162000", Name: "München", AltNames: []string{"Munich", "Muenchen"}, Country: "DE", AGS: "09162000",
				State: "DE-BY", Population: 1512491, Level: "Stadt"},
			{ID: "UA:chernivtsi", Name: "Chernivtsi", AltNames: []string{"Czernowitz"}, Country: "UA"},
			{ID: "UA:kyiv", Name: "Kyiv", AltNames: []string{"Kiew", "Київ"}, Country: "UA", Lat: 50.45, Lon: 30.5233, HasCoords: true},
			{ID: "FR:toulon", Name: "Toulon", Country: "FR"},
		},
		Partnerships: []graph.Partnership{
			{A: "DE:08222000", B: "UA:chernivtsi", Kind: graph.KindPartnership, Since: graph.NewDate(2022, 11, 0), Sources: src(2)},
			{A: "DE:05315000", B: "UA:kyiv", Kind: graph.KindPartnership, Since: graph.NewDate(1989, 10, 5), Sources: src(3)},
			{A: "DE:08222000", B: "FR:toulon", Kind: graph.KindFriendship, Since: graph.NewDate(1960, 0, 0), Sources: src(4)},
			{A: "DE:05315000", B: "FR:toulon", Kind: graph.KindContact, Sources: src(5)},
			{A: "DE:08222000", B: "UA:kyiv", Kind: graph.KindPartnership, Since: graph.NewDate(2023, 0, 0), Sources: src(6)},
			{A: "DE:08222000", B: "UA:kyiv", Kind: graph.KindProject, Sources: src(7)},
		},
	}
}

// syncBuffer collects log output written from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the JSON log lines written so far.
func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	data := append([]byte(nil), b.buf.Bytes()...)
	b.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, sc.Text())
		}
		out = append(out, m)
	}
	return out
}

// requestLine returns the request log line with the given request id.
func (b *syncBuffer) requestLine(t *testing.T, id string) map[string]any {
	t.Helper()
	for _, l := range b.lines(t) {
		if l["message"] == "request" && l["request_id"] == id {
			return l
		}
	}
	t.Fatalf("no request log line with request_id %q in:\n%s", id, b.buf.String())
	return nil
}

// outageStore passes everything to a real store, except while down: then
// it fails as an unreachable store (a Neo4j server gone away) does.
type outageStore struct {
	graph.Store
	down atomic.Bool
}

func (s *outageStore) fail(op string) error {
	return &graph.Error{Code: graph.EUNAVAILABLE, Op: op, Message: "store unreachable (test outage)"}
}

func (s *outageStore) Apply(ctx context.Context, b *graph.Batch) (graph.ApplyStats, error) {
	if s.down.Load() {
		return graph.ApplyStats{}, s.fail("apply")
	}
	return s.Store.Apply(ctx, b)
}

func (s *outageStore) Snapshot(ctx context.Context) (*graph.Snapshot, error) {
	if s.down.Load() {
		return nil, s.fail("snapshot")
	}
	return s.Store.Snapshot(ctx)
}

func (s *outageStore) Version(ctx context.Context) (int64, error) {
	if s.down.Load() {
		return 0, s.fail("version")
	}
	return s.Store.Version(ctx)
}

func (s *outageStore) Imports(ctx context.Context) ([]graph.ImportRecord, error) {
	if s.down.Load() {
		return nil, s.fail("imports")
	}
	return s.Store.Imports(ctx)
}

// env is a running test server over a real SQLite store.
type env struct {
	base  string
	store *outageStore
	live  *live.Holder
	logs  *syncBuffer
	srv   *Server
	stop  context.CancelFunc
	done  chan error
}

// startOptions tune startServer.
type startOptions struct {
	noLoad bool         // leave the projection unbuilt
	batch  *graph.Batch // the graph to serve instead of testBatch
}

// startServer starts a server on a free 127.0.0.1 port with cfg (Schema,
// Live, Log and Addr are filled in) over a store holding testBatch (or
// the options' batch), and stops it when the test ends.
func startServer(t *testing.T, cfg Config, opts ...startOptions) *env {
	t.Helper()
	var o startOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	ctx := context.Background()
	logs := &syncBuffer{}
	log := zerolog.New(logs).With().Timestamp().Logger()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "test.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := o.batch
	if b == nil {
		b = testBatch()
	}
	if _, err := st.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	ost := &outageStore{Store: st}
	holder := live.New(ost, log)
	if !o.noLoad {
		if err := holder.Load(ctx); err != nil {
			t.Fatal(err)
		}
	}
	res := resolvers.New(resolvers.Config{Live: holder, Store: ost, Log: log, MutationsEnabled: cfg.AdminToken != ""})
	cfg.Addr = "127.0.0.1:0"
	cfg.Schema = resolvers.ExecutableSchema(res)
	cfg.Live = holder
	cfg.Log = log
	if cfg.Export == nil {
		cfg.Export = res
	}
	srv := New(cfg)
	runCtx, stop := context.WithCancel(ctx)
	addrs := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Run(runCtx, func(a net.Addr) { addrs <- a }) }()
	var addr net.Addr
	select {
	case addr = <-addrs:
	case err := <-done:
		t.Fatalf("Run: %v", err)
	}
	e := &env{base: "http://" + addr.String(), store: ost, live: holder, logs: logs, srv: srv, stop: stop, done: done}
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("Run after cancel: %v", err)
		}
	})
	return e
}

// gqlResponse is a GraphQL response as a client sees it.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// codes lists the errors' extensions.code.
func (r gqlResponse) codes() []string {
	var out []string
	for _, e := range r.Errors {
		c, _ := e.Extensions["code"].(string)
		out = append(out, c)
	}
	return out
}

// result is one HTTP exchange.
type result struct {
	status int
	header http.Header
	body   []byte
	gql    gqlResponse
}

// do sends a request and decodes a GraphQL-shaped body when there is one.
func do(t *testing.T, method, url, contentType string, body io.Reader, header map[string]string) result {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := result{status: resp.StatusCode, header: resp.Header, body: b}
	if strings.Contains(resp.Header.Get("Content-Type"), "json") {
		if err := json.Unmarshal(b, &r.gql); err != nil {
			t.Fatalf("%s %s: response is not JSON: %v: %s", method, url, err, b)
		}
	}
	return r
}

// query POSTs a GraphQL query with optional variables and headers.
func (e *env) query(t *testing.T, q string, vars map[string]any, header map[string]string) result {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	return do(t, http.MethodPost, e.base+"/graphql", "application/json", bytes.NewReader(body), header)
}

// waitFor polls cond until it holds. It gives up after two minutes (or
// near the test's deadline) so that a broken condition fails instead of
// hanging the suite; this guards against hangs and says nothing about speed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	giveUp := time.Now().Add(2 * time.Minute)
	if dl, ok := t.Deadline(); ok && dl.Add(-time.Second).Before(giveUp) {
		giveUp = dl.Add(-time.Second)
	}
	for !cond() {
		if time.Now().After(giveUp) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
