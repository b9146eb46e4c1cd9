// Command warmstart measures citygraph's fixed cost of a warm start on an
// embedded store: the wall and CPU time of a whole `citygraph analyze
// centrality --metric degree --top 1` process (a kernel that costs next to
// nothing, so the time is start, store read and projection), and the wall
// time from starting `citygraph serve` to the first 200 from /readyz (port 0:
// the server picks a free port and logs it). With several binaries the runs
// alternate between them (a, b, a, b, ...), so a change in the machine's load
// falls on all of them alike. Each binary runs on its own copy of the store
// with its own snapshot cache (CITYGRAPH_SNAPSHOT_CACHE), and gets one
// unmeasured run of each kind first (the page cache and the snapshot cache
// warm). The output is a
// Markdown table of medians and, per binary, one JSON line.
//
//	go run ./scripts/warmstart -store /tmp/twin.db -runs 5 ./citygraph.before ./citygraph.after
//
// scripts/warmstart.sh builds the binary and the twin-town-sized store.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "warmstart:", err)
		os.Exit(1)
	}
}

// result holds one binary's measurements in seconds.
type result struct {
	Bin          string    `json:"bin"`
	AnalyzeWall  []float64 `json:"analyze_wall"`
	AnalyzeCPU   []float64 `json:"analyze_cpu"`
	ServeToReady []float64 `json:"serve_to_ready"`
	ServeCPU     []float64 `json:"serve_cpu"`
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("warmstart", flag.ContinueOnError)
	store := fs.String("store", "", "embedded store `file` to start on")
	runs := fs.Int("runs", 5, "measured runs of each kind per binary")
	serve := fs.Bool("serve", true, "also time serve until /readyz")
	work := fs.String("work", "", "`dir` for the copies of the store and the snapshot caches, one per binary (default a fresh temporary directory)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	bins := fs.Args()
	if *store == "" || len(bins) == 0 || *runs < 1 {
		return errors.New("usage: warmstart -store FILE [-runs N] BINARY [BINARY]")
	}
	cache := work
	if *cache == "" {
		dir, err := os.MkdirTemp("", "warmstart-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		*cache = dir
	}
	// Each binary gets its own copy of the store and its own snapshot
	// cache: one version's open must not change the file the other reads.
	res := make([]*result, len(bins))
	stores := make([]string, len(bins))
	envs := make([][]string, len(bins))
	for i, b := range bins {
		res[i] = &result{Bin: b}
		dir := filepath.Join(*cache, strconv.Itoa(i))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		stores[i] = filepath.Join(dir, "store.db")
		if err := copyFile(*store, stores[i]); err != nil {
			return err
		}
		envs[i] = append(os.Environ(), "CITYGRAPH_SNAPSHOT_CACHE="+filepath.Join(dir, "cache"), "CITYGRAPH_LOG_FORMAT=json", "CITYGRAPH_LOG_LEVEL=info")
	}
	for round := -1; round < *runs; round++ { // round -1 warms up
		for i, b := range bins {
			wall, cpu, err := analyze(b, stores[i], envs[i])
			if err != nil {
				return err
			}
			if round >= 0 {
				res[i].AnalyzeWall = append(res[i].AnalyzeWall, wall)
				res[i].AnalyzeCPU = append(res[i].AnalyzeCPU, cpu)
			}
		}
		if !*serve {
			continue
		}
		for i, b := range bins {
			wall, cpu, err := serveToReady(b, stores[i], envs[i])
			if err != nil {
				return err
			}
			if round >= 0 {
				res[i].ServeToReady = append(res[i].ServeToReady, wall)
				res[i].ServeCPU = append(res[i].ServeCPU, cpu)
			}
		}
	}
	fmt.Fprintf(out, "| binary | analyze wall (s) | analyze CPU (s) | serve to /readyz (s) | serve CPU to ready (s) |\n| --- | --- | --- | --- | --- |\n")
	for _, r := range res {
		fmt.Fprintf(out, "| %s | %.3f | %.3f | %s | %s |\n", filepath.Base(r.Bin), median(r.AnalyzeWall), median(r.AnalyzeCPU),
			orDash(r.ServeToReady), orDash(r.ServeCPU))
	}
	enc := json.NewEncoder(out)
	for _, r := range res {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

func orDash(s []float64) string {
	if len(s) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", median(s))
}

func median(s []float64) float64 {
	s = slices.Clone(s)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// analyze runs the analysis once and returns its wall and CPU seconds.
func analyze(bin, store string, env []string) (wall, cpu float64, err error) {
	cmd := exec.Command(bin, "analyze", "centrality", "--metric", "degree", "--top", "1", "--store", store)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%s analyze: %v: %s", bin, err, stderr.String())
	}
	wall = time.Since(t0).Seconds()
	ps := cmd.ProcessState
	return wall, (ps.UserTime() + ps.SystemTime()).Seconds(), nil
}

// serveToReady starts serve on a free port, polls /readyz every
// millisecond until it answers 200, and returns the time from the start
// and the server's CPU time until then (from /proc, in clock ticks).
func serveToReady(bin, store string, env []string) (wall, cpu float64, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--store", store, "--addr", "127.0.0.1:0", "--poll", "0")
	cmd.Env = env
	cmd.Stdout = io.Discard
	logs, err := cmd.StderrPipe()
	if err != nil {
		return 0, 0, err
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(logs)
		sent := false
		for sc.Scan() {
			var line struct{ URL string }
			if !sent && json.Unmarshal(sc.Bytes(), &line) == nil && line.URL != "" {
				urls <- line.URL
				sent = true
			}
		}
		close(urls)
	}()
	url, ok := <-urls
	if !ok {
		return 0, 0, fmt.Errorf("%s serve: exited without logging its address", bin)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	for ctx.Err() == nil {
		resp, err := client.Get(url + "readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				wall = time.Since(t0).Seconds()
				return wall, procCPU(cmd.Process.Pid), nil
			}
		}
		time.Sleep(time.Millisecond)
	}
	return 0, 0, fmt.Errorf("%s serve: not ready in time", bin)
}

// copyFile copies the store file (a closed store: no log beside it).
func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}

// procCPU returns a process's user and system time from /proc (0 when it
// cannot be read).
func procCPU(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces: the fields start after ") ".
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+2:]))
	if len(f) < 13 {
		return 0
	}
	var utime, stime int64
	fmt.Sscan(f[11], &utime)
	fmt.Sscan(f[12], &stime)
	return float64(utime+stime) / 100 // USER_HZ
}
