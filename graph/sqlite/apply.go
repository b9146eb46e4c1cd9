package sqlite

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
)

// Apply writes b in one transaction: it checks b with graph.Batch.Validate,
// normalises a copy of the batch (b itself is not modified), checks that
// every link names known ends (graph.Refs.Check), reads
// the stored records with the batch's keys, merges them with the graph.Merge
// functions and writes the records that changed. The version grows by one
// if anything changed. On any error nothing of b is visible.
//
// Errors: EINVALID for a batch that Validate rejects or that names unknown
// ends (the message lists the first few);
// EUNAVAILABLE when the file cannot be written or another process holds the
// write lock for longer than the busy timeout (10 s); the context's error
// when ctx ends first.
func (s *Store) Apply(ctx context.Context, b *graph.Batch) (graph.ApplyStats, error) {
	const op = "sqlite: apply"
	if err := ctx.Err(); err != nil {
		return graph.ApplyStats{}, wrap(op, "", err)
	}
	start := time.Now()
	if err := b.Validate(); err != nil {
		return graph.ApplyStats{}, wrap(op, "", err)
	}
	nb, links := prepare(b)

	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.writer()
	if err != nil {
		return graph.ApplyStats{}, wrap(op, "", err)
	}
	stop := c.interruptOnDone(ctx)
	defer stop()
	if err := c.exec("BEGIN IMMEDIATE"); err != nil {
		return graph.ApplyStats{}, wrap(op, "begin", err)
	}
	a := &applier{ctx: ctx, c: c, b: nb, links: links, log: s.log}
	st, err := a.run()
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = c.exec("COMMIT")
	}
	if err != nil {
		if !c.autocommit() {
			if rerr := c.exec("ROLLBACK"); rerr != nil {
				// A connection that cannot roll back is not used again.
				s.log.Warn().Err(rerr).Msg("rollback failed; reconnecting")
				c.close()
				s.w = nil
			}
		}
		return graph.ApplyStats{}, wrap(op, "", err)
	}
	s.log.Debug().Int("created", st.Created).Int("merged", st.Merged).Int("unchanged", st.Unchanged).
		Int64("version", st.Version).Dur("took", time.Since(start)).Msg("batch applied")
	return st, nil
}

// prepare returns a normalised copy of b (b itself is not modified): the
// same records as graph.Batch.Normalize gives, with municipalities and
// partnerships in primary-key order, which keeps B-tree inserts at the
// right edge. The links come later, on the channel: they are normalised
// and checked on another goroutine while the rest is prepared and the
// places are written (Normalize treats each list on its own).
func prepare(in *graph.Batch) (*graph.Batch, <-chan []graph.Partnership) {
	links := make(chan []graph.Partnership, 1)
	go func() { links <- normalizeLinks(in.Partnerships) }()
	b := *in
	b.Municipalities = nil
	b.Partnerships = nil
	b.Networks = slices.Clone(in.Networks)
	b.Memberships = slices.Clone(in.Memberships)
	b.Organisations = slices.Clone(in.Organisations)
	b.OrgLinks = slices.Clone(in.OrgLinks)
	b.StateCounts = slices.Clone(in.StateCounts)
	b.Normalize()
	b.Municipalities = normalizeMunicipalities(in.Municipalities)
	return &b, links
}

