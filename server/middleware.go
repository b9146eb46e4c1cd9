package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/resolvers"
)

// Limits and labels of the request log line and metrics. The error codes
// are package graph's.
const (
	headerRequestID        = "X-Request-Id"
	maxIncomingRequestID   = 128
	defaultOperationLabel  = "none"
	otherOperationLabel    = "other"
	maxOperationLabelCount = 64
)

// reqInfo is what the layers of one request tell the log line and the
// metrics: the request id, the GraphQL operation and the error codes.
type reqInfo struct {
	id string

	mu     sync.Mutex
	op     string // operation name as sent
	opType string // query, mutation
	codes  []string
	cost   int    // the operation's price (cost model), 0 before pricing
	client string // whom budgets charge: token digest or address
	cached bool   // answered from the response cache
}

func (ri *reqInfo) setCached() {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	ri.cached = true
}

func (ri *reqInfo) setCost(c int) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	ri.cost = c
}

func (ri *reqInfo) setClient(c string) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	ri.client = c
}

// clientKey is whom the budgets charge for the request.
func (ri *reqInfo) clientKey() string {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return ri.client
}

func (ri *reqInfo) setOperation(name, typ string) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	if name != "" {
		ri.op = name
	}
	if typ != "" {
		ri.opType = typ
	}
}

func (ri *reqInfo) addCodes(codes ...string) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	ri.codes = append(ri.codes, codes...)
}

func (ri *reqInfo) snapshot() (op, opType string, codes []string, cost int, cached bool) {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return ri.op, ri.opType, append([]string(nil), ri.codes...), ri.cost, ri.cached
}

type reqInfoKey struct{}

// requestInfo returns the request's info, or a throw-away one outside the
// middleware (in tests of single handlers).
func requestInfo(ctx context.Context) *reqInfo {
	if ri, ok := ctx.Value(reqInfoKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	if ri, ok := ctx.Value(reqInfoKey{}).(*reqInfo); ok {
		return ri.id
	}
	return ""
}

// responseWriter records the status and the bytes written.
type responseWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *responseWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// Flush passes on to the underlying writer (streamed exports).
func (w *responseWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives the request an id, counts it in flight, and after it writes
// one log line and records the metrics.
func (s *Server) observe(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &reqInfo{id: incomingRequestID(r.Header.Get(headerRequestID))}
		if info.id == "" {
			info.id = newRequestID()
		}
		w.Header().Set(headerRequestID, info.id)
		rw := &responseWriter{ResponseWriter: w}
		// The resolvers log through the logger on the context.
		ctx := s.log.With().Str("request_id", info.id).Logger().WithContext(context.WithValue(r.Context(), reqInfoKey{}, info))
		s.metrics.inFlight.Add(1)
		defer func() {
			s.metrics.inFlight.Add(-1)
			d := time.Since(start)
			status := rw.status
			if status == 0 {
				status = http.StatusOK
			}
			op, opType, codes, cost, cached := info.snapshot()
			s.metrics.observe(route, op, status, d)
			var ev *zerolog.Event
			switch {
			case status >= 500 && route != routeReadyz: // 503 "starting" is no failure
				ev = s.log.Error()
			case status >= 400 || len(codes) > 0:
				ev = s.log.Warn()
			default:
				ev = s.log.Info()
			}
			ev = ev.Str("request_id", info.id).
				Str("method", r.Method).
				Str("path", r.URL.Path).
				Str("handler", route)
			if op != "" {
				ev = ev.Str("operation", op)
			}
			if opType != "" {
				ev = ev.Str("operation_type", opType)
			}
			if len(codes) > 0 {
				ev = ev.Strs("error_codes", codes)
			}
			if cost > 0 {
				ev = ev.Int("cost", cost)
			}
			if cached {
				ev = ev.Bool("cached", true)
			}
			ev.Int("status", status).
				Int64("bytes", rw.bytes).
				Float64("duration_ms", float64(d.Microseconds())/1000).
				Str("remote", r.RemoteAddr).
				Msg("request")
		}()
		next.ServeHTTP(rw, r.WithContext(ctx))
	})
}

// incomingRequestID returns the client's request id if it is short and
// plain, and "" otherwise.
func incomingRequestID(id string) string {
	if id == "" || len(id) > maxIncomingRequestID {
		return ""
	}
	for _, c := range id {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:", c)
		if !ok {
			return ""
		}
	}
	return id
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand documents it)
	return hex.EncodeToString(b[:])
}

