package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/citygraph/citygraph/graph"
)

// optimisticReads is how often Snapshot reads without blocking writers
// before it reads under the lock.
const optimisticReads = 3

// Snapshot reads the whole graph at one version, streaming it record by
// record (the driver holds one fetch of 1,000 records at a time). It reads
// without blocking writers and checks that no change committed meanwhile;
// after a few such collisions it reads under the version lock, which
// holds back commits (not the work of writers) while it reads.
// Errors: EUNAVAILABLE, EUNAUTHORIZED.
func (s *Store) Snapshot(ctx context.Context) (*graph.Snapshot, error) {
	const op = "neo4j snapshot"
	for range optimisticReads {
		v1, err := s.fencedVersion(ctx)
		if err != nil {
			return nil, s.wrap(op, err)
		}
		snap, err := s.readParallel(ctx)
		if err != nil {
			return nil, s.wrap(op, err)
		}
		v2, err := s.fencedVersion(ctx)
		if err != nil {
			return nil, s.wrap(op, err)
		}
		if v1 == v2 {
			snap.Version = v1
			return snap, nil
		}
		s.log.Debug().Int64("from", v1).Int64("to", v2).Msg("neo4j snapshot: a write committed while reading; reading again")
	}
	snap, err := s.lockedSnapshot(ctx)
	if err != nil {
		return nil, s.wrap(op, err)
	}
	return snap, nil
}

// fencedVersion reads the version under the lock that every changing
// Apply takes last and holds until its commit is complete, so the version
// it returns belongs to a fully visible state.
func (s *Store) fencedVersion(ctx context.Context) (int64, error) {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	tx, err := sess.BeginTransaction(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) // it only took a lock
	v, err := lockVersion(ctx, tx)
	if err != nil {
		return 0, err
	}
	return v, nil
}

// lockedSnapshot reads the graph inside a transaction that holds the
// version lock, then rolls back.
func (s *Store) lockedSnapshot(ctx context.Context) (*graph.Snapshot, error) {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	tx, err := sess.BeginTransaction(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	v, err := lockVersion(ctx, tx)
	if err != nil {
		return nil, err
	}
	snap, err := readAll(ctx, tx)
	if err != nil {
		return nil, err
	}
	snap.Version = v
	return snap, nil
}

// runner is what managed and explicit transactions share.
type runner interface {
	Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error)
}

func lockVersion(ctx context.Context, tx runner) (int64, error) {
	var v int64
	err := each(ctx, tx, "MATCH (m:Meta {key: $key}) SET m.fence = true RETURN m.version", map[string]any{"key": metaKey},
		func(r *neo4j.Record) error {
			v, _ = r.Values[0].(int64)
			return nil
		})
	return v, err
}

// each runs q and calls fn on every record as it arrives.
func each(ctx context.Context, tx runner, q string, params map[string]any, fn func(*neo4j.Record) error) error {
	res, err := tx.Run(ctx, q, params)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		if err := fn(res.Record()); err != nil {
			return err
		}
	}
	return res.Err()
}

// readAll streams every record of the graph into a sorted snapshot. Only
// citygraph's own properties are read (the keys the writes name, less the
// location point, which is lat and lon again): score sets, GDS's
// write-backs and a team's own properties on the same nodes cost nothing.
func readAll(ctx context.Context, tx runner) (*graph.Snapshot, error) {
	snap := &graph.Snapshot{}
	for _, st := range readSteps(snap) {
		if err := st.run(ctx, tx); err != nil {
			return nil, fmt.Errorf("read graph: %w", err)
		}
	}
	snap.Sort()
	return snap, nil
}

// pageSize is how many places or links one record of a paged read holds.
const pageSize = 2000

// readStep is one query of a snapshot read and what to do with each of its
// rows (the values of a record, or one row of a page).
type readStep struct {
	q string
	// paged: q reads one page, the rows after $after in the order of a
	// unique key, at most $limit of them, and returns them as one record
	// [rows, last key]. A record per row costs the driver more than the
	// row itself (a deadline, a goroutine and a map per message), and the
	// key's index gives the pages in order without the server sorting or
	// holding the whole graph.
	paged bool
	cols  int // values fn reads from a row
	fn    func(row []any) error
}

// row hands one row to fn, refusing a row with fewer values than fn reads.
func (st readStep) row(vals []any) error {
	if len(vals) < st.cols {
		return fmt.Errorf("unexpected row of %d values, want %d", len(vals), st.cols)
	}
	return st.fn(vals)
}

// run runs the step in tx.
func (st readStep) run(ctx context.Context, tx runner) error {
	if !st.paged {
		return each(ctx, tx, st.q, nil, func(r *neo4j.Record) error { return st.row(r.Values) })
	}
	after := ""
	for {
		rows, last := 0, ""
		err := each(ctx, tx, st.q, map[string]any{"after": after, "limit": int64(pageSize)}, func(r *neo4j.Record) error {
			page, _ := r.Values[0].([]any)
			for _, row := range page {
				vals, ok := row.([]any)
				if !ok {
					return fmt.Errorf("unexpected page row %T", row)
				}
				if err := st.row(vals); err != nil {
					return err
				}
			}
			rows, last = len(page), str(r.Values[1])
			return nil
		})
		if err != nil || rows < pageSize || last == "" {
			return err
		}
		after = last
	}
}

