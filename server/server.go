// Package server is citygraph's HTTP layer: the GraphQL endpoint with its
// safety limits, the GraphiQL explorer page and its embedded assets, the
// exports, health and readiness probes and Prometheus metrics.
//
// Reads are answered from the resolvers' in-memory projection; this package
// adds what every request needs around them: a request id, one JSON log line,
// a body limit, a timeout, bearer-token authentication, panic recovery and
// metrics. Run serves until its context is cancelled and then drains the
// requests in flight.
package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/live"
	"github.com/rs/zerolog"
)

// Defaults for the zero values of Config.
const (
	DefaultAddr           = "127.0.0.1:8080"
	DefaultMaxBodyBytes   = 1 << 20  // 1 MiB for a JSON request
	DefaultMaxUploadBytes = 64 << 20 // 64 MiB for a multipart upload
	DefaultTimeout        = 10 * time.Second
	DefaultMaxComplexity  = 5000
	DefaultMaxDepth       = 12
	DefaultShutdownGrace  = 20 * time.Second
	// DefaultResponseCacheBytes bounds the cache of encoded answers.
	DefaultResponseCacheBytes = 64 << 20
	// DefaultClientBudget is the cost a client regains per second (fifty
	// operations at the complexity limit, some thousand ordinary reads); a
	// client may spend ten seconds' worth at once.
	DefaultClientBudget = 50 * DefaultMaxComplexity
	// DefaultMaxExports is how many exports stream at once.
	DefaultMaxExports = 2
	// DefaultMaxExportBytes caps one export's body (a GraphML of 305,000
	// links is about a quarter of it).
	DefaultMaxExportBytes = 512 << 20
)

// Config configures a Server. Zero values take the defaults above.
type Config struct {
	// Addr is the TCP address to listen on, e.g. 127.0.0.1:8080; port 0
	// picks a free port (Run reports it).
	Addr string
	// Schema is the executable GraphQL schema (resolvers.ExecutableSchema).
	Schema graphql.ExecutableSchema
	// Live holds the current projection; it drives /readyz and the
	// projection metrics. It may be nil in which case /readyz reports ready.
	Live *live.Holder
	// Export chooses the subgraphs /export writes (the resolvers); nil
	// leaves the endpoint out.
	Export Exporter
	// Log receives one line per request and the server's life cycle.
	Log zerolog.Logger
	// AdminToken is the bearer token mutations need; empty turns
	// mutations off.
	AdminToken string
	// ReadToken, when set, is required (or the admin token) for reads too.
	ReadToken string
	// MaxBodyBytes limits a JSON or GET request; MaxUploadBytes a multipart
	// upload.
	MaxBodyBytes   int64
	MaxUploadBytes int64
	// Timeout bounds one request, body read included.
	Timeout time.Duration
	// MaxComplexity and MaxDepth bound an operation; a negative value
	// switches the limit off. An operation's cost counts what its lists
	// return and what its analyses and traversals compute (see cost.go).
	MaxComplexity, MaxDepth int
	// ComputeCosts are the compute weights of Query fields by name;
	// DefaultComputeCosts when nil.
	ComputeCosts map[string]int
	// ResponseCacheBytes bounds the answers to queries kept per projection
	// version (encoded once, sent again as they are); a negative value
	// switches the cache off.
	ResponseCacheBytes int
	// ClientBudget is the cost each client (bearer token, else address)
	// regains per second, ten seconds' worth spendable at once; a negative
	// value switches budgets off.
	ClientBudget int
	// MaxExports bounds the exports streamed at once; past it /export
	// answers 503 BUSY with Retry-After. A negative value switches the
	// limit off.
	MaxExports int
	// MaxExportBytes caps one export's body: an export estimated larger is
	// refused before it starts (413 REQUEST_TOO_LARGE), one that grows past
	// it is cut, with a line saying so at its end and the trailer
	// X-Citygraph-Export: cut. A negative value switches the cap off.
	MaxExportBytes int64
	// Introspection enables __schema and __type queries (GraphiQL needs them).
	Introspection bool
	// ShutdownGrace is how long Run waits for requests in flight after its
	// context is cancelled before it closes their connections.
	ShutdownGrace time.Duration
	// PprofAddr, when set, is a loopback address (127.0.0.1:6060,
	// localhost:0) where Run serves Go's profiles (net/http/pprof under
	// /debug/pprof/) on a listener of its own, apart from the API: no
	// token, no limits, so never on a public address. Empty: off.
	PprofAddr string
}

