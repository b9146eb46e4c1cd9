package server

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/export"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/resolvers"
	"github.com/citygraph/citygraph/suggest"
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

// exportParams are the query parameters /export knows.
var exportParams = []string{"format", "countries", "domestic", "kinds", "states", "asOf", "city", "depth", "csv"}

// serveExport answers exports of a subgraph:
//
//	GET /export?format=graphml|gexf|geojson-places|geojson-links|csv-partnerships|csv-places|csv-memberships|csv-orglinks
//	           &countries=DE,UA&domestic=true&kinds=PARTNERSHIP,FRIENDSHIP
//	           &states=DE-BY&asOf=2022-02-24&city=ID&depth=N&csv=excel|rfc4180
//
// The selection is the one of the GraphQL traversals (resolvers.Selection):
// with city, its neighbourhood to depth (1 by default, at most
// resolvers.MaxDepth); with countries, the partnership network between
// them; with neither, every link. Lists are comma-separated. GraphML and
// GEXF hold every layer of the selected places (their memberships and links
// to organisations too). The file name says what the file holds
// (citygraph_DE-UA_partnerships.csv). The body is streamed as it is
// written, its memory independent of the graph's size.
//
// Errors are JSON objects {"error": {"code", "message"}} with the status of
// their code (see statusOf): 400 (INVALID, AMBIGUOUS; an unknown parameter
// or country is INVALID with the nearest known one), 404 (NOT_FOUND) or 503
// (UNAVAILABLE).
func (s *Server) serveExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q); err != nil {
		s.exportError(w, r, err)
		return
	}
	format, err := export.ParseFormat(q.Get("format"))
	if err != nil {
		s.exportError(w, r, err)
		return
	}
	dialect, err := export.ParseDialect(q.Get("csv"))
	if err != nil {
		s.exportError(w, r, err)
		return
	}
	sel, err := s.selectionOf(q)
	if err != nil {
		s.exportError(w, r, err)
		return
	}
	g, version, err := s.cfg.Export.ExportGraph(r.Context(), sel)
	if err != nil {
		s.exportError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", format.ContentType())
	h.Set("Content-Disposition", `attachment; filename="`+export.FileName(subjectOf(sel), format)+`"`)
	h.Set("X-Citygraph-Version", strconv.FormatInt(version, 10))
	h.Set("X-Citygraph-Nodes", strconv.Itoa(g.Sizes.Places))
	h.Set("X-Citygraph-Links", strconv.Itoa(g.Sizes.Partnerships))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	err = export.Write(bw, format, g, export.Options{CSV: dialect})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		// The status is sent; a client that is still there gets a
		// truncated body. Most often the client went away.
		s.log.Warn().Err(err).Str("request_id", RequestID(r.Context())).Str("format", string(format)).Msg("export cut off")
	}
}

// checkParams rejects query parameters /export does not know, naming the
// nearest known one ("contries" -> countries), so that a typo is not
// silently an export of the whole graph, and parameters given twice (only
// one would count).
func checkParams(q url.Values) error {
	for name, vals := range q {
		if !slices.Contains(exportParams, name) {
			return graph.Errorf(graph.EINVALID, "unknown parameter %q%s; /export takes %s", name,
				suggest.DidYouMean(name, exportParams), strings.Join(exportParams, ", "))
		}
		if len(vals) > 1 {
			return graph.Errorf(graph.EINVALID, "parameter %q given %d times: give it once (lists are comma-separated)", name, len(vals))
		}
	}
	return nil
}

// subjectOf names a selection for the file name: "DE-UA", "Mannheim-depth-2",
// "PARTNERSHIP_DE-BY_as-of-2022-02-24" or "all".
func subjectOf(sel resolvers.Selection) string {
	var parts []string
	switch {
	case sel.City != "":
		parts = append(parts, sel.City+"-depth-"+strconv.Itoa(max(sel.Depth, 1)))
	case len(sel.Countries) > 0:
		parts = append(parts, strings.ToUpper(strings.Join(sel.Countries, "-")))
	}
	if len(sel.Kinds) > 0 {
		ks := make([]string, len(sel.Kinds))
		for i, k := range sel.Kinds {
			ks[i] = string(k)
		}
		parts = append(parts, strings.Join(ks, "-"))
	}
	if len(sel.States) > 0 {
		parts = append(parts, strings.ToUpper(strings.Join(sel.States, "-")))
	}
	if !sel.AsOf.IsZero() {
		parts = append(parts, "as-of-"+sel.AsOf.String())
	}
	if len(parts) == 0 {
		return "all"
	}
	return strings.Join(parts, "_")
}

// selectionOf reads a Selection from query parameters; countries may be
// codes or names, an unknown one is an error with the nearest. Errors:
// INVALID.
func (s *Server) selectionOf(q url.Values) (resolvers.Selection, error) {
	sel := resolvers.Selection{
		States: graph.SplitList(q.Get("states")),
		City:   strings.TrimSpace(q.Get("city")),
	}
	if cs := graph.SplitList(q.Get("countries")); len(cs) > 0 {
		countries, err := s.countries()
		if err != nil {
			return sel, err
		}
		for _, c := range cs {
			code, err := identity.CountryCode(countries, "countries", c)
			if err != nil {
				return sel, err
			}
			sel.Countries = append(sel.Countries, code)
		}
	}
	for _, k := range graph.SplitList(q.Get("kinds")) {
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

// exportError writes err as {"error": {"code", "message"}} with the
// user-safe message and the status of its code, and records the code for
// the request's log line.
func (s *Server) exportError(w http.ResponseWriter, r *http.Request, err error) {
	code := graph.ErrorCode(err)
	requestInfo(r.Context()).addCodes(code)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(statusOf(code, http.StatusInternalServerError))
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": graph.ErrorMessage(err)}})
}
