package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/citygraph/citygraph/server"
)

// binary is the citygraph binary built once for all tests; demoStore a
// store file holding the demo data, copied for each server.
var suite struct {
	binary    string
	demoStore string
}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "citygraph-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	goTool, err := exec.LookPath("go")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: the go tool is needed to build citygraph:", err)
		return 1
	}
	suite.binary = filepath.Join(dir, "citygraph")
	build := exec.Command(goTool, "build", "-o", suite.binary, "github.com/citygraph/citygraph/cmd/citygraph")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: go build ./cmd/citygraph:", err)
		return 1
	}
	suite.demoStore = filepath.Join(dir, "demo", "citygraph.db")
	demo := exec.Command(suite.binary, "demo", "--store", suite.demoStore)
	demo.Env = baseEnv(dir)
	if out, err := demo.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: citygraph demo: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// baseEnv is a clean environment: no store, Neo4j or token settings leak
// in from the machine, and logs are JSON.
func baseEnv(home string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"TMPDIR=" + os.TempDir(),
		"CITYGRAPH_LOG_FORMAT=json",
	}
}

// demoCopy copies the demo store for one test.
func demoCopy(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "citygraph.db")
	matches, _ := filepath.Glob(suite.demoStore + "*") // the file and any -wal/-shm
	for _, src := range matches {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst+strings.TrimPrefix(src, suite.demoStore), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// proc is a running `citygraph serve`.
type proc struct {
	cmd  *exec.Cmd
	base string

	mu    sync.Mutex
	lines []map[string]any // stderr log lines
	raw   bytes.Buffer

	exited chan struct{}
	err    error
}

// serve starts citygraph serve with args (plus --addr 127.0.0.1:0) and
// extra environment, waits until it listens and, unless noWait, until
// /readyz answers 200. The process is killed when the test ends.
func serve(t *testing.T, env []string, noWait bool, args ...string) *proc {
	t.Helper()
	home := t.TempDir()
	p := &proc{exited: make(chan struct{})}
	p.cmd = exec.Command(suite.binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	p.cmd.Env = append(baseEnv(home), env...)
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	listening := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m map[string]any
			p.mu.Lock()
			p.raw.Write(sc.Bytes())
			p.raw.WriteByte('\n')
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				p.lines = append(p.lines, m)
				if m["message"] == "listening" {
					if a, ok := m["addr"].(string); ok {
						listening <- a
					}
				}
			}
			p.mu.Unlock()
		}
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			t.Logf("server log:\n%s", p.log())
		}
	})
	select {
	case a := <-listening:
		p.base = "http://" + a
	case <-p.exited:
		t.Fatalf("citygraph serve exited: %v\n%s", p.err, p.log())
	case <-time.After(5 * time.Minute): // a hang guard
		t.Fatalf("citygraph serve did not listen within five minutes")
	}
	if !noWait {
		p.waitReady(t)
	}
	return p
}

func (p *proc) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.raw.String()
}

func (p *proc) logLines() []map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.lines)
}

