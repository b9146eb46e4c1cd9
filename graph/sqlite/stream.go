package sqlite

import (
	"context"
	"fmt"
	"slices"

	"zombiezen.com/go/sqlite"

	"github.com/citygraph/citygraph/graph"
)

// A streamed import writes files into the store in one transaction while
// they are read, so that memory stays bounded by a chunk of links rather
// than growing with the file (issue 9): the importer hands each chunk of
// links to a FileImport (it is an importer.LinkSink) and the rest of the
// file's batch (its places and other records) at the end, to Finish.
//
// The outcome is the one Apply gives the file's whole batch: every link
// stored before the file is merged once, at Finish, with the file's whole
// statement about it (graph.MergePartnershipAt); a link new to the store
// is written when its chunk comes and written again when a later row of
// the file names it (the importer then gets it back with Recall and hands
// it on as "again"). The statements about links stored before wait in a
// temporary table (on disk: temp_store is FILE for the writer while an
// import is open, see importPragmas) until Finish.

// Import is a streamed import: one write transaction, holding the store's
// writer until Commit or Rollback. Files go in one after the other, each
// through File (streamed) or Apply (a whole batch); each file's version
// and counts are those a separate Apply would give.
type Import struct {
	s    *Store
	ctx  context.Context
	c    *sqlite.Conn
	done bool
}

// importPragmas are the writer's while an import is open: the waiting
// statements go to a temporary file, not memory, and the page cache is
// 8 MiB rather than 64: the rows go in chunks, not in key order, so a
// larger cache holds pages that are not needed again soon (on the
// 1,000,000-row benchmark, 64 MiB cost 120 MB of peak memory and a fifth
// more CPU time).
const importPragmas = "PRAGMA temp_store = FILE; PRAGMA cache_size = -8192"

// BeginImport starts a streamed import in one transaction; end it with
// Commit or Rollback (Rollback after Commit does nothing). Errors as
// Apply's.
func (s *Store) BeginImport(ctx context.Context) (*Import, error) {
	const op = "sqlite: import"
	if err := ctx.Err(); err != nil {
		return nil, wrap(op, "", err)
	}
	s.mu.Lock()
	c, err := s.writer()
	if err == nil {
		err = execAll(c, importPragmas)
	}
	if err == nil {
		c.SetInterrupt(ctx.Done())
		if err = execAll(c, "BEGIN IMMEDIATE"); err != nil {
			c.SetInterrupt(nil)
		}
	}
	if err != nil {
		s.mu.Unlock()
		return nil, wrap(op, "", err)
	}
	return &Import{s: s, ctx: ctx, c: c}, nil
}

// Commit makes every file of the import visible at once, durably.
func (im *Import) Commit() error {
	const op = "sqlite: import: commit"
	if im.done {
		return wrap(op, "", fmt.Errorf("the import has ended"))
	}
	err := im.ctx.Err()
	if err == nil {
		err = execAll(im.c, "COMMIT")
	}
	if err != nil {
		im.Rollback()
		return wrap(op, "", ctxErr(im.ctx, err))
	}
	im.end()
	return nil
}

// Rollback drops everything the import wrote.
func (im *Import) Rollback() {
	if im.done {
		return
	}
	im.c.SetInterrupt(nil)
	im.s.rollback(im.c)
	im.end()
}

func (im *Import) end() {
	im.done = true
	if im.s.w != nil {
		im.c.SetInterrupt(nil)
		if err := execAll(im.c, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536"); err != nil { // as pragmas sets them
			im.s.log.Warn().Err(err).Msg("reset the pragmas after an import")
		}
	}
	im.s.mu.Unlock()
}

// Apply merges a whole batch into the store inside the import's
// transaction, as Store.Apply does in a transaction of its own. After an
// error the import can only be rolled back.
func (im *Import) Apply(b *graph.Batch) (graph.ApplyStats, error) {
	const op = "sqlite: apply"
	if im.done {
		return graph.ApplyStats{}, wrap(op, "", fmt.Errorf("the import has ended"))
	}
	nb, links := prepareBatch(b, false)
	if err := b.Validate(); err != nil {
		<-links
		return graph.ApplyStats{}, wrap(op, "", err)
	}
	a := &applier{ctx: im.ctx, c: im.c, b: nb, links: links, log: im.s.log}
	if err := a.run(); err != nil {
		return graph.ApplyStats{}, wrap(op, "", ctxErr(im.ctx, err))
	}
	return a.stats, nil
}

