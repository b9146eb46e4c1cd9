package neo4j

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
)

// Apply writes b in one transaction, merged into what is stored with
// graph's Merge functions (see graph.Store). It checks b with
// graph.Batch.Validate first and the ends the batch names with
// graph.Refs.Check inside the transaction. A cancelled ctx stops it before
// the commit and leaves nothing behind; once the commit is sent it
// completes. Errors: EINVALID for a batch that Validate rejects or that
// names unknown municipalities, networks or organisations (the error lists
// them), EUNAVAILABLE when the server cannot be reached or goes away before
// the commit (nothing was written; the message says so when ctx ended
// first, and says that the outcome is unknown when the connection broke
// during the commit), EUNAUTHORIZED.
func (s *Store) Apply(ctx context.Context, in *graph.Batch) (graph.ApplyStats, error) {
	const op = "neo4j apply"
	if err := ctx.Err(); err != nil {
		return graph.ApplyStats{}, fmt.Errorf("%s: %w", op, err)
	}
	if err := in.Validate(); err != nil {
		return graph.ApplyStats{}, s.wrap(op, err)
	}
	b := in.Clone()
	b.Normalize()
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	// The work runs with ctx; beginning and committing the transaction do
	// not: once the work is done the commit goes through, so a cancellation
	// never leaves the caller unsure whether the batch landed.
	var worked time.Time // when the last attempt's work ended and its commit began
	res, err := sess.ExecuteWrite(context.WithoutCancel(ctx), func(tx neo4j.ManagedTransaction) (any, error) {
		w := &applyTx{ctx: ctx, tx: tx, b: b, log: s.log, nodes: map[string]string{}}
		err := w.run()
		worked = time.Now()
		if err != nil {
			return nil, err
		}
		return w.stats, ctx.Err()
	}, neo4j.WithTxMetadata(map[string]any{"app": "citygraph", "op": "apply", "file": b.Import.File}))
	if err != nil {
		return graph.ApplyStats{}, s.applyError(ctx, op, err)
	}
	st := res.(graph.ApplyStats)
	s.log.Debug().Str("file", b.Import.File).Int("created", st.Created).Int("merged", st.Merged).
		Int("unchanged", st.Unchanged).Int64("version", st.Version).Dur("commit", time.Since(worked)).Msg("neo4j apply")
	return st, nil
}

// applyError classifies a failed write by what the caller needs to know:
// whether it may have landed. The work of a write runs with ctx and its
// commit without (see Apply), so a write whose ctx ended was rolled back
// before its commit: nothing was written, and the message says so rather
// than "cannot reach Neo4j" (the first write after a restart of Neo4j can
// outlast a request's time limit while the server plans its queries
// afresh and the driver replaces the connections that died). Only a
// connection that broke during the commit leaves the outcome unknown.
func (s *Store) applyError(ctx context.Context, op string, err error) error {
	if strings.Contains(err.Error(), "Connection lost during commit") { // the driver's CommitFailedDeadError
		return &graph.Error{Code: graph.EUNAVAILABLE, Op: op, Err: err, Message: fmt.Sprintf(
			"the connection to Neo4j at %s broke while the write was being committed: it may or may not have been written; look before writing it again", s.cfg.URI)}
	}
	w := s.wrap(op, err)
	if ctx.Err() != nil && (graph.ErrorCode(w) == graph.EUNAVAILABLE || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
		return &graph.Error{Code: graph.EUNAVAILABLE, Op: op, Err: err, Message: fmt.Sprintf(
			"Neo4j at %s did not finish the write within the request's time limit (the first writes after Neo4j restarts can be slow); nothing was written: try again", s.cfg.URI)}
	}
	return w
}

