package neo4j

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
)

// Apply writes b in one transaction, merged into what is stored with
// graph's Merge functions (see graph.Store). A cancelled ctx stops it
// before the commit and leaves nothing behind; once the commit is sent it
// completes. Errors: EINVALID for a partnership of an unknown kind or a
// record that names unknown municipalities, networks or organisations (the
// error lists them), EUNAVAILABLE when the server cannot be reached or goes
// away before the commit, EUNAUTHORIZED.
func (s *Store) Apply(ctx context.Context, in *graph.Batch) (graph.ApplyStats, error) {
	const op = "neo4j apply"
	if err := ctx.Err(); err != nil {
		return graph.ApplyStats{}, fmt.Errorf("%s: %w", op, err)
	}
	b := cloneBatch(in)
	b.Normalize()
	for _, p := range b.Partnerships {
		if !p.Kind.Valid() {
			return graph.ApplyStats{}, &graph.Error{Code: graph.EINVALID, Op: op,
				Message: fmt.Sprintf("partnership %s-%s: unknown kind %q", p.A, p.B, p.Kind)}
		}
	}
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	// The work runs with ctx; beginning and committing the transaction do
	// not: once the work is done the commit goes through, so a cancellation
	// never leaves the caller unsure whether the batch landed.
	res, err := sess.ExecuteWrite(context.WithoutCancel(ctx), func(tx neo4j.ManagedTransaction) (any, error) {
		w := &applyTx{ctx: ctx, tx: tx, b: b, log: s.log}
		if err := w.run(); err != nil {
			return nil, err
		}
		return w.stats, ctx.Err()
	}, neo4j.WithTxMetadata(map[string]any{"app": "citygraph", "op": "apply", "file": b.Import.File}))
	if err != nil {
		return graph.ApplyStats{}, s.wrap(op, err)
	}
	st := res.(graph.ApplyStats)
	s.log.Debug().Str("file", b.Import.File).Int("created", st.Created).Int("merged", st.Merged).
		Int("unchanged", st.Unchanged).Int64("version", st.Version).Msg("neo4j apply")
	return st, nil
}

// applyTx is one attempt at applying a batch inside a transaction.
type applyTx struct {
	ctx   context.Context
	tx    neo4j.ManagedTransaction
	b     *graph.Batch
	stats graph.ApplyStats
	log   zerolog.Logger
}

