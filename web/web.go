// Package web holds citygraph's web application, built from src/ by
// build.mjs (esbuild, from the npm packages pinned in package-lock.json)
// into dist/, which is committed, so that `go build` needs no Node. The
// server embeds dist/ and serves it at / (the page) and /app/ (its files).
// TestBuildIsFresh fails when src/ changed after the last build.
package web

import (
	"embed"
	"io/fs"
)

//go:embed dist
var dist embed.FS

// Dist returns the built application: index.html, app.js, style.css, the
// map data and THIRD_PARTY_LICENSES.txt.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic("web: embedded dist missing: " + err.Error()) // a broken build
	}
	return sub
}