// FileImport takes one file's links while it is read (see Import). It is
// an importer.LinkSink.
type FileImport struct {
	im      *Import
	settles bool
	seq     int64 // the version the file will give the store
	// fresh: the store held no link when the file began, so no link of the
	// file needs looking up.
	fresh bool
	// waiting counts the rows of the temporary table: statements about
	// links stored before the file, merged at Finish.
	waiting int
	stats   graph.ApplyStats
	buf     []byte
}

// waitTable holds the statements that wait for Finish.
const waitTable = "temp.import_wait"

// File starts a file of the import; settles says its statements settle
// disagreements (graph.Batch.Settling). It returns nil, and no error,
// when the file cannot be streamed: a store with aliases needs the
// file's whole batch (Import.Apply) to resolve them.
func (im *Import) File(settles bool) (*FileImport, error) {
	const op = "sqlite: import"
	if im.done {
		return nil, wrap(op, "", fmt.Errorf("the import has ended"))
	}
	n, err := queryInt(im.c, "SELECT EXISTS (SELECT 1 FROM alias)")
	if err != nil || n > 0 {
		return nil, wrap(op, "read aliases", err)
	}
	v, err := queryInt(im.c, versionSQL)
	if err != nil {
		return nil, wrap(op, "read version", err)
	}
	links, err := queryInt(im.c, "SELECT EXISTS (SELECT 1 FROM partnership)")
	if err != nil {
		return nil, wrap(op, "read partnerships", err)
	}
	if err := execAll(im.c, "CREATE TABLE IF NOT EXISTS "+waitTable+" (a TEXT, b TEXT, kind TEXT, since TEXT, until TEXT, status TEXT, "+
		"topics TEXT, sources TEXT, claims TEXT, events TEXT, PRIMARY KEY (a, b, kind)) WITHOUT ROWID; DELETE FROM "+waitTable); err != nil {
		return nil, wrap(op, "create the table of waiting statements", err)
	}
	return &FileImport{im: im, settles: settles, seq: v + 1, fresh: links == 0}, nil
}

// waiting returns the table of statements waiting for Finish.
func waiting() table[graph.Partnership] {
	t := partnerships(0)
	t.name, t.links = waitTable, false
	return t
}

// applier returns an applier on the import's transaction.
func (f *FileImport) applier() *applier {
	return &applier{ctx: f.im.ctx, c: f.im.c, log: f.im.s.log, buf: f.buf}
}

// final prepares a file's statement about a link for the store, as Apply
// prepares a batch's link: settling when the file settles, stamped with
// the file's version.
func (f *FileImport) final(p *graph.Partnership) {
	if f.settles {
		p.MarkSettling()
	}
	p.Stamp(f.seq)
}

// Links writes a chunk of the file's links: fresh ones that are new to
// the store, and again ones, directly; statements about links stored
// before the file wait for Finish. Errors: EINVALID for links that
// graph.Batch.Validate rejects; after any error the import can only be
// rolled back.
func (f *FileImport) Links(fresh, again []graph.Partnership) error {
	const op = "sqlite: import"
	probs := (&graph.Batch{Partnerships: fresh}).Problems()
	if err := graph.ProblemsError(append(probs, (&graph.Batch{Partnerships: again}).Problems()...)); err != nil {
		return wrap(op, "", err)
	}
	a := f.applier()
	defer func() { f.buf = a.buf }()
	if err := f.links(a, normalizeLinks(fresh), normalizeLinks(again)); err != nil {
		return wrap(op, "", ctxErr(f.im.ctx, err))
	}
	return nil
}

func (f *FileImport) links(a *applier, fresh, again []graph.Partnership) error {
	t := partnerships(f.seq)
	var stored map[string]graph.Partnership
	if !f.fresh {
		var err error
		if stored, err = probeExisting(a, t, fresh); err != nil {
			return fmt.Errorf("read partnership: %w", err)
		}
	}
	// The links again: those waiting wait on; the others are new to the
	// store, written again.
	var wait, write []graph.Partnership
	if f.waiting > 0 && len(again) > 0 {
		waitingNow, err := probeExisting(a, waiting(), again)
		if err != nil {
			return fmt.Errorf("read %s: %w", waitTable, err)
		}
		for _, p := range again {
			if _, ok := waitingNow[p.Key()]; ok {
				wait = append(wait, p)
			} else {
				write = append(write, p)
			}
		}
	} else {
		write = again
	}
	create := fresh
	if len(stored) > 0 {
		create = make([]graph.Partnership, 0, len(fresh))
		for _, p := range fresh {
			if _, ok := stored[p.Key()]; ok {
				wait = append(wait, p)
				f.waiting++
			} else {
				create = append(create, p)
			}
		}
	}
	for i := range create {
		f.final(&create[i])
	}
	for i := range write {
		f.final(&write[i])
	}
	f.stats.Created += len(create)
	f.stats.PartnershipsCreated += len(create)
	if err := writeNew(a, t, create); err != nil {
		return err
	}
	if err := writeTable(a, t, write); err != nil {
		return err
	}
	return writeTable(a, waiting(), wait)
}

