// Package neo4jtest runs a Neo4j of a test's own through scripts/neo4j.sh,
// on a free port apart from the shared test server, so that a test may kill
// and restart it without disturbing other tests. The instance (data, logs)
// is deleted when the test ends.
//
// Such fault tests start and kill a JVM several times and take minutes on
// two cores, so they form the long suite: they run with
// CITYGRAPH_LONG_TESTS=1 (scripts/test.sh --long) and always under CI=true,
// and skip with the reason otherwise.
package neo4jtest

import (
	"bufio"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Server is a Neo4j instance controlled by scripts/neo4j.sh.
type Server struct {
	t      *testing.T
	script string
	env    []string          // the script's environment
	vars   map[string]string // what `scripts/neo4j.sh env` exported
}

// New prepares (but does not start) an instance on the given Bolt port, or
// on a free port of 127.0.0.1 when port is "". When the test ends the
// instance is stopped and its directory deleted (scripts/neo4j.sh clean).
// repoRoot is the path from the test's package to the repository root;
// extraEnv is passed to the script (e.g. NEO4J_PASSWORD=..., NEO4J_HEAP=...).
//
// New skips the test unless the long suite runs (see Long).
func New(t *testing.T, repoRoot, port string, extraEnv ...string) *Server {
	t.Helper()
	Long(t)
	script, err := filepath.Abs(filepath.Join(repoRoot, "scripts", "neo4j.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if port == "" {
		port = FreePort(t)
	}
	env := append(os.Environ(), "NEO4J_BOLT_PORT="+port)
	s := &Server{t: t, script: script, env: append(env, extraEnv...), vars: map[string]string{}}
	exports := s.Run("env")
	sc := bufio.NewScanner(strings.NewReader(exports))
	for sc.Scan() {
		if k, v, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "export "), "="); ok {
			s.vars[k] = v
		}
	}
	if s.vars["NEO4J_URI"] == "" || s.vars["NEO4J_PID_FILE"] == "" {
		t.Fatalf("scripts/neo4j.sh env printed no NEO4J_URI or NEO4J_PID_FILE:\n%s", exports)
	}
	t.Cleanup(func() { s.Run("clean") })
	return s
}

// LongEnv is the environment variable that turns the long suite on.
const LongEnv = "CITYGRAPH_LONG_TESTS"

// Long skips t unless the long suite runs: LongEnv=1, or CI=true (CI runs
// every test).
func Long(t *testing.T) {
	t.Helper()
	if os.Getenv(LongEnv) == "1" || os.Getenv("CI") == "true" {
		return
	}
	t.Skip("long fault test (a Neo4j of its own, killed and restarted; minutes on 2 cores): run it with scripts/test.sh --long or " +
		LongEnv + "=1; CI runs it")
}

// FreePort returns a TCP port of 127.0.0.1 that nothing listens on now
// (the kernel's choice for port 0).
func FreePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("no free port: %v", err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// Var returns a variable the script exports for this instance (NEO4J_URI,
// NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE, ...).
func (s *Server) Var(k string) string { return s.vars[k] }

// Run runs the script with one command (start, stop, status) and returns
// its standard output; a failure fails the test.
func (s *Server) Run(cmd string) string {
	s.t.Helper()
	x := exec.Command("bash", s.script, cmd)
	x.Env = s.env
	var stderr strings.Builder
	x.Stderr = &stderr
	out, err := x.Output()
	if err != nil {
		s.t.Fatalf("scripts/neo4j.sh %s: %v\n%s", cmd, err, stderr.String())
	}
	if msg := strings.TrimSpace(stderr.String()); msg != "" {
		s.t.Logf("scripts/neo4j.sh %s: %s", cmd, msg)
	}
	return string(out)
}

// Kill stops the server the hard way, as a crash or a power cut would,
// and waits until the process is gone.
func (s *Server) Kill() {
	s.t.Helper()
	pidf := s.vars["NEO4J_PID_FILE"]
	b, err := os.ReadFile(pidf)
	if err != nil {
		s.t.Fatalf("pid file: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		s.t.Fatalf("pid file %s: %v", pidf, err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		s.t.Fatalf("kill -9 %d: %v", pid, err)
	}
	for syscall.Kill(pid, 0) == nil {
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Logf("killed Neo4j (pid %d)", pid)
}
