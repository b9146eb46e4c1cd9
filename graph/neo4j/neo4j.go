// Package neo4j is citygraph's store on a Neo4j 5.26+ server (Community or
// Enterprise, self-hosted or Aura), through the official Go driver.
//
// # The graph as Neo4j holds it
//
//	(:Municipality {id, name, altNames, country, region, ags, state, kreisCode,
//	                kreis, population, lat, lon, location, level, sources,
//	                geonamesId, wikidata})
//	(:Municipality)-[:PARTNER_OF {key, kind, since, sinceYear, until, untilYear,
//	                             status, topics, sources, claims, events}]->(:Municipality)
//	(:Municipality)-[:MEMBER_OF {since, sinceYear, until, untilYear, role, sources}]->(:Network {id, name})
//	(:Municipality)-[:WORKS_WITH {topic, since, sinceYear, sources}]->(:Organisation {id, name, type, municipality})
//	(:Organisation)-[:COOPERATES_WITH {key, kind, since, sinceYear, topics, sources}]->(:Organisation)
//	                                local actors working together, stored from the smaller id
//	(:Land {code, reportedPartnerships, sources})
//	(:Alias {id, place, sources})   an id merged into the place with id place
//	(:ReportedCount {key, scope, country, asOf, asOfYear, count, atLeast, what, sources})
//	                                a count reported for DE or a Land as of a date
//	(:Import {sha256, file, kind, rows, seq})
//	(:Meta {key: "citygraph", version, schemaVersion, importSeq})
//
// A partnership is undirected; it is stored once, from the end with the
// smaller id to the other, so queries match it without a direction:
// (a)-[:PARTNER_OF]-(b). Dates are ISO strings at their precision ("1957",
// "1990-05", "1990-05-01") with the year as an integer beside them
// (sinceYear) for per-year queries. Provenance (sources) is a list of
// small JSON objects, one per source: {"file":"rgre.csv","line":12}. A
// link's since, until, status and topics are its view, derived from what
// each source claims and from its dated status changes (graph.Claim,
// graph.Event), kept as lists of JSON objects in claims and events (schema
// version 2); a link whose one source claims just its view has no claims.
// Empty values are absent properties. location is a WGS-84 point built from
// lat and lon, for point.distance.
//
// # Transactions
//
// Apply is one managed write transaction: it takes a writer lock (the
// (:Meta {key: "writer"}) node), reads the stored records the batch touches,
// merges them in Go with graph's Merge functions and writes what changed in
// UNWIND batches of [rowsPerQuery] rows (new places and links as lists of
// values; a link between the element ids of its ends, which the reads and
// the creating query return, instead of two index seeks), all committed
// at the end, so an import is visible whole or not at all, also when the
// server dies in the middle. The transaction function is safe to retry: it starts from the
// stored state every time. A 100,000-link import fits in a 1 GiB heap; much
// larger imports need a larger server heap (server.memory.heap.max_size) or
// several files.
//
// Snapshot streams records (result.Next) in read transactions and checks
// that no write committed meanwhile (the version, read under the lock of
// the (:Meta {key: "citygraph"}) node that every changing write takes last),
// so it always sees whole batches.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
)

// SchemaVersion is the version of the graph layout this package writes,
// kept in the Meta node. Open refuses a database with a newer one.
const SchemaVersion = 2

// rowsPerQuery is the number of rows in one UNWIND query.
const rowsPerQuery = 5000

// connectTimeout bounds how long Open waits for the server.
const connectTimeout = 10 * time.Second

// schemaTimeout bounds how long Open waits for the constraints and indexes.
const schemaTimeout = 2 * time.Minute

// Config says where the server is and who we are.
type Config struct {
	URI      string // bolt://host:7687, neo4j://host, neo4j+s://xxx.databases.neo4j.io
	Username string
	Password string
	Database string // "neo4j" when empty
}

// ConfigFromEnv reads NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and
// NEO4J_DATABASE (default "neo4j") through getenv (os.Getenv).
func ConfigFromEnv(getenv func(string) string) Config {
	c := Config{
		URI:      getenv("NEO4J_URI"),
		Username: getenv("NEO4J_USERNAME"),
		Password: getenv("NEO4J_PASSWORD"),
		Database: getenv("NEO4J_DATABASE"),
	}
	if c.Database == "" {
		c.Database = "neo4j"
	}
	return c
}

