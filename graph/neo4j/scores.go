package neo4j

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/citygraph/citygraph/graph"
)

// Score sets are node properties of the places, so that Cypher, Neo4j
// Browser and Bloom read them like any other property:
//
//	MATCH (m:Municipality) RETURN m.name, m.betweenness ORDER BY m.betweenness DESC LIMIT 10
//
// and one (:ScoreSet {property, metric, params, dataVersion, software,
// integer, places, writtenAt, complete}) node per property describes how
// they were computed. A write runs in batched managed transactions
// (rowsPerQuery places each), so a large graph does not need a large
// transaction; complete is false from the first batch until the last, so
// an interrupted write shows, and writing the same set again completes it.
// Score sets are not part of the graph: they do not move the version, and
// Snapshot does not read them.

var _ graph.ScoreStore = (*Store)(nil)

// WriteScores writes a score set onto the places, in batches of
// rowsPerQuery places per managed transaction, then removes the property
// from the places the set does not list, then marks the set complete.
// Errors: EINVALID for a set that graph.ScoreSet.Validate rejects or that
// names places the store does not hold (nothing is written); ECONFLICT when
// places hold a property of that name that no score set wrote (a team's
// own data, or GDS's write-back): it is not overwritten; EUNAVAILABLE.
func (s *Store) WriteScores(ctx context.Context, set *graph.ScoreSet) (graph.ScoreInfo, error) {
	const op = "neo4j write scores"
	if err := set.Validate(); err != nil {
		return graph.ScoreInfo{}, s.wrap(op, err)
	}
	info := set.Info()
	info.WrittenAt = time.Now().UTC().Truncate(time.Millisecond)
	if err := s.beginScores(ctx, set, info.WrittenAt); err != nil {
		return graph.ScoreInfo{}, s.wrap(op, err)
	}
	rows := make([]map[string]any, len(set.Scores))
	for i, sc := range set.Scores {
		var v any = sc.Value
		if set.Integer {
			v = int64(sc.Value)
		}
		rows[i] = map[string]any{"id": sc.Place, "p": map[string]any{set.Property: v}}
	}
	for i := 0; i < len(rows); i += rowsPerQuery {
		chunk := rows[i:min(i+rowsPerQuery, len(rows))]
		if err := s.writeScoreTx(ctx, "UNWIND $rows AS r MATCH (m:Municipality {id: r.id}) SET m += r.p",
			map[string]any{"rows": chunk}); err != nil {
			return graph.ScoreInfo{}, s.wrap(op, err)
		}
	}
	if err := s.removeStale(ctx, set); err != nil {
		return graph.ScoreInfo{}, s.wrap(op, err)
	}
	if err := s.writeScoreTx(ctx, "MATCH (s:ScoreSet {property: $p}) SET s.complete = true",
		map[string]any{"p": set.Property}); err != nil {
		return graph.ScoreInfo{}, s.wrap(op, err)
	}
	info.Complete = true
	s.log.Debug().Str("property", set.Property).Int("places", len(set.Scores)).Msg("neo4j: scores written")
	return info, nil
}

// beginScores checks the set's places and property and records the set,
// marked incomplete, in one transaction.
func (s *Store) beginScores(ctx context.Context, set *graph.ScoreSet, at time.Time) error {
	ids := make([]string, len(set.Scores))
	for i, sc := range set.Scores {
		ids[i] = sc.Place
	}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		var unknown []string
		for i := 0; i < len(ids); i += rowsPerQuery {
			err := each(ctx, tx, "UNWIND $ids AS id OPTIONAL MATCH (m:Municipality {id: id}) WITH id, m WHERE m IS NULL RETURN id",
				map[string]any{"ids": ids[i:min(i+rowsPerQuery, len(ids))]}, func(r *neo4j.Record) error {
					unknown = append(unknown, str(r.Values[0]))
					return nil
				})
			if err != nil {
				return nil, err
			}
		}
		if err := graph.UnknownPlaces(set.Property, unknown); err != nil {
			return nil, err
		}
		var holder string
		err := each(ctx, tx, `OPTIONAL MATCH (s:ScoreSet {property: $p}) WITH s WHERE s IS NULL
MATCH (m:Municipality) WHERE m[$p] IS NOT NULL RETURN m.id LIMIT 1`, map[string]any{"p": set.Property},
			func(r *neo4j.Record) error { holder = str(r.Values[0]); return nil })
		if err != nil {
			return nil, err
		}
		if holder != "" {
			return nil, graph.Errorf(graph.ECONFLICT, "places already hold a property %q that no citygraph score set wrote (e.g. %s): "+
				"it is left as it is; write the scores under another name", set.Property, holder)
		}
		return nil, each(ctx, tx, `MERGE (s:ScoreSet {property: $p})
SET s.metric = $metric, s.params = $params, s.dataVersion = $version, s.software = $software, s.integer = $integer,
    s.places = $places, s.writtenAt = $at, s.complete = false`, map[string]any{
			"p": set.Property, "metric": set.Metric, "params": set.Params, "version": set.DataVersion,
			"software": set.Software, "integer": set.Integer, "places": int64(len(set.Scores)), "at": at,
		}, nil)
	}, neo4j.WithTxMetadata(map[string]any{"app": "citygraph", "op": "write scores"}))
	return err
}

