package sqlite

import (
	"context"
	"fmt"
	"os"
)

// Marker returns what identifies the store's current content, for caches
// of the snapshot (graph/snapcache): the store's id (its file's path and
// the random id the file got with its schema, so that another store put at
// the same path is another store) and its version, which grows with every
// Apply that changes the graph. It is one small read. Errors: EUNAVAILABLE.
func (s *Store) Marker(ctx context.Context) (id string, version int64, err error) {
	const op = "sqlite: marker"
	c, err := s.reader(ctx)
	if err != nil {
		return "", 0, wrap(op, "", err)
	}
	defer s.release(c)
	st, err := prepare(c, "SELECT (SELECT value FROM meta WHERE key = 'store_id'), ("+versionSQL+")")
	if err != nil {
		return "", 0, wrap(op, "", ctxErr(ctx, err))
	}
	defer st.Reset()
	row, err := st.Step()
	if err != nil {
		return "", 0, wrap(op, "", ctxErr(ctx, err))
	}
	if !row || st.ColumnText(0) == "" {
		return "", 0, nil
	}
	return "sqlite " + s.path + " " + st.ColumnText(0), st.ColumnInt64(1), nil
}

// Stamp describes the state of the store's files (the database and its
// write-ahead log: identity, size, times), for caches of the snapshot: a
// program other than citygraph (sqlite3) that changes the file does not
// move the version but does change the stamp, and so does a file copied or
// moved over the store. Opening and reading the store leave it as it is.
func (s *Store) Stamp() (string, error) {
	db, err := os.Stat(s.path)
	if err != nil {
		return "", fmt.Errorf("sqlite: stamp: %w", err)
	}
	stamp := "db " + fileStamp(db)
	// An empty log (every open makes one) holds nothing: its times say
	// only when it was made.
	if wal, err := os.Stat(s.path + "-wal"); err == nil && wal.Size() > 0 {
		stamp += " wal " + fileStamp(wal)
	}
	return stamp, nil
}
