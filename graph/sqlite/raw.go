package sqlite

import (
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// rawConn is one SQLite connection used through SQLite's C API as
// modernc.org/sqlite/lib exposes it, for the write path. database/sql's
// driver re-prepares a statement on every execution and binds parameters
// in quadratic time, which limits bulk inserts to a few ten thousand rows a
// second; prepared statements that are bound, stepped and reset directly
// write several hundred thousand. The store reads and writes through it
// alone.
type rawConn struct {
	tls   *libc.TLS
	db    uintptr
	empty uintptr // a C "" to bind empty strings as text, not NULL

	// scratch is C memory that text is copied into before it is bound:
	// SQLite's code must never hold addresses of Go memory, which the Go
	// runtime may move (stacks) or free.
	scratch    uintptr
	scratchLen int

	mu sync.Mutex // guards db against interrupt after close
}

// readPtr reads the pointer that SQLite stored at p.
func readPtr(p uintptr) uintptr {
	if unsafe.Sizeof(p) == 4 {
		return uintptr(binary.NativeEndian.Uint32(libc.GoBytes(p, 4)))
	}
	return uintptr(binary.NativeEndian.Uint64(libc.GoBytes(p, 8)))
}

// transient tells SQLite to copy bound text before the bind call returns.
const transient = ^uintptr(0)

func openRaw(path string, flags int32, pragmas string) (*rawConn, error) {
	c := &rawConn{tls: libc.NewTLS()}
	if err := c.open(path, flags, pragmas); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

func (c *rawConn) open(path string, flags int32, pragmas string) error {
	name, err := libc.CString(path)
	if err != nil {
		return err
	}
	defer libc.Xfree(c.tls, name)
	pdb, err := libc.CString("01234567") // 8 bytes for the sqlite3* result
	if err != nil {
		return err
	}
	defer libc.Xfree(c.tls, pdb)
	rc := sqlite3.Xsqlite3_open_v2(c.tls, name, pdb, flags, 0)
	c.db = readPtr(pdb) // a handle even on error, to be closed
	if rc != sqlite3.SQLITE_OK {
		return c.err(rc)
	}
	sqlite3.Xsqlite3_extended_result_codes(c.tls, c.db, 1)
	if c.empty, err = libc.CString(""); err != nil {
		return err
	}
	if err := c.exec(pragmas); err != nil {
		return fmt.Errorf("set pragmas: %w", err)
	}
	return nil
}

func (c *rawConn) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	if c.db != 0 {
		if rc := sqlite3.Xsqlite3_close_v2(c.tls, c.db); rc != sqlite3.SQLITE_OK {
			err = c.err(rc)
		}
		c.db = 0
	}
	if c.empty != 0 {
		libc.Xfree(c.tls, c.empty)
		c.empty = 0
	}
	if c.scratch != 0 {
		libc.Xfree(c.tls, c.scratch)
		c.scratch, c.scratchLen = 0, 0
	}
	c.tls.Close()
	return err
}

// err returns SQLite's error for rc with its code.
func (c *rawConn) err(rc int32) error {
	msg := libc.GoString(sqlite3.Xsqlite3_errstr(c.tls, rc))
	if c.db != 0 {
		if m := libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db)); m != msg {
			msg += ": " + m
		}
	}
	return &rawError{code: int(rc), msg: msg}
}

// rawError is an SQLite error with its result code.
type rawError struct {
	code int
	msg  string
}

func (e *rawError) Error() string { return fmt.Sprintf("%s (%d)", e.msg, e.code) }

// Code returns SQLite's extended result code, like *sqlite.Error.
func (e *rawError) Code() int { return e.code }

// exec runs one or more statements without parameters.
func (c *rawConn) exec(sql string) error {
	q, err := libc.CString(sql)
	if err != nil {
		return err
	}
	defer libc.Xfree(c.tls, q)
	if rc := sqlite3.Xsqlite3_exec(c.tls, c.db, q, 0, 0, 0); rc != sqlite3.SQLITE_OK {
		return c.err(rc)
	}
	return nil
}

// interruptOnDone interrupts the connection's running statement when ctx
// ends; call the returned function when the work is over.
func (c *rawConn) interruptOnDone(ctx context.Context) (stop func()) {
	if ctx.Done() == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-ctx.Done():
			tls := libc.NewTLS()
			c.mu.Lock()
			if c.db != 0 {
				sqlite3.Xsqlite3_interrupt(tls, c.db)
			}
			c.mu.Unlock()
			tls.Close()
		case <-done:
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// rawStmt is a prepared statement. Parameter indexes given to the bind
// methods are shifted by off, so that one row's binder can fill any row of
// a multi-row statement.
type rawStmt struct {
	c   *rawConn
	p   uintptr
	off int
	err error // a failed bind, reported by step
}

func (c *rawConn) prepare(sql string) (*rawStmt, error) {
	q, err := libc.CString(sql)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, q)
	pp, err := libc.CString("01234567")
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, pp)
	if rc := sqlite3.Xsqlite3_prepare_v2(c.tls, c.db, q, -1, pp, 0); rc != sqlite3.SQLITE_OK {
		return nil, fmt.Errorf("prepare %.60q: %w", sql, c.err(rc))
	}
	return &rawStmt{c: c, p: readPtr(pp)}, nil
}

func (s *rawStmt) close() {
	if s.p != 0 {
		sqlite3.Xsqlite3_finalize(s.c.tls, s.p)
		s.p = 0
	}
}

