package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/export"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/internal/buildinfo"
	"github.com/citygraph/citygraph/resolvers"
	"github.com/citygraph/citygraph/suggest"
)

// Exporter chooses the subgraph an export writes; *resolvers.Resolver is
// one.
type Exporter interface {
	// ExportGraph returns the subgraph sel chooses on the current
	// projection and that projection's version. Errors: graph.Error codes
	// INVALID, NOT_FOUND, AMBIGUOUS, UNAVAILABLE.
	ExportGraph(ctx context.Context, sel resolvers.Selection) (export.Graph, resolvers.ExportOrigin, error)
}

var _ Exporter = (*resolvers.Resolver)(nil)

// exportParams are the query parameters /export knows.
var exportParams = []string{"format", "countries", "domestic", "kinds", "states", "asOf", "city", "depth", "community", "seed", "csv", "provenance"}

// serveExport answers exports of a subgraph:
//
//	GET /export?format=graphml|gexf|geojson-places|geojson-links|csv-partnerships|csv-places|csv-memberships|csv-orglinks
//	           &countries=DE,UA&domestic=true&kinds=PARTNERSHIP,FRIENDSHIP
//	           &states=DE-BY&asOf=2022-02-24&city=ID&depth=N&csv=excel|rfc4180
//	GET /export?format=...&community=N&seed=S
//
// The selection is the one of the GraphQL traversals (resolvers.Selection):
// with city, its neighbourhood to depth (1 by default, at most
// resolvers.MaxDepth); with countries, the partnership network between
// them; with community, the linked members of that Louvain community (seed
// 1 by default) and the links between them, as networkView draws it (taken
// whole: no other selection parameter with it); with none, every link. Lists are comma-separated. GraphML and
// GEXF hold every layer of the selected places (their memberships and links
// to organisations too). The file name says what the file holds
// (citygraph_DE-UA_partnerships.csv). The body is streamed as it is
// written, its memory independent of the graph's size.
//
// At most MaxExports exports stream at once; one more is answered 503 BUSY
// with Retry-After. An export is charged to the client's budget, the one
// GraphQL operations spend (ClientBudget), by its estimated size
// (exportCost); a client whose budget does not hold it gets 429
// COMPLEXITY_LIMIT_EXCEEDED with its cost, the budget left and
// Retry-After, as a GraphQL operation over budget does. A body is at most MaxExportBytes: an export whose
// estimate (estimateBytes, a lower bound) is over it is refused before it
// starts with 413 REQUEST_TOO_LARGE; one that grows past it is cut and
// ends with a line saying so (cutMarker). The trailer X-Citygraph-Export
// says "complete" or "cut: ..."; a client that stops reading for Timeout is
// disconnected. The read token, when configured, is needed as for
// /graphql.
//
// Provenance: every export names the data it was selected from in the
// header X-Citygraph-Data-Version (sha256:..., the data version a GraphQL
// answer's extensions.provenance carries for the same graph) and links its
// provenance (Link: <the same URL with provenance=json>;
// rel="describedby"). The same URL with provenance=json answers, instead of
// the file, the JSON the CLI export writes beside its files
// (citygraph_<subject>_provenance.json): {"provenance": {analysis "export",
// data, software, parameters (the query parameters), time, command (the
// request that reproduces the file)}, "citation", "file", "places",
// "links"}. It takes an export slot but is not charged to the budget.
//
// Errors are JSON objects {"error": {"code", "message"}} with the status of
// their code (see statusOf): 400 (INVALID, AMBIGUOUS; an unknown parameter
// or country is INVALID with the nearest known one), 404 (NOT_FOUND), 413
// (REQUEST_TOO_LARGE), 429 (COMPLEXITY_LIMIT_EXCEEDED, with "cost",
// "budget" and "retryAfter" beside "code") or 503 (UNAVAILABLE, BUSY).
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
	release, ok := s.exportSlot()
	if !ok {
		w.Header().Set("Retry-After", "1")
		s.exportError(w, r, graph.Errorf(graph.EBUSY, "the server is busy with %d other exports; try again in a moment", s.cfg.MaxExports))
		return
	}
	defer release()
	wantProvenance := false
	switch q.Get("provenance") {
	case "":
	case "json":
		wantProvenance = true
	default:
		s.exportError(w, r, graph.Errorf(graph.EINVALID, "provenance %q: the only value is json (the provenance of the export instead of the file)", q.Get("provenance")))
		return
	}
	g, origin, err := s.cfg.Export.ExportGraph(r.Context(), sel)
	if err != nil {
		s.exportError(w, r, err)
		return
	}
	version := origin.Version
	if wantProvenance {
		s.writeExportProvenance(w, r, q, format, sel, g, origin)
		return
	}
	limit := s.cfg.MaxExportBytes
	est := estimateBytes(format, g.Sizes)
	if limit > 0 && est > limit {
		s.exportError(w, r, graph.Errorf(graph.ETOOLARGE,
			"this export would be at least %d bytes, more than the limit of %d bytes; choose fewer countries, kinds or Länder, or a city", est, limit))
		return
	}
	if r.Method != http.MethodHead {
		if refusal := s.chargeExport(r, est); refusal != nil {
			s.exportRefusal(w, r, refusal)
			return
		}
	}
	h := w.Header()
	h.Set("Content-Type", format.ContentType())
	h.Set("Content-Disposition", `attachment; filename="`+export.FileName(subjectOf(sel), format)+`"`)
	h.Set("X-Citygraph-Version", strconv.FormatInt(version, 10))
	h.Set("X-Citygraph-Nodes", strconv.Itoa(g.Sizes.Places))
	h.Set("X-Citygraph-Links", strconv.Itoa(g.Sizes.Partnerships))
	h.Set("X-Citygraph-Data-Version", origin.Data.Hash)
	h.Set("Link", "<"+provenanceURL(r, q)+`>; rel="describedby"; type="application/json"`)
	h.Set("Trailer", exportTrailer)
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	cw := &exportWriter{w: w, rc: http.NewResponseController(w), limit: limit, stall: s.cfg.Timeout}
	// The connection may serve further requests: no write deadline for them.
	defer func() { _ = cw.rc.SetWriteDeadline(time.Time{}) }()
	bw := bufio.NewWriterSize(cw, 32<<10)
	err = export.Write(bw, format, g, export.Options{CSV: dialect})
	if err == nil {
		err = bw.Flush()
	}
	switch {
	case cw.cut:
		// The body so far stays as sent; the marker ends it on a line of
		// its own and the trailer says so to clients that read trailers.
		_, _ = io.WriteString(w, cutMarker(format, limit))
		h.Set(exportTrailer, fmt.Sprintf("cut: over the limit of %d bytes", limit))
		requestInfo(r.Context()).addCodes(graph.ETOOLARGE)
		s.log.Warn().Str("request_id", RequestID(r.Context())).Str("format", string(format)).Int64("limit", limit).Msg("export cut at the size limit")
	case err != nil:
		// The status is sent; a client that is still there gets a
		// truncated body without the trailer. Most often the client went
		// away or stopped reading.
		s.log.Warn().Err(err).Str("request_id", RequestID(r.Context())).Str("format", string(format)).Msg("export cut off")
	default:
		h.Set(exportTrailer, "complete")
	}
}

