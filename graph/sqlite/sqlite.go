// Package sqlite is citygraph's embedded store: the whole graph in one
// SQLite file, through zombiezen.com/go/sqlite, a Go API to SQLite on
// modernc.org/sqlite (pure Go, no cgo).
//
// The file has a plain, readable schema (schema.sql: tables municipality,
// partnership, network, membership, organisation, org_link, cooperation, state_count, reported_count,
// import and meta; views partnership_source, one row per provenance of a
// link, and partnership_named, links with the names of their ends) so that
// a researcher can open it with sqlite3.
//
// Durability: the database runs in WAL mode with synchronous=FULL. Every
// Apply is one transaction; SQLite only treats a transaction as committed
// once its commit frame is in the WAL, and with FULL the WAL is fsynced
// before Apply returns. So a process killed (kill -9) in the middle of an
// import leaves the store exactly as before (the uncommitted frames are
// ignored when the file is next opened), and an Apply that returned
// survives not only kill -9 but also a power cut or an OS crash. NORMAL
// would also survive kill -9 (the frames are in the OS page cache) but could
// lose the last imports on power loss; the price of FULL is one fsync per
// Apply, which is nothing next to an import.
//
// Integrity: the schema declares its foreign keys, and Apply checks, in
// the write transaction and before writing them, that every end of every
// link, membership and organisation link exists (an EINVALID error lists the
// unknown ids). The writer connection therefore does not let SQLite check
// them again row by row, which took 40% of an import's time; a test runs
// PRAGMA foreign_key_check after every kind of batch.
//
// Speed: database/sql prepares statements anew on every execution (and
// modernc.org/sqlite's driver binds arguments in quadratic time), so the
// store talks to SQLite through zombiezen.com/go/sqlite's connections:
// statements prepared once and cached on the connection, rows inserted in
// key order by multi-row INSERTs. One writer connection serves Apply;
// readers come from a pool that prefers the connection used last (its
// page cache is warm). A context's end interrupts the
// connection's statement (Conn.SetInterrupt).
package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"zombiezen.com/go/sqlite"
	"zombiezen.com/go/sqlite/sqlitex"

	"github.com/citygraph/citygraph/graph"
)

// SchemaVersion is the schema version this package writes, kept in
// PRAGMA user_version.
const SchemaVersion = 5

//go:embed schema.sql
var schemaSQL string

// scoresSQL holds the tables of the score sets (scores.go).
//
//go:embed scores.sql
var scoresSQL string

// pragmas are set on every connection. WAL (set once, kept in the file)
// lets readers see the last commit while a writer works; FULL syncs the WAL
// at every commit (see the package comment); the page cache may grow to
// 64 MiB.
const pragmas = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536"

// busyTimeout is how long a connection waits for another process's lock.
const busyTimeout = 10 * time.Second

// readers is the number of reader connections in the pool.
const readers = 4

// Store is the embedded store. It is safe for concurrent use; writers are
// serialised, readers see the last committed version.
type Store struct {
	path string
	log  zerolog.Logger

	mu sync.Mutex   // serialises Apply and guards w
	w  *sqlite.Conn // the writer connection, opened on first use

	pool   *readerPool // reader connections
	closed atomic.Bool
}

// errClosed is returned by a store after Close.
func errClosed(op string) error {
	return &graph.Error{Code: graph.EUNAVAILABLE, Op: op, Message: "the store is closed"}
}

var _ graph.Store = (*Store)(nil)

// DefaultPath returns where the store lives when no path is given:
// $CITYGRAPH_STORE if set, else $XDG_DATA_HOME/citygraph/citygraph.db, else
// $HOME/.local/share/citygraph/citygraph.db (citygraph.db in the working
// directory when HOME is unset too).
func DefaultPath(getenv func(string) string) string {
	if p := getenv("CITYGRAPH_STORE"); p != "" {
		return p
	}
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "citygraph", "citygraph.db")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "citygraph", "citygraph.db")
	}
	return "citygraph.db"
}

