package server

import (
	"io/fs"
	"mime"
	"net/http"
	"path"

	"github.com/citygraph/citygraph/web"
)

// routeApp is the web application's files; the application itself is
// served at / (routeExplorer), GraphiQL at /graphiql.
const (
	routeApp      = "/app"
	routeGraphiQL = "/graphiql"
)

// appPolicy is the web application's Content Security Policy: nothing but
// this server, as for GraphiQL, plus blob: for the network layout's worker
// and for charts saved as PNG.
const appPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// appSet is the web application (package web), compressed once.
type appSet struct {
	page   *asset
	byName map[string]*asset
}

// newAppSet loads the built web application. A failure is a broken build,
// so it panics.
func newAppSet() *appSet {
	as := &appSet{byName: map[string]*asset{}}
	err := fs.WalkDir(web.Dist(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(web.Dist(), p)
		if err != nil {
			return err
		}
		ctype := mime.TypeByExtension(path.Ext(p))
		switch path.Ext(p) {
		case ".js":
			ctype = "text/javascript; charset=utf-8"
		case ".geojson", ".json":
			ctype = "application/json"
		case ".txt":
			ctype = "text/plain; charset=utf-8"
		}
		as.byName[p] = newAsset(b, ctype)
		return nil
	})
	if err != nil {
		panic("server: web application: " + err.Error())
	}
	as.page = as.byName["index.html"]
	if as.page == nil {
		panic("server: web application has no index.html")
	}
	delete(as.byName, "index.html")
	return as
}

// serveApp answers / with the web application's page.
func (s *Server) serveApp(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", appPolicy)
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.app.page.serve(w, r, "no-cache")
}

// serveAppFile answers /app/{name}.
func (s *Server) serveAppFile(w http.ResponseWriter, r *http.Request) {
	a, ok := s.app.byName[r.PathValue("name")]
	if !ok {
		notFound(w, r)
		return
	}
	w.Header().Set("Content-Security-Policy", appPolicy)
	a.serve(w, r, "public, max-age=3600")
}