// Store is a graph.Store on a Neo4j database. It is safe for concurrent
// use: writers are serialised by a lock in the database (so several
// citygraph processes may share one database), readers see whole batches.
type Store struct {
	cfg    Config
	driver neo4j.DriverWithContext
	log    zerolog.Logger
}

var _ graph.Store = (*Store)(nil)

// Open connects to the server, checks the credentials and the database,
// and creates the constraints and indexes the store needs (if they do not
// exist yet). It gives up on a server that does not answer within 10
// seconds.
// Errors: EINVALID for a bad URI, EUNAVAILABLE when the server cannot be
// reached, EUNAUTHORIZED for wrong credentials, ECONFLICT for a database
// written by a newer citygraph.
func Open(ctx context.Context, cfg Config, log zerolog.Logger) (*Store, error) {
	const op = "neo4j open"
	if cfg.Database == "" {
		cfg.Database = "neo4j"
	}
	if cfg.URI == "" {
		return nil, &graph.Error{Code: graph.EINVALID, Op: op, Message: "no Neo4j URI given (--neo4j or NEO4J_URI)"}
	}
	auth := neo4j.NoAuth()
	if cfg.Username != "" || cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.Username, cfg.Password, "")
	}
	drv, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.Log = driverLog{log: log}
		c.SocketConnectTimeout = 5 * time.Second
		c.ConnectionAcquisitionTimeout = connectTimeout
		c.MaxTransactionRetryTime = 15 * time.Second
		c.UserAgent = "citygraph"
	})
	if err != nil {
		return nil, &graph.Error{Code: graph.EINVALID, Op: op, Message: fmt.Sprintf("bad Neo4j URI %q", cfg.URI), Err: err}
	}
	s := &Store{cfg: cfg, driver: drv, log: log}
	cctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := drv.VerifyConnectivity(cctx); err != nil {
		_ = drv.Close(context.Background())
		return nil, s.wrap(op, err)
	}
	// Creating the constraints on a large existing graph may take longer
	// than connecting; it has its own bound.
	sctx, scancel := context.WithTimeout(ctx, schemaTimeout)
	defer scancel()
	if err := s.initSchema(sctx); err != nil {
		_ = drv.Close(context.Background())
		return nil, s.wrap(op, err)
	}
	log.Debug().Str("uri", cfg.URI).Str("database", cfg.Database).Msg("neo4j store open")
	return s, nil
}

// Close closes the driver and its connections.
func (s *Store) Close() error {
	if err := s.driver.Close(context.Background()); err != nil {
		return fmt.Errorf("neo4j close: %w", err)
	}
	return nil
}

// Config returns the configuration the store was opened with, password
// included.
func (s *Store) Config() Config { return s.cfg }

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: mode})
}

