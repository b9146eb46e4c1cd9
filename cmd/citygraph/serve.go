package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/live"
	"github.com/citygraph/citygraph/resolvers"
	"github.com/citygraph/citygraph/server"
)

const serveDescription = `Serves the web application at / (map, Land dashboard, network view, city
pages, partner finder), the GraphQL API at /graphql, GraphiQL at /graphiql,
exports at /export, /healthz, /readyz and Prometheus metrics at /metrics.

With no store flags on a fresh machine it serves the bundled demo data from
the embedded store. Reads run on an in-memory projection of the store; it is
reloaded when the store's version changes (--poll), so writes by other
processes (a shared Neo4j) show up. /readyz answers 503 until the first
projection is built and "degraded" while the store cannot be reached.

Mutations need the admin bearer token, read from the environment variable
named by --admin-token-env (default CITYGRAPH_ADMIN_TOKEN); without it,
mutations are off. Reads need no token unless CITYGRAPH_READ_TOKEN is set.
Tokens are never given on the command line.

Every flag has an environment fallback, shown in its help; a flag wins.
SIGINT or SIGTERM stops accepting connections and drains the requests in
flight (up to --shutdown-grace).`

// serveOptions are the settings of the serve command after flags and
// environment.
type serveOptions struct {
	addr           string
	adminTokenEnv  string
	readTokenEnv   string
	maxComplexity  int
	clientBudget   int
	maxDepth       int
	maxPageSize    int
	maxBodyBytes   int64
	maxUploadBytes int64
	maxExports     int
	maxExportBytes int64
	timeout        time.Duration
	shutdownGrace  time.Duration
	poll           time.Duration
	noIntrospect   bool
	pprof          string
}

// envDefaults reads the environment fallbacks of the serve flags. A value
// that does not parse is a usage error naming the variable.
func (a *app) serveEnvDefaults() (serveOptions, error) {
	o := serveOptions{
		addr:           server.DefaultAddr,
		adminTokenEnv:  "CITYGRAPH_ADMIN_TOKEN",
		readTokenEnv:   "CITYGRAPH_READ_TOKEN",
		maxComplexity:  server.DefaultMaxComplexity,
		clientBudget:   server.DefaultClientBudget,
		maxDepth:       server.DefaultMaxDepth,
		maxPageSize:    resolvers.DefaultMaxPageSize,
		maxBodyBytes:   server.DefaultMaxBodyBytes,
		maxUploadBytes: server.DefaultMaxUploadBytes,
		maxExports:     server.DefaultMaxExports,
		maxExportBytes: server.DefaultMaxExportBytes,
		timeout:        server.DefaultTimeout,
		shutdownGrace:  server.DefaultShutdownGrace,
		poll:           5 * time.Second,
	}
	var errs []error
	str := func(name string, dst *string) {
		if v := a.getenv(name); v != "" {
			*dst = v
		}
	}
	integer := func(name string, dst *int) {
		if v := a.getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: not an integer", name, v))
				return
			}
			*dst = n
		}
	}
	bytesVar := func(name string, dst *int64) {
		if v := a.getenv(name); v != "" {
			n, err := parseBytes(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", name, v, err))
				return
			}
			*dst = n
		}
	}
	duration := func(name string, dst *time.Duration) {
		if v := a.getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: not a duration such as 10s", name, v))
				return
			}
			*dst = d
		}
	}
	str("CITYGRAPH_ADDR", &o.addr)
	str("CITYGRAPH_ADMIN_TOKEN_ENV", &o.adminTokenEnv)
	str("CITYGRAPH_READ_TOKEN_ENV", &o.readTokenEnv)
	integer("CITYGRAPH_MAX_COMPLEXITY", &o.maxComplexity)
	integer("CITYGRAPH_CLIENT_BUDGET", &o.clientBudget)
	integer("CITYGRAPH_MAX_DEPTH", &o.maxDepth)
	integer("CITYGRAPH_MAX_PAGE_SIZE", &o.maxPageSize)
	bytesVar("CITYGRAPH_MAX_BODY", &o.maxBodyBytes)
	bytesVar("CITYGRAPH_MAX_UPLOAD", &o.maxUploadBytes)
	integer("CITYGRAPH_MAX_EXPORTS", &o.maxExports)
	bytesVar("CITYGRAPH_MAX_EXPORT", &o.maxExportBytes)
	duration("CITYGRAPH_TIMEOUT", &o.timeout)
	duration("CITYGRAPH_SHUTDOWN_GRACE", &o.shutdownGrace)
	duration("CITYGRAPH_POLL", &o.poll)
	str("CITYGRAPH_PPROF", &o.pprof)
	if v := a.getenv("CITYGRAPH_NO_INTROSPECTION"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("CITYGRAPH_NO_INTROSPECTION=%q: not true or false", v))
		}
		o.noIntrospect = b
	}
	if err := errors.Join(errs...); err != nil {
		return o, usageError("%v", err)
	}
	return o, nil
}

