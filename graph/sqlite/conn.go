package sqlite

import (
	"fmt"
	"strings"

	"zombiezen.com/go/sqlite"
	"zombiezen.com/go/sqlite/sqlitex"

	"github.com/citygraph/citygraph/graph"
)

// execAll runs statements without parameters and results, one by one and
// outside any savepoint (PRAGMA foreign_keys, for one, does nothing
// inside a transaction); sqls are separated by ";" and hold no ";" inside.
func execAll(c *sqlite.Conn, sqls string) error {
	for q := range strings.SplitSeq(sqls, ";") {
		if q = strings.TrimSpace(q); q == "" {
			continue
		}
		if err := sqlitex.ExecuteTransient(c, q, nil); err != nil {
			return err
		}
	}
	return nil
}

// queryInt returns the first column of the first row of sql, a cached
// statement, as an integer; 0 when there is no row.
func queryInt(c *sqlite.Conn, sql string) (int64, error) {
	st, err := c.Prepare(sql)
	if err != nil {
		return 0, err
	}
	defer st.Reset()
	row, err := st.Step()
	if err != nil || !row {
		return 0, err
	}
	return st.ColumnInt64(0), nil
}

// binder binds one row's values to a multi-row statement: parameter
// indexes given to its methods are shifted by off, so that one row's
// binder can fill any row of the statement.
type binder struct {
	st  *sqlite.Stmt
	off int
}

// text binds v to parameter i (1-based).
func (b binder) text(i int, v string) { b.st.BindText(i+b.off, v) }

// bytes binds v as text (a BLOB would be JSONB to SQLite's JSON functions).
func (b binder) bytes(i int, v []byte) { b.st.BindText(i+b.off, string(v)) }

// textOrNull binds v, or NULL when v is empty.
func (b binder) textOrNull(i int, v string) {
	if v == "" {
		b.st.BindNull(i + b.off)
		return
	}
	b.st.BindText(i+b.off, v)
}

func (b binder) int(i int, v int64) { b.st.BindInt64(i+b.off, v) }

func (b binder) float(i int, v float64) { b.st.BindFloat(i+b.off, v) }

func (b binder) null(i int) { b.st.BindNull(i + b.off) }

// row reads the columns of a statement's current row.
type row struct {
	st  *sqlite.Stmt
	buf []byte // scratch for view

	// last holds the value shared last per column: a column in key order,
	// or with few distinct values, often repeats the previous row's value,
	// and comparing with it is cheaper than looking it up in the interner.
	last [16]string
	// places, when set, are the snapshot's places in id order, and next
	// the first of them not yet passed by place.
	places []graph.Municipality
	next   int
}

// view returns column i (0-based) as bytes that stay valid until the
// next call of view; nil for NULL or "". It copies the column into a
// scratch buffer, asking SQLite for the length only when the buffer may
// be too short.
func (r *row) view(i int) []byte {
	if len(r.buf) == 0 {
		r.buf = make([]byte, 4096)
	}
	n := r.st.ColumnBytes(i, r.buf)
	if n == len(r.buf) {
		if n = r.st.ColumnLen(i); n > len(r.buf) {
			r.buf = make([]byte, 2*n)
		}
		r.st.ColumnBytes(i, r.buf[:n])
	}
	return r.buf[:n:n]
}

// text returns column i, "" for NULL.
func (r *row) text(i int) string { return r.st.ColumnText(i) }

// shared returns column i like text, sharing one string among equal
// values of columns with few distinct values (kinds, countries, files).
func (r *row) shared(i int, in interner) string {
	v := r.view(i)
	if i >= len(r.last) {
		return in.get(v)
	}
	if string(v) == r.last[i] {
		return r.last[i]
	}
	s := in.get(v)
	r.last[i] = s
	return s
}

// place returns column i, a place id in a column the statement orders by
// first, as the id string of r.places: both are sorted in the same
// (byte) order, so one walk along the places finds every id without a
// look-up in the interner. Ids not found there come from the interner.
func (r *row) place(i int, in interner) string {
	v := r.view(i)
	for r.next < len(r.places) && r.places[r.next].ID < string(v) {
		r.next++
	}
	if r.next < len(r.places) && r.places[r.next].ID == string(v) {
		return r.places[r.next].ID
	}
	return r.shared(i, in)
}

func (r *row) int(i int) int64 { return r.st.ColumnInt64(i) }

func (r *row) float(i int) float64 { return r.st.ColumnFloat(i) }

func (r *row) null(i int) bool { return r.st.ColumnIsNull(i) }

// each steps st to its end, calling fn on every row, and leaves st reset.
// It looks at done (a context's Err) every few thousand rows.
func each(st *sqlite.Stmt, done func() error, fn func(r *row) error) error {
	return eachRow(&row{st: st}, done, fn)
}

// eachRow is each with the row reader given (r.st the statement).
func eachRow(r *row, done func() error, fn func(r *row) error) error {
	st := r.st
	defer st.Reset()
	for n := 0; ; n++ {
		if n%every == 0 {
			if err := done(); err != nil {
				return err
			}
		}
		ok, err := st.Step()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		if err := fn(r); err != nil {
			return err
		}
	}
}

// run steps st to its end, for statements without results.
func run(st *sqlite.Stmt) error {
	defer st.Reset()
	for {
		ok, err := st.Step()
		if err != nil || !ok {
			return err
		}
	}
}

// prepare returns the cached statement for sql.
func prepare(c *sqlite.Conn, sql string) (*sqlite.Stmt, error) {
	st, err := c.Prepare(sql)
	if err != nil {
		return nil, fmt.Errorf("prepare %.60q: %w", sql, err)
	}
	return st, nil
}

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
