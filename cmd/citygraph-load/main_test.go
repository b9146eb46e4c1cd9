package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/live"
	"github.com/citygraph/citygraph/resolvers"
	"github.com/citygraph/citygraph/server"
)

func TestOnlyLoopbackTargets(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080/graphql", "http://127.0.0.2/graphql", "http://[::1]:9/graphql", "http://localhost:8080/graphql"} {
		if err := checkLoopback(u); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	for _, u := range []string{"http://10.0.0.1/graphql", "http://192.168.1.1/graphql", "http://example.com/graphql", "ftp://127.0.0.1/", "127.0.0.1:8080", "http://0.0.0.0:8080/"} {
		if err := checkLoopback(u); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
}

func TestBounds(t *testing.T) {
	for _, args := range [][]string{
		{"--rate", "0"}, {"--rate", "100000"}, {"--duration", "10m"}, {"--duration", "0s"},
		{"--concurrency", "0"}, {"--concurrency", "100000"}, {"--url", "http://8.8.8.8/graphql"}, {"extra"},
		{"--queries", "CityWithPartners,Top20Betweeness"},
	} {
		if _, err := parseOptions(args, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	o, err := parseOptions(nil, io.Discard)
	if err != nil || o.rate != 500 || o.duration != 30*time.Second || !strings.HasPrefix(o.url, "http://127.0.0.1:") {
		t.Errorf("defaults %+v, %v", o, err)
	}
	if qs, _ := selectQueries(o); len(qs) != 3 || slices.ContainsFunc(qs, func(q query) bool { return q.Name == "CitiesOfALand" }) {
		t.Errorf("default queries %v, want the first three", qs)
	}
	o, err = parseOptions([]string{"--queries", "GermanUkrainianNetwork, CityWithPartners"}, io.Discard)
	if qs, _ := selectQueries(o); err != nil || len(qs) != 2 || qs[0].Name != "GermanUkrainianNetwork" || qs[1].Name != "CityWithPartners" {
		t.Errorf("--queries: %v %v", qs, err)
	}
}

func TestSummarise(t *testing.T) {
	var s []sample
	for i := 1; i <= 100; i++ {
		smp := sample{query: i % 2, latency: time.Duration(i) * time.Millisecond}
		if i == 100 {
			smp.err = "HTTP 500"
		}
		s = append(s, smp)
	}
	st := summarise("all", s, func(sample) bool { return true }, 2*time.Second)
	if st.Requests != 100 || st.Errors != 1 || st.P50ms != 50 || st.P90ms != 90 || st.P99ms != 99 || st.MaxMs != 100 || st.Throughput != 49.5 {
		t.Errorf("%+v", st)
	}
	even := summarise("even", s, func(x sample) bool { return x.query == 0 }, time.Second)
	if even.Requests != 50 || even.MaxMs != 100 {
		t.Errorf("%+v", even)
	}
}

// TestRunAgainstARealServer runs the generator briefly against citygraph's
// server over a real SQLite store.
func TestRunAgainstARealServer(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "load.db"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := &graph.Batch{
		Municipalities: []graph.Municipality{
			{ID: "DE:08222000", Name: "Mannheim", Country: "DE", AGS: "08222000", State: "DE-BW"},
			{ID: "DE:05315000", Name: "Köln", Country: "DE", AGS: "05315000", State: "DE-NW"},
			{ID: "UA:chernivtsi", Name: "Chernivtsi", Country: "UA"},
			{ID: "UA:kyiv", Name: "Kyiv", Country: "UA"},
		},
		Partnerships: []graph.Partnership{
			{A: "DE:08222000", B: "UA:chernivtsi", Kind: graph.KindPartnership},
			{A: "DE:05315000", B: "UA:kyiv", Kind: graph.KindPartnership},
			{A: "DE:08222000", B: "DE:05315000", Kind: graph.KindFriendship},
		},
	}
	if _, err := st.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	holder := live.New(st, zerolog.Nop())
	if err := holder.Load(ctx); err != nil {
		t.Fatal(err)
	}
	res := resolvers.New(resolvers.Config{Live: holder, Store: st, Log: zerolog.Nop()})
	srv := server.New(server.Config{Addr: "127.0.0.1:0", Schema: resolvers.ExecutableSchema(res), Live: holder, Log: zerolog.Nop()})
	addrs := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, func(a net.Addr) { addrs <- a }) }()
	addr := <-addrs

	var out bytes.Buffer
	err = run(ctx, []string{"--url", "http://" + addr.String() + "/graphql", "--rate", "60", "--duration", "1s", "--warmup", "0s", "--json"}, &out, io.Discard)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	var r Result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("output: %v\n%s", err, out.String())
	}
	if r.Total.Requests != 60 || r.Total.Errors != 0 || len(r.Queries) != 3 || r.Queries[1].Requests != 20 {
		t.Errorf("result %+v", r)
	}
	if r.RSSBefore <= 0 || r.HeapAfter <= 0 || r.Total.P99ms <= 0 || r.Total.P50ms > r.Total.P99ms || r.ServerCPUms <= 0 {
		t.Errorf("figures %+v", r)
	}

	// --distinct: no answer comes from the server's response cache.
	hits := func() string {
		resp, err := http.Get("http://" + addr.String() + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "citygraph_response_cache_hits_total "); ok {
				return v
			}
		}
		t.Fatalf("no citygraph_response_cache_hits_total in /metrics")
		return ""
	}
	before := hits()
	out.Reset()
	err = run(ctx, []string{"--url", "http://" + addr.String() + "/graphql", "--rate", "40", "--duration", "1s", "--warmup", "0s", "--json",
		"--queries", "CityWithPartners,CitiesOfALand", "--distinct"}, &out, io.Discard)
	if err != nil {
		t.Fatalf("run --distinct: %v", err)
	}
	r = Result{}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("output: %v\n%s", err, out.String())
	}
	if r.Total.Requests != 40 || r.Total.Errors != 0 || len(r.Queries) != 2 || r.Queries[1].Name != "CitiesOfALand" {
		t.Errorf("--distinct result %+v", r)
	}
	if after := hits(); after != before {
		t.Errorf("--distinct: response cache hits went from %s to %s", before, after)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("server: %v", err)
	}
}