// removeStale removes the property from the places that hold it but are
// not in the set (left from an earlier write), in batches.
func (s *Store) removeStale(ctx context.Context, set *graph.ScoreSet) error {
	holders, err := s.holders(ctx, set.Property)
	if err != nil {
		return err
	}
	keep := make(map[string]bool, len(set.Scores))
	for _, sc := range set.Scores {
		keep[sc.Place] = true
	}
	holders = slices.DeleteFunc(holders, func(id string) bool { return keep[id] })
	null := map[string]any{set.Property: nil}
	for i := 0; i < len(holders); i += rowsPerQuery {
		if err := s.writeScoreTx(ctx, "UNWIND $ids AS id MATCH (m:Municipality {id: id}) SET m += $null",
			map[string]any{"ids": holders[i:min(i+rowsPerQuery, len(holders))], "null": null}); err != nil {
			return err
		}
	}
	return nil
}

// holders returns the ids of the places holding property.
func (s *Store) holders(ctx context.Context, property string) ([]string, error) {
	var out []string
	err := s.readScores(ctx, property, func(id string, _ any) { out = append(out, id) })
	return out, err
}

// readScores calls fn with every place holding property and its value.
func (s *Store) readScores(ctx context.Context, property string, fn func(id string, v any)) error {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(context.WithoutCancel(ctx))
	_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, each(ctx, tx, "MATCH (m:Municipality) WHERE m[$p] IS NOT NULL RETURN m.id, m[$p]",
			map[string]any{"p": property}, func(r *neo4j.Record) error {
				fn(str(r.Values[0]), r.Values[1])
				return nil
			})
	})
	return err
}

// writeScoreTx runs one write query in a managed transaction of its own.
func (s *Store) writeScoreTx(ctx context.Context, q string, params map[string]any) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, each(ctx, tx, q, params, nil)
	}, neo4j.WithTxMetadata(map[string]any{"app": "citygraph", "op": "write scores"}))
	return err
}

// RemoveScores removes the property from every place, in batches of
// rowsPerQuery places per transaction, then the set's description.
// Errors: ENOTFOUND when no score set has that property; EUNAVAILABLE.
func (s *Store) RemoveScores(ctx context.Context, property string) (int, error) {
	const op = "neo4j remove scores"
	if _, err := s.scoreSet(ctx, property); err != nil {
		return 0, s.wrap(op, err)
	}
	null := map[string]any{property: nil}
	total := 0
	for {
		var n int64
		sess := s.session(ctx, neo4j.AccessModeWrite)
		_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return nil, each(ctx, tx, `MATCH (m:Municipality) WHERE m[$p] IS NOT NULL
WITH m LIMIT $batch SET m += $null RETURN count(m)`, map[string]any{"p": property, "batch": int64(rowsPerQuery), "null": null},
				func(r *neo4j.Record) error { n, _ = r.Values[0].(int64); return nil })
		})
		sess.Close(context.WithoutCancel(ctx))
		if err != nil {
			return total, s.wrap(op, err)
		}
		total += int(n)
		if n < rowsPerQuery {
			break
		}
	}
	if err := s.writeScoreTx(ctx, "MATCH (s:ScoreSet {property: $p}) DELETE s", map[string]any{"p": property}); err != nil {
		return total, s.wrap(op, err)
	}
	return total, nil
}

// ScoreSets lists the recorded score sets by property. Errors: EUNAVAILABLE.
func (s *Store) ScoreSets(ctx context.Context) ([]graph.ScoreInfo, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, "MATCH (s:ScoreSet) RETURN properties(s) ORDER BY s.property", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.cfg.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, s.wrap("neo4j score sets", err)
	}
	out := make([]graph.ScoreInfo, 0, len(res.Records))
	for _, r := range res.Records {
		m, _ := r.Values[0].(map[string]any)
		out = append(out, scoreInfoFrom(m))
	}
	return out, nil
}

// scoreSet returns the description of one set. Errors: ENOTFOUND.
func (s *Store) scoreSet(ctx context.Context, property string) (graph.ScoreInfo, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, "MATCH (s:ScoreSet {property: $p}) RETURN properties(s)",
		map[string]any{"p": property}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.cfg.Database),
		neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return graph.ScoreInfo{}, err
	}
	if len(res.Records) == 0 {
		return graph.ScoreInfo{}, graph.Errorf(graph.ENOTFOUND, "no score set %q in the store", property)
	}
	m, _ := res.Records[0].Values[0].(map[string]any)
	return scoreInfoFrom(m), nil
}

// Scores returns the values of one score set by place id. Errors:
// ENOTFOUND, EUNAVAILABLE.
func (s *Store) Scores(ctx context.Context, property string) (map[string]float64, error) {
	const op = "neo4j scores"
	if _, err := s.scoreSet(ctx, property); err != nil {
		return nil, s.wrap(op, err)
	}
	out := map[string]float64{}
	var bad error
	err := s.readScores(ctx, property, func(id string, v any) {
		switch x := v.(type) {
		case float64:
			out[id] = x
		case int64:
			out[id] = float64(x)
		default:
			if bad == nil {
				bad = fmt.Errorf("place %s: %s is %T, not a number", id, property, v)
			}
		}
	})
	if err == nil {
		err = bad
	}
	if err != nil {
		return nil, s.wrap(op, err)
	}
	return out, nil
}

func scoreInfoFrom(m map[string]any) graph.ScoreInfo {
	p := props{m: m}
	info := graph.ScoreInfo{Property: p.str("property"), Metric: p.str("metric"), Params: p.str("params"),
		DataVersion: int64(p.int("dataVersion")), Software: p.str("software"), Places: p.int("places")}
	info.Integer, _ = m["integer"].(bool)
	info.Complete, _ = m["complete"].(bool)
	if t, ok := m["writtenAt"].(time.Time); ok {
		info.WrittenAt = t.UTC()
	}
	return info
}