// recoverPanics turns a panic in a handler into a logged 500 with a
// GraphQL-shaped INTERNAL error, so one bad request never takes the process
// down. gqlgen recovers panics in resolvers itself (resolvers.RecoverFunc);
// this catches the rest.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler { //nolint:errorlint // sentinel compared as net/http does
				panic(v)
			}
			s.log.Error().Str("request_id", RequestID(r.Context())).
				Str("panic", fmt.Sprint(v)).Bytes("stack", debug.Stack()).Msg("panic serving request")
			if rw, ok := w.(*responseWriter); ok && rw.status != 0 {
				return // too late for a status; the client sees a cut response
			}
			writeError(w, r, graph.EINTERNAL, "internal error")
		}()
		next.ServeHTTP(w, r)
	})
}

// authenticate checks the bearer token. The admin token marks the context
// for mutations (resolvers.WithAdmin); the read token, when configured, is
// needed for everything else. A token that matches neither is refused.
func (s *Server) authenticate(next http.Handler) http.Handler {
	admin := tokenDigest(s.cfg.AdminToken)
	read := tokenDigest(s.cfg.ReadToken)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, present := bearerToken(r.Header.Get("Authorization"))
		ctx := r.Context()
		requestInfo(ctx).setClient(clientAddress(r))
		switch {
		case present && admin != nil && subtle.ConstantTimeCompare(admin, tokenDigest(tok)) == 1:
			ctx = resolvers.WithAdmin(ctx)
			requestInfo(ctx).setClient("admin")
		case present && read != nil && subtle.ConstantTimeCompare(read, tokenDigest(tok)) == 1:
		case present:
			s.unauthorized(w, r, "the bearer token is not valid")
			return
		case read != nil:
			s.unauthorized(w, r, "this server needs a bearer token (Authorization: Bearer ...)")
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="citygraph"`)
	writeError(w, r, graph.EUNAUTHORIZED, msg)
}

// clientAddress is the client's IP address (without the port): whom the
// budgets charge when no token names the client.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// tokenDigest hashes a token so that comparisons take the same time
// whatever its length; nil for no token.
func tokenDigest(tok string) []byte {
	if tok == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(tok))
	return sum[:]
}

// bearerToken extracts the token of an "Authorization: Bearer TOKEN"
// header. present is true for any non-empty header, so that a malformed
// one is refused rather than ignored.
func bearerToken(h string) (tok string, present bool) {
	if h == "" {
		return "", false
	}
	scheme, rest, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", true
	}
	return strings.TrimSpace(rest), true
}

// limitTime bounds the request by the configured timeout: its context gets
// the deadline (resolvers stop; the response becomes a TIMEOUT error), and
// so does the reading of its body (a client that sends slowly is cut off).
func (s *Server) limitTime(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		deadline := time.Now().Add(s.cfg.Timeout)
		ctx, cancel := context.WithDeadline(r.Context(), deadline)
		defer cancel()
		_ = http.NewResponseController(w).SetReadDeadline(deadline) // not every writer supports it (tests)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// limitBody reads a POST body up to MaxBodyBytes and hands it on in
// memory; a multipart upload it passes on as a stream bounded by
// MaxUploadBytes.
// A larger body gets 413 with REQUEST_TOO_LARGE.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch {
			next.ServeHTTP(w, r)
			return
		}
		mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		limit := s.cfg.MaxBodyBytes
		if mediaType == "multipart/form-data" {
			limit = s.cfg.MaxUploadBytes
		}
		tooLarge := func() {
			w.Header().Set("Connection", "close") // do not read the rest
			writeError(w, r, graph.ETOOLARGE,
				fmt.Sprintf("the request body is larger than the limit of %d bytes", limit))
		}
		if r.ContentLength > limit {
			tooLarge()
			return
		}
		if mediaType == "multipart/form-data" {
			// Uploads are not held in memory: the multipart transport
			// reads them part by part (files past 1 MiB go to a temporary
			// file the importer streams from), bounded by MaxBytesReader.
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			next.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		if err != nil {
			var mbe *http.MaxBytesError
			switch {
			case errors.As(err, &mbe):
				tooLarge()
			case errors.Is(err, os.ErrDeadlineExceeded):
				w.Header().Set("Connection", "close")
				writeErrorStatus(w, r, http.StatusRequestTimeout, graph.ETIMEOUT,
					fmt.Sprintf("the request body was not received within %s", s.cfg.Timeout))
			default:
				w.Header().Set("Connection", "close")
				writeError(w, r, graph.EBADREQUEST, "the request body could not be read")
			}
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}