// cmem returns n bytes of C memory, valid until the next call.
func (c *rawConn) cmem(n int) (uintptr, error) {
	if n > c.scratchLen {
		size := max(n, 2*c.scratchLen, 4096)
		p, err := libc.CString(strings.Repeat("\x00", size))
		if err != nil {
			return 0, err
		}
		if c.scratch != 0 {
			libc.Xfree(c.tls, c.scratch)
		}
		c.scratch, c.scratchLen = p, size
	}
	return c.scratch, nil
}

// text binds v to parameter i (1-based); SQLite copies it.
func (s *rawStmt) text(i int, v string) {
	if len(v) == 0 {
		sqlite3.Xsqlite3_bind_text(s.c.tls, s.p, int32(i+s.off), s.c.empty, 0, transient)
		return
	}
	p, err := s.c.cmem(len(v))
	if err != nil {
		s.err = err
		return
	}
	copy(libc.GoBytes(p, len(v)), v)
	sqlite3.Xsqlite3_bind_text(s.c.tls, s.p, int32(i+s.off), p, int32(len(v)), transient)
}

// bytes binds v as text; SQLite copies it.
func (s *rawStmt) bytes(i int, v []byte) {
	if len(v) == 0 {
		sqlite3.Xsqlite3_bind_text(s.c.tls, s.p, int32(i+s.off), s.c.empty, 0, transient)
		return
	}
	p, err := s.c.cmem(len(v))
	if err != nil {
		s.err = err
		return
	}
	copy(libc.GoBytes(p, len(v)), v)
	sqlite3.Xsqlite3_bind_text(s.c.tls, s.p, int32(i+s.off), p, int32(len(v)), transient)
}

// textOrNull binds v, or NULL when v is empty.
func (s *rawStmt) textOrNull(i int, v string) {
	if v == "" {
		s.null(i)
		return
	}
	s.text(i, v)
}

func (s *rawStmt) int(i int, v int64) { sqlite3.Xsqlite3_bind_int64(s.c.tls, s.p, int32(i+s.off), v) }

func (s *rawStmt) float(i int, v float64) {
	sqlite3.Xsqlite3_bind_double(s.c.tls, s.p, int32(i+s.off), v)
}

func (s *rawStmt) null(i int) { sqlite3.Xsqlite3_bind_null(s.c.tls, s.p, int32(i+s.off)) }

// step runs the statement one step: true when a row is ready.
func (s *rawStmt) step() (bool, error) {
	if s.err != nil {
		err := s.err
		s.err = nil
		s.reset()
		return false, fmt.Errorf("bind: %w", err)
	}
	switch rc := sqlite3.Xsqlite3_step(s.c.tls, s.p); rc {
	case sqlite3.SQLITE_ROW:
		return true, nil
	case sqlite3.SQLITE_DONE:
		return false, nil
	default:
		sqlite3.Xsqlite3_reset(s.c.tls, s.p)
		return false, s.c.err(rc)
	}
}

// run steps the statement to its end and resets it for the next bindings.
func (s *rawStmt) run() error {
	for {
		row, err := s.step()
		if err != nil {
			return err
		}
		if !row {
			break
		}
	}
	s.reset()
	return nil
}

func (s *rawStmt) reset() {
	sqlite3.Xsqlite3_reset(s.c.tls, s.p)
	sqlite3.Xsqlite3_clear_bindings(s.c.tls, s.p)
}

// colView returns column i (0-based) of the current row as bytes that stay
// valid until the next step or reset; nil for NULL or "".
func (s *rawStmt) colView(i int) []byte {
	p := sqlite3.Xsqlite3_column_text(s.c.tls, s.p, int32(i))
	if p == 0 {
		return nil
	}
	n := sqlite3.Xsqlite3_column_bytes(s.c.tls, s.p, int32(i))
	if n == 0 {
		return nil
	}
	return libc.GoBytes(p, int(n))
}

// colText returns column i (0-based) of the current row, "" for NULL.
func (s *rawStmt) colText(i int) string { return string(s.colView(i)) }

// colShared returns column i like colText, sharing one string among equal
// values of columns with few distinct values (kinds, countries, files).
func (s *rawStmt) colShared(i int, in interner) string { return in.get(s.colView(i)) }

func (s *rawStmt) colInt(i int) int64 { return sqlite3.Xsqlite3_column_int64(s.c.tls, s.p, int32(i)) }

func (s *rawStmt) colFloat(i int) float64 {
	return sqlite3.Xsqlite3_column_double(s.c.tls, s.p, int32(i))
}

func (s *rawStmt) colNull(i int) bool {
	return sqlite3.Xsqlite3_column_type(s.c.tls, s.p, int32(i)) == sqlite3.SQLITE_NULL
}

// queryInt returns the first column of the first row of sql as an integer.
func (c *rawConn) queryInt(sql string, args ...string) (int64, error) {
	st, err := c.prepare(sql)
	if err != nil {
		return 0, err
	}
	defer st.close()
	for i, a := range args {
		st.text(i+1, a)
	}
	row, err := st.step()
	if err != nil || !row {
		return 0, err
	}
	return st.colInt(0), nil
}

// autocommit reports whether no transaction is open.
func (c *rawConn) autocommit() bool { return sqlite3.Xsqlite3_get_autocommit(c.tls, c.db) != 0 }

// interner shares strings among equal values.
type interner map[string]string

func (in interner) get(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := in[string(b)]; ok {
		return s
	}
	if in == nil {
		return string(b)
	}
	s := string(b)
	if len(in) < 1<<20 {
		in[s] = s
	}
	return s
}
