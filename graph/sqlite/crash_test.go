//go:build unix

package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/graphtest"
)

// childEnv makes the test binary act as a child process that writes to a
// store and gets killed: "big:PATH" applies a 1,000,000-link batch,
// "ack:PATH" applies a small one, says so and waits.
const childEnv = "CITYGRAPH_SQLITE_CRASH_CHILD"

func TestMain(m *testing.M) {
	if v := os.Getenv(childEnv); v != "" {
		os.Exit(child(v))
	}
	os.Exit(m.Run())
}

// Batches the children apply.
const (
	bigLinks  = 1_000_000
	bigSeed   = 42
	ackLinks  = 5000
	ackSeed   = 43
	baseLinks = 2000
	baseSeed  = 7
)

func child(v string) int {
	mode, path, _ := strings.Cut(v, ":")
	ctx := context.Background()
	// Debug lines on stdout tell the parent which table is being written.
	s, err := Open(ctx, path, zerolog.New(os.Stdout).Level(zerolog.DebugLevel))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	switch mode {
	case "big":
		b := graphtest.SyntheticBatch(bigLinks, bigSeed)
		fmt.Println("APPLYING")
		if _, err := s.Apply(ctx, b); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		fmt.Println("APPLIED")
		return 0
	case "ack":
		st, err := s.Apply(ctx, graphtest.SyntheticBatch(ackLinks, ackSeed))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		fmt.Printf("APPLIED %d\n", st.Version)
		time.Sleep(time.Hour) // until killed; the store is not closed
		return 0
	}
	fmt.Fprintf(os.Stderr, "unknown child mode %q\n", mode)
	return 2
}

// startChild runs the test binary as a child in mode on path and returns
// its output lines.
func startChild(t *testing.T, mode, path string) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode+":"+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 16)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd, lines
}

// killChild sends SIGKILL and checks that the child died of it.
func killChild(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill: %v", err)
	}
	cmd.Wait()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed by SIGKILL: %v", cmd.ProcessState)
	}
}

type state struct {
	snap    *graph.Snapshot
	version int64
	imports []graph.ImportRecord
}

func readState(t *testing.T, s *Store) state {
	t.Helper()
	ctx := context.Background()
	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	v, err := s.Version(ctx)
	if err != nil {
		t.Fatalf("version: %v", err)
	}
	imps, err := s.Imports(ctx)
	if err != nil {
		t.Fatalf("imports: %v", err)
	}
	return state{snap, v, imps}
}

func sameState(t *testing.T, got, want state) {
	t.Helper()
	if d := graphtest.Diff(got.snap, want.snap); d != "" {
		t.Errorf("snapshot differs:\n%s", d)
	}
	if got.version != want.version || got.snap.Version != want.version {
		t.Errorf("version %d (snapshot %d), want %d", got.version, got.snap.Version, want.version)
	}
	if fmt.Sprint(got.imports) != fmt.Sprint(want.imports) {
		t.Errorf("imports %v, want %v", got.imports, want.imports)
	}
}

// TestKillDuringLargeImport kills (SIGKILL) a process in the middle of
// applying a 1,000,000-link batch to a store that holds an earlier import,
// and checks that the store is exactly as before and still works.
func TestKillDuringLargeImport(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "citygraph.db")
	s, err := Open(ctx, path, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, graphtest.SyntheticBatch(baseLinks, baseSeed)); err != nil {
		t.Fatal(err)
	}
	before := readState(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	cmd, lines := startChild(t, "big", path)
	// Wait until the child writes the partnerships (after the
	// municipalities), then kill it once the transaction has spilled
	// another 8 MiB of pages into the WAL: deep inside the write, before
	// the commit.
	for l := range lines {
		if l == "APPLIED" {
			t.Fatalf("child finished before it was killed")
		}
		if strings.Contains(l, `"table":"partnership"`) {
			break
		}
	}
	walSize := func() int64 {
		fi, err := os.Stat(path + "-wal")
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	start := walSize()
	for walSize() < start+8<<20 {
		select {
		case l, ok := <-lines:
			if !ok || l == "APPLIED" {
				t.Fatalf("child finished before it was killed; WAL grew from %d to %d bytes", start, walSize())
			}
		default:
		}
		time.Sleep(2 * time.Millisecond)
	}
	killChild(t, cmd)
	for l := range lines {
		if l == "APPLIED" {
			t.Fatalf("child reported the apply done before the kill")
		}
	}
	t.Logf("killed the child while writing partnerships, WAL %d MiB", walSize()>>20)

	s, err = Open(ctx, path, zerolog.Nop())
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	integrityCheck(t, s)
	sameState(t, readState(t, s), before)

	// The store still works.
	st, err := s.Apply(ctx, graphtest.SyntheticBatch(1000, 9))
	if err != nil {
		t.Fatalf("apply after the crash: %v", err)
	}
	if st.Version != before.version+1 || st.Created == 0 {
		t.Errorf("apply after the crash: %+v, want created records at version %d", st, before.version+1)
	}
	integrityCheck(t, s)
}

// TestAcknowledgedApplySurvivesKill kills a process right after Apply
// returned and checks that the batch is in the store.
func TestAcknowledgedApplySurvivesKill(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "citygraph.db")
	cmd, lines := startChild(t, "ack", path)
	var l string
	for l = range lines { // past the debug lines
		if strings.HasPrefix(l, "APPLIED ") {
			break
		}
	}
	if !strings.HasPrefix(l, "APPLIED ") {
		t.Fatalf("child ended without applying")
	}
	killChild(t, cmd)

	// The same batch applied here, to compare with.
	ref, err := Open(ctx, filepath.Join(t.TempDir(), "ref.db"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	if _, err := ref.Apply(ctx, graphtest.SyntheticBatch(ackLinks, ackSeed)); err != nil {
		t.Fatal(err)
	}
	want := readState(t, ref)
	if l != fmt.Sprintf("APPLIED %d", want.version) {
		t.Errorf("child said %q, want version %d", l, want.version)
	}

	s, err := Open(ctx, path, zerolog.Nop())
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	integrityCheck(t, s)
	sameState(t, readState(t, s), want)
}