// exportTrailer is the HTTP trailer that says whether an export's body is
// complete ("complete") or was cut at the size limit ("cut: ...").
const exportTrailer = "X-Citygraph-Export"

// exportSlot takes one of the MaxExports slots and returns its release,
// or false when all are taken.
func (s *Server) exportSlot() (release func(), ok bool) {
	if s.exports == nil {
		return func() {}, true
	}
	select {
	case s.exports <- struct{}{}:
		return func() { <-s.exports }, true
	default:
		return nil, false
	}
}

// estimateBytes is a lower bound of an export's size: the fewest bytes a
// record of each kind takes in format (an empty record's markup), so that
// only an export that is surely too large is refused before it starts.
func estimateBytes(f export.Format, n export.Sizes) int64 {
	all := int64(n.Places + n.Networks + n.Organisations + n.Partnerships + n.Memberships + n.OrgLinks)
	switch f {
	case export.GraphML, export.GEXF:
		return 60 * all
	case export.GeoJSONPlaces:
		return 60 * int64(n.Places)
	case export.GeoJSONLinks:
		return 60 * int64(n.Partnerships)
	case export.CSVPartnerships:
		return 12 * int64(n.Partnerships)
	case export.CSVPlaces:
		return 13 * int64(n.Places)
	case export.CSVMemberships:
		return 7 * int64(n.Memberships)
	case export.CSVOrganisations:
		return 6 * int64(n.OrgLinks)
	}
	return 0
}