// schemaStatements are the constraints and indexes the store needs, each
// named citygraph_*.
func schemaStatements() []string {
	return []string{
		"CREATE CONSTRAINT citygraph_municipality_id IF NOT EXISTS FOR (m:Municipality) REQUIRE m.id IS UNIQUE",
		"CREATE CONSTRAINT citygraph_network_id IF NOT EXISTS FOR (n:Network) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT citygraph_organisation_id IF NOT EXISTS FOR (o:Organisation) REQUIRE o.id IS UNIQUE",
		"CREATE CONSTRAINT citygraph_land_code IF NOT EXISTS FOR (l:Land) REQUIRE l.code IS UNIQUE",
		"CREATE CONSTRAINT citygraph_import_sha256 IF NOT EXISTS FOR (i:Import) REQUIRE i.sha256 IS UNIQUE",
		"CREATE CONSTRAINT citygraph_meta_key IF NOT EXISTS FOR (m:Meta) REQUIRE m.key IS UNIQUE",
		"CREATE CONSTRAINT citygraph_partner_of_key IF NOT EXISTS FOR ()-[r:PARTNER_OF]-() REQUIRE r.key IS UNIQUE",
		"CREATE CONSTRAINT citygraph_cooperates_with_key IF NOT EXISTS FOR ()-[r:COOPERATES_WITH]-() REQUIRE r.key IS UNIQUE",
		"CREATE CONSTRAINT citygraph_score_set_property IF NOT EXISTS FOR (s:ScoreSet) REQUIRE s.property IS UNIQUE",
		"CREATE CONSTRAINT citygraph_alias_id IF NOT EXISTS FOR (a:Alias) REQUIRE a.id IS UNIQUE",
		"CREATE CONSTRAINT citygraph_reported_count_key IF NOT EXISTS FOR (c:ReportedCount) REQUIRE c.key IS UNIQUE",
		"CREATE INDEX citygraph_municipality_ags IF NOT EXISTS FOR (m:Municipality) ON (m.ags)",
		"CREATE INDEX citygraph_municipality_country IF NOT EXISTS FOR (m:Municipality) ON (m.country)",
		"CREATE INDEX citygraph_municipality_state IF NOT EXISTS FOR (m:Municipality) ON (m.state)",
		"CREATE INDEX citygraph_municipality_name IF NOT EXISTS FOR (m:Municipality) ON (m.name)",
		"CREATE INDEX citygraph_partner_of_kind IF NOT EXISTS FOR ()-[r:PARTNER_OF]-() ON (r.kind)",
		"CREATE INDEX citygraph_partner_of_since IF NOT EXISTS FOR ()-[r:PARTNER_OF]-() ON (r.sinceYear)",
	}
}

// initSchema creates the constraints and indexes and the Meta nodes.
func (s *Store) initSchema(ctx context.Context) error {
	stmts := schemaStatements()
	// Opening a database that has everything costs two reads, not a
	// statement per constraint (the fixed cost of every command).
	if ready, err := s.schemaReady(ctx, stmts); err != nil || ready {
		return err
	}
	for _, q := range stmts {
		if _, err := neo4j.ExecuteQuery(ctx, s.driver, q, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.cfg.Database)); err != nil {
			return fmt.Errorf("create schema: %w", err)
		}
	}
	res, err := neo4j.ExecuteQuery(ctx, s.driver, `
MERGE (m:Meta {key: $key})
  ON CREATE SET m.version = 0, m.importSeq = 0, m.schemaVersion = $schema
SET m.storeId = coalesce(m.storeId, randomUUID())
MERGE (:Meta {key: $writer})
RETURN m.schemaVersion AS schema`,
		map[string]any{"key": metaKey, "writer": writerKey, "schema": SchemaVersion},
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.cfg.Database))
	if err != nil {
		return fmt.Errorf("create meta node: %w", err)
	}
	if len(res.Records) == 1 {
		v, ok := res.Records[0].Values[0].(int64)
		if ok && v > SchemaVersion {
			return &graph.Error{Code: graph.ECONFLICT, Message: fmt.Sprintf(
				"database %q holds citygraph schema version %d, this citygraph knows up to %d", s.cfg.Database, v, SchemaVersion)}
		}
		if ok && v < SchemaVersion {
			// Version 2 adds claims and events to links, properties a
			// version 1 store lacks and an older citygraph would drop:
			// nothing to convert, but older writers are kept out.
			if _, err := neo4j.ExecuteQuery(ctx, s.driver, "MATCH (m:Meta {key: $key}) SET m.schemaVersion = $schema",
				map[string]any{"key": metaKey, "schema": SchemaVersion}, neo4j.EagerResultTransformer,
				neo4j.ExecuteQueryWithDatabase(s.cfg.Database)); err != nil {
				return fmt.Errorf("upgrade schema: %w", err)
			}
		}
	}
	return nil
}