// applyTx is one attempt at applying a batch inside a transaction.
type applyTx struct {
	ctx   context.Context
	tx    neo4j.ManagedTransaction
	b     *graph.Batch // valid and normalised
	stats graph.ApplyStats
	log   zerolog.Logger

	version, importSeq int64 // as stored when the attempt began
	refs               graph.Refs
	aliases            map[string]graph.Alias // stored, by alias id
	// nodes are the element ids of the places this attempt has read or
	// created, by place id: links are created between them by element id
	// (a lookup by the node's address) rather than by two index seeks
	// each.
	nodes map[string]string
}

// run does the work of one attempt; it starts from the stored state, so it
// can be retried. Its steps: lock out other writers and read the version,
// check the ends the batch names, load the stored records the batch
// touches, merge the batch into them, write what is new or changed, record
// the import, and bump the version.
func (w *applyTx) run() error {
	start := time.Now()
	if err := w.lock(); err != nil {
		return err
	}
	if err := w.resolveAliases(); err != nil {
		return err
	}
	w.refs = w.b.Refs()
	if err := w.refs.Check(w.missing); err != nil {
		return err
	}
	stored, err := w.load()
	if err != nil {
		return err
	}
	writes := w.plan(stored)
	w.log.Debug().Dur("took", time.Since(start)).Int("munisStored", len(stored.munis)+len(w.refs.Municipalities)).
		Int("partnershipsStored", len(stored.parts)).Msg("neo4j apply: read and merged")
	if err := w.write(writes); err != nil {
		return err
	}
	t := time.Now()
	if err := w.recordImport(); err != nil {
		return err
	}
	err = w.bumpVersion()
	w.log.Debug().Dur("took", time.Since(t)).Msg("neo4j apply: recorded the import and the version")
	return err
}

// lock takes the writer lock, held until the commit, and reads the version
// and the import sequence.
func (w *applyTx) lock() error {
	if err := w.exec("MERGE (w:Meta {key: $key}) SET w.lockedAt = timestamp() REMOVE w.lockedAt",
		map[string]any{"key": writerKey}); err != nil {
		return err
	}
	// The version is read without a lock (MATCH, not MERGE): its lock is
	// taken last, see bumpVersion.
	found := false
	readMeta := func(r *neo4j.Record) error {
		w.version, _ = r.Values[0].(int64)
		w.importSeq, _ = r.Values[1].(int64)
		found = true
		return nil
	}
	params := map[string]any{"key": metaKey, "schema": SchemaVersion}
	if err := w.query("MATCH (m:Meta {key: $key}) RETURN m.version, m.importSeq", params, readMeta); err != nil {
		return err
	}
	if found {
		return nil
	}
	// The database was emptied behind our back.
	return w.query("MERGE (m:Meta {key: $key}) ON CREATE SET m.version = 0, m.importSeq = 0, m.schemaVersion = $schema "+
		"RETURN m.version, m.importSeq", params, readMeta)
}

// missing returns the ids of the given kind that the database lacks; it
// serves graph.Refs.Check.
func (w *applyTx) missing(kind graph.RefKind, ids []string) ([]string, error) {
	label := "Municipality"
	switch kind {
	case graph.RefNetwork:
		label = "Network"
	case graph.RefOrganisation:
		label = "Organisation"
	}
	have, err := w.existing(label, ids)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, id := range ids {
		e, ok := have[id]
		switch {
		case !ok:
			out = append(out, id)
		case kind == graph.RefMunicipality:
			w.nodes[id] = e
		}
	}
	return out, nil
}

// storedRecords are the stored records a batch touches, by graph key.
type storedRecords struct {
	munis  map[string]graph.Municipality
	nets   map[string]graph.Network
	orgs   map[string]graph.Organisation
	parts  map[string]graph.Partnership
	mems   map[string]graph.Membership
	links  map[string]graph.OrgLink
	coops  map[string]graph.Cooperation
	counts map[string]graph.StateCount
	rep    map[string]graph.ReportedCount
}

