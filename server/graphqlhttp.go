package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/citygraph/citygraph/graph"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// This file speaks GraphQL over HTTP as the GraphQL Foundation's
// specification ("GraphQL over HTTP", server section) says:
//
//   - the response media type is negotiated from Accept:
//     application/graphql-response+json (preferred, and assumed when Accept
//     is missing) or application/json (legacy, and the choice for a bare
//     wildcard); anything else is 406 Not Acceptable;
//   - with application/graphql-response+json a request that fails before
//     execution (parse, validation, variables, limits) is answered 400 (401,
//     403 when the client may not run it) without a data entry; with
//     application/json it is answered 200 with errors and no data entry;
//   - an executed operation is answered 200, its data entry present (null
//     when the operation failed as a whole);
//   - a request that is not a well-formed GraphQL-over-HTTP request (body
//     not JSON, query missing or not a string, operationName not a string,
//     variables or extensions not a map) is answered 400 in both;
//   - GET runs queries only: a mutation sent with GET is answered 405 with
//     Allow: POST and not executed.

// Media types of GraphQL requests and responses.
const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"
)

// contentTypeOf is the Content-Type header sent with a media type.
func contentTypeOf(media string) string { return media + "; charset=utf-8" }

// negotiate picks the response media type from an Accept header (RFC 9110
// section 12.5.1): each type gets the quality of the most specific range
// that matches it (a range naming a charset other than UTF-8 matches
// nothing); the higher quality wins, then the type named rather than
// matched by a wildcard, then the one listed first. A wildcard alone (*/*,
// application/*) gets application/json, as legacy clients that send it
// expect; no Accept header at all gets application/graphql-response+json,
// as the specification says from 2025-01-01. ok is false when the client
// accepts neither type.
func negotiate(accept string) (media string, ok bool) {
	if strings.TrimSpace(accept) == "" {
		return mediaGraphQLResponse, true
	}
	type score struct {
		q           float64
		specificity int // 0 none, 1 */*, 2 type/*, 3 exact
		pos         int
	}
	var best [2]score // mediaGraphQLResponse, mediaJSON
	for pos, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
			continue
		}
		q := 1.0
		if qs, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(qs, 64); err != nil || q < 0 || q > 1 {
				continue
			}
		}
		for i, typ := range [2]string{mediaGraphQLResponse, mediaJSON} {
			spec := 0
			switch mt {
			case typ:
				spec = 3
			case "application/*":
				spec = 2
			case "*/*":
				spec = 1
			}
			if spec > best[i].specificity {
				best[i] = score{q: q, specificity: spec, pos: pos}
			}
		}
	}
	gr, js := best[0], best[1]
	switch {
	case gr.specificity == 0 && js.specificity == 0, gr.q <= 0 && js.q <= 0:
		return "", false
	case gr.q != js.q:
		return pick(gr.q > js.q), true
	case gr.specificity != js.specificity: // application/json beats */*
		return pick(gr.specificity > js.specificity), true
	case gr.specificity == 3: // both named: the first listed
		return pick(gr.pos < js.pos), true
	default: // both by a wildcard: the type legacy clients expect
		return mediaJSON, true
	}
}

// pick returns application/graphql-response+json if gr, else
// application/json.
func pick(gr bool) string {
	if gr {
		return mediaGraphQLResponse
	}
	return mediaJSON
}

// responseMedia is the media type an error response to r is written in:
// the negotiated one, or application/json when the client accepts neither.
func responseMedia(r *http.Request) string {
	if m, ok := negotiate(r.Header.Get("Accept")); ok {
		return m
	}
	return mediaJSON
}

// badRequest is a request that is not a well-formed GraphQL-over-HTTP
// request, with what is wrong.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

func badRequestf(format string, args ...any) error {
	return &badRequest{msg: fmt.Sprintf(format, args...)}
}