// schemaReady reports whether every constraint and index of stmts exists
// (by name), the Meta nodes exist with a store id and the schema version
// is one this package knows, in two reads (Neo4j 5 does not compose SHOW
// with MATCH in one query). Errors: ECONFLICT for a newer schema version.
func (s *Store) schemaReady(ctx context.Context, stmts []string) (bool, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, `
SHOW INDEXES YIELD name WHERE name STARTS WITH 'citygraph_'
RETURN collect(name) AS names`, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.cfg.Database))
	if err != nil || len(res.Records) != 1 {
		return false, nil // create them the long way, which reports errors
	}
	have := map[string]bool{}
	names, _ := res.Records[0].Values[0].([]any)
	for _, n := range names {
		have[str(n)] = true
	}
	for _, q := range stmts {
		// CREATE CONSTRAINT|INDEX <name> IF NOT EXISTS ...; a constraint
		// is backed by an index of the same name.
		if f := strings.Fields(q); len(f) < 3 || !have[f[2]] {
			return false, nil
		}
	}
	res, err = neo4j.ExecuteQuery(ctx, s.driver, `
OPTIONAL MATCH (m:Meta {key: $key}) WHERE m.storeId IS NOT NULL
OPTIONAL MATCH (w:Meta {key: $writer})
RETURN m.schemaVersion, w IS NOT NULL`,
		map[string]any{"key": metaKey, "writer": writerKey}, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.cfg.Database))
	if err != nil || len(res.Records) != 1 {
		return false, nil
	}
	v := res.Records[0].Values
	schema, ok := v[0].(int64)
	if !ok || v[1] != true {
		return false, nil
	}
	if schema > SchemaVersion {
		return false, &graph.Error{Code: graph.ECONFLICT, Message: fmt.Sprintf(
			"database %q holds citygraph schema version %d, this citygraph knows up to %d", s.cfg.Database, schema, SchemaVersion)}
	}
	return true, nil
}

// Marker returns what identifies the store's current content: the store's
// id (a random id the database keeps in its Meta node, new when the
// database is emptied and opened again) and its version. It is one cheap
// read, for caches of the snapshot (graph/snapcache). Errors: EUNAVAILABLE.
func (s *Store) Marker(ctx context.Context) (id string, version int64, err error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, "MATCH (m:Meta {key: $key}) RETURN m.storeId, m.version",
		map[string]any{"key": metaKey}, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.cfg.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return "", 0, s.wrap("neo4j marker", err)
	}
	if len(res.Records) == 0 {
		return "", 0, nil
	}
	version, _ = res.Records[0].Values[1].(int64)
	id = str(res.Records[0].Values[0])
	if id != "" {
		id = s.cfg.URI + " " + s.cfg.Database + " " + id
	}
	return id, version, nil
}

const (
	metaKey   = "citygraph" // the Meta node holding the version
	writerKey = "writer"    // the Meta node writers lock
)

// Version returns the version of the graph: it grows by one with every
// batch that changed something. Errors: EUNAVAILABLE.
func (s *Store) Version(ctx context.Context) (int64, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, "MATCH (m:Meta {key: $key}) RETURN m.version AS v",
		map[string]any{"key": metaKey}, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.cfg.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return 0, s.wrap("neo4j version", err)
	}
	if len(res.Records) == 0 {
		return 0, nil
	}
	v, _ := res.Records[0].Values[0].(int64)
	return v, nil
}

// Imports lists the imported files, oldest first. Errors: EUNAVAILABLE.
func (s *Store) Imports(ctx context.Context) ([]graph.ImportRecord, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver,
		"MATCH (i:Import) RETURN i.file AS file, i.sha256 AS sha256, i.kind AS kind, i.rows AS rows ORDER BY i.seq",
		nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.cfg.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, s.wrap("neo4j imports", err)
	}
	var out []graph.ImportRecord
	for _, r := range res.Records {
		rows, _ := r.Values[3].(int64)
		out = append(out, graph.ImportRecord{File: str(r.Values[0]), SHA256: str(r.Values[1]), Kind: str(r.Values[2]), Rows: int(rows)})
	}
	return out, nil
}