// run does the work of one attempt; it starts from the stored state, so it
// can be retried.
func (w *applyTx) run() error {
	b := w.b
	start := time.Now()
	if err := w.ctx.Err(); err != nil {
		return err
	}
	// Serialise writers: this lock is held until the commit.
	if err := w.exec("MERGE (w:Meta {key: $key}) SET w.lockedAt = timestamp() REMOVE w.lockedAt",
		map[string]any{"key": writerKey}); err != nil {
		return err
	}
	// The version is read without a lock (MATCH, not MERGE): its lock is
	// taken last, see below.
	var version, importSeq int64
	found := false
	readMeta := func(r *neo4j.Record) error {
		version, _ = r.Values[0].(int64)
		importSeq, _ = r.Values[1].(int64)
		found = true
		return nil
	}
	params := map[string]any{"key": metaKey, "schema": SchemaVersion}
	if err := w.query("MATCH (m:Meta {key: $key}) RETURN m.version, m.importSeq", params, readMeta); err != nil {
		return err
	}
	if !found { // the database was emptied behind our back
		if err := w.query("MERGE (m:Meta {key: $key}) ON CREATE SET m.version = 0, m.importSeq = 0, m.schemaVersion = $schema "+
			"RETURN m.version, m.importSeq", params, readMeta); err != nil {
			return err
		}
	}

	// Which municipalities, networks and organisations exist; the stored
	// state of those the batch writes.
	munis := map[string]graph.Municipality{}
	batchMuni := make(map[string]bool, len(b.Municipalities))
	for _, m := range b.Municipalities {
		batchMuni[m.ID] = true
	}
	if err := w.readNodes("Municipality", keysOf(b.Municipalities, func(m graph.Municipality) string { return m.ID }),
		func(props map[string]any) error {
			m, err := municipalityFrom(props)
			munis[m.ID] = m
			return err
		}); err != nil {
		return err
	}
	var refs []string
	refSeen := map[string]bool{}
	ref := func(id string) {
		if !batchMuni[id] && !refSeen[id] {
			refSeen[id] = true
			refs = append(refs, id)
		}
	}
	for _, p := range b.Partnerships {
		ref(p.A)
		ref(p.B)
	}
	for _, m := range b.Memberships {
		ref(m.Municipality)
	}
	for _, l := range b.OrgLinks {
		ref(l.Municipality)
	}
	storedRef, err := w.existing("Municipality", refs)
	if err != nil {
		return err
	}
	nets := map[string]graph.Network{}
	if err := w.readNodes("Network", keysOf(b.Networks, func(n graph.Network) string { return n.ID }),
		func(p map[string]any) error {
			n := graph.Network{ID: str(p["id"]), Name: str(p["name"])}
			nets[n.ID] = n
			return nil
		}); err != nil {
		return err
	}
	orgs := map[string]graph.Organisation{}
	if err := w.readNodes("Organisation", keysOf(b.Organisations, func(o graph.Organisation) string { return o.ID }),
		func(p map[string]any) error {
			o := graph.Organisation{ID: str(p["id"]), Name: str(p["name"])}
			orgs[o.ID] = o
			return nil
		}); err != nil {
		return err
	}
	batchNet := map[string]bool{}
	for _, n := range b.Networks {
		batchNet[n.ID] = true
	}
	batchOrg := map[string]bool{}
	for _, o := range b.Organisations {
		batchOrg[o.ID] = true
	}
	var netRefs, orgRefs []string
	for _, m := range b.Memberships {
		if !batchNet[m.Network] {
			netRefs = append(netRefs, m.Network)
		}
	}
	for _, l := range b.OrgLinks {
		if !batchOrg[l.Organisation] {
			orgRefs = append(orgRefs, l.Organisation)
		}
	}
	storedNet, err := w.existing("Network", netRefs)
	if err != nil {
		return err
	}
	storedOrg, err := w.existing("Organisation", orgRefs)
	if err != nil {
		return err
	}

	// Unknown ends make the batch invalid.
	var unknown []string
	seen := map[string]bool{}
	need := func(id string, ok bool) {
		if !ok && !seen[id] {
			seen[id] = true
			unknown = append(unknown, id)
		}
	}
	isMuni := func(id string) bool { return batchMuni[id] || storedRef[id] }
	for _, p := range b.Partnerships {
		need(p.A, isMuni(p.A))
		need(p.B, isMuni(p.B))
	}
	for _, m := range b.Memberships {
		need(m.Municipality, isMuni(m.Municipality))
		need(m.Network, batchNet[m.Network] || storedNet[m.Network])
	}
	for _, l := range b.OrgLinks {
		need(l.Municipality, isMuni(l.Municipality))
		need(l.Organisation, batchOrg[l.Organisation] || storedOrg[l.Organisation])
	}
	if len(unknown) > 0 {
		const show = 20
		msg := strings.Join(unknown[:min(len(unknown), show)], ", ")
		if len(unknown) > show {
			msg += fmt.Sprintf(" and %d more", len(unknown)-show)
		}
		return graph.Errorf(graph.EINVALID, "unknown ids: %s", msg)
	}

	// The stored links the batch touches. A link can only be stored when
	// both its ends were stored before this batch.
	stored := func(id string) bool { _, ok := munis[id]; return ok || storedRef[id] }
	var partKeys []string
	for _, p := range b.Partnerships {
		if stored(p.A) && stored(p.B) {
			partKeys = append(partKeys, p.Key())
		}
	}
	parts := map[string]graph.Partnership{}
	if err := chunked(w, partKeys, `
UNWIND $rows AS k
MATCH (a:Municipality)-[r:PARTNER_OF {key: k}]->(b:Municipality)
RETURN a.id, b.id, properties(r)`, func(r *neo4j.Record) error {
		p, err := partnershipFrom(str(r.Values[0]), str(r.Values[1]), r.Values[2].(map[string]any))
		parts[p.Key()] = p
		return err
	}); err != nil {
		return err
	}
	mems := map[string]graph.Membership{}
	if err := readLinks(w, "MEMBER_OF", "Network", b.Memberships,
		func(m graph.Membership) (string, string) { return m.Municipality, m.Network },
		func(a, c string, p map[string]any) error {
			m, err := membershipFrom(a, c, p)
			mems[m.Key()] = m
			return err
		}); err != nil {
		return err
	}
	links := map[string]graph.OrgLink{}
	if err := readLinks(w, "WORKS_WITH", "Organisation", b.OrgLinks,
		func(l graph.OrgLink) (string, string) { return l.Municipality, l.Organisation },
		func(a, c string, p map[string]any) error {
			l, err := orgLinkFrom(a, c, p)
			links[l.Key()] = l
			return err
		}); err != nil {
		return err
	}
	counts := map[string]graph.StateCount{}
	if err := chunked(w, keysOf(b.StateCounts, func(c graph.StateCount) string { return c.State }),
		"UNWIND $rows AS k MATCH (l:Land {code: k}) RETURN properties(l)", func(r *neo4j.Record) error {
			c, err := stateCountFrom(r.Values[0].(map[string]any))
			counts[c.State] = c
			return err
		}); err != nil {
		return err
	}

	// Merge in Go, in the order of the contract, and collect the writes.
	var st graph.ApplyStats
	var muniNew, muniSet, netSet, orgSet, countSet []map[string]any
	for _, v := range b.Municipalities {
		old, ok := munis[v.ID]
		o, n := outcome(ok, old, v, graph.MergeMunicipality)
		st.Add(o, false)
		switch o {
		case graph.Created:
			muniNew = append(muniNew, municipalityProps(n))
		case graph.Merged:
			muniSet = append(muniSet, municipalityProps(n))
		}
	}
	for _, v := range b.Networks {
		old, ok := nets[v.ID]
		o, n := outcome(ok, old, v, graph.MergeNetwork)
		st.Add(o, false)
		if o != graph.Unchanged {
			netSet = append(netSet, idNameProps(n.ID, n.Name))
		}
	}
	for _, v := range b.Organisations {
		old, ok := orgs[v.ID]
		o, n := outcome(ok, old, v, graph.MergeOrganisation)
		st.Add(o, false)
		if o != graph.Unchanged {
			orgSet = append(orgSet, idNameProps(n.ID, n.Name))
		}
	}
	var partNew, partSet []map[string]any
	for _, v := range b.Partnerships {
		old, ok := parts[v.Key()]
		o, n := outcome(ok, old, v, graph.MergePartnership)
		st.Add(o, true)
		switch o {
		case graph.Created:
			partNew = append(partNew, map[string]any{"a": n.A, "b": n.B, "props": partnershipProps(n)})
		case graph.Merged:
			partSet = append(partSet, map[string]any{"props": partnershipProps(n)})
		}
	}
	var memNew, memSet []map[string]any
	for _, v := range b.Memberships {
		old, ok := mems[v.Key()]
		o, n := outcome(ok, old, v, graph.MergeMembership)
		st.Add(o, false)
		row := map[string]any{"a": n.Municipality, "b": n.Network, "props": membershipProps(n)}
		switch o {
		case graph.Created:
			memNew = append(memNew, row)
		case graph.Merged:
			memSet = append(memSet, row)
		}
	}
	var linkNew, linkSet []map[string]any
	for _, v := range b.OrgLinks {
		old, ok := links[v.Key()]
		o, n := outcome(ok, old, v, graph.MergeOrgLink)
		st.Add(o, false)
		row := map[string]any{"a": n.Municipality, "b": n.Organisation, "props": orgLinkProps(n)}
		switch o {
		case graph.Created:
			linkNew = append(linkNew, row)
		case graph.Merged:
			linkSet = append(linkSet, row)
		}
	}
	for _, v := range b.StateCounts {
		old, ok := counts[v.State]
		o, n := outcome(ok, old, v, graph.MergeStateCount)
		st.Add(o, false)
		if o != graph.Unchanged {
			countSet = append(countSet, stateCountProps(n))
		}
	}

	writes := []struct {
		rows  []map[string]any
		query string
	}{
		{muniNew, "UNWIND $rows AS row CREATE (m:Municipality {" + propList("row", municipalityKeys()) + "})"},
		{muniSet, "UNWIND $rows AS row MATCH (m:Municipality {id: row.id}) SET m = row"},
		{netSet, "UNWIND $rows AS row MERGE (n:Network {id: row.id}) SET n = row"},
		{orgSet, "UNWIND $rows AS row MERGE (o:Organisation {id: row.id}) SET o = row"},
		{partNew, `UNWIND $rows AS row
MATCH (a:Municipality {id: row.a}) MATCH (b:Municipality {id: row.b})
CREATE (a)-[r:PARTNER_OF {` + propList("row.props", partnershipKeys()) + `}]->(b)`},
		{partSet, "UNWIND $rows AS row MATCH ()-[r:PARTNER_OF {key: row.props.key}]->() SET r = row.props"},
		{memNew, `UNWIND $rows AS row
MATCH (a:Municipality {id: row.a}) MATCH (b:Network {id: row.b})
CREATE (a)-[r:MEMBER_OF]->(b) SET r = row.props`},
		{memSet, "UNWIND $rows AS row MATCH (:Municipality {id: row.a})-[r:MEMBER_OF]->(:Network {id: row.b}) SET r = row.props"},
		{linkNew, `UNWIND $rows AS row
MATCH (a:Municipality {id: row.a}) MATCH (b:Organisation {id: row.b})
CREATE (a)-[r:WORKS_WITH]->(b) SET r = row.props`},
		{linkSet, "UNWIND $rows AS row MATCH (:Municipality {id: row.a})-[r:WORKS_WITH]->(:Organisation {id: row.b}) SET r = row.props"},
		{countSet, "UNWIND $rows AS row MERGE (l:Land {code: row.code}) SET l = row"},
	}
	w.log.Debug().Dur("took", time.Since(start)).Int("munisStored", len(munis)+len(storedRef)).
		Int("partnershipsStored", len(parts)).Msg("neo4j apply: read and merged")
	for _, wr := range writes {
		t := time.Now()
		if err := chunked(w, wr.rows, wr.query, nil); err != nil {
			return err
		}
		if len(wr.rows) > 0 {
			w.log.Debug().Dur("took", time.Since(t)).Int("rows", len(wr.rows)).Str("query", firstLine(wr.query)).Msg("neo4j apply: wrote")
		}
	}

	// The import record, once per content.
	if imp := b.Import; imp.SHA256 != "" {
		var known bool
		if err := w.query("MATCH (i:Import {sha256: $sha}) RETURN true", map[string]any{"sha": imp.SHA256},
			func(*neo4j.Record) error { known = true; return nil }); err != nil {
			return err
		}
		if !known {
			importSeq++
			if err := w.exec(`CREATE (i:Import {sha256: $sha, file: $file, kind: $kind, rows: $rows, seq: $seq})
WITH i MATCH (m:Meta {key: $key}) SET m.importSeq = $seq`, map[string]any{
				"sha": imp.SHA256, "file": imp.File, "kind": imp.Kind, "rows": int64(imp.Rows), "seq": importSeq, "key": metaKey,
			}); err != nil {
				return err
			}
		}
	}
	// The version last: this takes the lock Snapshot checks, so the lock
	// is held only from here to the end of the commit.
	if st.Changed() {
		version++
		if err := w.exec("MATCH (m:Meta {key: $key}) SET m.version = $v", map[string]any{"key": metaKey, "v": version}); err != nil {
			return err
		}
	}
	st.Version = version
	w.stats = st
	return nil
}