// Recall returns the file's statement about a link an earlier chunk
// held: from the waiting statements, or as written.
func (f *FileImport) Recall(a, b string, kind graph.Kind) (graph.Partnership, bool, error) {
	const op = "sqlite: import"
	key := graph.Partnership{A: a, B: b, Kind: kind}
	ap := f.applier()
	if f.waiting > 0 {
		got, err := probeExisting(ap, waiting(), []graph.Partnership{key})
		if err != nil {
			return graph.Partnership{}, false, wrap(op, "", err)
		}
		if p, ok := got[key.Key()]; ok {
			return p, true, nil
		}
	}
	got, err := probeExisting(ap, partnerships(0), []graph.Partnership{key})
	if err != nil {
		return graph.Partnership{}, false, wrap(op, "", err)
	}
	p, ok := got[key.Key()]
	// As written: the statement, settled and stamped when the file
	// settles (final); an importer's statement has no claims or events.
	p.Claims, p.Events = nil, nil
	return p, ok, nil
}

// waitChunk is how many waiting statements Finish merges at a time.
const waitChunk = 4096

// Finish merges the waiting statements into the links stored before the
// file, then applies the rest of the file's batch b (its places and other
// records; its links, if any, as Apply would) and records the import. It
// may normalise b's places in place. It
// returns the counts Apply would give the file's whole batch and the keys
// of the file's links that were stored before it (the only ones that can
// be in conflict with earlier sources).
func (f *FileImport) Finish(b *graph.Batch) (graph.ApplyStats, []string, error) {
	const op = "sqlite: import"
	a := f.applier()
	stored, err := f.merge(a)
	if err != nil {
		return graph.ApplyStats{}, nil, wrap(op, "", ctxErr(f.im.ctx, err))
	}
	if f.settles {
		c := *b // settle a copy: the caller's links stay as they are
		c.Partnerships = slices.Clone(b.Partnerships)
		c.Settling()
		b = &c
	}
	if err := b.Validate(); err != nil {
		return graph.ApplyStats{}, nil, wrap(op, "", err)
	}
	nb, links := prepareBatch(b, true)
	a.b, a.links, a.stats = nb, links, f.stats
	if err := a.run(); err != nil {
		return graph.ApplyStats{}, nil, wrap(op, "", ctxErr(f.im.ctx, err))
	}
	return a.stats, stored, nil
}

// merge merges the waiting statements, in key order, a chunk at a time,
// into the links stored before the file, and returns their keys.
func (f *FileImport) merge(a *applier) ([]string, error) {
	if f.waiting == 0 {
		return nil, nil
	}
	w, t := waiting(), partnerships(f.seq)
	var keys []string
	var last *graph.Partnership
	in := interner{}
	for {
		q := "SELECT " + w.cols + " FROM " + w.name
		if last != nil {
			q += " WHERE (a, b, kind) > (?, ?, ?)"
		}
		st, err := prepare(a.c, q+" ORDER BY a, b, kind LIMIT "+fmt.Sprint(waitChunk))
		if err != nil {
			return nil, err
		}
		if last != nil {
			st.BindText(1, last.A)
			st.BindText(2, last.B)
			st.BindText(3, string(last.Kind))
		}
		var chunk []graph.Partnership
		err = each(st, a.ctx.Err, func(r *row) error {
			p, err := w.scan(r, in)
			chunk = append(chunk, p)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", waitTable, err)
		}
		if len(chunk) == 0 {
			break
		}
		l := chunk[len(chunk)-1]
		last = &l
		for i := range chunk {
			keys = append(keys, chunk[i].Key())
			f.final(&chunk[i])
		}
		old, err := probeExisting(a, t, chunk)
		if err != nil {
			return nil, fmt.Errorf("read partnership: %w", err)
		}
		plan := graph.PlanMerge(chunk, old, t.key, t.merge)
		plan.Count(&f.stats, true)
		if err := writeNew(a, t, plan.Create); err != nil {
			return nil, err
		}
		if err := writeTable(a, t, plan.Update); err != nil {
			return nil, err
		}
		if len(chunk) < waitChunk {
			break
		}
	}
	f.waiting = 0
	return keys, execAll(a.c, "DELETE FROM "+waitTable)
}
