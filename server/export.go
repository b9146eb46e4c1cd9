package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/export"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/resolvers"
)

// Exporter chooses the subgraph an export writes; *resolvers.Resolver is
// one.
type Exporter interface {
	// ExportGraph returns the subgraph sel chooses on the current
	// projection and that projection's version. Errors: graph.Error codes
	// INVALID, NOT_FOUND, AMBIGUOUS, UNAVAILABLE.
	ExportGraph(ctx context.Context, sel resolvers.Selection) (export.Graph, int64, error)
}

var _ Exporter = (*resolvers.Resolver)(nil)

// serveExport answers exports of a subgraph:
//
//	GET /export?format=graphml|gexf|geojson|csv|csvnodes
//	           &countries=DE,UA&domestic=true&kinds=PARTNERSHIP,FRIENDSHIP
//	           &states=DE-BY&asOf=2022-02-24&city=ID&depth=N
//
// The selection is the one of the GraphQL traversals (resolvers.Selection):
// with city, its neighbourhood to depth (1 by default, at most
// resolvers.MaxDepth); with countries, the partnership network between
// them; with neither, every link. Lists are comma-separated. Errors are
// JSON objects {"error": {"code", "message"}} with the status of their
// code (see statusOf): 400 (INVALID, AMBIGUOUS), 404 (NOT_FOUND) or 503
// (UNAVAILABLE).
func (s *Server) serveExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format, err := export.ParseFormat(q.Get("format"))
	if err != nil {
		s.exportError(w, r, err)
		return
	}
	sel, err := selectionOf(q)
	if err != nil {
		s.exportError(w, r, err)
		return
	}
	g, version, err := s.cfg.Export.ExportGraph(r.Context(), sel)
	if err != nil {
		s.exportError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := export.Write(&buf, format, g); err != nil {
		s.log.Error().Err(err).Str("request_id", RequestID(r.Context())).Str("format", string(format)).Msg("export failed")
		s.exportError(w, r, err)
		return
	}
	name := "citygraph-" + strconv.FormatInt(version, 10) + format.Ext()
	h := w.Header()
	h.Set("Content-Type", format.ContentType())
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Citygraph-Nodes", strconv.Itoa(len(g.Nodes)))
	h.Set("X-Citygraph-Links", strconv.Itoa(len(g.Links)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// selectionOf reads a Selection from query parameters. Errors: INVALID.
func selectionOf(q url.Values) (resolvers.Selection, error) {
	sel := resolvers.Selection{
		Countries: splitList(q.Get("countries")),
		States:    splitList(q.Get("states")),
		City:      strings.TrimSpace(q.Get("city")),
	}
	for _, k := range splitList(q.Get("kinds")) {
		sel.Kinds = append(sel.Kinds, graph.Kind(strings.ToUpper(k)))
	}
	if d := q.Get("depth"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 {
			return sel, graph.Errorf(graph.EINVALID, "depth %q: want a number from 1 to %d", d, resolvers.MaxDepth)
		}
		if sel.City == "" {
			return sel, graph.Errorf(graph.EINVALID, "depth needs a city")
		}
		sel.Depth = n
	}
	if a := q.Get("asOf"); a != "" {
		d, err := graph.ParseDate(a)
		if err != nil {
			return sel, graph.Errorf(graph.EINVALID, "asOf %q: want YYYY, YYYY-MM or YYYY-MM-DD", a)
		}
		sel.AsOf = d
	}
	if v := q.Get("domestic"); v != "" {
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

// exportError writes err as {"error": {"code", "message"}} with the
// user-safe message and the status of its code, and records the code for
// the request's log line.
func (s *Server) exportError(w http.ResponseWriter, r *http.Request, err error) {
	code := graph.ErrorCode(err)
	requestInfo(r.Context()).addCodes(code)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(statusOf(code))
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": graph.ErrorMessage(err)}})
}

// statusOf maps an error code to an HTTP status.
func statusOf(code string) int {
	switch code {
	case graph.EINVALID, resolvers.CodeAmbiguous:
		return http.StatusBadRequest
	case graph.ENOTFOUND:
		return http.StatusNotFound
	case graph.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case resolvers.CodeForbidden:
		return http.StatusForbidden
	case graph.ECONFLICT:
		return http.StatusConflict
	case graph.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