// Open opens the store at path, creating the file, its parent directory
// and the schema if needed. Errors: EUNAVAILABLE when the file cannot be
// opened or created, EINVALID when it is not a citygraph store or has a
// newer schema.
func Open(ctx context.Context, path string, log zerolog.Logger) (*Store, error) {
	const op = "sqlite: open"
	if path == "" {
		return nil, &graph.Error{Code: graph.EINVALID, Op: op, Message: "no store path given"}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &graph.Error{Code: graph.EUNAVAILABLE, Op: op, Message: fmt.Sprintf("store %s", path), Err: err}
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, &graph.Error{Code: graph.EUNAVAILABLE, Op: op, Message: fmt.Sprintf("create directory of store %s", abs), Err: err}
	}
	s := &Store{path: abs, log: log.With().Str("store", abs).Logger()}
	c, err := s.migrate(ctx)
	if err != nil {
		s.Close()
		return nil, wrap(op, fmt.Sprintf("store %s", abs), err)
	}
	s.pool = newReaderPool(readers, func() (*sqlite.Conn, error) { return s.connect(false) })
	if c != nil {
		s.pool.idle = append(s.pool.idle, c) // the first reader
	}
	s.log.Debug().Int("schema", SchemaVersion).Msg("store opened")
	return s, nil
}

// connect opens a connection to the store's file.
func (s *Store) connect(create bool) (*sqlite.Conn, error) {
	flags := sqlite.OpenReadWrite
	if create {
		flags |= sqlite.OpenCreate
	}
	c, err := sqlite.OpenConn(s.path, flags)
	if err != nil {
		return nil, err
	}
	if err := setUp(c); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// setUp sets the pragmas and the busy timeout of a new connection.
func setUp(c *sqlite.Conn) error {
	c.SetBusyTimeout(busyTimeout)
	if err := execAll(c, pragmas); err != nil {
		return fmt.Errorf("set pragmas: %w", err)
	}
	return nil
}

// writer returns the writer connection; s.mu must be held. It does not
// enforce foreign keys row by row: Apply checks every end of the batch
// before it writes (see the package comment).
func (s *Store) writer() (*sqlite.Conn, error) {
	if s.closed.Load() {
		return nil, errClosed("")
	}
	if s.w == nil {
		w, err := s.connect(false)
		if err != nil {
			return nil, err
		}
		if err := execAll(w, "PRAGMA foreign_keys = OFF"); err != nil {
			w.Close()
			return nil, err
		}
		s.w = w
	}
	return s.w, nil
}

// reader takes a reader connection from the pool, interrupted when ctx
// ends; give it back with release.
func (s *Store) reader(ctx context.Context) (*sqlite.Conn, error) {
	if s.closed.Load() {
		return nil, errClosed("")
	}
	c, err := s.pool.take(ctx)
	switch {
	case err == nil:
		return c, nil
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, errPoolClosed):
		return nil, errClosed("")
	}
	return nil, err
}

// release gives c back to the pool, out of any transaction: a connection
// left inside one would show an old version.
func (s *Store) release(c *sqlite.Conn) {
	if !c.AutocommitEnabled() {
		c.SetInterrupt(nil)
		if err := execAll(c, "ROLLBACK"); err != nil {
			s.log.Warn().Err(err).Msg("rollback of a read transaction failed")
		}
	}
	s.pool.put(c)
}

// migrate creates the schema in one transaction if the file has none, and
// refuses files it does not understand. A file that holds this version's
// schema (the schema scripts' hash in meta) and a store id is only read,
// and the connection that read it is returned to serve as the first reader:
// a warm start writes nothing and syncs nothing. Otherwise the connection
// is closed and nil returned.
func (s *Store) migrate(ctx context.Context) (*sqlite.Conn, error) {
	c, err := s.connect(true)
	if err != nil {
		return nil, err
	}
	if current(c) {
		return c, nil
	}
	defer c.Close()
	c.SetInterrupt(ctx.Done())
	if err := execAll(c, "BEGIN IMMEDIATE"); err != nil {
		return nil, err
	}
	if err := s.migrateTx(c); err != nil {
		c.SetInterrupt(nil)
		execAll(c, "ROLLBACK")
		return nil, err
	}
	if err := execAll(c, "COMMIT"); err != nil {
		return nil, err
	}
	// Only now that the file is known to be a citygraph store; the mode is
	// kept in the file.
	return nil, execAll(c, "PRAGMA journal_mode = WAL")
}

