package sqlite

import (
	"context"
	"fmt"

	"github.com/citygraph/citygraph/graph"
)

// Snapshot reads the whole graph in one read transaction, so that it shows
// one version even while an Apply runs; rows are streamed in key order.
// Errors: EUNAVAILABLE when the file cannot be read.
func (s *Store) Snapshot(ctx context.Context) (*graph.Snapshot, error) {
	const op = "sqlite: snapshot"
	c, err := s.reader()
	if err != nil {
		return nil, wrap(op, "", err)
	}
	defer s.release(c)
	stop := c.interruptOnDone(ctx)
	defer stop()
	if err := c.exec("BEGIN"); err != nil {
		return nil, wrap(op, "", err)
	}
	snap, err := readSnapshot(ctx, c)
	if rerr := c.exec("ROLLBACK"); err == nil && rerr != nil {
		err = rerr
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, wrap(op, "", err)
	}
	return snap, nil
}

func readSnapshot(ctx context.Context, c *rawConn) (*graph.Snapshot, error) {
	snap := &graph.Snapshot{}
	var err error
	// The first read fixes the transaction's view of the database.
	if snap.Version, err = c.queryInt(versionSQL); err != nil {
		return nil, fmt.Errorf("read version: %w", err)
	}
	if snap.Municipalities, err = readAll(ctx, c, municipalities()); err != nil {
		return nil, err
	}
	if snap.Partnerships, err = readAll(ctx, c, partnerships()); err != nil {
		return nil, err
	}
	if snap.Networks, err = readAll(ctx, c, networks()); err != nil {
		return nil, err
	}
	if snap.Memberships, err = readAll(ctx, c, memberships()); err != nil {
		return nil, err
	}
	if snap.Organisations, err = readAll(ctx, c, organisations()); err != nil {
		return nil, err
	}
	if snap.OrgLinks, err = readAll(ctx, c, orgLinks()); err != nil {
		return nil, err
	}
	if snap.StateCounts, err = readAll(ctx, c, stateCounts()); err != nil {
		return nil, err
	}
	// SQL orders by columns, graph keys join them with "|"; the two orders
	// differ only where an id is a prefix of another, so this sort has
	// little to do.
	snap.Sort()
	return snap, nil
}

func readAll[T any](ctx context.Context, c *rawConn, t table[T]) ([]T, error) {
	st, err := c.prepare(t.selectAll())
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	defer st.close()
	var out []T
	for i := 0; ; i++ {
		if i%every == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		row, err := st.step()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", t.name, err)
		}
		if !row {
			return out, nil
		}
		v, err := t.scan(st)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", t.name, err)
		}
		out = append(out, v)
	}
}