// wrap turns a driver error into a graph.Error with a user-safe message:
// EUNAVAILABLE naming the URI when the server cannot be reached,
// EUNAUTHORIZED for rejected credentials. Errors that already are
// graph.Errors and context errors pass through with op added.
func (s *Store) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		if ge.Op == "" {
			ge.Op = op
		}
		return ge
	}
	var lim *neo4j.TransactionExecutionLimit
	if errors.As(err, &lim) && len(lim.Errors) > 0 {
		// The retries ran out: classify the last failure.
		last := lim.Errors[len(lim.Errors)-1]
		if w := s.wrap(op, last); graph.ErrorCode(w) != graph.EINTERNAL {
			return &graph.Error{Code: graph.ErrorCode(w), Op: op, Message: graph.ErrorMessage(w), Err: err}
		}
	}
	var n4 *neo4j.Neo4jError
	var authErr *neo4j.InvalidAuthenticationError
	var tokErr *neo4j.TokenExpiredError
	switch {
	case errors.As(err, &authErr), errors.As(err, &tokErr),
		errors.As(err, &n4) && strings.HasPrefix(n4.Code, "Neo.ClientError.Security."):
		return &graph.Error{Code: graph.EUNAUTHORIZED, Op: op, Err: err, Message: fmt.Sprintf(
			"Neo4j at %s rejected user %q: wrong user name or password (NEO4J_USERNAME, NEO4J_PASSWORD)", s.cfg.URI, s.cfg.Username)}
	case errors.As(err, &n4) && n4.Code == "Neo.ClientError.Database.DatabaseNotFound":
		return &graph.Error{Code: graph.EUNAVAILABLE, Op: op, Err: err, Message: fmt.Sprintf(
			"Neo4j at %s has no database %q (NEO4J_DATABASE)", s.cfg.URI, s.cfg.Database)}
	case errors.As(err, &n4) && n4.Code == "Neo.TransientError.General.MemoryPoolOutOfMemoryError":
		return &graph.Error{Code: graph.EUNAVAILABLE, Op: op, Err: err, Message: fmt.Sprintf(
			"Neo4j at %s has too little memory for this transaction (an import takes about 8 KiB per link): "+
				"raise server.memory.heap.max_size (or dbms.memory.transaction.total.max), or import the file in parts", s.cfg.URI)}
	case errors.As(err, &n4) && strings.HasPrefix(n4.Code, "Neo.TransientError."):
		return &graph.Error{Code: graph.EUNAVAILABLE, Op: op, Err: err, Message: fmt.Sprintf(
			"Neo4j at %s is temporarily unavailable (%s)", s.cfg.URI, n4.Code)}
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("%s: %w", op, err)
	case strings.Contains(err.Error(), "server responded HTTP"):
		return &graph.Error{Code: graph.EUNAVAILABLE, Op: op, Err: err, Message: fmt.Sprintf(
			"%s answered in HTTP, not Bolt: is that Neo4j's Bolt port (usually 7687)? (NEO4J_URI)", s.cfg.URI)}
	case unreachable(err):
		return &graph.Error{Code: graph.EUNAVAILABLE, Op: op, Err: err, Message: fmt.Sprintf(
			"cannot reach Neo4j at %s (is the server running? NEO4J_URI)", s.cfg.URI)}
	}
	return fmt.Errorf("%s: %w", op, err)
}

// unreachable reports whether err means the server could not be reached or
// went away.
func unreachable(err error) bool {
	var ce *neo4j.ConnectivityError
	if errors.As(err, &ce) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var lim *neo4j.TransactionExecutionLimit
	if errors.As(err, &lim) {
		for _, e := range lim.Errors {
			if unreachable(e) {
				return true
			}
		}
	}
	// The pool reports a server that refuses connections in its own words.
	msg := err.Error()
	for _, s := range []string{"connection refused", "ConnectivityError", "i/o timeout", "EOF", "broken pipe",
		"connection reset", "PoolTimeout", "no such host"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// driverLog passes the driver's warnings and errors to zerolog; its
// informational and debug chatter is dropped.
type driverLog struct{ log zerolog.Logger }

func (l driverLog) Error(name, id string, err error) {
	l.log.Debug().Str("component", name).Str("id", id).Err(err).Msg("neo4j driver error")
}

func (l driverLog) Warnf(name, id string, msg string, args ...any) {
	l.log.Debug().Str("component", name).Str("id", id).Msgf("neo4j driver: "+msg, args...)
}

func (l driverLog) Infof(name, id string, msg string, args ...any) {}

func (l driverLog) Debugf(name, id string, msg string, args ...any) {}
