package sqlite

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"zombiezen.com/go/sqlite"

	"github.com/citygraph/citygraph/graph"
)

// Apply writes b in one transaction: it checks b with graph.Batch.Validate,
// normalises a copy of the batch (b itself is not modified), checks that
// every link names known ends (graph.Refs.Check), reads the stored records
// with the batch's keys, merges them with the graph.Merge functions
// (graph.PlanMerge) and writes the records that are new or changed. The
// version grows by one if anything changed. On any error nothing of b is
// visible.
//
// Errors: EINVALID for a batch that Validate rejects or that names unknown
// ends (the message lists the first few); EUNAVAILABLE when the file cannot
// be written or another process holds the write lock for longer than the
// busy timeout (10 s); the context's error when ctx ends first (it
// interrupts SQLite's work).
func (s *Store) Apply(ctx context.Context, b *graph.Batch) (graph.ApplyStats, error) {
	const op = "sqlite: apply"
	if err := ctx.Err(); err != nil {
		return graph.ApplyStats{}, wrap(op, "", err)
	}
	start := time.Now()
	// The links are normalised on another goroutine meanwhile.
	nb, links := prepareBatch(b, false)
	if err := b.Validate(); err != nil {
		return graph.ApplyStats{}, wrap(op, "", err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.writer()
	if err != nil {
		return graph.ApplyStats{}, wrap(op, "", err)
	}
	a := &applier{ctx: ctx, c: c, b: nb, links: links, log: s.log}
	c.SetInterrupt(ctx.Done())
	err = a.transaction()
	c.SetInterrupt(nil)
	if err != nil {
		s.rollback(c)
		return graph.ApplyStats{}, wrap(op, "", ctxErr(ctx, err))
	}
	st := a.stats
	s.log.Debug().Int("created", st.Created).Int("merged", st.Merged).Int("unchanged", st.Unchanged).
		Int64("version", st.Version).Dur("took", time.Since(start)).Msg("batch applied")
	return st, nil
}

// rollback ends the writer's transaction after a failure, if SQLite has
// not already; s.mu must be held. A connection that cannot roll back is not
// used again.
func (s *Store) rollback(c *sqlite.Conn) {
	if c.AutocommitEnabled() {
		return
	}
	if err := execAll(c, "ROLLBACK"); err != nil {
		s.log.Warn().Err(err).Msg("rollback failed; reconnecting")
		c.Close()
		s.w = nil
	}
}

// prepareBatch returns a normalised copy of b (b itself is not modified,
// unless own is set: then its places may be normalised in place): the
// same records as graph.Batch.Normalize gives, with municipalities and
// partnerships in primary-key order, which keeps B-tree inserts at the
// right edge. The links come later, on the channel: they are normalised
// on another goroutine while the rest is prepared and the places are
// written (Normalize treats each list on its own).
func prepareBatch(in *graph.Batch, own bool) (*graph.Batch, <-chan []graph.Partnership) {
	links := make(chan []graph.Partnership, 1)
	go func() { links <- normalizeLinks(in.Partnerships) }()
	b := *in
	b.Municipalities = nil
	b.Partnerships = nil
	b.Networks = slices.Clone(in.Networks)
	b.Memberships = slices.Clone(in.Memberships)
	b.Organisations = slices.Clone(in.Organisations)
	b.OrgLinks = slices.Clone(in.OrgLinks)
	b.Cooperations = slices.Clone(in.Cooperations)
	b.StateCounts = slices.Clone(in.StateCounts)
	b.ReportedCounts = slices.Clone(in.ReportedCounts)
	b.Aliases = slices.Clone(in.Aliases)
	b.Normalize()
	ms := in.Municipalities
	if !own {
		ms = slices.Clone(ms)
	}
	b.Municipalities = normalizeMunicipalities(ms)
	return &b, links
}

// normalizeMunicipalities normalises ms in place (as Batch.Normalize
// does) and sorts it by ID. The records are large: they are put in order
// through a sorted list of (ID, position) rather than moved by the sort.
func normalizeMunicipalities(ms []graph.Municipality) []graph.Municipality {
	nb := graph.Batch{Municipalities: ms}
	nb.Normalize()
	ms = nb.Municipalities
	if slices.IsSortedFunc(ms, func(x, y graph.Municipality) int { return strings.Compare(x.ID, y.ID) }) {
		return ms
	}
	type key struct {
		id string
		i  int32
	}
	keys := make([]key, len(ms))
	for i := range ms {
		keys[i] = key{ms[i].ID, int32(i)}
	}
	// IDs are unique after Normalize.
	slices.SortFunc(keys, func(x, y key) int { return strings.Compare(x.id, y.id) })
	// Move ms[keys[j].i] to j in place, one cycle of the permutation at
	// a time; a done position gets keys[j].i = j.
	for j := range keys {
		if int(keys[j].i) == j {
			continue
		}
		tmp := ms[j]
		cur := j
		for {
			next := int(keys[cur].i)
			keys[cur].i = int32(cur)
			if next == j {
				ms[cur] = tmp
				break
			}
			ms[cur] = ms[next]
			cur = next
		}
	}
	return ms
}

// normalizeLinks returns what Batch.Normalize makes of ps (ends ordered,
// topics and sources de-duplicated, links with the same key merged in batch
// order), sorted by primary key. ps is not modified.
func normalizeLinks(ps []graph.Partnership) []graph.Partnership {
	return normalizeOwnLinks(slices.Clone(ps))
}

// normalizeOwnLinks is normalizeLinks in place: it returns ps (shortened
// where links merged), normalised and sorted. The records are large: they
// are put in order through a sorted list of (key, position) and moved once
// each (as normalizeMunicipalities does).
func normalizeOwnLinks(ps []graph.Partnership) []graph.Partnership {
	if len(ps) == 0 {
		return nil
	}
	type key struct {
		a, b string
		kind graph.Kind
		i    int32
	}
	keys := make([]key, len(ps))
	for i := range ps {
		p := &ps[i]
		k := key{p.A, p.B, p.Kind, int32(i)}
		if k.b < k.a {
			k.a, k.b = k.b, k.a
		}
		keys[i] = k
	}
	cmpKeys := func(x, y key) int {
		if c := strings.Compare(x.a, y.a); c != 0 {
			return c
		}
		if c := strings.Compare(x.b, y.b); c != 0 {
			return c
		}
		if c := strings.Compare(string(x.kind), string(y.kind)); c != 0 {
			return c
		}
		return cmp.Compare(x.i, y.i)
	}
	if !slices.IsSortedFunc(keys, cmpKeys) {
		slices.SortFunc(keys, cmpKeys)
		// Move ps[keys[j].i] to j, one cycle of the permutation at a
		// time; a done position gets keys[j].i = j.
		for j := range keys {
			if int(keys[j].i) == j {
				continue
			}
			tmp := ps[j]
			cur := j
			for {
				next := int(keys[cur].i)
				keys[cur].i = int32(cur)
				if next == j {
					ps[cur] = tmp
					break
				}
				ps[cur] = ps[next]
				cur = next
			}
		}
	}
	// Merge the links with the same key, in batch order (the sort kept
	// it among equal keys).
	n := 0
	for j := range ps {
		p := ps[j]
		p.Normalize()
		if n > 0 {
			if q := keys[j-1]; keys[j].a == q.a && keys[j].b == q.b && keys[j].kind == q.kind {
				ps[n-1], _ = graph.MergePartnership(ps[n-1], p)
				continue
			}
		}
		ps[n] = p
		n++
	}
	clear(ps[n:])
	return ps[:n]
}

// applier holds one Apply's transaction.
type applier struct {
	ctx context.Context
	c   *sqlite.Conn
	b   *graph.Batch // without its links until they are ready
	// links brings the batch's links (see prepareBatch).
	links <-chan []graph.Partnership
	stats graph.ApplyStats
	buf   []byte // scratch for JSON lists
	log   zerolog.Logger
	// between, when set, runs before each statement that writes rows
	// (see writer.serve).
	between func() error
}

// every is how many rows pass between looks at the context.
const every = 4096

// transaction runs the batch's transaction: BEGIN IMMEDIATE (the write
// lock), run, COMMIT; after an error the caller rolls back.
func (a *applier) transaction() error {
	if err := execAll(a.c, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := a.run(); err != nil {
		return err
	}
	if err := a.ctx.Err(); err != nil {
		return err
	}
	return execAll(a.c, "COMMIT")
}

// run does the work of the transaction, table by table, parents before
// children: the places first, while the links are being normalised; then,
// once the ends the batch names are known to exist, the rest; the import
// record and the version last.
func (a *applier) run() error {
	b := a.b
	if err := a.resolveAliases(); err != nil {
		return err
	}
	if err := mergeWrite(a, municipalities(), b.Municipalities); err != nil {
		return err
	}
	b.Partnerships = <-a.links
	if err := b.Refs().Check(a.missing); err != nil {
		return err
	}
	// The batch's claims and events are stamped with the version the
	// batch will give the store, so that later statements sort after.
	v, err := queryInt(a.c, versionSQL)
	if err != nil {
		return fmt.Errorf("read version: %w", err)
	}
	seq := v + 1
	for i := range b.Partnerships {
		b.Partnerships[i].Stamp(seq)
	}
	for _, step := range []func() error{
		func() error { return mergeWrite(a, networks(), b.Networks) },
		func() error { return mergeWrite(a, organisations(), b.Organisations) },
		func() error { return mergeWrite(a, partnerships(seq), b.Partnerships) },
		func() error { return mergeWrite(a, memberships(), b.Memberships) },
		func() error { return mergeWrite(a, orgLinks(), b.OrgLinks) },
		func() error { return mergeWrite(a, cooperations(), b.Cooperations) },
		func() error { return mergeWrite(a, stateCounts(), b.StateCounts) },
		func() error { return mergeWrite(a, reportedCounts(), b.ReportedCounts) },
		func() error { return mergeWrite(a, aliases(), b.Aliases) },
		a.recordImport,
		a.bumpVersion,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// resolveAliases applies the stored aliases and the batch's
// (graph.Batch.ResolveAliases): the places that become aliases are read
// and deleted with their records, which the batch takes over. Without
// aliases it does nothing; with them it normalises the batch again.
func (a *applier) resolveAliases() error {
	n, err := queryInt(a.c, "SELECT count(*) FROM alias")
	if err != nil {
		return fmt.Errorf("read aliases: %w", err)
	}
	b := a.b
	if n == 0 && len(b.Aliases) == 0 {
		return nil
	}
	in := interner{}
	stored, err := readAll(a.ctx, a.c, aliases(), in)
	if err != nil {
		return err
	}
	b.Partnerships = <-a.links
	if err := b.ResolveAliases(stored, a.place, a.absorb); err != nil {
		return err
	}
	links := b.Partnerships
	b.Partnerships = nil
	b.Normalize()
	b.Municipalities = normalizeMunicipalities(b.Municipalities)
	ch := make(chan []graph.Partnership, 1)
	ch <- normalizeLinks(links)
	a.links = ch
	return nil
}

// place reads the stored place id, if any.
func (a *applier) place(id string) (graph.Municipality, bool, error) {
	t := municipalities()
	st, err := prepare(a.c, t.selectOne())
	if err != nil {
		return graph.Municipality{}, false, err
	}
	defer st.Reset()
	st.BindText(1, id)
	found, err := st.Step()
	if err != nil || !found {
		return graph.Municipality{}, false, err
	}
	m, err := t.scan(&row{st: st}, interner{})
	return m, err == nil, err
}

// absorb reads the stored place id and the records that name it, and
// deletes them (the place's scores too); nil when id is not stored.
func (a *applier) absorb(id string) (*graph.Absorbed, error) {
	m, ok, err := a.place(id)
	if err != nil || !ok {
		return nil, err
	}
	ab := &graph.Absorbed{Place: m}
	in := interner{}
	if ab.Partnerships, err = selectWhere(a, partnerships(0), "a = ?1 OR b = ?1", id, in); err != nil {
		return nil, err
	}
	if ab.Memberships, err = selectWhere(a, memberships(), "municipality = ?1", id, in); err != nil {
		return nil, err
	}
	if ab.OrgLinks, err = selectWhere(a, orgLinks(), "municipality = ?1", id, in); err != nil {
		return nil, err
	}
	if ab.Organisations, err = selectWhere(a, organisations(), "municipality = ?1", id, in); err != nil {
		return nil, err
	}
	for _, q := range []string{"DELETE FROM partnership WHERE a = ?1 OR b = ?1", "DELETE FROM membership WHERE municipality = ?1",
		"DELETE FROM org_link WHERE municipality = ?1", "DELETE FROM place_score WHERE place = ?1", "DELETE FROM municipality WHERE id = ?1"} {
		st, err := prepare(a.c, q)
		if err != nil {
			return nil, fmt.Errorf("absorb %s: %w", id, err)
		}
		st.BindText(1, id)
		if err := run(st); err != nil {
			return nil, fmt.Errorf("absorb %s: %w", id, err)
		}
	}
	return ab, nil
}

// selectWhere reads the rows of t that match where, with ?1 bound to arg.
func selectWhere[T any](a *applier, t table[T], where, arg string, in interner) ([]T, error) {
	st, err := prepare(a.c, "SELECT "+t.cols+" FROM "+t.name+" WHERE "+where+" ORDER BY "+t.pk)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	st.BindText(1, arg)
	var out []T
	err = each(st, a.ctx.Err, func(r *row) error {
		v, err := t.scan(r, in)
		out = append(out, v)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	return out, nil
}

// recordImport records the batch's import, once per content.
func (a *applier) recordImport() error {
	imp := a.b.Import
	if imp.SHA256 == "" {
		return nil
	}
	st, err := prepare(a.c, "INSERT INTO import (sha256, file, kind, rows) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING")
	if err != nil {
		return fmt.Errorf("record import: %w", err)
	}
	st.BindText(1, imp.SHA256)
	st.BindText(2, imp.File)
	st.BindText(3, imp.Kind)
	st.BindInt64(4, int64(imp.Rows))
	if err := run(st); err != nil {
		return fmt.Errorf("record import: %w", err)
	}
	return nil
}

// bumpVersion grows the version by one if the batch changed anything and
// reads it into the stats.
func (a *applier) bumpVersion() error {
	if a.stats.Changed() {
		if err := execAll(a.c, "UPDATE meta SET value = value + 1 WHERE key = 'version'"); err != nil {
			return fmt.Errorf("bump version: %w", err)
		}
	}
	v, err := queryInt(a.c, versionSQL)
	if err != nil {
		return fmt.Errorf("read version: %w", err)
	}
	a.stats.Version = v
	return nil
}

// mergeWrite reads the stored records with the keys of recs, merges recs
// into them (graph.PlanMerge), counts the outcomes and writes the records
// that are new or changed.
func mergeWrite[T any](a *applier, t table[T], recs []T) error {
	if len(recs) == 0 {
		return nil
	}
	old, err := loadExisting(a, t, recs)
	if err != nil {
		return fmt.Errorf("read %s: %w", t.name, err)
	}
	plan := graph.PlanMerge(recs, old, t.key, t.merge)
	plan.Count(&a.stats, t.links)
	if err := writeNew(a, t, plan.Create); err != nil {
		return err
	}
	return writeTable(a, t, plan.Update)
}

// loadExisting looks up every record's key; an empty table is not read.
func loadExisting[T any](a *applier, t table[T], recs []T) (map[string]T, error) {
	stored, err := queryInt(a.c, "SELECT EXISTS (SELECT 1 FROM "+t.name+")")
	if err != nil || stored == 0 {
		return nil, err
	}
	if t.rowCmp != nil {
		// A batch that is large next to the table: one pass over the
		// table in key order beside the sorted batch beats a lookup per
		// record.
		if stored, err = queryInt(a.c, "SELECT count(*) FROM "+t.name); err != nil {
			return nil, err
		}
		if int64(len(recs))*scanRatio >= stored {
			return scanExisting(a, t, recs)
		}
	}
	return probeExisting(a, t, recs)
}

// probeExisting looks up every record's key on its own.
func probeExisting[T any](a *applier, t table[T], recs []T) (map[string]T, error) {
	st, err := prepare(a.c, t.selectOne())
	if err != nil {
		return nil, err
	}
	defer st.Reset()
	out := map[string]T{}
	in := interner{}
	r := &row{st: st}
	for i, rec := range recs {
		if i%every == 0 {
			if err := a.ctx.Err(); err != nil {
				return nil, err
			}
		}
		for j, k := range t.pkArgs(rec) {
			st.BindText(j+1, k)
		}
		found, err := st.Step()
		if err != nil {
			return nil, err
		}
		if found {
			v, err := t.scan(r, in)
			if err != nil {
				return nil, err
			}
			out[t.key(v)] = v
		}
		if err := st.Reset(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scanRatio: a table is scanned rather than probed when it holds at most
// this many rows per record of the batch.
const scanRatio = 8

// scanExisting walks the table and the batch, both in primary-key order,
// and decodes the rows whose keys the batch has.
func scanExisting[T any](a *applier, t table[T], recs []T) (map[string]T, error) {
	st, err := prepare(a.c, t.selectAll())
	if err != nil {
		return nil, err
	}
	defer st.Reset()
	out := map[string]T{}
	in := interner{}
	r := &row{st: st}
	i := 0
	for n := 0; i < len(recs); n++ {
		if n%every == 0 {
			if err := a.ctx.Err(); err != nil {
				return nil, err
			}
		}
		ok, err := st.Step()
		if err != nil || !ok {
			return out, err
		}
		// Skip the records before the row: they are new.
		c := -1
		for ; i < len(recs); i++ {
			if c = t.rowCmp(r, &recs[i]); c <= 0 {
				break
			}
		}
		if c == 0 {
			v, err := t.scan(r, in)
			if err != nil {
				return nil, err
			}
			out[t.key(v)] = v
			i++
		}
	}
	return out, nil
}

// rowsPerInsert is how many rows one INSERT statement writes: running a
// statement opens and closes its cursors, which costs as much as a row.
const rowsPerInsert = 32

// writeTable upserts recs with multi-row statements of rowsPerInsert rows,
// cached on the connection, and one statement for the rest.
func writeTable[T any](a *applier, t table[T], recs []T) error {
	return write(a, t, recs, t.upsert)
}

// writeNew inserts recs, records whose keys the table does not hold (see
// table.insert), as writeTable does.
func writeNew[T any](a *applier, t table[T], recs []T) error {
	return write(a, t, recs, t.insert)
}

// write writes recs with the statements stmt gives for a number of rows.
func write[T any](a *applier, t table[T], recs []T, stmt func(rows int) string) error {
	if len(recs) == 0 {
		return nil
	}
	a.log.Debug().Str("table", t.name).Int("rows", len(recs)).Msg("writing")
	full, width := stmt(rowsPerInsert), t.width()
	for lo := 0; lo < len(recs); lo += rowsPerInsert {
		if lo%every < rowsPerInsert {
			if err := a.ctx.Err(); err != nil {
				return err
			}
		}
		if a.between != nil {
			if err := a.between(); err != nil {
				return err
			}
		}
		hi := min(lo+rowsPerInsert, len(recs))
		sql := full
		if hi-lo < rowsPerInsert {
			sql = stmt(hi - lo)
		}
		if err := a.insert(sql, hi-lo == rowsPerInsert, func(st *sqlite.Stmt) {
			for i := lo; i < hi; i++ {
				a.buf = t.bind(binder{st: st, off: (i - lo) * width}, &recs[i], a.buf)
			}
		}); err != nil {
			return fmt.Errorf("write %s %s..%s: %w", t.name, t.key(recs[lo]), t.key(recs[hi-1]), err)
		}
	}
	return nil
}

// insert runs one INSERT, bound by bind: a statement cached on the
// connection when cache is set, else one prepared for this call alone.
func (a *applier) insert(sql string, cache bool, bind func(st *sqlite.Stmt)) error {
	var st *sqlite.Stmt
	var err error
	if cache {
		st, err = prepare(a.c, sql) // cleared of earlier bindings
	} else {
		st, _, err = a.c.PrepareTransient(sql)
		if err == nil {
			defer st.Finalize()
		}
	}
	if err != nil {
		return err
	}
	bind(st)
	return run(st)
}

// missing returns the ids of the given kind that the store lacks, in the
// order given; it serves graph.Refs.Check.
func (a *applier) missing(kind graph.RefKind, ids []string) ([]string, error) {
	table := "municipality"
	switch kind {
	case graph.RefNetwork:
		table = "network"
	case graph.RefOrganisation:
		table = "organisation"
	}
	st, err := prepare(a.c, "SELECT 1 FROM "+table+" WHERE id = ?")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	var out []string
	for i, id := range ids {
		if i%every == 0 {
			if err := a.ctx.Err(); err != nil {
				return nil, err
			}
		}
		st.BindText(1, id)
		found, err := st.Step()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", table, err)
		}
		if err := st.Reset(); err != nil {
			return nil, err
		}
		if !found {
			out = append(out, id)
		}
	}
	return out, nil
}
