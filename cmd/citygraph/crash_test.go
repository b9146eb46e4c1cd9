package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds citygraph into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "citygraph")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	return bin
}

// kill -9 in the middle of a 1,000,000-row import leaves the store exactly
// as it was, and the store stays usable.
func TestKill9DuringMillionRowImport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and writes a 1,000,000-row file")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	store := filepath.Join(dir, "g.db")
	big := filepath.Join(dir, "pairs.csv")
	if err := os.WriteFile(big, syntheticPairList(t, 1_000_000, 7), 0o644); err != nil {
		t.Fatal(err)
	}
	ta := newTestApp(t)
	if code, _, errs := ta.run("import", "--store", store, "testdata/rgre_cp1252.csv"); code != 0 {
		t.Fatalf("first import: %s", errs)
	}
	before := ta.stats(store)

	cmd := exec.Command(bin, "import", "--kind", "pairs", "--store", store,
		"--map", "city_a=city_a", "--map", "country_a=country_a", "--map", "lat_a=lat_a", "--map", "lon_a=lon_a",
		"--map", "city_b=city_b", "--map", "country_b=country_b", "--map", "lat_b=lat_b", "--map", "lon_b=lon_b", big)
	cmd.Env = append(os.Environ(), "CITYGRAPH_LOG_FORMAT=json", "CITYGRAPH_LOG_LEVEL=info", "NEO4J_URI=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the import is writing, let it write for a moment, then kill it.
	writing := make(chan bool, 1)
	var lines []string
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if len(lines) < 20 {
				lines = append(lines, sc.Text())
			}
			if strings.Contains(sc.Text(), "in one transaction") {
				writing <- true
				break
			}
		}
		for sc.Scan() {
		}
		close(writing)
	}()
	if ok := <-writing; !ok {
		cmd.Wait()
		t.Fatalf("the import never started writing:\n%s", strings.Join(lines, "\n"))
	}
	time.Sleep(700 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("import finished before the kill (%v); the test needs a larger file", err)
	}

	after := ta.stats(store)
	if after.Version != before.Version || after.Partnerships != before.Partnerships || after.LinkedMunicipalities != before.LinkedMunicipalities {
		t.Fatalf("store changed by a killed import: version %d -> %d, links %d -> %d", before.Version, after.Version, before.Partnerships, after.Partnerships)
	}
	// The store is usable afterwards.
	if code, _, errs := ta.run("import", "--store", store, "--skip-invalid", "testdata/rgre_bad_cp1252.csv"); code != 0 {
		t.Fatalf("import after the crash: %s", errs)
	}
	if s := ta.stats(store); s.Version != before.Version+1 {
		t.Errorf("version after a later import = %d, want %d", s.Version, before.Version+1)
	}
}