// decodeGET reads the request parameters from a GET request's query
// string (application/x-www-form-urlencoded; variables and extensions are
// JSON-encoded maps).
func decodeGET(r *http.Request) (*graphql.RawParams, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, badRequestf("the query string is not URL-encoded: %v", err)
	}
	one := func(name string) (string, bool, error) {
		vs, ok := q[name]
		switch {
		case !ok:
			return "", false, nil
		case len(vs) > 1:
			return "", false, badRequestf("the parameter %s is given %d times", name, len(vs))
		}
		return vs[0], true, nil
	}
	p := &graphql.RawParams{Headers: r.Header}
	query, ok, err := one("query")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, badRequestf("the request has no query parameter (GET /graphql?query=...)")
	}
	p.Query = query
	if p.OperationName, _, err = one("operationName"); err != nil {
		return nil, err
	}
	for _, name := range []string{"variables", "extensions"} {
		s, ok, err := one(name)
		if err != nil {
			return nil, err
		}
		if !ok || s == "" {
			continue
		}
		m, err := decodeJSONMap(name, []byte(s))
		if err != nil {
			return nil, err
		}
		if name == "variables" {
			p.Variables = m
		} else {
			p.Extensions = m
		}
	}
	return p, nil
}

// decodePOST reads the request parameters from a JSON body: an object with
// query (a string), and optionally operationName (a string), variables and
// extensions (maps); null stands for a missing optional parameter.
func decodePOST(r *http.Request, body []byte) (*graphql.RawParams, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, jsonBodyError(body, err)
	}
	if fields == nil { // the body was JSON null
		return nil, badRequestf("the request body is not valid JSON: a GraphQL request is a JSON object, not null")
	}
	p := &graphql.RawParams{Headers: r.Header}
	query, ok, err := jsonString("query", fields["query"])
	switch {
	case err != nil:
		return nil, err
	case !ok:
		return nil, badRequestf(`the request has no query (a GraphQL request is {"query": "...", ...})`)
	}
	p.Query = query
	if p.OperationName, _, err = jsonString("operationName", fields["operationName"]); err != nil {
		return nil, err
	}
	if p.Variables, err = decodeJSONMap("variables", fields["variables"]); err != nil {
		return nil, err
	}
	if p.Extensions, err = decodeJSONMap("extensions", fields["extensions"]); err != nil {
		return nil, err
	}
	return p, nil
}

// jsonString decodes an optional string parameter; ok is false when it is
// missing or null.
func jsonString(name string, raw json.RawMessage) (s string, ok bool, err error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false, nil
	}
	if raw[0] != '"' {
		return "", false, badRequestf("the request body is not valid JSON: %s must be a string, not a JSON %s", name, jsonKind(raw))
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false, badRequestf("the request body is not valid JSON: %s: %v", name, err)
	}
	return s, true, nil
}

// decodeJSONMap decodes an optional map parameter, numbers kept exact; nil
// when it is missing or null.
func decodeJSONMap(name string, raw []byte) (map[string]any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] != '{' {
		return nil, badRequestf("the request body is not valid JSON: %s must be a JSON object, not a JSON %s", name, jsonKind(raw))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, badRequestf("%s is not valid JSON: %v", name, err)
	}
	if dec.More() {
		return nil, badRequestf("%s is not valid JSON: more than one value", name)
	}
	return m, nil
}

// jsonKind names the kind of a JSON value by its first byte.
func jsonKind(raw []byte) string {
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}

// jsonBodyError explains why a body is not a JSON object, with line and
// column for syntax errors; it never echoes the body.
func jsonBodyError(body []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return badRequestf("the request body is empty (a GraphQL request is {\"query\": \"...\"})")
	case errors.As(err, &se):
		line, col := lineCol(body, se.Offset)
		return badRequestf("the request body is not valid JSON: %s at line %d, column %d", se.Error(), line, col)
	case errors.As(err, &te):
		return badRequestf("the request body is not valid JSON: a GraphQL request is a JSON object, not a JSON %s", te.Value)
	default:
		return badRequestf("the request body is not valid JSON: %v", err)
	}
}

