package server

import (
	"encoding/json"
	stdlog "log"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/resolvers"
)

// Route names, used as the handler label in metrics and logs.
const (
	routeGraphQL  = "/graphql"
	routeExplorer = "/"
	routeAssets   = "/assets"
	routeExport   = "/export"
	routeHealthz  = "/healthz"
	routeReadyz   = "/readyz"
	routeMetrics  = "/metrics"
	routeOther    = "other"
)

// routes builds the handler tree. Every route passes through the common
// middleware (recovery, request id, log line, metrics); the API routes
// also through authentication, the timeout and the body limit.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	gql := s.graphQLHandler()
	mux.Handle("GET "+routeGraphQL, s.api(routeGraphQL, gql, explorerForBrowsers))
	mux.Handle("POST "+routeGraphQL, s.api(routeGraphQL, gql))
	mux.Handle(routeGraphQL, s.common(routeGraphQL, http.HandlerFunc(methodNotAllowed("GET, POST"))))

	if s.cfg.Export != nil {
		mux.Handle("GET "+routeExport, s.api(routeExport, http.HandlerFunc(s.serveExport)))
		mux.Handle(routeExport, s.common(routeExport, http.HandlerFunc(methodNotAllowed("GET"))))
	}

	mux.Handle("GET /{$}", s.common(routeExplorer, http.HandlerFunc(s.serveApp)))
	mux.Handle("GET "+routeGraphiQL, s.common(routeGraphiQL, http.HandlerFunc(s.serveExplorer)))
	mux.Handle("GET /app/{name}", s.common(routeApp, http.HandlerFunc(s.serveAppFile)))
	mux.Handle("GET /assets/{name}", s.common(routeAssets, http.HandlerFunc(s.serveAsset)))
	mux.Handle("GET /favicon.ico", s.common(routeAssets, http.RedirectHandler("assets/favicon.svg", http.StatusMovedPermanently)))
	mux.Handle("GET "+routeHealthz, s.common(routeHealthz, http.HandlerFunc(s.serveHealthz)))
	mux.Handle("GET "+routeReadyz, s.common(routeReadyz, http.HandlerFunc(s.serveReadyz)))
	mux.Handle("GET "+routeMetrics, s.common(routeMetrics, http.HandlerFunc(s.serveMetrics)))
	mux.Handle("/", s.common(routeOther, http.HandlerFunc(notFound)))
	return mux
}

// common wraps h in the middleware every route has.
func (s *Server) common(route string, h http.Handler) http.Handler {
	return s.observe(route, s.recoverPanics(h))
}

// api wraps h in the middleware of the API routes; checks run after
// authentication and before the body is read.
func (s *Server) api(route string, h http.Handler, checks ...func(http.Handler) http.Handler) http.Handler {
	h = s.limitTime(s.limitBody(h))
	for i := len(checks) - 1; i >= 0; i-- {
		h = checks[i](h)
	}
	return s.common(route, s.authenticate(h))
}

// graphQLHandler builds the gqlgen handler with its transports and limits.
func (s *Server) graphQLHandler() http.Handler {
	h := handler.New(s.cfg.Schema)
	h.AddTransport(transport.MultipartForm{
		MaxUploadSize: s.cfg.MaxUploadBytes,
		MaxMemory:     1 << 20, // larger files go to a temporary file, not the heap
	})
	h.AddTransport(httpTransport{cache: s.answers, version: s.projectionVersion})
	// Parsed documents: up to 4 MiB of query text (some 40 MiB parsed),
	// none longer than 64 KiB.
	h.SetQueryCache(newQueryCache(4<<20, 64<<10, 1000))
	// "Did you mean" suggestions tell the schema; not without introspection.
	h.SetDisableSuggestion(!s.cfg.Introspection)
	h.SetErrorPresenter(resolvers.ErrorPresenter)
	h.SetRecoverFunc(resolvers.RecoverFunc)
	h.Use(getQueriesOnly{}) // first: a mutation over GET is 405 whoever sends it
	h.Use(operationRecorder{})
	if s.cfg.Introspection {
		h.Use(extension.Introspection{})
	} else {
		h.Use(introspectionGuard{})
	}
	// Order matters: the guard answers "who may run this" before the
	// limits spend work on it.
	h.Use(mutationGuard{adminConfigured: s.cfg.AdminToken != ""})
	if s.cfg.MaxDepth > 0 {
		h.Use(DepthLimit{Max: s.cfg.MaxDepth})
	}
	if s.cfg.MaxComplexity > 0 || s.budgets != nil {
		h.Use(costLimit{es: s.cfg.Schema, max: s.cfg.MaxComplexity, weights: s.cfg.ComputeCosts, budgets: s.budgets})
	}
	h.AroundOperations(s.timeoutOperations)
	h.AroundResponses(s.finishResponse)
	return h
}

// explorerForBrowsers sends a browser that opens /graphql itself (no query,
// HTML accepted) to GraphiQL.
func explorerForBrowsers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery == "" && strings.Contains(r.Header.Get("Accept"), "text/html") {
			// Relative, so that it also works behind a proxy's path prefix.
			w.Header().Set("Location", "graphiql")
			w.WriteHeader(http.StatusFound)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// errorBody is a GraphQL-shaped error response for failures that happen
// before gqlgen sees the request.
type errorBody struct {
	Errors []errorEntry `json:"errors"`
}

type errorEntry struct {
	Message    string            `json:"message"`
	Extensions map[string]string `json:"extensions"`
}

// writeError writes a GraphQL-shaped error (no data entry) with the given
// extensions.code and its HTTP status (statusOf), in the media type r
// accepts, and records the code for the request's log line.
func writeError(w http.ResponseWriter, r *http.Request, code, message string) {
	writeErrorStatus(w, r, statusOf(code, http.StatusInternalServerError), code, message)
}

// writeErrorStatus is writeError with a status other than the code's: only
// for a request body that did not arrive in time (TIMEOUT, but 408 Request
// Timeout rather than the 504 of an operation that ran out of time).
func writeErrorStatus(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	requestInfo(r.Context()).addCodes(code)
	w.Header().Set("Content-Type", contentTypeOf(responseMedia(r)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(errorBody{Errors: []errorEntry{{
		Message:    message,
		Extensions: map[string]string{"code": code},
	}}})
}

func notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, graph.ENOTFOUND, "no such endpoint: "+r.URL.Path)
}

func methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, r, graph.EMETHODNOTALLOWED, "method "+r.Method+" is not allowed here; use "+allow)
	}
}

// newStdLogger adapts the zerolog logger for net/http's own messages (TLS
// handshake errors, panics it caught and the like).
func newStdLogger(l zerolog.Logger) *stdlog.Logger {
	return stdlog.New(stdlogWriter{l.With().Str("component", "net/http").Logger()}, "", 0)
}

type stdlogWriter struct{ l zerolog.Logger }

func (w stdlogWriter) Write(p []byte) (int, error) {
	w.l.Warn().Msg(strings.TrimSpace(string(p)))
	return len(p), nil
}