// load reads the stored records with the batch's keys.
func (w *applyTx) load() (*storedRecords, error) {
	s := &storedRecords{}
	var err error
	if s.munis, err = w.loadMunicipalities(); err != nil {
		return nil, err
	}
	if s.nets, err = loadNamed(w, "Network", w.b.Networks, func(id, name string) graph.Network { return graph.Network{ID: id, Name: name} },
		func(n graph.Network) string { return n.ID }); err != nil {
		return nil, err
	}
	s.orgs = map[string]graph.Organisation{}
	if err = w.readNodes("Organisation", keysOf(w.b.Organisations, func(o graph.Organisation) string { return o.ID }), func(p map[string]any) error {
		o := organisationFrom(p)
		s.orgs[o.ID] = o
		return nil
	}); err != nil {
		return nil, err
	}
	if s.parts, err = w.loadPartnerships(s.munis); err != nil {
		return nil, err
	}
	if s.mems, err = loadLinks(w, "MEMBER_OF", "Network", w.b.Memberships,
		func(m graph.Membership) (string, string) { return m.Municipality, m.Network }, membershipFrom, graph.Membership.Key); err != nil {
		return nil, err
	}
	if s.links, err = loadLinks(w, "WORKS_WITH", "Organisation", w.b.OrgLinks,
		func(l graph.OrgLink) (string, string) { return l.Municipality, l.Organisation }, orgLinkFrom, graph.OrgLink.Key); err != nil {
		return nil, err
	}
	s.coops = map[string]graph.Cooperation{}
	if err = chunked(w, keysOf(w.b.Cooperations, graph.Cooperation.Key), `
UNWIND $rows AS k
MATCH (a:Organisation)-[r:COOPERATES_WITH {key: k}]->(b:Organisation)
RETURN a.id, b.id, properties(r)`, func(r *neo4j.Record) error {
		c, err := cooperationFrom(str(r.Values[0]), str(r.Values[1]), r.Values[2].(map[string]any))
		s.coops[c.Key()] = c
		return err
	}); err != nil {
		return nil, err
	}
	if s.counts, err = w.loadStateCounts(); err != nil {
		return nil, err
	}
	if s.rep, err = w.loadReportedCounts(); err != nil {
		return nil, err
	}
	return s, nil
}

func (w *applyTx) loadMunicipalities() (map[string]graph.Municipality, error) {
	out := map[string]graph.Municipality{}
	err := chunked(w, keysOf(w.b.Municipalities, func(m graph.Municipality) string { return m.ID }),
		"UNWIND $rows AS k MATCH (n:Municipality {id: k}) RETURN properties(n), elementId(n)",
		func(r *neo4j.Record) error {
			m, err := municipalityFrom(r.Values[0].(map[string]any))
			out[m.ID] = m
			w.nodes[m.ID] = str(r.Values[1])
			return err
		})
	return out, err
}

// loadNamed reads the stored networks or organisations (label) with the
// ids of recs.
func loadNamed[T any](w *applyTx, label string, recs []T, mk func(id, name string) T, id func(T) string) (map[string]T, error) {
	out := map[string]T{}
	err := w.readNodes(label, keysOf(recs, id), func(p map[string]any) error {
		v := mk(str(p["id"]), str(p["name"]))
		out[id(v)] = v
		return nil
	})
	return out, err
}

// loadPartnerships reads the stored links the batch gives. A link can only
// be stored when both its ends were stored before this batch: municipalities
// of the batch that were loaded, or ends that Refs named and Check found.
func (w *applyTx) loadPartnerships(munis map[string]graph.Municipality) (map[string]graph.Partnership, error) {
	refd := make(map[string]bool, len(w.refs.Municipalities))
	for _, id := range w.refs.Municipalities {
		refd[id] = true
	}
	stored := func(id string) bool { _, ok := munis[id]; return ok || refd[id] }
	var keys []string
	for _, p := range w.b.Partnerships {
		if stored(p.A) && stored(p.B) {
			keys = append(keys, p.Key())
		}
	}
	out := map[string]graph.Partnership{}
	err := chunked(w, keys, `
UNWIND $rows AS k
MATCH (a:Municipality)-[r:PARTNER_OF {key: k}]->(b:Municipality)
RETURN a.id, b.id, properties(r)`, func(r *neo4j.Record) error {
		p, err := partnershipFrom(str(r.Values[0]), str(r.Values[1]), r.Values[2].(map[string]any))
		out[p.Key()] = p
		return err
	})
	return out, err
}