// byteSize is a flag.Value for sizes such as 1048576, 512KiB, 1MiB or 64MB.
type byteSize struct{ n *int64 }

func (b byteSize) String() string {
	if b.n == nil {
		return ""
	}
	return strconv.FormatInt(*b.n, 10)
}

func (b byteSize) Set(s string) error {
	n, err := parseBytes(s)
	if err != nil {
		return err
	}
	*b.n = n
	return nil
}

// parseBytes reads a positive byte count with an optional unit (B, KB, KiB,
// MB, MiB, GB, GiB; K, M and G are binary).
func parseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	num, unit := s, ""
	if i >= 0 {
		num, unit = s[:i], strings.ToLower(strings.TrimSpace(s[i:]))
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("not a positive size such as 1048576 or 1MiB")
	}
	mult := map[string]int64{
		"": 1, "b": 1,
		"k": 1 << 10, "kib": 1 << 10, "kb": 1000,
		"m": 1 << 20, "mib": 1 << 20, "mb": 1000 * 1000,
		"g": 1 << 30, "gib": 1 << 30, "gb": 1000 * 1000 * 1000,
	}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("unknown size unit %q (use B, KiB, MiB, GiB, KB, MB or GB)", unit)
	}
	return n * mult, nil
}

func (a *app) runServe(ctx context.Context, args []string) error {
	o, err := a.serveEnvDefaults()
	if err != nil {
		return err
	}
	fs := a.newFlagSet("serve",
		"serve [--addr 127.0.0.1:8080] [--store PATH | --neo4j URI] [--admin-token-env NAME] [--max-complexity N] [--max-depth N] [--timeout 10s] [--no-introspection] [--poll 5s]",
		serveDescription)
	so := a.storeFlags(fs)
	fs.StringVar(&o.addr, "addr", o.addr, "listen `address` host:port; port 0 picks a free port (env CITYGRAPH_ADDR)")
	fs.StringVar(&o.adminTokenEnv, "admin-token-env", o.adminTokenEnv, "`name` of the environment variable holding the admin bearer token for mutations (env CITYGRAPH_ADMIN_TOKEN_ENV)")
	fs.StringVar(&o.readTokenEnv, "read-token-env", o.readTokenEnv, "`name` of the environment variable holding the bearer token reads need, when set (env CITYGRAPH_READ_TOKEN_ENV)")
	fs.IntVar(&o.maxComplexity, "max-complexity", o.maxComplexity, "largest cost of one operation: lists cost their page size times their items, each distinct analysis or deep traversal what it computes; -1 turns the limit off (env CITYGRAPH_MAX_COMPLEXITY)")
	fs.IntVar(&o.clientBudget, "client-budget", o.clientBudget, "cost each client (bearer token, else address) regains per second, ten seconds' worth spendable at once; over it requests get 429 with Retry-After; -1 turns budgets off (env CITYGRAPH_CLIENT_BUDGET)")
	fs.IntVar(&o.maxDepth, "max-depth", o.maxDepth, "deepest field nesting of a query; -1 turns the limit off (env CITYGRAPH_MAX_DEPTH)")
	fs.IntVar(&o.maxPageSize, "max-page-size", o.maxPageSize, "largest page of cities or partnerships (env CITYGRAPH_MAX_PAGE_SIZE)")
	fs.Var(byteSize{&o.maxBodyBytes}, "max-body", "largest JSON request body, e.g. 1MiB (env CITYGRAPH_MAX_BODY)")
	fs.Var(byteSize{&o.maxUploadBytes}, "max-upload", "largest multipart upload, e.g. 64MiB (env CITYGRAPH_MAX_UPLOAD)")
	fs.IntVar(&o.maxExports, "max-exports", o.maxExports, "exports streamed at once; more get 503 BUSY with Retry-After; -1 no limit (env CITYGRAPH_MAX_EXPORTS)")
	fs.Var(byteSize{&o.maxExportBytes}, "max-export", "largest export body, e.g. 512MiB: larger exports are refused (413) or cut with a line saying so (env CITYGRAPH_MAX_EXPORT)")
	fs.DurationVar(&o.timeout, "timeout", o.timeout, "time limit of one request, body included (env CITYGRAPH_TIMEOUT)")
	fs.DurationVar(&o.shutdownGrace, "shutdown-grace", o.shutdownGrace, "how long a shutdown waits for requests in flight (env CITYGRAPH_SHUTDOWN_GRACE)")
	fs.DurationVar(&o.poll, "poll", o.poll, "how often to check the store for changes by others; 0 never (env CITYGRAPH_POLL)")
	fs.BoolVar(&o.noIntrospect, "no-introspection", o.noIntrospect, "switch GraphQL introspection off; the explorer then has no docs or completion (env CITYGRAPH_NO_INTROSPECTION)")
	fs.StringVar(&o.pprof, "pprof", o.pprof, "serve Go's profiles (net/http/pprof, /debug/pprof/) on this loopback `address`, e.g. 127.0.0.1:6060, a listener apart from the API; off when empty (env CITYGRAPH_PPROF)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if o.pprof != "" {
		if err := server.CheckPprofAddr(o.pprof); err != nil {
			return usageError("--pprof: %v", err)
		}
	}
	if o.timeout <= 0 || o.shutdownGrace <= 0 || o.poll < 0 || o.maxPageSize <= 0 {
		return usageError("--timeout, --shutdown-grace and --max-page-size must be positive, --poll not negative")
	}
	if o.maxComplexity == 0 || o.maxDepth == 0 || o.clientBudget == 0 || o.maxExports == 0 {
		return usageError("--max-complexity, --max-depth, --client-budget and --max-exports must be positive (or -1 for no limit)")
	}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return usageError("--addr %q: %v", o.addr, err)
	}
	adminToken := a.getenv(o.adminTokenEnv)
	readToken := a.getenv(o.readTokenEnv)

	st, err := so.open(ctx, a)
	if err != nil {
		return fmt.Errorf("open %s: %w", so.describe(), err)
	}
	defer st.Close()

	log := a.log.With().Str("component", "serve").Logger()
	holder := live.New(&firstFromCache{Store: st, a: a}, a.log)
	res := resolvers.New(resolvers.Config{
		Live:             holder,
		Store:            st,
		Log:              a.log,
		MaxPageSize:      o.maxPageSize,
		MutationsEnabled: adminToken != "",
	})
	srv := server.New(server.Config{
		Addr:           o.addr,
		Schema:         resolvers.ExecutableSchema(res),
		Live:           holder,
		Export:         res,
		Log:            a.log,
		AdminToken:     adminToken,
		ReadToken:      readToken,
		MaxBodyBytes:   o.maxBodyBytes,
		MaxUploadBytes: o.maxUploadBytes,
		MaxExports:     o.maxExports,
		MaxExportBytes: o.maxExportBytes,
		Timeout:        o.timeout,
		MaxComplexity:  o.maxComplexity,
		ClientBudget:   o.clientBudget,
		MaxDepth:       o.maxDepth,
		Introspection:  !o.noIntrospect,
		ShutdownGrace:  o.shutdownGrace,
		PprofAddr:      o.pprof,
	})

	// The projection is built in the background: the server listens at
	// once, /healthz answers and /readyz says 503 until it is there. The
	// reference data the first projection's name index needs loads beside
	// the store's read.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = res.LoadReference() // an error is logged where the index is built
	}()
	loadCtx, stopLoading := context.WithCancel(ctx)
	defer func() {
		stopLoading()
		wg.Wait()
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		if so.isDefault() {
			if err := a.ensureDemo(loadCtx, st); err != nil && loadCtx.Err() == nil {
				log.Error().Err(err).Msg("loading the demo data failed; serving what the store holds")
			}
		}
		if !loadUntilDone(loadCtx, holder, log, max(o.poll, time.Second)) {
			return
		}
		if o.poll > 0 {
			holder.Poll(loadCtx, o.poll)
		}
	}()

	log.Info().Str("store", so.describe()).Bool("mutations", adminToken != "").
		Bool("read_token", readToken != "").Bool("introspection", !o.noIntrospect).
		Int("max_complexity", o.maxComplexity).Int("client_budget", o.clientBudget).Int("max_depth", o.maxDepth).
		Dur("timeout", o.timeout).Dur("poll", o.poll).Msg("starting")
	return srv.Run(ctx, func(addr net.Addr) {
		log.Info().Str("url", "http://"+addr.String()+"/").Msg("explorer and API ready to accept connections")
	})
}

// loadUntilDone builds the first projection, retrying with a growing pause
// (up to maxPause) while the store cannot be read. It reports false when
// ctx ended first.
func loadUntilDone(ctx context.Context, holder *live.Holder, log zerolog.Logger, maxPause time.Duration) bool {
	pause := 100 * time.Millisecond
	for {
		err := holder.Load(ctx)
		if err == nil {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		log.Warn().Err(err).Dur("retry_in", pause).Msg("cannot build the first projection yet")
		select {
		case <-ctx.Done():
			return false
		case <-time.After(pause):
		}
		pause = min(pause*2, maxPause)
	}
}
