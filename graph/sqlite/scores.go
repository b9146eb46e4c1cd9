package sqlite

import (
	"context"
	"fmt"
	"math"
	"time"

	"zombiezen.com/go/sqlite"

	"github.com/citygraph/citygraph/graph"
)

var _ graph.ScoreStore = (*Store)(nil)

// WriteScores stores a score set in the tables score_set and place_score
// (scores.sql), in one transaction: the set's rows replace those of an
// earlier set with the same property. Scores are not part of the graph:
// the version stays. Errors: EINVALID for a set that graph.ScoreSet.Validate
// rejects or that names places the store does not hold; EUNAVAILABLE.
func (s *Store) WriteScores(ctx context.Context, set *graph.ScoreSet) (graph.ScoreInfo, error) {
	const op = "sqlite: write scores"
	if err := set.Validate(); err != nil {
		return graph.ScoreInfo{}, wrap(op, "", err)
	}
	info := set.Info()
	info.WrittenAt = time.Now().UTC().Truncate(time.Millisecond)
	info.Complete = true
	err := s.writeTx(ctx, func(c *sqlite.Conn) error {
		if err := checkPlaces(ctx, c, set); err != nil {
			return err
		}
		if err := execArgs(c, "DELETE FROM place_score WHERE property = ?", set.Property); err != nil {
			return err
		}
		if err := execArgs(c, `INSERT OR REPLACE INTO score_set (property, metric, params, data_version, software, is_integer, places, written_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, set.Property, set.Metric, set.Params, set.DataVersion, nullIfEmpty(set.Software),
			boolInt(set.Integer), int64(len(set.Scores)), info.WrittenAt.Format(time.RFC3339Nano)); err != nil {
			return err
		}
		st, err := prepare(c, "INSERT INTO place_score (property, place, value) VALUES (?, ?, ?)")
		if err != nil {
			return err
		}
		for i, sc := range set.Scores {
			if i%every == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			st.BindText(1, set.Property)
			st.BindText(2, sc.Place)
			if set.Integer {
				st.BindInt64(3, int64(sc.Value))
			} else {
				st.BindFloat(3, sc.Value)
			}
			if err := run(st); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return graph.ScoreInfo{}, wrap(op, "", ctxErr(ctx, err))
	}
	return info, nil
}

// checkPlaces returns an EINVALID error naming the places of set that the
// store does not hold.
func checkPlaces(ctx context.Context, c *sqlite.Conn, set *graph.ScoreSet) error {
	st, err := prepare(c, "SELECT 1 FROM municipality WHERE id = ?")
	if err != nil {
		return err
	}
	var unknown []string
	for i, sc := range set.Scores {
		if i%every == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		st.BindText(1, sc.Place)
		ok, err := st.Step()
		st.Reset()
		if err != nil {
			return err
		}
		if !ok {
			unknown = append(unknown, sc.Place)
		}
	}
	return graph.UnknownPlaces(set.Property, unknown)
}

// RemoveScores deletes a score set and its values. Errors: ENOTFOUND when
// no set has that property; EUNAVAILABLE.
func (s *Store) RemoveScores(ctx context.Context, property string) (int, error) {
	const op = "sqlite: remove scores"
	var n int64
	err := s.writeTx(ctx, func(c *sqlite.Conn) error {
		known, err := queryIntArgs(c, "SELECT count(*) FROM score_set WHERE property = ?", property)
		if err != nil {
			return err
		}
		if known == 0 {
			return graph.Errorf(graph.ENOTFOUND, "no score set %q in the store", property)
		}
		if n, err = queryIntArgs(c, "SELECT count(*) FROM place_score WHERE property = ?", property); err != nil {
			return err
		}
		if err := execArgs(c, "DELETE FROM place_score WHERE property = ?", property); err != nil {
			return err
		}
		return execArgs(c, "DELETE FROM score_set WHERE property = ?", property)
	})
	if err != nil {
		return 0, wrap(op, "", ctxErr(ctx, err))
	}
	return int(n), nil
}

// ScoreSets lists the stored score sets by property. Errors: EUNAVAILABLE.
func (s *Store) ScoreSets(ctx context.Context) ([]graph.ScoreInfo, error) {
	const op = "sqlite: score sets"
	c, err := s.reader(ctx)
	if err != nil {
		return nil, wrap(op, "", err)
	}
	defer s.release(c)
	st, err := prepare(c, `SELECT property, metric, params, data_version, coalesce(software, ''), is_integer, places, written_at
FROM score_set ORDER BY property`)
	if err != nil {
		return nil, wrap(op, "", ctxErr(ctx, err))
	}
	var out []graph.ScoreInfo
	err = each(st, ctx.Err, func(r *row) error {
		at, err := time.Parse(time.RFC3339Nano, r.text(7))
		if err != nil {
			return fmt.Errorf("score set %s: written_at: %w", r.text(0), err)
		}
		out = append(out, graph.ScoreInfo{Property: r.text(0), Metric: r.text(1), Params: r.text(2), DataVersion: r.int(3),
			Software: r.text(4), Integer: r.int(5) != 0, Places: int(r.int(6)), WrittenAt: at, Complete: true})
		return nil
	})
	if err != nil {
		return nil, wrap(op, "", ctxErr(ctx, err))
	}
	return out, nil
}

// Scores returns the values of one score set by place id. Errors:
// ENOTFOUND, EUNAVAILABLE.
func (s *Store) Scores(ctx context.Context, property string) (map[string]float64, error) {
	const op = "sqlite: scores"
	c, err := s.reader(ctx)
	if err != nil {
		return nil, wrap(op, "", err)
	}
	defer s.release(c)
	known, err := queryIntArgs(c, "SELECT count(*) FROM score_set WHERE property = ?", property)
	if err != nil {
		return nil, wrap(op, "", ctxErr(ctx, err))
	}
	if known == 0 {
		return nil, wrap(op, "", graph.Errorf(graph.ENOTFOUND, "no score set %q in the store", property))
	}
	st, err := prepare(c, "SELECT place, value FROM place_score WHERE property = ?")
	if err != nil {
		return nil, wrap(op, "", ctxErr(ctx, err))
	}
	st.BindText(1, property)
	out := map[string]float64{}
	err = each(st, ctx.Err, func(r *row) error {
		out[r.text(0)] = r.float(1)
		return nil
	})
	if err != nil {
		return nil, wrap(op, "", ctxErr(ctx, err))
	}
	return out, nil
}

// writeTx runs fn in a write transaction on the writer connection
// (BEGIN IMMEDIATE ... COMMIT), rolled back when fn fails.
func (s *Store) writeTx(ctx context.Context, fn func(c *sqlite.Conn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.writer()
	if err != nil {
		return err
	}
	c.SetInterrupt(ctx.Done())
	defer c.SetInterrupt(nil)
	if err := execAll(c, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(c); err != nil {
		c.SetInterrupt(nil)
		s.rollback(c)
		return err
	}
	if err := ctx.Err(); err != nil {
		c.SetInterrupt(nil)
		s.rollback(c)
		return err
	}
	return execAll(c, "COMMIT")
}

// execArgs runs a cached statement with arguments (strings, int64, nil).
func execArgs(c *sqlite.Conn, sql string, args ...any) error {
	st, err := prepare(c, sql)
	if err != nil {
		return err
	}
	if err := bindArgs(st, args); err != nil {
		st.Reset()
		return err
	}
	return run(st)
}

// queryIntArgs returns the first column of the first row of a cached
// statement with arguments as an integer; 0 when there is no row.
func queryIntArgs(c *sqlite.Conn, sql string, args ...any) (int64, error) {
	st, err := prepare(c, sql)
	if err != nil {
		return 0, err
	}
	defer st.Reset()
	if err := bindArgs(st, args); err != nil {
		return 0, err
	}
	ok, err := st.Step()
	if err != nil || !ok {
		return 0, err
	}
	return st.ColumnInt64(0), nil
}

func bindArgs(st *sqlite.Stmt, args []any) error {
	for i, a := range args {
		switch v := a.(type) {
		case string:
			st.BindText(i+1, v)
		case int64:
			st.BindInt64(i+1, v)
		case float64:
			if math.IsNaN(v) {
				return fmt.Errorf("argument %d is NaN", i+1)
			}
			st.BindFloat(i+1, v)
		case nil:
			st.BindNull(i + 1)
		default:
			return fmt.Errorf("argument %d: unsupported type %T", i+1, a)
		}
	}
	return nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