func (w *applyTx) loadStateCounts() (map[string]graph.StateCount, error) {
	out := map[string]graph.StateCount{}
	err := chunked(w, keysOf(w.b.StateCounts, func(c graph.StateCount) string { return c.State }),
		"UNWIND $rows AS k MATCH (l:Land {code: k}) RETURN properties(l)", func(r *neo4j.Record) error {
			c, err := stateCountFrom(r.Values[0].(map[string]any))
			out[c.State] = c
			return err
		})
	return out, err
}

func (w *applyTx) loadReportedCounts() (map[string]graph.ReportedCount, error) {
	out := map[string]graph.ReportedCount{}
	err := chunked(w, keysOf(w.b.ReportedCounts, graph.ReportedCount.Key),
		"UNWIND $rows AS k MATCH (c:ReportedCount {key: k}) RETURN properties(c)", func(r *neo4j.Record) error {
			c, err := reportedCountFrom(r.Values[0].(map[string]any))
			out[c.Key()] = c
			return err
		})
	return out, err
}

// write is one UNWIND query and its rows: the rows as given, or made by
// build when the writes before it have run (the links' rows need the
// element ids of the places created just before); fn, when set, takes
// the records the query returns.
type write struct {
	rows  []any
	build func() []any
	query string
	fn    func(*neo4j.Record) error
}