// lineCol turns a byte offset (as json.SyntaxError gives it: just past the
// offending byte) into a 1-based line and column.
func lineCol(b []byte, off int64) (line, col int) {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	line, col = 1, 1
	for _, c := range b[:max(off-1, 0)] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// httpTransport is the gqlgen transport for GET and for POST with a JSON
// body (multipart uploads have their own). The body has already been read
// and bounded by limitBody. With a cache, answers to queries are kept per
// projection version and sent again as they were encoded.
type httpTransport struct {
	cache   *responseCache
	version func() (int64, bool) // the current projection's version, if any
}

var _ graphql.Transport = httpTransport{}

// Supports takes GET and every POST that is not a multipart upload, so
// that a POST without a usable Content-Type gets a GraphQL-shaped 415.
func (httpTransport) Supports(r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return r.Method == http.MethodPost && mt != "multipart/form-data"
}

// Do answers one GraphQL-over-HTTP request.
func (t httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		writeError(w, r, graph.ENOTACCEPTABLE,
			"the client accepts neither "+mediaGraphQLResponse+" nor "+mediaJSON+" (Accept header)")
		return
	}
	params, err := readParams(r)
	if err != nil {
		var br *badRequest
		var se *statusError
		switch {
		case errors.As(err, &se):
			writeError(w, r, se.code, se.msg)
		case errors.As(err, &br):
			writeError(w, r, graph.EBADREQUEST, br.msg)
		default:
			writeError(w, r, graph.EBADREQUEST, "the request could not be read")
		}
		return
	}
	var version int64
	cacheable := false
	if t.cache != nil && t.version != nil {
		version, cacheable = t.version()
	}
	var key [32]byte
	if cacheable {
		key = responseKey(params, version, today())
		if hit, ok := t.cache.get(key); ok {
			info := requestInfo(r.Context())
			info.setOperation(hit.op, string(ast.Query))
			info.setCached()
			writeBody(w, media, http.StatusOK, hit.body)
			return
		}
	}
	ctx := withMethod(r.Context(), r.Method)
	res := execute(ctx, exec, params)
	writeResponse(w, media, res)
	if cacheable && res.storable() {
		if v, ok := t.version(); ok && v == version && !timedOut(ctx) {
			t.cache.put(&cachedResponse{key: key, version: version, body: res.body, op: res.op})
		}
	}
}

// statusError is a refusal with its own code (and so its own status).
type statusError struct {
	code, msg string
}

func (e *statusError) Error() string { return e.msg }

// readParams decodes the request parameters of a GET or JSON POST.
func readParams(r *http.Request) (*graphql.RawParams, error) {
	if r.Method != http.MethodPost {
		return decodeGET(r)
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case err != nil || mt != mediaJSON:
		return nil, &statusError{graph.EUNSUPPORTEDMEDIA,
			"POST /graphql takes application/json (or multipart/form-data for uploads)"}
	case params["charset"] != "" && !strings.EqualFold(params["charset"], "utf-8"):
		return nil, &statusError{graph.EUNSUPPORTEDMEDIA,
			"POST /graphql takes application/json in UTF-8, not " + params["charset"]}
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	return decodePOST(r, body)
}

// answer is a request's answer, encoded.
type answer struct {
	status   int
	body     []byte
	errs     gqlerror.List // the request error (before execution), if any
	executed bool
	query    bool   // the operation was a query
	op       string // its name
	nErrors  int    // errors in the response
	// retryAfter is set when a field could not be computed for now (BUSY).
	retryAfter string
}

// storable tells whether the answer may be kept for the next asker: a
// query answered without any error.
func (r *answer) storable() bool {
	return r.executed && r.query && r.nErrors == 0 && r.status == http.StatusOK
}

// execute runs a decoded request and encodes its answer; the status is
// that of an executed operation or, for a request error, left for
// writeResponse to choose by media type.
func execute(ctx context.Context, exec graphql.GraphExecutor, params *graphql.RawParams) *answer {
	params.ReadTime = graphql.TraceTiming{Start: graphql.Now(), End: graphql.Now()}
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)
		res := &answer{errs: errs, nErrors: len(resp.Errors)}
		res.status, res.body = encode(resp, false)
		return res
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := responses(ctx)
	if resp == nil { // the client went away before execution began
		resp = &graphql.Response{}
	}
	res := &answer{executed: true, nErrors: len(resp.Errors), retryAfter: retryAfter(resp.Errors)}
	if op := opCtx.Operation; op != nil {
		res.query, res.op = op.Operation == ast.Query, op.Name
	}
	res.status, res.body = encode(resp, true)
	return res
}

