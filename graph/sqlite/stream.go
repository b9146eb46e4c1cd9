package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"

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
	// cur is the file being streamed, whose writer may be at work on the
	// connection: every other use of the connection waits for it (settle).
	cur *FileImport
}

// settle waits for the current file's writer to finish its chunk and
// stops it, and returns the writer's error, if any.
func (im *Import) settle() error {
	if im.cur == nil {
		return nil
	}
	err := im.cur.stop()
	im.cur = nil
	return err
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
	err := im.settle()
	if err == nil {
		err = im.ctx.Err()
	}
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
	im.settle() // the import is dropped: its writer's error with it
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
	if err := im.settle(); err != nil {
		return graph.ApplyStats{}, wrap(op, "", ctxErr(im.ctx, err))
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
// an importer.LinkSink. Its methods are called from one goroutine (the
// reader's); each chunk of links is written on a goroutine of its own
// (the writer) while the reader goes on with the next chunk, so that
// reading and writing take two cores. The writer is the only user of the
// connection while the file streams: Recall asks it, and it answers
// between two statements of its chunk (see writer).
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
	w       *writer // nil until the first chunk and after stop
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
	if err := im.settle(); err != nil {
		return nil, wrap(op, "", ctxErr(im.ctx, err))
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
	im.cur = &FileImport{im: im, settles: settles, seq: v + 1, fresh: links == 0}
	return im.cur, nil
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
// before the file wait for Finish. It checks the chunk and hands it to
// the writer once the writer is done with the previous chunk, and
// returns: the writing goes on meanwhile. Errors: EINVALID for links
// that graph.Batch.Validate rejects; the previous chunk's error in
// writing; after any error the import can only be rolled back.
func (f *FileImport) Links(fresh, again []graph.Partnership) error {
	const op = "sqlite: import"
	probs := (&graph.Batch{Partnerships: fresh}).Problems()
	if err := graph.ProblemsError(append(probs, (&graph.Batch{Partnerships: again}).Problems()...)); err != nil {
		return wrap(op, "", err)
	}
	if f.w == nil {
		f.w = f.startWriter()
	}
	if err := f.w.wait(); err != nil {
		return wrap(op, "", ctxErr(f.im.ctx, err))
	}
	// The importer reuses the records once Links returns: the writer
	// takes copies (the lists they hold are not reused).
	f.w.jobs <- chunk{fresh: slices.Clone(fresh), again: slices.Clone(again)}
	f.w.busy = true
	return nil
}

// write writes a chunk, on the writer's goroutine.
func (f *FileImport) write(w *writer, c chunk) error {
	a := f.applier()
	defer func() { f.buf = a.buf }()
	w.fresh, w.again = normalizeOwnLinks(c.fresh), normalizeOwnLinks(c.again)
	defer func() { w.fresh, w.again = nil, nil }()
	a.between = w.serve
	return f.links(a, w.fresh, w.again)
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
// held: from the waiting statements, or as written. The writer answers
// it (see writer.serve).
func (f *FileImport) Recall(a, b string, kind graph.Kind) (graph.Partnership, bool, error) {
	const op = "sqlite: import"
	key := graph.Partnership{A: a, B: b, Kind: kind}
	var got recalled
	if f.w == nil {
		got = f.recall(key)
	} else {
		r := recallReq{key: key, reply: make(chan recalled, 1)}
		f.w.reqs <- r
		got = <-r.reply
	}
	if got.err != nil {
		return graph.Partnership{}, false, wrap(op, "", ctxErr(f.im.ctx, got.err))
	}
	return got.p, got.ok, nil
}

// recall is Recall on the goroutine that uses the connection.
func (f *FileImport) recall(key graph.Partnership) recalled {
	ap := f.applier()
	if f.waiting > 0 {
		got, err := probeExisting(ap, waiting(), []graph.Partnership{key})
		if err != nil {
			return recalled{err: err}
		}
		if p, ok := got[key.Key()]; ok {
			return recalled{p: p, ok: true}
		}
	}
	got, err := probeExisting(ap, partnerships(0), []graph.Partnership{key})
	if err != nil {
		return recalled{err: err}
	}
	p, ok := got[key.Key()]
	// As written: the statement, settled and stamped when the file
	// settles (final); an importer's statement has no claims or events.
	p.Claims, p.Events = nil, nil
	return recalled{p: p, ok: ok}
}

// writer writes a file's chunks of links on a goroutine of its own, one
// chunk at a time, and answers Recall. A link that the chunk at work
// does not hold is stored as it will be when the chunk is written (the
// chunk writes no other link), so its Recall is answered between two
// statements of the chunk; a Recall of a link of the chunk waits for the
// chunk to be written, as it would if the reader had written the chunk
// itself.
type writer struct {
	f    *FileImport
	jobs chan chunk     // the next chunk; closed by stop
	done chan error     // a chunk's outcome
	reqs chan recallReq // Recall's questions
	exit chan struct{}  // closed when the goroutine ends
	busy bool           // a chunk's outcome is yet to be received (the reader's)
	err  error          // the first error in writing (the writer's)
	// fresh and again: the chunk at work, normalised (sorted by key).
	fresh, again []graph.Partnership
	held         []recallReq // questions about links of the chunk at work
}

// chunk is a chunk of links as Links takes it.
type chunk struct{ fresh, again []graph.Partnership }

// recallReq asks the writer for a link's statement.
type recallReq struct {
	key   graph.Partnership
	reply chan recalled
}

// recalled is Recall's answer.
type recalled struct {
	p   graph.Partnership
	ok  bool
	err error
}

// startWriter starts the file's writer.
func (f *FileImport) startWriter() *writer {
	w := &writer{f: f, jobs: make(chan chunk), done: make(chan error, 1), reqs: make(chan recallReq), exit: make(chan struct{})}
	go func() {
		defer close(w.exit)
		for {
			select {
			case c, ok := <-w.jobs:
				if !ok {
					return
				}
				if w.err == nil {
					w.err = f.write(w, c)
				}
				for _, r := range w.held {
					w.answer(r)
				}
				w.held = nil
				w.done <- w.err
			case r := <-w.reqs:
				w.answer(r)
			}
		}
	}()
	return w
}

// answer answers a Recall, or gives the writer's error.
func (w *writer) answer(r recallReq) {
	if w.err != nil {
		r.reply <- recalled{err: w.err}
		return
	}
	r.reply <- w.f.recall(r.key)
}

// serve answers, between two statements of the chunk at work, the
// Recall asked about a link the chunk does not hold; one about a link it
// holds waits for the chunk's end.
func (w *writer) serve() error {
	for {
		select {
		case r := <-w.reqs:
			if holds(w.fresh, r.key) || holds(w.again, r.key) {
				w.held = append(w.held, r)
				continue
			}
			w.answer(r)
		default:
			return nil
		}
	}
}

// holds reports whether ps, sorted by key, holds a link with key's key.
func holds(ps []graph.Partnership, key graph.Partnership) bool {
	_, ok := slices.BinarySearchFunc(ps, key, func(p, k graph.Partnership) int {
		if c := strings.Compare(p.A, k.A); c != 0 {
			return c
		}
		if c := strings.Compare(p.B, k.B); c != 0 {
			return c
		}
		return strings.Compare(string(p.Kind), string(k.Kind))
	})
	return ok
}

// wait waits for the chunk at work (the reader's).
func (w *writer) wait() error {
	if !w.busy {
		return nil
	}
	w.busy = false
	return <-w.done
}

// stop waits for the chunk at work, ends the writer and returns its
// error; the connection is the caller's again.
func (f *FileImport) stop() error {
	w := f.w
	if w == nil {
		return nil
	}
	f.w = nil
	w.wait()
	close(w.jobs)
	<-w.exit
	return w.err
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
	if f.im.cur == f {
		f.im.cur = nil
	}
	if err := f.stop(); err != nil {
		return graph.ApplyStats{}, nil, wrap(op, "", ctxErr(f.im.ctx, err))
	}
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