// schemaHash names the schema scripts: a file whose meta row 'schema'
// holds it was set up by them, so that opening it need not run them again
// (a script changed without a new SchemaVersion still runs once).
var schemaHash = func() string {
	sum := sha256.Sum256([]byte(schemaSQL + "\x00" + scoresSQL))
	return hex.EncodeToString(sum[:8])
}()

// current reports whether c's file holds this version's schema, a store id
// and the WAL mode, read without a write transaction. Any error (no meta
// table, a file that is no database) says no: migrate then finds out what
// the file is.
func current(c *sqlite.Conn) bool {
	if v, err := queryInt(c, "PRAGMA user_version"); err != nil || v != SchemaVersion {
		return false
	}
	st, err := c.Prepare("SELECT (SELECT value FROM meta WHERE key = 'schema'), (SELECT count(*) FROM meta WHERE key = 'store_id'), (SELECT journal_mode FROM pragma_journal_mode)")
	if err != nil {
		return false
	}
	defer st.Reset()
	if row, err := st.Step(); err != nil || !row {
		return false
	}
	return st.ColumnText(0) == schemaHash && st.ColumnInt64(1) == 1 && st.ColumnText(2) == "wal"
}

func (s *Store) migrateTx(c *sqlite.Conn) error {
	v, err := queryInt(c, "PRAGMA user_version")
	if err != nil {
		return err
	}
	switch {
	case v > SchemaVersion:
		return graph.Errorf(graph.EINVALID, "schema version %d is newer than this citygraph understands (%d)", v, SchemaVersion)
	case v == 0:
		n, err := queryInt(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'")
		if err != nil {
			return err
		}
		if n > 0 {
			return graph.Errorf(graph.EINVALID, "not a citygraph store (the file holds %d other tables)", n)
		}
	}
	if v == 1 {
		// Version 2 keeps each link's claims and events.
		if err := execAll(c, "ALTER TABLE partnership ADD COLUMN claims TEXT; ALTER TABLE partnership ADD COLUMN events TEXT"); err != nil {
			return fmt.Errorf("migrate schema 1 to 2: %w", err)
		}
	}
	if v >= 1 && v < 3 {
		// Version 3 keeps a place's GeoNames id and Wikidata QID.
		if err := execAll(c, "ALTER TABLE municipality ADD COLUMN geonames_id INTEGER; ALTER TABLE municipality ADD COLUMN wikidata TEXT"); err != nil {
			return fmt.Errorf("migrate schema %d to 3: %w", v, err)
		}
	}
	if v >= 1 && v < 5 {
		// Version 5 keeps an organisation's type and home municipality
		// (and adds the table cooperation, which the schema script creates).
		if err := execAll(c, "ALTER TABLE organisation ADD COLUMN type TEXT; ALTER TABLE organisation ADD COLUMN municipality TEXT"); err != nil {
			return fmt.Errorf("migrate schema %d to 5: %w", v, err)
		}
	}
	// Version 4 adds the table reported_count, which the schema script
	// creates.
	if err := sqlitex.ExecuteScript(c, schemaSQL, nil); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	if err := sqlitex.ExecuteScript(c, scoresSQL, nil); err != nil {
		return fmt.Errorf("create score tables: %w", err)
	}
	// The store id tells this store's cached snapshots from another's
	// (Marker); it is made once, when the file gets its schema.
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return fmt.Errorf("make a store id: %w", err)
	}
	if err := sqlitex.Execute(c, "INSERT INTO meta (key, value) VALUES ('store_id', ?) ON CONFLICT (key) DO NOTHING",
		&sqlitex.ExecOptions{Args: []any{hex.EncodeToString(id)}}); err != nil {
		return fmt.Errorf("write the store id: %w", err)
	}
	if err := sqlitex.Execute(c, "INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		&sqlitex.ExecOptions{Args: []any{schemaHash}}); err != nil {
		return fmt.Errorf("write the schema hash: %w", err)
	}
	return execAll(c, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion))
}