// exportBytesPerCost is how many bytes of an export's estimate cost one
// unit of a client's budget: about what a unit buys in GraphQL (a list
// item of five scalar fields, some 100 bytes of JSON, costs six units), so
// that a full GraphML export of 305,000 links (an estimate of 31 MB, cost
// 1.9 million) fits in a fresh client's budget once (the default holds
// 2.5 million, refilled by 250,000 a second) but not twice in a row.
const exportBytesPerCost = 16

// exportCost is what an export of estimated size est costs; at least 1.
func exportCost(est int64) int {
	return int(min(max(1, (est+exportBytesPerCost-1)/exportBytesPerCost), costCap))
}

// chargeExport takes an export's cost from the client's budget and
// records it for the log line; it returns the refusal when the budget does
// not hold it (nil when it does or budgets are off).
func (s *Server) chargeExport(r *http.Request, est int64) *budgetRefusal {
	cost := exportCost(est)
	ri := requestInfo(r.Context())
	ri.setCost(cost)
	if s.budgets == nil {
		return nil
	}
	if float64(cost) > s.budgets.Burst {
		return &budgetRefusal{status: http.StatusRequestEntityTooLarge, cost: cost, budget: int(s.budgets.Burst),
			message: fmt.Sprintf("this export costs %d (%d bytes at least), more than a client's whole budget of %.0f; choose fewer countries, kinds or Länder, or a city",
				cost, est, s.budgets.Burst)}
	}
	ok, left, wait := s.budgets.Spend(ri.clientKey(), cost)
	if ok {
		return nil
	}
	return &budgetRefusal{status: http.StatusTooManyRequests, cost: cost, budget: int(left), retryAfter: retryAfterSeconds(wait),
		message: fmt.Sprintf("this export costs %d and this client's budget holds %d now; it refills by %.0f per second",
			cost, int(left), s.budgets.Rate)}
}

// budgetRefusal is an export refused for the client's budget.
type budgetRefusal struct {
	status       int
	cost, budget int
	retryAfter   string // "" when waiting does not help
	message      string
}