// requestErrorStatus is the status of a response to a request that failed
// before execution: the status of the first error's code (statusOf; 400 for
// a code it does not know). With application/json it is 200 (the legacy
// media type cannot tell a GraphQL error from a proxy's), except for a
// mutation sent with GET, which the specification refuses with 405 in any
// media type, and a client over its budget, 429 with Retry-After in any.
func requestErrorStatus(media string, errs gqlerror.List) int {
	if hasCode(errs, graph.EMETHODNOTALLOWED) {
		return statusOf(graph.EMETHODNOTALLOWED, http.StatusBadRequest)
	}
	if retryAfter(errs) != "" { // a client over its budget: slow down
		return http.StatusTooManyRequests
	}
	if media == mediaJSON {
		return http.StatusOK
	}
	return statusOf(errorCode(errs[0]), http.StatusBadRequest)
}

// retryAfter is the retryAfter extension of the first error that has one.
func retryAfter(errs gqlerror.List) string {
	for _, e := range errs {
		if s, ok := e.Extensions["retryAfter"].(string); ok {
			return s
		}
	}
	return ""
}

// wireResponse is a GraphQL response as sent: errors first (as the
// GraphQL specification advises), data left out when the request failed
// before execution.
type wireResponse struct {
	Errors     gqlerror.List   `json:"errors,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extensions map[string]any  `json:"extensions,omitempty"`
}

// encode encodes resp; executed tells whether the operation ran: then
// the data entry is there, null if need be. The status is 200, or 500 if
// the response cannot be encoded.
func encode(resp *graphql.Response, executed bool) (int, []byte) {
	out := wireResponse{Errors: resp.Errors, Extensions: resp.Extensions}
	if executed {
		out.Data = resp.Data
		if len(out.Data) == 0 {
			out.Data = json.RawMessage("null")
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		// Only a resolver's broken raw JSON gets here.
		b, _ = json.Marshal(wireResponse{Errors: gqlerror.List{{
			Message: "internal error", Extensions: map[string]any{"code": graph.EINTERNAL}}}})
		return statusOf(graph.EINTERNAL, http.StatusInternalServerError), b
	}
	return http.StatusOK, b
}

// writeResponse writes an answer in media, with the status the media type
// gives a request error.
func writeResponse(w http.ResponseWriter, media string, res *answer) {
	status := res.status
	if res.errs != nil && status == http.StatusOK {
		status = requestErrorStatus(media, res.errs)
		switch status {
		case http.StatusTooManyRequests:
			w.Header().Set("Retry-After", retryAfter(res.errs))
		case http.StatusMethodNotAllowed:
			w.Header().Set("Allow", http.MethodPost)
		case http.StatusUnauthorized:
			w.Header().Set("WWW-Authenticate", `Bearer realm="citygraph"`)
		}
	}
	if res.retryAfter != "" {
		w.Header().Set("Retry-After", res.retryAfter)
	}
	writeBody(w, media, status, res.body)
}

// writeBody writes an encoded GraphQL response.
func writeBody(w http.ResponseWriter, media string, status int, b []byte) {
	h := w.Header()
	h.Set("Content-Type", contentTypeOf(media))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

type methodKey struct{}

// withMethod records the HTTP method for the GET guard.
func withMethod(ctx context.Context, method string) context.Context {
	return context.WithValue(ctx, methodKey{}, method)
}

// getQueriesOnly is a gqlgen extension that refuses to run anything but a
// query for a GET request: GET is safe in HTTP, and the GraphQL-over-HTTP
// specification has the server answer 405 (Allow: POST).
type getQueriesOnly struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = getQueriesOnly{}

func (getQueriesOnly) ExtensionName() string                   { return "GETQueriesOnly" }
func (getQueriesOnly) Validate(graphql.ExecutableSchema) error { return nil }

func (getQueriesOnly) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	m, _ := ctx.Value(methodKey{}).(string)
	if (m == http.MethodGet || m == http.MethodHead) && opCtx.Operation != nil && opCtx.Operation.Operation != ast.Query {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("a %s cannot be sent with GET; use POST", opCtx.Operation.Operation),
			Extensions: map[string]any{"code": graph.EMETHODNOTALLOWED},
		}
	}
	return nil
}