// waitReady polls /readyz until it answers 200. It gives up after five
// minutes (loading the demo into a fresh store included), a guard against
// hangs that says nothing about speed.
func (p *proc) waitReady(t *testing.T) {
	t.Helper()
	giveUp := time.Now().Add(5 * time.Minute)
	for {
		resp, err := http.Get(p.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(giveUp) {
			t.Fatalf("citygraph serve was not ready after five minutes")
		}
		select {
		case <-p.exited:
			t.Fatalf("citygraph serve exited before it was ready: %v", p.err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitExit waits for the process to end and returns its exit code.
func (p *proc) waitExit(t *testing.T) int {
	t.Helper()
	<-p.exited
	if p.err == nil {
		return 0
	}
	if ee, ok := p.err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	t.Fatalf("wait: %v", p.err)
	return -1
}

// eventually polls cond until it holds; it gives up after two minutes, a
// guard against hangs that says nothing about speed.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	giveUp := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(giveUp) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// gql is a GraphQL response.
type gql struct {
	status int
	header http.Header
	body   []byte
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (r gql) codes() []string {
	var out []string
	for _, e := range r.Errors {
		c, _ := e.Extensions["code"].(string)
		out = append(out, c)
	}
	return out
}

// query POSTs a query with optional headers.
func (p *proc) query(t *testing.T, q string, vars map[string]any, header ...string) gql {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	return p.post(t, "application/json", bytes.NewReader(body), header...)
}

func (p *proc) post(t *testing.T, contentType string, body io.Reader, header ...string) gql {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, p.base+"/graphql", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r gql
	r.body, _ = io.ReadAll(resp.Body)
	r.status, r.header = resp.StatusCode, resp.Header
	if err := json.Unmarshal(r.body, &r); err != nil {
		t.Fatalf("response is not JSON (%d): %s", r.status, r.body)
	}
	return r
}

func get(t *testing.T, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// metric returns the value of an unlabelled sample in a /metrics text.
func metric(t *testing.T, text, name string) float64 {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(l, name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", l, err)
			}
			return f
		}
	}
	t.Fatalf("no %s in metrics", name)
	return 0
}

const networkQuery = `query GermanUkrainianNetwork {
  partnershipNetwork(countries: ["DE", "UA"]) {
    nodes { id name country }
    links { source target kind since }
    summary { nodes links }
  }
}`

// TestFreshMachineServesTheDemo starts `citygraph serve` with no store flags
// and an empty home directory: it must load the bundled demo data into the
// default embedded store and answer from it.
func TestFreshMachineServesTheDemo(t *testing.T) {
	p := serve(t, nil, false)
	r := p.query(t, networkQuery, nil)
	if r.status != 200 || len(r.Errors) > 0 {
		t.Fatalf("network: %d %s", r.status, r.body)
	}
	var d struct {
		PartnershipNetwork struct {
			Nodes []struct{ ID, Name, Country string }
			Links []struct{ Source, Target, Kind string }
		}
	}
	if err := json.Unmarshal(r.Data, &d); err != nil {
		t.Fatal(err)
	}
	countries := map[string]int{}
	for _, n := range d.PartnershipNetwork.Nodes {
		countries[n.Country]++
	}
	if len(d.PartnershipNetwork.Links) == 0 || countries["DE"] == 0 || countries["UA"] == 0 || len(countries) != 2 {
		t.Fatalf("German-Ukrainian network: %d links, countries %v", len(d.PartnershipNetwork.Links), countries)
	}
	// Mannheim and its Ukrainian partner Chernivtsi (from the bundled
	// source documents) are in it.
	found := false
	for _, n := range d.PartnershipNetwork.Nodes {
		if n.Name == "Chernivtsi" || n.Name == "Czernowitz" || n.Name == "Tscherniwzi" {
			found = true
		}
	}
	if !found {
		t.Errorf("Chernivtsi is not in the German-Ukrainian network")
	}
	r = p.query(t, `query($n: String!) { city(name: $n) { name country state partners { city { name country } } } }`, map[string]any{"n": "Mannheim"})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"UA"`) || !strings.Contains(string(r.Data), `"DE-BW"`) {
		t.Fatalf("Mannheim: %s", r.body)
	}
	// The German-Ukrainian partnerships as reported over time, with the
	// demo's links known on each date.
	r = p.query(t, `{ reportedCounts(country: "UA") { date reported atLeast known sources { file } } }`, nil)
	var rc struct {
		ReportedCounts []struct {
			Date            string
			Reported, Known int
			AtLeast         bool
			Sources         []struct{ File string }
		}
	}
	if err := json.Unmarshal(r.Data, &rc); err != nil || len(r.Errors) > 0 || len(rc.ReportedCounts) != 8 {
		t.Fatalf("reportedCounts: %v %s", err, r.body)
	}
	got := map[string]int{}
	for _, c := range rc.ReportedCounts {
		got[c.Date] = c.Reported
		if len(c.Sources) != 1 || !strings.HasPrefix(c.Sources[0].File, "demo:") || (c.Date >= "2022-10" && c.Known == 0) {
			t.Errorf("reported count %+v: want one demo source and known links", c)
		}
		if c.AtLeast != (c.Date == "2026-02") {
			t.Errorf("reported count %+v: only 02.2026 (over 250) is a lower bound", c)
		}
	}
	if got["2022-02"] != 73 || got["2022-10"] != 107 || got["2023-07"] != 167 || got["2026-02"] != 250 {
		t.Errorf("reportedCounts %v, want 73, 107, 167 and over 250", got)
	}
	// The store is the default one under the (temporary) home directory.
	home := strings.TrimPrefix(p.cmd.Env[1], "HOME=")
	if _, err := os.Stat(filepath.Join(home, ".local", "share", "citygraph", "citygraph.db")); err != nil {
		t.Errorf("default store not created: %v", err)
	}
}

func TestProbesMetricsPageAndExport(t *testing.T) {
	p := serve(t, nil, false, "--store", demoCopy(t))
	if st, _, body := get(t, p.base+"/healthz"); st != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("healthz: %d %s", st, body)
	}
	st, _, body := get(t, p.base+"/readyz")
	var ready struct {
		Status            string
		ProjectionVersion int64
		Nodes, Links      int
	}
	if err := json.Unmarshal([]byte(body), &ready); err != nil || st != 200 || ready.Status != "ok" || ready.Nodes == 0 {
		t.Fatalf("readyz: %d %s", st, body)
	}
	r := p.query(t, `{ info { version cities partnerships } }`, nil)
	var info struct {
		Info struct{ Version, Cities, Partnerships int }
	}
	if err := json.Unmarshal(r.Data, &info); err != nil || len(r.Errors) > 0 {
		t.Fatalf("info: %s", r.body)
	}
	for range 2 {
		p.query(t, networkQuery, nil)
	}

	st, hdr, text := get(t, p.base+"/metrics")
	if st != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("metrics: %d %s", st, hdr.Get("Content-Type"))
	}
	if got := metric(t, text, "citygraph_projection_nodes"); int(got) != info.Info.Cities || int(got) != ready.Nodes {
		t.Errorf("projection nodes %v, info says %d cities, readyz %d", got, info.Info.Cities, ready.Nodes)
	}
	if got := metric(t, text, "citygraph_projection_version"); int64(got) != int64(info.Info.Version) {
		t.Errorf("projection version %v, info says %d", got, info.Info.Version)
	}
	if metric(t, text, "citygraph_ready") != 1 || metric(t, text, "go_memstats_heap_alloc_bytes") <= 0 || metric(t, text, "process_resident_memory_bytes") <= 0 {
		t.Errorf("runtime figures missing:\n%s", text)
	}
	for _, want := range []string{
		`citygraph_http_requests_total{handler="/graphql",operation="GermanUkrainianNetwork",status="200"} 2`,
		`citygraph_http_request_duration_seconds_count{handler="/graphql",operation="GermanUkrainianNetwork"} 2`,
		`citygraph_http_requests_total{handler="/readyz",operation="none",status="200"}`,
		"# TYPE citygraph_http_requests_in_flight gauge",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q", want)
		}
	}

	st, hdr, page := get(t, p.base+"/graphiql")
	if st != 200 || !strings.Contains(page, "assets/graphiql.min.js") || hdr.Get("Content-Security-Policy") == "" {
		t.Errorf("explorer page: %d", st)
	}
	if st, _, js := get(t, p.base+"/assets/graphiql.min.js"); st != 200 || len(js) < 100_000 {
		t.Errorf("graphiql bundle: %d, %d bytes", st, len(js))
	}

	st, hdr, graphml := get(t, p.base+"/export?format=graphml&countries=DE,UA")
	if st != 200 || !strings.Contains(graphml, "<graphml") || !strings.Contains(graphml, "UA:") {
		t.Errorf("GraphML export: %d %s %.200s", st, hdr.Get("Content-Type"), graphml)
	}
}

func TestLimitsAndMalformedRequests(t *testing.T) {
	p := serve(t, nil, false, "--store", demoCopy(t), "--max-depth", "5", "--max-complexity", "200", "--max-body", "2KiB", "--no-introspection")

	r := p.query(t, `{ city(name: "Mannheim") { partners { city { partners { city { name } } } } } }`, nil)
	if !slices.Contains(r.codes(), "DEPTH_LIMIT_EXCEEDED") {
		t.Errorf("too deep: %d %s", r.status, r.body)
	}
	r = p.query(t, `{ cities(first: 100) { edges { node { name partners { kind } } } } }`, nil)
	if !slices.Contains(r.codes(), "COMPLEXITY_LIMIT_EXCEEDED") {
		t.Errorf("too complex: %d %s", r.status, r.body)
	}
	r = p.query(t, `{ __schema { types { name } } }`, nil)
	if !slices.Contains(r.codes(), "INTROSPECTION_DISABLED") {
		t.Errorf("introspection: %d %s", r.status, r.body)
	}
	big := fmt.Sprintf(`{"query": "{ info { version } }", "variables": {"pad": %q}}`, strings.Repeat("x", 4096))
	r = p.post(t, "application/json", strings.NewReader(big))
	if r.status != http.StatusRequestEntityTooLarge || !slices.Contains(r.codes(), "REQUEST_TOO_LARGE") {
		t.Errorf("too large: %d %s", r.status, r.body)
	}
	for _, bad := range []string{`{"query": "{ city(name: "}`, `{"query": "{ city(name: \"x\") { "}`, `{"query": "{ nosuch }"}`, `{"query": 5}`, `[]`} {
		r := p.post(t, "application/json", strings.NewReader(bad))
		if r.status >= 500 || len(r.Errors) == 0 || r.codes()[0] == "" {
			t.Errorf("%s: %d %s", bad, r.status, r.body)
		}
	}
	r = p.post(t, "application/json", strings.NewReader(`{"query": "{ city(name: \"x\") { "}`))
	if r.status != http.StatusBadRequest || !slices.Contains(r.codes(), "GRAPHQL_PARSE_FAILED") {
		t.Errorf("parse error: %d %s", r.status, r.body)
	}
	// Still serving.
	if r := p.query(t, `{ info { version } }`, nil); r.status != 200 || len(r.Errors) > 0 {
		t.Fatalf("after bad requests: %s", r.body)
	}
}

const addMutation = `mutation Add { addPartnership(a: "Mannheim", b: "Kyiv", kind: FRIENDSHIP, since: "2024-05") { kind since } }`

func TestMutationsAndTokens(t *testing.T) {
	t.Run("no admin token: mutations off", func(t *testing.T) {
		p := serve(t, nil, false, "--store", demoCopy(t))
		if r := p.query(t, addMutation, nil); !slices.Contains(r.codes(), "FORBIDDEN") {
			t.Fatalf("%d %s", r.status, r.body)
		}
	})
	t.Run("admin token from a named variable", func(t *testing.T) {
		p := serve(t, []string{"MY_ADMIN=tok-123"}, false, "--store", demoCopy(t), "--admin-token-env", "MY_ADMIN")
		if r := p.query(t, addMutation, nil); !slices.Contains(r.codes(), "UNAUTHORIZED") {
			t.Fatalf("no token: %d %s", r.status, r.body)
		}
		if r := p.query(t, addMutation, nil, "Authorization", "Bearer nope"); r.status != 401 || !slices.Contains(r.codes(), "UNAUTHORIZED") {
			t.Fatalf("wrong token: %d %s", r.status, r.body)
		}
		r := p.query(t, addMutation, nil, "Authorization", "Bearer tok-123")
		if r.status != 200 || len(r.Errors) > 0 || !strings.Contains(string(r.Data), "FRIENDSHIP") {
			t.Fatalf("with token: %d %s", r.status, r.body)
		}
		r = p.query(t, `{ city(name: "Mannheim") { partners(kinds: [FRIENDSHIP]) { since city { name } } } }`, nil)
		if !strings.Contains(string(r.Data), `"Kyiv"`) && !strings.Contains(string(r.Data), `"Kiew"`) {
			t.Fatalf("the write is not visible: %s", r.body)
		}
	})
	t.Run("read token", func(t *testing.T) {
		p := serve(t, []string{"CITYGRAPH_READ_TOKEN=reader", "CITYGRAPH_ADMIN_TOKEN=admin"}, false, "--store", demoCopy(t))
		if r := p.query(t, `{ info { version } }`, nil); r.status != 401 {
			t.Fatalf("read without token: %d %s", r.status, r.body)
		}
		if r := p.query(t, `{ info { version } }`, nil, "Authorization", "Bearer reader"); r.status != 200 || len(r.Errors) > 0 {
			t.Fatalf("read with token: %d %s", r.status, r.body)
		}
		if r := p.query(t, addMutation, nil, "Authorization", "Bearer reader"); !slices.Contains(r.codes(), "UNAUTHORIZED") {
			t.Fatalf("mutation with the read token: %s", r.body)
		}
	})
}

// TestRequestLogLines checks the one JSON line per request on stderr.
func TestRequestLogLines(t *testing.T) {
	p := serve(t, nil, false, "--store", demoCopy(t))
	p.query(t, networkQuery, nil, "X-Request-Id", "e2e-log-1")
	p.query(t, `{ nosuch }`, nil, "X-Request-Id", "e2e-log-2")
	var l1, l2 map[string]any
	eventually(t, "both request lines in the log", func() bool { // the log is read asynchronously
		for _, l := range p.logLines() {
			switch l["request_id"] {
			case "e2e-log-1":
				l1 = l
			case "e2e-log-2":
				l2 = l
			}
		}
		return l1 != nil && l2 != nil
	})
	for _, key := range []string{"level", "time", "message", "request_id", "method", "path", "handler", "status", "bytes", "duration_ms", "remote"} {
		if _, ok := l1[key]; !ok {
			t.Errorf("request log line lacks %q: %v", key, l1)
		}
	}
	if l1["message"] != "request" || l1["operation"] != "GermanUkrainianNetwork" || l1["status"] != float64(200) || l1["level"] != "info" {
		t.Errorf("line 1: %v", l1)
	}
	if b, _ := l1["bytes"].(float64); b < 100 {
		t.Errorf("line 1 bytes %v", l1["bytes"])
	}
	if l2["status"] != float64(400) || l2["level"] != "warn" || fmt.Sprint(l2["error_codes"]) != "[GRAPHQL_VALIDATION_FAILED]" {
		t.Errorf("line 2: %v", l2)
	}
	// Exactly one line per request.
	n := 0
	for _, l := range p.logLines() {
		if l["request_id"] == "e2e-log-1" && l["message"] == "request" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d request lines for one request", n)
	}
}

// TestSIGTERMDrainsRequestsInFlight sends SIGTERM while a request's body is
// still arriving: the server stops accepting, lets the request finish and
// then exits 0.
func TestSIGTERMDrainsRequestsInFlight(t *testing.T) {
	// Generous limits: the test's own steps must not outlast them on a busy
	// machine.
	p := serve(t, nil, false, "--store", demoCopy(t), "--timeout", "5m", "--shutdown-grace", "5m")
	pr, pw := io.Pipe()
	type reply struct {
		status int
		body   string
		err    error
	}
	replies := make(chan reply, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, p.base+"/graphql", pr)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-Id", "slow-one")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			replies <- reply{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		replies <- reply{resp.StatusCode, string(b), err}
	}()
	if _, err := pw.Write([]byte(`{"operationName": "Slow", "query": "query Slow { partnershipNetwork(countries: [\"DE\", \"UA\"]) `)); err != nil {
		t.Fatal(err)
	}
	// The scrape counts itself: 2 means the slow request is in flight.
	eventually(t, "the slow request to be in flight", func() bool {
		_, _, text := get(t, p.base+"/metrics")
		return metric(t, text, "citygraph_http_requests_in_flight") == 2
	})
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Wait until the server says it is draining, then check it stopped accepting.
	eventually(t, "the server to say it is draining", func() bool { return strings.Contains(p.log(), "draining") })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.base+"/healthz", nil)
	if resp, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("a new connection was accepted while draining: %d", resp.StatusCode)
	}
	select {
	case <-p.exited:
		t.Fatalf("exited with a request in flight: %v", p.err)
	default:
	}
	if _, err := pw.Write([]byte(`{ summary { links } } }"}`)); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	rep := <-replies
	if rep.err != nil || rep.status != 200 || !strings.Contains(rep.body, `"links":`) || strings.Contains(rep.body, `"errors"`) {
		t.Fatalf("drained request: %v %d %s", rep.err, rep.status, rep.body)
	}
	if code := p.waitExit(t); code != 0 {
		t.Fatalf("exit code %d\n%s", code, p.log())
	}
	var line map[string]any
	for _, l := range p.logLines() {
		if l["request_id"] == "slow-one" {
			line = l
		}
	}
	if line == nil || line["status"] != float64(200) || line["operation"] != "Slow" {
		t.Errorf("drained request's log line: %v", line)
	}
	if !strings.Contains(p.log(), `"stopped"`) {
		t.Errorf("no clean stop in the log")
	}
}

func TestConfigurationErrors(t *testing.T) {
	run := func(env []string, args ...string) (int, string) {
		cmd := exec.Command(suite.binary, append([]string{"serve"}, args...)...)
		cmd.Env = append(baseEnv(t.TempDir()), env...)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, string(out)
	}
	if code, out := run([]string{"CITYGRAPH_TIMEOUT=soon"}); code != 2 || !strings.Contains(out, "CITYGRAPH_TIMEOUT") {
		t.Errorf("bad env value: exit %d: %s", code, out)
	}
	if code, out := run(nil, "--max-depth", "zero"); code != 2 || !strings.Contains(out, "max-depth") {
		t.Errorf("bad flag: exit %d: %s", code, out)
	}
	if code, out := run(nil, "--max-body", "12 parsecs"); code != 2 || !strings.Contains(out, "max-body") {
		t.Errorf("bad size: exit %d: %s", code, out)
	}
	code, out := run(nil, "--help")
	if code != 0 {
		t.Errorf("--help: exit %d", code)
	}
	for _, flag := range []string{"-addr", "-store", "-neo4j", "-admin-token-env", "-max-complexity", "-max-depth", "-timeout", "-no-introspection", "-poll", "CITYGRAPH_ADDR"} {
		if !strings.Contains(out, flag) {
			t.Errorf("--help does not mention %s", flag)
		}
	}
	// The environment sets what flags do not: CITYGRAPH_MAX_DEPTH.
	p := serve(t, []string{"CITYGRAPH_MAX_DEPTH=2"}, false, "--store", demoCopy(t))
	if r := p.query(t, `{ city(name: "Mannheim") { partners { kind } } }`, nil); !slices.Contains(r.codes(), "DEPTH_LIMIT_EXCEEDED") {
		t.Errorf("CITYGRAPH_MAX_DEPTH=2 not applied: %s", r.body)
	}
}

// upload sends a GraphQL multipart request (the upload spec) that imports
// content as a file.
func (p *proc) upload(t *testing.T, name, content string, header ...string) gql {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("operations", `{"query": "mutation Import($f: Upload!) { importFile(file: $f) { file read imported version } }", "variables": {"f": null}}`)
	_ = mw.WriteField("map", `{"0": ["variables.f"]}`)
	fw, err := mw.CreateFormFile("0", name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(fw, content)
	_ = mw.Close()
	return p.post(t, mw.FormDataContentType(), &body, header...)
}

func TestImportByUpload(t *testing.T) {
	p := serve(t, []string{"CITYGRAPH_ADMIN_TOKEN=adm"}, false, "--store", demoCopy(t), "--max-upload", "4KiB")
	auth := []string{"Authorization", "Bearer adm"}
	goerlitzKyiv := `{ shortestPath(from: "Görlitz", to: "Kyiv") { length } }`
	if r := p.query(t, goerlitzKyiv, nil); strings.Contains(string(r.Data), `"length":1`) {
		t.Fatalf("Görlitz and Kyiv are linked before the import: %s", r.body)
	}

	good := "Kommune;Bundesland;Partnerkommune;Land;Art;Seit;Bis;Themen;Quelle\n" +
		"Görlitz;Sachsen;Kyiv;Ukraine;Partnerschaft;1961;;;e2e-1\n"
	if r := p.upload(t, "goerlitz.csv", good); !slices.Contains(r.codes(), "UNAUTHORIZED") {
		t.Fatalf("upload without token: %d %s", r.status, r.body)
	}
	r := p.upload(t, "goerlitz.csv", good, auth...)
	if r.status != 200 || len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"read":1`) {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	if r := p.query(t, goerlitzKyiv, nil); !strings.Contains(string(r.Data), `"length":1`) {
		t.Fatalf("the imported link is not served: %s", r.body)
	}

	// A bad file changes nothing and says where it is wrong.
	bad := "Kommune;Bundesland;Partnerkommune;Land;Art;Seit;Bis\nDresden;Sachsen;Lviv;Atlantis;P;1990;\n"
	r = p.upload(t, "bad.csv", bad, auth...)
	if !slices.Contains(r.codes(), "INVALID") || r.status >= 500 || !strings.Contains(string(r.body), `"line"`) {
		t.Fatalf("bad upload: %d %s", r.status, r.body)
	}
	// Too large for --max-upload.
	r = p.upload(t, "big.csv", good+strings.Repeat("Görlitz;Sachsen;Kyiv;Ukraine;Partnerschaft;1961;;;e2e-1\n", 100), auth...)
	if r.status != http.StatusRequestEntityTooLarge || !slices.Contains(r.codes(), "REQUEST_TOO_LARGE") {
		t.Fatalf("big upload: %d %s", r.status, r.body)
	}
}

// update rewrites the golden files: go test ./e2e -run Golden -update
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGermanUkrainianNetworkGolden runs the explorer's default query (the
// German-Ukrainian network) against the binary on the demo data and
// compares the answer with testdata/german_ukrainian_network.json.
func TestGermanUkrainianNetworkGolden(t *testing.T) {
	p := serve(t, nil, false, "--store", demoCopy(t))
	r := p.query(t, server.DefaultQuery(), nil)
	if r.status != 200 || len(r.Errors) > 0 {
		t.Fatalf("default query: %d %s", r.status, r.body)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, r.Data, "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	golden := filepath.Join("testdata", "german_ukrainian_network.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./e2e -run Golden -update to create it)", err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Errorf("the German-Ukrainian network differs from %s (go test ./e2e -run Golden -update rewrites it; review the diff):\n%s",
			golden, firstDifference(string(want), pretty.String()))
	}
	// The same query twice gives the same bytes.
	if again := p.query(t, server.DefaultQuery(), nil); !bytes.Equal(again.Data, r.Data) {
		t.Errorf("the answer changes between two runs")
	}
}

// firstDifference shows the first differing line of two texts.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want %s\n  got  %s", i+1, wl, gl)
		}
	}
	return "(no line differs)"
}