// exportRefusal writes a budget refusal in the shape of exportError, with
// the figures a GraphQL refusal has in its extensions.
func (s *Server) exportRefusal(w http.ResponseWriter, r *http.Request, b *budgetRefusal) {
	requestInfo(r.Context()).addCodes(graph.ECOMPLEXITYLIMIT)
	e := map[string]any{"code": graph.ECOMPLEXITYLIMIT, "message": b.message, "cost": b.cost, "budget": b.budget}
	if b.retryAfter != "" {
		e["retryAfter"] = b.retryAfter
		w.Header().Set("Retry-After", b.retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(b.status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": e})
}

// cutMarker is the line that ends an export cut at limit: a comment in
// XML (the document stays unclosed, so that no parser takes it for
// whole), a line of its own in CSV and GeoJSON (whose JSON is then not
// complete either).
func cutMarker(f export.Format, limit int64) string {
	msg := fmt.Sprintf("citygraph: export cut here: it is larger than the limit of %d bytes; choose a smaller selection", limit)
	switch f {
	case export.GraphML, export.GEXF:
		return "\n<!-- " + msg + " -->\n"
	}
	return "\n# " + msg + "\n"
}

// exportWriter passes an export's body on to the client: it refuses a
// write that would take the body past limit (cut is then set), and gives
// the client stall to take each write, so that a client that stops
// reading does not hold an export slot for long.
type exportWriter struct {
	w       io.Writer
	rc      *http.ResponseController
	limit   int64 // <= 0: no limit
	stall   time.Duration
	written int64
	cut     bool
}

// errExportCut ends an export that reached its size limit.
var errExportCut = errors.New("export reached the size limit")

func (e *exportWriter) Write(p []byte) (int, error) {
	if e.limit > 0 && e.written+int64(len(p)) > e.limit {
		e.cut = true
		return 0, errExportCut
	}
	_ = e.rc.SetWriteDeadline(time.Now().Add(e.stall)) // not every writer supports it (tests)
	n, err := e.w.Write(p)
	e.written += int64(n)
	return n, err
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
	case sel.Community != nil:
		parts = append(parts, "community-"+strconv.Itoa(*sel.Community)+"-seed-"+strconv.Itoa(max(sel.Seed, 1)))
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
	if c := q.Get("community"); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || n < 0 {
			return sel, graph.Errorf(graph.EINVALID, "community %q: want a community number (0, 1, ...; networkView and communities give them)", c)
		}
		sel.Community = &n
	}
	if v := q.Get("seed"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return sel, graph.Errorf(graph.EINVALID, "seed %q: want a positive number", v)
		}
		if sel.Community == nil {
			return sel, graph.Errorf(graph.EINVALID, "seed needs a community")
		}
		sel.Seed = n
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

// exportProvenance is the JSON of /export?provenance=json: what the CLI
// export writes beside its files, with the file's name and size.
type exportProvenance struct {
	Provenance analytics.Provenance `json:"provenance"`
	Citation   string               `json:"citation"`
	File       string               `json:"file"`
	Places     int                  `json:"places"`
	Links      int                  `json:"links"`
}

// writeExportProvenance answers /export?provenance=json: the provenance of
// the export the same URL without provenance gives.
func (s *Server) writeExportProvenance(w http.ResponseWriter, r *http.Request, q url.Values, f export.Format, sel resolvers.Selection, g export.Graph, origin resolvers.ExportOrigin) {
	params := map[string]string{}
	for name := range q {
		if name != "provenance" {
			params[name] = q.Get(name)
		}
	}
	pr := analytics.Provenance{Analysis: "export", Data: origin.Data, Software: buildinfo.Read(), Parameters: params,
		Time: time.Now().UTC().Format(time.RFC3339), Command: "GET " + exportURL(r, q)}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Citygraph-Data-Version", origin.Data.Hash)
	w.Header().Set("X-Citygraph-Version", strconv.FormatInt(origin.Version, 10))
	_ = json.NewEncoder(w).Encode(exportProvenance{Provenance: pr, Citation: pr.Citation(), File: export.FileName(subjectOf(sel), f),
		Places: g.Sizes.Places, Links: g.Sizes.Partnerships})
}

// exportURL is the path and query of the export q asks for, without
// provenance, its parameters in a fixed order: the request that
// reproduces the file.
func exportURL(r *http.Request, q url.Values) string {
	c := url.Values{}
	for name, v := range q {
		if name != "provenance" {
			c[name] = v
		}
	}
	u := r.URL.Path
	if enc := c.Encode(); enc != "" {
		u += "?" + enc
	}
	return u
}

// provenanceURL is the URL of the provenance of the export q asks for.
func provenanceURL(r *http.Request, q url.Values) string {
	u := exportURL(r, q)
	if strings.Contains(u, "?") {
		return u + "&provenance=json"
	}
	return u + "?provenance=json"
}