// municipalityKeys and partnershipKeys list the properties the create
// queries name one by one: SET x = map would make the planner materialise
// every row first (an Eager operator).
func municipalityKeys() []string {
	return []string{"id", "name", "altNames", "country", "region", "ags", "state", "kreisCode", "kreis",
		"population", "lat", "lon", "location", "level", "sources"}
}

func partnershipKeys() []string {
	return []string{"key", "kind", "since", "sinceYear", "until", "untilYear", "status", "topics", "sources"}
}

// propList returns "k1: v.k1, k2: v.k2, ..." for a Cypher map literal.
func propList(v string, keys []string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + v + "." + k
	}
	return strings.Join(parts, ", ")
}

func firstLine(q string) string {
	q = strings.TrimSpace(q)
	if i := strings.IndexByte(q, '\n'); i >= 0 {
		q = q[:i]
	}
	return q
}

// outcome merges n into old (if stored) and says what that did.
func outcome[T any](stored bool, old, n T, merge func(T, T) (T, bool)) (graph.Outcome, T) {
	if !stored {
		return graph.Created, n
	}
	m, changed := merge(old, n)
	if !changed {
		return graph.Unchanged, old
	}
	return graph.Merged, m
}

// exec runs a query and discards its result.
func (w *applyTx) exec(q string, params map[string]any) error {
	return w.query(q, params, nil)
}

