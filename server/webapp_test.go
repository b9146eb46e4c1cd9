package server

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestWebAppServed(t *testing.T) {
	e := startServer(t, Config{})
	r := do(t, http.MethodGet, e.base+"/", "", nil, nil)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("/: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "worker-src 'self' blob:") {
		t.Errorf("CSP %q", csp)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"#]+)"`).FindAllStringSubmatch(string(r.body), -1)
	if len(refs) < 3 {
		t.Fatalf("page references %d files: %s", len(refs), r.body)
	}
	for _, m := range refs {
		if strings.Contains(m[1], "//") {
			t.Errorf("page loads %s from elsewhere", m[1])
			continue
		}
		a := do(t, http.MethodGet, e.base+"/"+m[1], "", nil, nil)
		if a.status != 200 || len(a.body) < 100 {
			t.Errorf("%s: %d, %d bytes", m[1], a.status, len(a.body))
		}
	}
	for _, name := range []string{"laender.geojson", "world-110m.json", "THIRD_PARTY_LICENSES.txt"} {
		if a := do(t, http.MethodGet, e.base+"/app/"+name, "", nil, nil); a.status != 200 || len(a.body) < 1000 {
			t.Errorf("/app/%s: %d", name, a.status)
		}
	}
	if a := do(t, http.MethodGet, e.base+"/app/nope.js", "", nil, nil); a.status != 404 {
		t.Errorf("unknown file: %d", a.status)
	}
}