// Path returns the absolute path of the store's file.
func (s *Store) Path() string { return s.path }

// Close closes the store's connections, interrupting the readers in use
// and waiting for them; the last connection to close checkpoints the WAL
// into the main file.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	var errs []error
	if s.pool != nil {
		errs = append(errs, s.pool.close())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.w != nil {
		errs = append(errs, s.w.Close())
		s.w = nil
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// Version returns the store's version, which grows by one with every Apply
// that changes the graph. Errors: EUNAVAILABLE.
func (s *Store) Version(ctx context.Context) (int64, error) {
	const op = "sqlite: version"
	c, err := s.reader(ctx)
	if err != nil {
		return 0, wrap(op, "", err)
	}
	defer s.release(c)
	v, err := queryInt(c, versionSQL)
	if err != nil {
		return 0, wrap(op, "", ctxErr(ctx, err))
	}
	return v, nil
}

const versionSQL = "SELECT value FROM meta WHERE key = 'version'"

// Imports lists the imported files, oldest first. Errors: EUNAVAILABLE.
func (s *Store) Imports(ctx context.Context) ([]graph.ImportRecord, error) {
	const op = "sqlite: imports"
	c, err := s.reader(ctx)
	if err != nil {
		return nil, wrap(op, "", err)
	}
	defer s.release(c)
	st, err := prepare(c, "SELECT file, sha256, kind, rows FROM import ORDER BY seq")
	if err != nil {
		return nil, wrap(op, "", ctxErr(ctx, err))
	}
	var out []graph.ImportRecord
	err = each(st, ctx.Err, func(r *row) error {
		out = append(out, graph.ImportRecord{File: r.text(0), SHA256: r.text(1), Kind: r.text(2), Rows: int(r.int(3))})
		return nil
	})
	if err != nil {
		return nil, wrap(op, "", ctxErr(ctx, err))
	}
	return out, nil
}

// wrap returns err with op, keeping a *graph.Error's code and giving SQLite's
// own failures one: busy or locked files, I/O errors and files that are not
// databases are EUNAVAILABLE, anything else EINTERNAL.
func wrap(op, msg string, err error) error {
	if err == nil {
		return nil
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		c := *ge
		if c.Op == "" {
			c.Op = op
		} else {
			c.Op = op + ": " + c.Op
		}
		if msg != "" {
			c.Message = msg + ": " + c.Message
		}
		return &c
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		if msg != "" {
			return fmt.Errorf("%s: %s: %w", op, msg, err)
		}
		return fmt.Errorf("%s: %w", op, err)
	}
	code := graph.EINTERNAL
	switch sqlite.ErrCode(err).ToPrimary() {
	case sqlite.ResultBusy, sqlite.ResultLocked:
		code, msg = graph.EUNAVAILABLE, join(msg, "the store is locked by another process")
	case sqlite.ResultCantOpen, sqlite.ResultIOErr, sqlite.ResultReadOnly, sqlite.ResultFull, sqlite.ResultPerm:
		code, msg = graph.EUNAVAILABLE, join(msg, "cannot read or write the store's file")
	case sqlite.ResultNotADB, sqlite.ResultCorrupt:
		code, msg = graph.EINVALID, join(msg, "not a citygraph store or damaged")
	}
	return &graph.Error{Code: code, Op: op, Message: msg, Err: err}
}

// ctxErr returns ctx's error when ctx has ended (SQLite then reports the
// interruption), else err.
func ctxErr(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + ": " + b
}