// query runs a query and calls fn for each record as it streams in.
func (w *applyTx) query(q string, params map[string]any, fn func(*neo4j.Record) error) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	res, err := w.tx.Run(w.ctx, q, params)
	if err != nil {
		return err
	}
	for res.Next(w.ctx) {
		if fn != nil {
			if err := fn(res.Record()); err != nil {
				return err
			}
		}
	}
	if err := res.Err(); err != nil {
		return err
	}
	_, err = res.Consume(w.ctx)
	return err
}

// chunked runs q with $rows bound to successive slices of rows.
func chunked[T any](w *applyTx, rows []T, q string, fn func(*neo4j.Record) error) error {
	for i := 0; i < len(rows); i += rowsPerQuery {
		chunk := rows[i:min(i+rowsPerQuery, len(rows))]
		if err := w.query(q, map[string]any{"rows": chunk}, fn); err != nil {
			return err
		}
	}
	return nil
}

// readNodes streams the properties of the nodes with the given label
// (a constant of this package) and ids.
func (w *applyTx) readNodes(label string, ids []string, fn func(map[string]any) error) error {
	return chunked(w, ids, "UNWIND $rows AS k MATCH (n:"+label+" {id: k}) RETURN properties(n)",
		func(r *neo4j.Record) error { return fn(r.Values[0].(map[string]any)) })
}