// readSteps are the queries of a snapshot, each appending to its own part
// of snap, so that they may run at the same time.
func readSteps(snap *graph.Snapshot) []readStep {
	props := func(v any) map[string]any { m, _ := v.(map[string]any); return m }
	return []readStep{
		{"MATCH (m:Municipality) WHERE m.id > $after WITH m ORDER BY m.id LIMIT $limit " +
			"RETURN collect([m {" + mapProjection(municipalityKeys(), "location") + "}]), max(m.id)", true, 1, func(v []any) error {
			m, err := municipalityFrom(props(v[0]))
			snap.Municipalities = append(snap.Municipalities, m)
			return err
		}},
		{"MATCH (a:Municipality)-[r:PARTNER_OF]->(b:Municipality) WHERE r.key > $after WITH a, r, b ORDER BY r.key LIMIT $limit " +
			"RETURN collect([a.id, b.id, r {" + mapProjection(partnershipKeys()) + "}]), max(r.key)", true, 3, func(v []any) error {
			p, err := partnershipFrom(str(v[0]), str(v[1]), props(v[2]))
			snap.Partnerships = append(snap.Partnerships, p)
			return err
		}},
		{"MATCH (n:Network) RETURN n.id, n.name", false, 2, func(v []any) error {
			snap.Networks = append(snap.Networks, graph.Network{ID: str(v[0]), Name: str(v[1])})
			return nil
		}},
		{"MATCH (a:Municipality)-[r:MEMBER_OF]->(n:Network) RETURN a.id, n.id, properties(r)", false, 3, func(v []any) error {
			m, err := membershipFrom(str(v[0]), str(v[1]), props(v[2]))
			snap.Memberships = append(snap.Memberships, m)
			return err
		}},
		{"MATCH (o:Organisation) RETURN properties(o)", false, 1, func(v []any) error {
			snap.Organisations = append(snap.Organisations, organisationFrom(props(v[0])))
			return nil
		}},
		{"MATCH (a:Organisation)-[r:COOPERATES_WITH]->(b:Organisation) RETURN a.id, b.id, properties(r)", false, 3, func(v []any) error {
			c, err := cooperationFrom(str(v[0]), str(v[1]), props(v[2]))
			snap.Cooperations = append(snap.Cooperations, c)
			return err
		}},
		{"MATCH (a:Municipality)-[r:WORKS_WITH]->(o:Organisation) RETURN a.id, o.id, properties(r)", false, 3, func(v []any) error {
			l, err := orgLinkFrom(str(v[0]), str(v[1]), props(v[2]))
			snap.OrgLinks = append(snap.OrgLinks, l)
			return err
		}},
		{"MATCH (l:Land) RETURN properties(l)", false, 1, func(v []any) error {
			c, err := stateCountFrom(props(v[0]))
			snap.StateCounts = append(snap.StateCounts, c)
			return err
		}},
		{"MATCH (c:ReportedCount) RETURN properties(c)", false, 1, func(v []any) error {
			c, err := reportedCountFrom(props(v[0]))
			snap.ReportedCounts = append(snap.ReportedCounts, c)
			return err
		}},
		{"MATCH (a:Alias) RETURN properties(a)", false, 1, func(v []any) error {
			a, err := aliasFrom(props(v[0]))
			snap.Aliases = append(snap.Aliases, a)
			return err
		}},
	}
}

// mapProjection returns ".k1, .k2, ..." for a Cypher map projection of
// keys, without those in skip.
func mapProjection(keys []string, skip ...string) string {
	var b strings.Builder
	for _, k := range keys {
		if slices.Contains(skip, k) {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString("." + k)
	}
	return b.String()
}

// readParallel reads the snapshot's parts in read transactions of their
// own, the places and the links at the same time (they are most of the
// graph; the server answers both at once). Each attempt of a transaction
// (ExecuteRead retries after a transient error) reads into a part of its
// own, so a retry does not append to what a failed attempt read. The
// caller checks the version before and after (Snapshot).
func (s *Store) readParallel(ctx context.Context) (*graph.Snapshot, error) {
	n := len(readSteps(&graph.Snapshot{}))
	groups := [][2]int{{0, 1}, {1, n}} // the places; the rest
	parts := make([]*graph.Snapshot, len(groups))
	errs := make(chan error, len(groups))
	for i, g := range groups {
		go func() {
			sess := s.session(ctx, neo4j.AccessModeRead)
			defer sess.Close(context.WithoutCancel(ctx))
			_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
				part := &graph.Snapshot{}
				for _, st := range readSteps(part)[g[0]:g[1]] {
					if err := st.run(ctx, tx); err != nil {
						return nil, fmt.Errorf("read graph: %w", err)
					}
				}
				parts[i] = part
				return nil, nil
			}, neo4j.WithTxMetadata(map[string]any{"app": "citygraph", "op": "snapshot"}))
			errs <- err
		}()
	}
	var first error
	for range groups {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		return nil, first
	}
	snap := parts[1]
	snap.Municipalities = parts[0].Municipalities
	snap.Sort()
	return snap, nil
}