func TestDistinctBody(t *testing.T) {
	b, _ := json.Marshal(query{Name: "Q", Query: "{ info { cities } }", Variables: map[string]any{"x": 1}})
	one, two, other := distinctBody(b, "r1", 1), distinctBody(b, "r1", 2), distinctBody(b, "r2", 1)
	var q struct {
		Query     string         `json:"query"`
		Name      string         `json:"operationName"`
		Variables map[string]any `json:"variables"`
	}
	if err := json.Unmarshal(one, &q); err != nil || q.Query != "{ info { cities } }\n# request r1-1" || q.Name != "Q" || q.Variables["x"] != float64(1) {
		t.Errorf("distinctBody: %s %v", one, err)
	}
	if bytes.Equal(one, two) || bytes.Equal(one, other) {
		t.Error("two requests got the same text")
	}
}

// TestDoClassifiesResponses checks what counts as a failed request: any
// status but 200, a body that is not JSON, GraphQL errors, no data.
func TestDoClassifiesResponses(t *testing.T) {
	cases := []struct {
		status int
		body   string
		kind   string // errorKind, "" for success
	}{
		{200, `{"data":{"city":{"id":"DE:08222000"}}}`, ""},
		{200, `{"data":{"city":null}}`, ""},
		{200, `{"errors":[{"message":"x","extensions":{"code":"TIMEOUT"}}],"data":null}`, "GraphQL TIMEOUT"},
		{200, `{"data":{"a":1},"errors":[{"message":"partial","extensions":{"code":"INTERNAL"}}]}`, "GraphQL INTERNAL"},
		{200, `{"data":null}`, "transport"},
		{200, `{"data":{"a":`, "transport"},
		{422, `{"errors":[{"message":"bad"}]}`, "HTTP 422"},
		{503, ``, "HTTP 503"},
	}
	for _, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(c.status)
			_, _ = io.WriteString(w, c.body)
		}))
		_, err := do(context.Background(), srv.Client(), srv.URL, []byte(`{}`))
		srv.Close()
		got := ""
		if err != nil {
			got = errorKind(err)
		}
		if got != c.kind {
			t.Errorf("%d %s: %q, want %q", c.status, c.body, got, c.kind)
		}
	}
}