// plan merges the batch into the stored records (graph.PlanMerge), counts
// the outcomes into w.stats and returns the writes, parents before
// children.
func (w *applyTx) plan(s *storedRecords) []write {
	b, st := w.b, &w.stats
	munis := graph.PlanMerge(b.Municipalities, s.munis, func(m graph.Municipality) string { return m.ID }, graph.MergeMunicipality)
	nets := graph.PlanMerge(b.Networks, s.nets, func(n graph.Network) string { return n.ID }, graph.MergeNetwork)
	orgs := graph.PlanMerge(b.Organisations, s.orgs, func(o graph.Organisation) string { return o.ID }, graph.MergeOrganisation)
	// Claims and events carry the version the batch gives the store.
	seq := w.version + 1
	for i := range b.Partnerships {
		b.Partnerships[i].Stamp(seq)
	}
	parts := graph.PlanMerge(b.Partnerships, s.parts, graph.Partnership.Key, graph.MergePartnershipAt(seq))
	mems := graph.PlanMerge(b.Memberships, s.mems, graph.Membership.Key, graph.MergeMembership)
	links := graph.PlanMerge(b.OrgLinks, s.links, graph.OrgLink.Key, graph.MergeOrgLink)
	coops := graph.PlanMerge(b.Cooperations, s.coops, graph.Cooperation.Key, graph.MergeCooperation)
	coops.Count(st, false)
	counts := graph.PlanMerge(b.StateCounts, s.counts, func(c graph.StateCount) string { return c.State }, graph.MergeStateCount)
	rep := graph.PlanMerge(b.ReportedCounts, s.rep, graph.ReportedCount.Key, graph.MergeReportedCount)
	rep.Count(st, false)
	aliases := graph.PlanMerge(b.Aliases, w.aliases, graph.Alias.Key, graph.MergeAlias)
	aliases.Count(st, false)
	munis.Count(st, false)
	nets.Count(st, false)
	orgs.Count(st, false)
	parts.Count(st, true)
	mems.Count(st, false)
	links.Count(st, false)
	counts.Count(st, false)

	partRow := func(p graph.Partnership) any {
		return map[string]any{"a": p.A, "b": p.B, "props": partnershipProps(p)}
	}
	memRow := func(m graph.Membership) any {
		return map[string]any{"a": m.Municipality, "b": m.Network, "props": membershipProps(m)}
	}
	linkRow := func(l graph.OrgLink) any {
		return map[string]any{"a": l.Municipality, "b": l.Organisation, "props": orgLinkProps(l)}
	}
	netRow := func(n graph.Network) any { return idNameProps(n.ID, n.Name) }
	orgRow := func(o graph.Organisation) any { return organisationProps(o) }
	muniRow := func(m graph.Municipality) any { return municipalityProps(m) }
	stateCountRow := func(c graph.StateCount) any { return stateCountProps(c) }
	reportedCountRow := func(c graph.ReportedCount) any { return reportedCountProps(c) }
	aliasRow := func(a graph.Alias) any { return aliasProps(a) }
	coopRow := func(c graph.Cooperation) any {
		return map[string]any{"a": c.A, "b": c.B, "props": cooperationProps(c)}
	}
	// The places and links created, the bulk of an import, go as lists of
	// values (a list per row, in the order of municipalityKeys and
	// partnershipKeys) rather than maps: nothing to name per value on
	// either side. A new place's element id comes back for its links.
	muniKeys, partKeys := municipalityKeys(), partnershipKeys()
	newMuni := func(m graph.Municipality) any { return valuesOf(municipalityProps(m), muniKeys) }
	newLinks := func() []any {
		out := make([]any, 0, len(parts.Create))
		for _, p := range parts.Create {
			a, b := w.nodes[p.A], w.nodes[p.B]
			if a == "" || b == "" {
				continue // by id, below
			}
			out = append(out, append([]any{a, b}, valuesOf(partnershipProps(p), partKeys)...))
		}
		return out
	}
	newLinksByID := func() []any {
		var out []any
		for _, p := range parts.Create {
			if w.nodes[p.A] == "" || w.nodes[p.B] == "" {
				out = append(out, partRow(p))
			}
		}
		return out
	}
	return []write{
		{rows: rowsOf(munis.Create, newMuni), query: "UNWIND $rows AS row CREATE (m:Municipality {" + listProps("row", 0, muniKeys) + "}) RETURN collect(m.id), collect(elementId(m))",
			fn: w.noteNodes},
		// Updates set citygraph's own properties one by one (an absent one
		// is null, which removes it) and keep every other property: the
		// scores written back (WriteScores), a team's own, GDS's.
		{rows: rowsOf(munis.Update, muniRow), query: "UNWIND $rows AS row MATCH (m:Municipality {id: row.id}) SET " + setList("m", "row", municipalityKeys())},
		{rows: append(rowsOf(nets.Create, netRow), rowsOf(nets.Update, netRow)...), query: "UNWIND $rows AS row MERGE (n:Network {id: row.id}) SET n = row"},
		{rows: append(rowsOf(orgs.Create, orgRow), rowsOf(orgs.Update, orgRow)...), query: "UNWIND $rows AS row MERGE (o:Organisation {id: row.id}) SET o = row"},
		{build: newLinks, query: `UNWIND $rows AS row
MATCH (a:Municipality) WHERE elementId(a) = row[0] MATCH (b:Municipality) WHERE elementId(b) = row[1]
CREATE (a)-[r:PARTNER_OF {` + listProps("row", 2, partKeys) + `}]->(b)`},
		{build: newLinksByID, query: `UNWIND $rows AS row
MATCH (a:Municipality {id: row.a}) MATCH (b:Municipality {id: row.b})
CREATE (a)-[r:PARTNER_OF {` + propList("row.props", partKeys) + `}]->(b)`},
		{rows: rowsOf(parts.Update, partRow), query: "UNWIND $rows AS row MATCH ()-[r:PARTNER_OF {key: row.props.key}]->() SET r = row.props"},
		{rows: rowsOf(mems.Create, memRow), query: `UNWIND $rows AS row
MATCH (a:Municipality {id: row.a}) MATCH (b:Network {id: row.b})
CREATE (a)-[r:MEMBER_OF]->(b) SET r = row.props`},
		{rows: rowsOf(mems.Update, memRow), query: "UNWIND $rows AS row MATCH (:Municipality {id: row.a})-[r:MEMBER_OF]->(:Network {id: row.b}) SET r = row.props"},
		{rows: rowsOf(links.Create, linkRow), query: `UNWIND $rows AS row
MATCH (a:Municipality {id: row.a}) MATCH (b:Organisation {id: row.b})
CREATE (a)-[r:WORKS_WITH]->(b) SET r = row.props`},
		{rows: rowsOf(links.Update, linkRow), query: "UNWIND $rows AS row MATCH (:Municipality {id: row.a})-[r:WORKS_WITH]->(:Organisation {id: row.b}) SET r = row.props"},
		{rows: rowsOf(coops.Create, coopRow), query: `UNWIND $rows AS row
MATCH (a:Organisation {id: row.a}) MATCH (b:Organisation {id: row.b})
CREATE (a)-[r:COOPERATES_WITH]->(b) SET r = row.props`},
		{rows: rowsOf(coops.Update, coopRow), query: "UNWIND $rows AS row MATCH ()-[r:COOPERATES_WITH {key: row.props.key}]->() SET r = row.props"},
		{rows: append(rowsOf(counts.Create, stateCountRow), rowsOf(counts.Update, stateCountRow)...), query: "UNWIND $rows AS row MERGE (l:Land {code: row.code}) SET l = row"},
		{rows: append(rowsOf(rep.Create, reportedCountRow), rowsOf(rep.Update, reportedCountRow)...), query: "UNWIND $rows AS row MERGE (c:ReportedCount {key: row.key}) SET c = row"},
		{rows: append(rowsOf(aliases.Create, aliasRow), rowsOf(aliases.Update, aliasRow)...), query: "UNWIND $rows AS row MERGE (a:Alias {id: row.id}) SET a = row"},
	}
}

