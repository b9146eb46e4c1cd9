package resolvers

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/export"
	"github.com/citygraph/citygraph/graph"
)

// ExportHandler serves exports of a subgraph:
//
//	GET /export?format=graphml|gexf|geojson|csv|csvnodes
//	           &countries=DE,UA&domestic=true&kinds=PARTNERSHIP,FRIENDSHIP
//	           &states=DE-BY&asOf=2022-02-24&city=ID&depth=N
//
// The selection is the one of the GraphQL traversals (see Selection): with
// city, its neighbourhood to depth (1 by default, at most MaxDepth); with
// countries, the partnership network between them; with neither, every
// link. Lists are comma-separated. Errors are JSON objects
// {"error": {"code", "message"}} with status 400 (INVALID, AMBIGUOUS), 404
// (NOT_FOUND), 405 or 503 (UNAVAILABLE).
func (r *Resolver) ExportHandler() http.Handler {
	return http.HandlerFunc(r.serveExport)
}

func (r *Resolver) serveExport(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeHTTPError(w, http.StatusMethodNotAllowed, graph.Errorf(graph.EINVALID, "use GET"))
		return
	}
	q := req.URL.Query()
	format, err := export.ParseFormat(q.Get("format"))
	if err != nil {
		writeHTTPError(w, 0, err)
		return
	}
	sel, err := selectionOf(q.Get)
	if err != nil {
		writeHTTPError(w, 0, err)
		return
	}
	s, err := r.current()
	if err != nil {
		writeHTTPError(w, 0, err)
		return
	}
	g, err := s.selectSub(sel)
	if err != nil {
		writeHTTPError(w, 0, err)
		return
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, format, export.Graph{Nodes: s.cities(g.nodes), Links: s.linkList(g.links)}); err != nil {
		r.log.Error().Err(err).Str("format", string(format)).Msg("export failed")
		writeHTTPError(w, 0, err)
		return
	}
	name := "citygraph-" + strconv.FormatInt(s.p.Version, 10) + format.Ext()
	h := w.Header()
	h.Set("Content-Type", format.ContentType())
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Citygraph-Nodes", strconv.Itoa(len(g.nodes)))
	h.Set("X-Citygraph-Links", strconv.Itoa(len(g.links)))
	w.WriteHeader(http.StatusOK)
	if req.Method == http.MethodGet {
		_, _ = w.Write(buf.Bytes())
	}
}

// selectionOf reads a Selection from query parameters. Errors: INVALID.
func selectionOf(get func(string) string) (Selection, error) {
	sel := Selection{
		Countries: splitList(get("countries")),
		States:    splitList(get("states")),
		City:      strings.TrimSpace(get("city")),
	}
	for _, k := range splitList(get("kinds")) {
		sel.Kinds = append(sel.Kinds, graph.Kind(strings.ToUpper(k)))
	}
	if d := get("depth"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 {
			return sel, graph.Errorf(graph.EINVALID, "depth %q: want a number from 1 to %d", d, MaxDepth)
		}
		if sel.City == "" {
			return sel, graph.Errorf(graph.EINVALID, "depth needs a city")
		}
		sel.Depth = n
	}
	if a := get("asOf"); a != "" {
		d, err := graph.ParseDate(a)
		if err != nil {
			return sel, graph.Errorf(graph.EINVALID, "asOf %q: want YYYY, YYYY-MM or YYYY-MM-DD", a)
		}
		sel.AsOf = d
	}
	if v := get("domestic"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return sel, graph.Errorf(graph.EINVALID, "domestic %q: want true or false", v)
		}
		sel.Domestic = b
	}
	return sel, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// writeHTTPError writes err as {"error": {"code", "message"}} with the
// user-safe message; status 0 picks it from the code.
func writeHTTPError(w http.ResponseWriter, status int, err error) {
	code := graph.ErrorCode(err)
	if status == 0 {
		status = httpStatus(code)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": graph.ErrorMessage(err)}})
}

// httpStatus maps an error code to an HTTP status.
func httpStatus(code string) int {
	switch code {
	case graph.EINVALID, CodeAmbiguous:
		return http.StatusBadRequest
	case graph.ENOTFOUND:
		return http.StatusNotFound
	case graph.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case CodeForbidden:
		return http.StatusForbidden
	case graph.ECONFLICT:
		return http.StatusConflict
	case graph.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
