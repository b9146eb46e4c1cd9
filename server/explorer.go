package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// assetFS holds the explorer page and its assets: GraphiQL, React and
// ReactDOM as built by scripts/build-graphiql.sh from their npm packages,
// their licences, and citygraph's own page, script and default query.
//
//go:embed assets
var assetFS embed.FS

// DefaultQuery is the query the explorer opens with: the German-Ukrainian
// partnership network.
func DefaultQuery() string {
	b, err := assetFS.ReadFile("assets/default-query.graphql")
	if err != nil {
		panic("server: embedded default query missing: " + err.Error())
	}
	return string(b)
}

// contentSecurityPolicy allows the page nothing but this server: no CDN, no
// inline script, no framing. GraphiQL sets inline styles.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// asset is one embedded file, ready to serve. It is compressed on its
// first request, not when the server starts: gzip's best level over the
// embedded files costs about 150 ms of CPU, which a start would otherwise
// pay before it is ready, for files a client may never ask for.
type asset struct {
	body        []byte
	etag, ctype string

	gzOnce sync.Once
	gz     []byte // after gzOnce: nil when compression does not pay
}

// assetSet is the explorer page (rendered once) and its assets.
type assetSet struct {
	page   *asset
	byName map[string]*asset
}

// newAssetSet loads and compresses the embedded files and renders the page.
// A failure here is a broken build, so it panics.
func newAssetSet() *assetSet {
	as := &assetSet{byName: make(map[string]*asset)}
	err := fs.WalkDir(assetFS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assetFS.ReadFile(p)
		if err != nil {
			return err
		}
		ctype := mime.TypeByExtension(path.Ext(p))
		switch path.Ext(p) {
		case ".graphql", "":
			ctype = "text/plain; charset=utf-8"
		case ".js":
			ctype = "text/javascript; charset=utf-8"
		}
		as.byName[path.Base(p)] = newAsset(b, ctype)
		return nil
	})
	if err != nil {
		panic("server: embedded assets: " + err.Error())
	}
	tmpl, err := template.ParseFS(assetFS, "assets/index.html")
	if err != nil {
		panic("server: explorer page template: " + err.Error())
	}
	var page bytes.Buffer
	data := struct{ Config map[string]string }{Config: map[string]string{
		"endpoint":     "graphql",
		"defaultQuery": DefaultQuery(),
	}}
	if err := tmpl.Execute(&page, data); err != nil {
		panic("server: explorer page: " + err.Error())
	}
	as.page = newAsset(page.Bytes(), "text/html; charset=utf-8")
	delete(as.byName, "index.html") // served at / only
	return as
}

func newAsset(b []byte, ctype string) *asset {
	sum := sha256.Sum256(b)
	return &asset{body: b, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

// compressed returns the asset compressed at gzip's best level, nil when
// compression does not pay (small files, images, less than 10% saved);
// computed once, on first use.
func (a *asset) compressed() []byte {
	a.gzOnce.Do(func() {
		if len(a.body) < 1024 || strings.HasPrefix(a.ctype, "image/") {
			return
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // level is valid
		_, _ = zw.Write(a.body)
		_ = zw.Close()
		if buf.Len() < len(a.body)*9/10 {
			a.gz = buf.Bytes()
		}
	})
	return a.gz
}

// serve writes the asset with its ETag, compressed when the client takes
// gzip, or 304 when the client has it.
func (a *asset) serve(w http.ResponseWriter, r *http.Request, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", cacheControl)
	h.Set("X-Content-Type-Options", "nosniff")
	body, etag := a.body, a.etag
	if gz := a.compressed(); gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, etag = gz, a.etag[:len(a.etag)-1]+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	if inm := r.Header.Get("If-None-Match"); inm != "" && etagMatches(inm, etag) {
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reports whether an Accept-Encoding header takes gzip with a
// non-zero quality.
func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimSpace(params), "=")
		if ok && strings.TrimSpace(k) == "q" {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err == nil && q > 0
		}
		return true
	}
	return false
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// serveExplorer answers / with the GraphiQL page.
func (s *Server) serveExplorer(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.assets.page.serve(w, r, "no-cache")
}

// serveAsset answers /assets/{name}.
func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets.byName[r.PathValue("name")]
	if !ok {
		notFound(w, r)
		return
	}
	w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
	a.serve(w, r, "public, max-age=3600")
}