// noteNodes keeps the element ids of created places, given as a record
// of two lists: the places' ids and their element ids (one record per
// query rather than one per place: less to send and to decode).
func (w *applyTx) noteNodes(r *neo4j.Record) error {
	ids, _ := r.Values[0].([]any)
	eids, _ := r.Values[1].([]any)
	if len(ids) != len(eids) {
		return fmt.Errorf("created places: %d ids, %d element ids", len(ids), len(eids))
	}
	for i, id := range ids {
		w.nodes[str(id)] = str(eids[i])
	}
	return nil
}

// rowsOf turns records into query rows.
func rowsOf[T any](recs []T, row func(T) any) []any {
	out := make([]any, len(recs))
	for i, r := range recs {
		out[i] = row(r)
	}
	return out
}

// write runs the writes in order.
func (w *applyTx) write(writes []write) error {
	for _, wr := range writes {
		t := time.Now()
		if wr.build != nil {
			wr.rows = wr.build()
		}
		if err := chunked(w, wr.rows, wr.query, wr.fn); err != nil {
			return err
		}
		if len(wr.rows) > 0 {
			w.log.Debug().Dur("took", time.Since(t)).Int("rows", len(wr.rows)).Str("query", firstLine(wr.query)).Msg("neo4j apply: wrote")
		}
	}
	return nil
}