// withDefaults returns c with its zero values replaced by the defaults.
func (c Config) withDefaults() Config {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.MaxUploadBytes <= 0 {
		c.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxComplexity == 0 {
		c.MaxComplexity = DefaultMaxComplexity
	}
	if c.ComputeCosts == nil {
		c.ComputeCosts = DefaultComputeCosts
	}
	if c.ResponseCacheBytes == 0 {
		c.ResponseCacheBytes = DefaultResponseCacheBytes
	}
	if c.ClientBudget == 0 {
		c.ClientBudget = DefaultClientBudget
	}
	if c.MaxExports == 0 {
		c.MaxExports = DefaultMaxExports
	}
	if c.MaxExportBytes == 0 {
		c.MaxExportBytes = DefaultMaxExportBytes
	}
	if c.MaxDepth == 0 {
		c.MaxDepth = DefaultMaxDepth
	}
	if c.ShutdownGrace <= 0 {
		c.ShutdownGrace = DefaultShutdownGrace
	}
	return c
}

// Server is citygraph's HTTP server. Build it with New.
type Server struct {
	cfg     Config
	log     zerolog.Logger
	metrics *metrics
	assets  *assetSet
	app     *appSet
	budgets *Budgets       // nil when switched off
	answers *responseCache // nil when switched off
	exports chan struct{}  // one slot per export streaming; nil: no limit
	handler http.Handler
	pprof   atomic.Pointer[net.Addr] // where the profiles are served, once Run listens
	// countries is the country table for /export's parameters, loaded on
	// first use.
	countries func() (*gazetteer.Countries, error)
}

// New builds a server from cfg. It panics if cfg.Schema is nil, a
// programming error.
func New(cfg Config) *Server {
	if cfg.Schema == nil {
		panic("server.New: nil schema")
	}
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:     cfg,
		log:     cfg.Log,
		metrics: newMetrics(),
		assets:  newAssetSet(),
		app:     newAppSet(),

		countries: sync.OnceValues(gazetteer.LoadCountries),
	}
	if cfg.ClientBudget > 0 {
		s.budgets = NewBudgets(float64(cfg.ClientBudget), 10*float64(cfg.ClientBudget))
	}
	if cfg.MaxExports > 0 {
		s.exports = make(chan struct{}, cfg.MaxExports)
	}
	if cfg.ResponseCacheBytes > 0 {
		s.answers = newResponseCache(cfg.ResponseCacheBytes, max(cfg.ResponseCacheBytes/8, 1<<10))
	}
	s.handler = s.routes()
	return s
}

// projectionVersion is the version of the projection queries read now.
func (s *Server) projectionVersion() (int64, bool) {
	if s.cfg.Live == nil {
		return 0, false
	}
	p := s.cfg.Live.Current()
	if p == nil {
		return 0, false
	}
	return p.Version(), true
}

// Handler returns the server's root handler, with all middleware; useful to
// mount citygraph in another server.
func (s *Server) Handler() http.Handler { return s.handler }

// Run listens on the configured address, calls ready (if not nil) with the
// address it listens on, and serves until ctx is cancelled. It then stops
// accepting connections and waits up to ShutdownGrace for the requests in
// flight to finish. Run returns nil after a clean drain, and an error when
// it cannot listen, when serving fails or when requests were cut off.
func (s *Server) Run(ctx context.Context, ready func(addr net.Addr)) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		// Requests must outlive ctx: cancelling ctx means "stop accepting and
		// drain", not "abort what is running".
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		ErrorLog:    newStdLogger(s.log),
	}
	var profiles *http.Server
	if s.cfg.PprofAddr != "" {
		pln, err := listenLoopback(ctx, s.cfg.PprofAddr)
		if err != nil {
			_ = ln.Close()
			return fmt.Errorf("profiles (pprof) on %s: %w", s.cfg.PprofAddr, err)
		}
		a := pln.Addr()
		s.pprof.Store(&a)
		profiles = &http.Server{Handler: pprofHandler(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: newStdLogger(s.log)}
		s.log.Info().Str("addr", a.String()).Str("url", "http://"+a.String()+"/debug/pprof/").Msg("serving profiles (pprof)")
		go func() { _ = profiles.Serve(pln) }()
		defer profiles.Close()
	}
	s.log.Info().Str("addr", ln.Addr().String()).Msg("listening")
	if ready != nil {
		ready(ln.Addr())
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		// Serve returns only on failure before a shutdown.
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}

	inFlight := s.metrics.inFlight.Load()
	s.log.Info().Int64("in_flight", inFlight).Dur("grace", s.cfg.ShutdownGrace).Msg("shutting down: draining requests in flight")
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownGrace)
	defer cancel()
	err = srv.Shutdown(shutCtx)
	<-served // http.ErrServerClosed once Shutdown has begun
	if err != nil {
		left := s.metrics.inFlight.Load()
		_ = srv.Close()
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("shutdown: %d requests still running after %s were cut off", left, s.cfg.ShutdownGrace)
		}
		return fmt.Errorf("shutdown: %w", err)
	}
	s.log.Info().Msg("stopped")
	return nil
}