// existing returns which of ids are stored as nodes with the label (a
// constant of this package).
func (w *applyTx) existing(label string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	err := chunked(w, ids, "UNWIND $rows AS k MATCH (n:"+label+" {id: k}) RETURN n.id",
		func(r *neo4j.Record) error { out[str(r.Values[0])] = true; return nil })
	return out, err
}

// readLinks streams the stored links of type rel (a constant of this
// package) from a municipality to a node with label target, for the given
// records.
func readLinks[T any](w *applyTx, rel, target string, recs []T, ends func(T) (string, string),
	fn func(a, b string, props map[string]any) error) error {
	rows := make([]map[string]any, 0, len(recs))
	for _, r := range recs {
		a, b := ends(r)
		rows = append(rows, map[string]any{"a": a, "b": b})
	}
	return chunked(w, rows, "UNWIND $rows AS row MATCH (a:Municipality {id: row.a})-[r:"+rel+"]->(b:"+target+
		" {id: row.b}) RETURN a.id, b.id, properties(r)", func(r *neo4j.Record) error {
		return fn(str(r.Values[0]), str(r.Values[1]), r.Values[2].(map[string]any))
	})
}

func keysOf[T any](in []T, key func(T) string) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = key(v)
	}
	sort.Strings(out)
	return out
}

// cloneBatch copies b deeply enough that normalising the copy leaves b as
// it was.
func cloneBatch(b *graph.Batch) *graph.Batch {
	c := *b
	c.Municipalities = append([]graph.Municipality(nil), b.Municipalities...)
	for i := range c.Municipalities {
		c.Municipalities[i].AltNames = append([]string(nil), c.Municipalities[i].AltNames...)
		c.Municipalities[i].Sources = append([]graph.Source(nil), c.Municipalities[i].Sources...)
	}
	c.Partnerships = append([]graph.Partnership(nil), b.Partnerships...)
	for i := range c.Partnerships {
		c.Partnerships[i].Topics = append([]string(nil), c.Partnerships[i].Topics...)
		c.Partnerships[i].Sources = append([]graph.Source(nil), c.Partnerships[i].Sources...)
	}
	c.Networks = append([]graph.Network(nil), b.Networks...)
	c.Memberships = append([]graph.Membership(nil), b.Memberships...)
	for i := range c.Memberships {
		c.Memberships[i].Sources = append([]graph.Source(nil), c.Memberships[i].Sources...)
	}
	c.Organisations = append([]graph.Organisation(nil), b.Organisations...)
	c.OrgLinks = append([]graph.OrgLink(nil), b.OrgLinks...)
	for i := range c.OrgLinks {
		c.OrgLinks[i].Sources = append([]graph.Source(nil), c.OrgLinks[i].Sources...)
	}
	c.StateCounts = append([]graph.StateCount(nil), b.StateCounts...)
	for i := range c.StateCounts {
		c.StateCounts[i].Sources = append([]graph.Source(nil), c.StateCounts[i].Sources...)
	}
	return &c
}