// recordImport records the batch's import, once per content.
func (w *applyTx) recordImport() error {
	imp := w.b.Import
	if imp.SHA256 == "" {
		return nil
	}
	var known bool
	if err := w.query("MATCH (i:Import {sha256: $sha}) RETURN true", map[string]any{"sha": imp.SHA256},
		func(*neo4j.Record) error { known = true; return nil }); err != nil {
		return err
	}
	if known {
		return nil
	}
	w.importSeq++
	return w.exec(`CREATE (i:Import {sha256: $sha, file: $file, kind: $kind, rows: $rows, seq: $seq})
WITH i MATCH (m:Meta {key: $key}) SET m.importSeq = $seq`, map[string]any{
		"sha": imp.SHA256, "file": imp.File, "kind": imp.Kind, "rows": int64(imp.Rows), "seq": w.importSeq, "key": metaKey,
	})
}

// bumpVersion grows the version by one if the batch changed anything. It
// comes last: it takes the lock Snapshot checks, so that lock is held only
// from here to the end of the commit.
func (w *applyTx) bumpVersion() error {
	if w.stats.Changed() {
		w.version++
		if err := w.exec("MATCH (m:Meta {key: $key}) SET m.version = $v", map[string]any{"key": metaKey, "v": w.version}); err != nil {
			return err
		}
	}
	w.stats.Version = w.version
	return nil
}

// municipalityKeys and partnershipKeys list the properties the create
// queries name one by one: SET x = map would make the planner materialise
// every row first (an Eager operator).
func municipalityKeys() []string {
	return []string{"id", "name", "altNames", "country", "region", "ags", "state", "kreisCode", "kreis",
		"population", "lat", "lon", "location", "level", "sources", "geonamesId", "wikidata"}
}

func partnershipKeys() []string {
	return []string{"key", "kind", "since", "sinceYear", "until", "untilYear", "status", "topics", "sources", "claims", "events"}
}

// propList returns "k1: v.k1, k2: v.k2, ..." for a Cypher map literal.
func propList(v string, keys []string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + v + "." + k
	}
	return strings.Join(parts, ", ")
}

// listProps returns "k1: v[from], k2: v[from+1], ..." for a Cypher map
// literal of a row given as a list.
func listProps(v string, from int, keys []string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %s[%d]", k, v, from+i)
	}
	return strings.Join(parts, ", ")
}

// valuesOf returns the values of props in the order of keys, nil for
// those it lacks (which a CREATE leaves out).
func valuesOf(props map[string]any, keys []string) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = props[k]
	}
	return out
}

// setList returns "x.k1 = v.k1, x.k2 = v.k2, ..." for a SET clause.
func setList(x, v string, keys []string) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = x + "." + k + " = " + v + "." + k
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
// constant of this package), with their element ids.
func (w *applyTx) existing(label string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	err := chunked(w, ids, "UNWIND $rows AS k MATCH (n:"+label+" {id: k}) RETURN n.id, elementId(n)",
		func(r *neo4j.Record) error { out[str(r.Values[0])] = str(r.Values[1]); return nil })
	return out, err
}

// loadLinks reads the stored links of type rel (a constant of this
// package) from a municipality to a node with label target, for the given
// records, by their graph keys.
func loadLinks[T any](w *applyTx, rel, target string, recs []T, ends func(T) (string, string),
	from func(a, b string, props map[string]any) (T, error), key func(T) string) (map[string]T, error) {
	rows := make([]map[string]any, 0, len(recs))
	for _, r := range recs {
		a, b := ends(r)
		rows = append(rows, map[string]any{"a": a, "b": b})
	}
	out := map[string]T{}
	err := chunked(w, rows, "UNWIND $rows AS row MATCH (a:Municipality {id: row.a})-[r:"+rel+"]->(b:"+target+
		" {id: row.b}) RETURN a.id, b.id, properties(r)", func(r *neo4j.Record) error {
		v, err := from(str(r.Values[0]), str(r.Values[1]), r.Values[2].(map[string]any))
		out[key(v)] = v
		return err
	})
	return out, err
}

func keysOf[T any](in []T, key func(T) string) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = key(v)
	}
	sort.Strings(out)
	return out
}
