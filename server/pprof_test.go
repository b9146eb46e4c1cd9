package server

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestPprofIsOffByDefault(t *testing.T) {
	e := startServer(t, Config{})
	if a := e.srv.PprofAddr(); a != nil {
		t.Errorf("PprofAddr = %v without Config.PprofAddr", a)
	}
	if r := do(t, http.MethodGet, e.base+"/debug/pprof/", "", nil, nil); r.status != http.StatusNotFound {
		t.Errorf("GET /debug/pprof/ on the API: %d, want 404", r.status)
	}
}

func TestPprofOnALoopbackListenerOfItsOwn(t *testing.T) {
	e := startServer(t, Config{PprofAddr: "127.0.0.1:0"})
	a := e.srv.PprofAddr()
	if a == nil {
		t.Fatal("PprofAddr is nil after Run listens")
	}
	if strings.TrimPrefix(e.base, "http://") == a.String() {
		t.Fatalf("profiles on the API's own address %s", a)
	}
	for path, want := range map[string]string{
		"/debug/pprof/heap?debug=1":      "heap profile",
		"/debug/pprof/goroutine?debug=1": "goroutine profile",
		"/debug/pprof/":                  "Types of profiles available",
	} {
		resp, err := http.Get("http://" + a.String() + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), want) {
			t.Errorf("GET %s: %d, want 200 with %q; got %.200s", path, resp.StatusCode, want, b)
		}
	}
	// The API's listener does not serve them.
	if r := do(t, http.MethodGet, e.base+"/debug/pprof/heap?debug=1", "", nil, nil); r.status != http.StatusNotFound {
		t.Errorf("GET /debug/pprof/heap on the API: %d, want 404", r.status)
	}
	logged := false
	for _, l := range e.logs.lines(t) {
		logged = logged || (l["message"] == "serving profiles (pprof)" && l["addr"] == a.String())
	}
	if !logged {
		t.Error("no log line says where the profiles are served")
	}
}

func TestPprofOnlyOnLoopback(t *testing.T) {
	for _, ok := range []string{"127.0.0.1:6060", "localhost:0", "[::1]:0", "127.0.0.2:1"} {
		if err := CheckPprofAddr(ok); err != nil {
			t.Errorf("CheckPprofAddr(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"0.0.0.0:6060", ":6060", "192.0.2.1:6060", "example.com:6060", "127.0.0.1"} {
		if err := CheckPprofAddr(bad); err == nil {
			t.Errorf("CheckPprofAddr(%q) accepted a non-loopback or malformed address", bad)
		}
	}
	// Run refuses to start on one.
	srv := New(Config{Schema: startServer(t, Config{}).srv.cfg.Schema, Addr: "127.0.0.1:0", PprofAddr: "0.0.0.0:0"})
	if err := srv.Run(t.Context(), nil); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("Run with PprofAddr 0.0.0.0:0: %v, want an error naming loopback", err)
	}
}
