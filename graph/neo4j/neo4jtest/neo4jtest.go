// Package neo4jtest runs a Neo4j of a test's own through scripts/neo4j.sh,
// on a port apart from the shared test server, so that a test may kill and
// restart it without disturbing other tests.
package neo4jtest

import (
	"bufio"
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

// New prepares (but does not start) an instance on the given Bolt port.
// repoRoot is the path from the test's package to the repository root;
// extraEnv is passed to the script (e.g. NEO4J_PASSWORD=..., NEO4J_HEAP=...).
func New(t *testing.T, repoRoot, port string, extraEnv ...string) *Server {
	t.Helper()
	script, err := filepath.Abs(filepath.Join(repoRoot, "scripts", "neo4j.sh"))
	if err != nil {
		t.Fatal(err)
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
	return s
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