// normalizeMunicipalities returns a normalised copy of ms (as
// Batch.Normalize makes it), sorted by ID. The records are large: they are
// put in order through a sorted list of (ID, position) rather than moved
// by the sort.
func normalizeMunicipalities(ms []graph.Municipality) []graph.Municipality {
	nb := graph.Batch{Municipalities: slices.Clone(ms)}
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
	slices.SortFunc(keys, func(x, y key) int {
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
	})
	out := make([]graph.Partnership, 0, len(ps))
	for j, k := range keys {
		p := ps[k.i]
		p.Normalize()
		if j > 0 {
			if q := keys[j-1]; k.a == q.a && k.b == q.b && k.kind == q.kind {
				out[len(out)-1], _ = graph.MergePartnership(out[len(out)-1], p)
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// applier holds one Apply's transaction.
type applier struct {
	ctx context.Context
	c   *rawConn
	b   *graph.Batch // without its links until they are ready
	// links brings the batch's links (see prepare).
	links <-chan []graph.Partnership
	buf   []byte // scratch for JSON lists
	log   zerolog.Logger
}

// every is how many rows pass between looks at the context.
const every = 4096

func (a *applier) run() (graph.ApplyStats, error) {
	var st graph.ApplyStats
	b := a.b
	mt, pt, nt, ot := municipalities(), partnerships(), networks(), organisations()
	// The places first, while the links are being prepared; if the links
	// name unknown ends, the transaction is rolled back.
	munis, err := mergeTable(a, mt, b.Municipalities, graph.MergeMunicipality, false, &st)
	if err != nil {
		return st, err
	}
	if err := writeTable(a, mt, munis); err != nil {
		return st, err
	}
	b.Partnerships = <-a.links
	if err := b.Refs().Check(a.missing); err != nil {
		return st, err
	}
	nets, err := mergeTable(a, nt, b.Networks, graph.MergeNetwork, false, &st)
	if err != nil {
		return st, err
	}
	orgs, err := mergeTable(a, ot, b.Organisations, graph.MergeOrganisation, false, &st)
	if err != nil {
		return st, err
	}
	parts, err := mergeTable(a, pt, b.Partnerships, graph.MergePartnership, true, &st)
	if err != nil {
		return st, err
	}
	mems, err := mergeTable(a, memberships(), b.Memberships, graph.MergeMembership, false, &st)
	if err != nil {
		return st, err
	}
	links, err := mergeTable(a, orgLinks(), b.OrgLinks, graph.MergeOrgLink, false, &st)
	if err != nil {
		return st, err
	}
	counts, err := mergeTable(a, stateCounts(), b.StateCounts, graph.MergeStateCount, false, &st)
	if err != nil {
		return st, err
	}

	// Parents before children, each in key order (the batch is sorted).
	if err := writeTable(a, nt, nets); err != nil {
		return st, err
	}
	if err := writeTable(a, ot, orgs); err != nil {
		return st, err
	}
	if err := writeTable(a, pt, parts); err != nil {
		return st, err
	}
	if err := writeTable(a, memberships(), mems); err != nil {
		return st, err
	}
	if err := writeTable(a, orgLinks(), links); err != nil {
		return st, err
	}
	if err := writeTable(a, stateCounts(), counts); err != nil {
		return st, err
	}

	if imp := b.Import; imp.SHA256 != "" {
		if err := a.recordImport(imp); err != nil {
			return st, fmt.Errorf("record import: %w", err)
		}
	}
	if st.Changed() {
		if err := a.c.exec("UPDATE meta SET value = value + 1 WHERE key = 'version'"); err != nil {
			return st, fmt.Errorf("bump version: %w", err)
		}
	}
	if st.Version, err = a.c.queryInt(versionSQL); err != nil {
		return st, fmt.Errorf("read version: %w", err)
	}
	return st, nil
}

func (a *applier) recordImport(imp graph.ImportRecord) error {
	st, err := a.c.prepare("INSERT INTO import (sha256, file, kind, rows) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING")
	if err != nil {
		return err
	}
	defer st.close()
	st.text(1, imp.SHA256)
	st.text(2, imp.File)
	st.text(3, imp.Kind)
	st.int(4, int64(imp.Rows))
	return st.run()
}

// mergeTable reads the stored records with the keys of recs, merges recs
// into them, counts the outcomes and returns the records to write (new or
// changed).
func mergeTable[T any](a *applier, t table[T], recs []T, merge func(T, T) (T, bool), partnership bool, st *graph.ApplyStats) ([]T, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	old, err := loadExisting(a, t, recs)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	if len(old) == 0 { // all new, the common case of a first import
		for range recs {
			st.Add(graph.Created, partnership)
		}
		return recs, nil
	}
	var out []T
	for _, r := range recs {
		o, ok := old[t.key(r)]
		if !ok {
			st.Add(graph.Created, partnership)
			out = append(out, r)
			continue
		}
		n, changed := merge(o, r)
		if !changed {
			st.Add(graph.Unchanged, partnership)
			continue
		}
		st.Add(graph.Merged, partnership)
		out = append(out, n)
	}
	return out, nil
}

// loadExisting looks up every record's key; an empty table is not read.
func loadExisting[T any](a *applier, t table[T], recs []T) (map[string]T, error) {
	out := map[string]T{}
	stored, err := a.c.queryInt("SELECT EXISTS (SELECT 1 FROM " + t.name + ")")
	if err != nil || stored == 0 {
		return out, err
	}
	if t.rowCmp != nil {
		// A batch that is large next to the table: one pass over the
		// table in key order beside the sorted batch beats a lookup per
		// record.
		if stored, err = a.c.queryInt("SELECT count(*) FROM " + t.name); err != nil {
			return nil, err
		}
		if int64(len(recs))*scanRatio >= stored {
			return scanExisting(a, t, recs)
		}
	}
	st, err := a.c.prepare(t.selectOne())
	if err != nil {
		return nil, err
	}
	defer st.close()
	in := interner{}
	for i, r := range recs {
		if i%every == 0 {
			if err := a.ctx.Err(); err != nil {
				return nil, err
			}
		}
		for j, k := range t.pkArgs(r) {
			st.text(j+1, k)
		}
		row, err := st.step()
		if err != nil {
			return nil, err
		}
		if row {
			v, err := t.scan(st, in)
			if err != nil {
				st.reset()
				return nil, err
			}
			out[t.key(v)] = v
		}
		st.reset()
	}
	return out, nil
}

// scanRatio: a table is scanned rather than probed when it holds at most
// this many rows per record of the batch.
const scanRatio = 8

// scanExisting walks the table and the batch, both in primary-key order,
// and decodes the rows whose keys the batch has.
func scanExisting[T any](a *applier, t table[T], recs []T) (map[string]T, error) {
	out := map[string]T{}
	st, err := a.c.prepare(t.selectAll())
	if err != nil {
		return nil, err
	}
	defer st.close()
	in := interner{}
	i := 0
	for n := 0; i < len(recs); n++ {
		if n%every == 0 {
			if err := a.ctx.Err(); err != nil {
				return nil, err
			}
		}
		row, err := st.step()
		if err != nil {
			return nil, err
		}
		if !row {
			break
		}
		c := -1
		for i < len(recs) {
			if c = t.rowCmp(st, &recs[i]); c <= 0 {
				break
			}
			i++ // the record is new
		}
		if c == 0 {
			v, err := t.scan(st, in)
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

// writeTable upserts recs with multi-row statements, prepared once.
func writeTable[T any](a *applier, t table[T], recs []T) error {
	if len(recs) == 0 {
		return nil
	}
	a.log.Debug().Str("table", t.name).Int("rows", len(recs)).Msg("writing")
	width := t.width()
	var full *rawStmt
	defer func() {
		if full != nil {
			full.close()
		}
	}()
	for lo := 0; lo < len(recs); lo += rowsPerInsert {
		if lo%every < rowsPerInsert {
			if err := a.ctx.Err(); err != nil {
				return err
			}
		}
		hi := min(lo+rowsPerInsert, len(recs))
		var st *rawStmt
		var err error
		if hi-lo == rowsPerInsert {
			if full == nil {
				if full, err = a.c.prepare(t.upsert(rowsPerInsert)); err != nil {
					return fmt.Errorf("write %s: %w", t.name, err)
				}
			}
			st = full
		} else {
			if st, err = a.c.prepare(t.upsert(hi - lo)); err != nil {
				return fmt.Errorf("write %s: %w", t.name, err)
			}
			defer st.close()
		}
		for i := lo; i < hi; i++ {
			st.off = (i - lo) * width
			a.buf = t.bind(st, &recs[i], a.buf)
		}
		st.off = 0
		if err := st.run(); err != nil {
			return fmt.Errorf("write %s %s..%s: %w", t.name, t.key(recs[lo]), t.key(recs[hi-1]), err)
		}
	}
	return nil
}

// missing returns the ids of the given kind that the store lacks, in
// the order given.
func (a *applier) missing(kind graph.RefKind, ids []string) ([]string, error) {
	table := "municipality"
	switch kind {
	case graph.RefNetwork:
		table = "network"
	case graph.RefOrganisation:
		table = "organisation"
	}
	st, err := a.c.prepare("SELECT 1 FROM " + table + " WHERE id = ?")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	defer st.close()
	var out []string
	for i, id := range ids {
		if i%every == 0 {
			if err := a.ctx.Err(); err != nil {
				return nil, err
			}
		}
		st.text(1, id)
		row, err := st.step()
		if err != nil {
			return nil, err
		}
		st.reset()
		if !row {
			out = append(out, id)
		}
	}
	return out, nil
}
