package importer

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/importer/table"
)

// The rows of a file go through three stages that run at the same time,
// each on its own goroutine, handing chunks of rows on:
//
//  1. split: the table reader splits the lines into cells (split);
//  2. parse: each row's cells are read and its places resolved, or its
//     problems filed (run.parseRow; this stage alone uses the resolution
//     caches and sees the rows in order);
//  3. add: each valid row's record is added to the batch or merged into
//     the record an earlier row gave, and every row's lines are accounted
//     for (addChunks; this stage alone uses the batch and the ledger), in
//     line order, so that problems come out in the order of the file.
//
// A row is cut once into cells, each cell read once, each place resolved
// once per distinct spelling, and each record merged once, into the batch;
// the batch leaves the importer normalised (ends ordered, topics sorted and
// unique, one record per key).

// rowChunk is a run of rows handed from stage to stage.
type rowChunk struct {
	recs   []table.Record
	buf    table.Buffer // the cells of recs
	rows   []row
	offset int64 // input bytes read after the chunk, for progress
	err    error // reading failed or the context ended: the last chunk
}

// chunkRows is how many rows a chunk holds.
const chunkRows = 1024

// rowStatus is what a row is, beyond its problems.
type rowStatus uint8

const (
	rowData   rowStatus = iota // a row of data (valid when it has no problems)
	rowBlank                   // no text in any cell
	rowHeader                  // the header again
)

// row is what the parse stage makes of a record.
type row struct {
	status rowStatus
	probs  []Problem
	it     item
}

// readRows runs the three stages over the rows after the header.
func (rd *reading) readRows(ctx context.Context, tr *table.Reader, im *Importer) error {
	rd.led.bl = newBuilder(rd.file, rd.res.Kind, rd.opt.Links, rd.opt.ChunkLinks)
	ru := newRun(im, rd)
	split := make(chan *rowChunk, 4)
	parsed := make(chan *rowChunk, 4)
	free := make(chan *rowChunk, 12) // chunks stage 3 is done with
	go rd.split(ctx, tr, split, free)
	go func() {
		defer close(parsed)
		for c := range split {
			if c.err == nil {
				c.rows = slices.Grow(c.rows[:0], len(c.recs))[:len(c.recs)]
				for i := range c.recs {
					c.rows[i] = ru.parseRow(&c.recs[i])
				}
			}
			parsed <- c
		}
	}()
	err := rd.addChunks(parsed, free)
	rd.res.Identity, rd.res.IdentityCounts = ru.identityReport(!im.NoIdentityList)
	return err
}

// split is stage 1: it reads the records, the ones read while looking for
// the header first.
func (rd *reading) split(ctx context.Context, tr *table.Reader, out chan<- *rowChunk, free <-chan *rowChunk) {
	defer close(out)
	newChunk := func() *rowChunk {
		select {
		case c := <-free:
			c.recs, c.offset = c.recs[:0], 0
			c.buf.Reset()
			return c
		default:
			return &rowChunk{recs: make([]table.Record, 0, chunkRows)}
		}
	}
	c := newChunk()
	c.recs = append(c.recs, rd.pending...)
	rd.pending = nil
	for {
		rec, err := tr.ReadTo(&c.buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			out <- &rowChunk{err: err}
			return
		}
		c.recs = append(c.recs, rec)
		if len(c.recs) >= chunkRows {
			if err := ctx.Err(); err != nil {
				out <- &rowChunk{err: err}
				return
			}
			c.offset = rd.raw.n
			out <- c
			c = newChunk()
		}
	}
	c.offset = rd.raw.n
	out <- c
}

// addChunks is stage 3: it adds the rows' records to the batch and
// accounts for their lines. It returns the first error of the stages
// before, after they have finished.
func (rd *reading) addChunks(in <-chan *rowChunk, free chan<- *rowChunk) error {
	var err error
	total := rd.opt.Size
	if total <= 0 {
		total = -1
	}
	first := true
	for c := range in {
		if err != nil {
			continue // wait for the other stages to finish
		}
		if c.err != nil {
			err = c.err
			continue
		}
		if first && rd.opt.Size > 0 {
			rd.led.bl.reserve(estimateRows(c.recs, rd.opt.Size))
		}
		first = false
		for i := range c.rows {
			rd.led.row(&c.recs[i], &c.rows[i])
		}
		if e := rd.led.bl.err; e != nil {
			err = fmt.Errorf("write the links: %w", e)
		}
		if rd.opt.Progress != nil {
			rd.opt.Progress(c.offset, total)
		}
		clear(c.recs) // what the rows point to is the batch's now, or garbage
		clear(c.rows)
		select {
		case free <- c:
		default:
		}
	}
	if err == nil && rd.opt.Progress != nil {
		rd.opt.Progress(rd.raw.n, max(total, rd.raw.n))
	}
	return err
}

// estimateRows guesses how many rows a file of size bytes has from the
// first rows read, a little more rather than less.
func estimateRows(recs []table.Record, size int64) int {
	var n int64
	for i := range recs {
		n += int64(recs[i].Size()) + 1
	}
	if n == 0 {
		return 0
	}
	return int(min(size*int64(len(recs))/n*21/20, 1<<24))
}

// ledger accounts for the lines of a file and files its problems and
// rejected rows (stage 3).
type ledger struct {
	file      string
	res       *Result
	onProblem func(Problem)
	onReject  func([]string, Rejected)
	header    []string
	cols      columns // for the column of a disagreement
	lines     Lines
	fatal     int // problems with the whole file
	bl        *builder
}

func newLedger(file string, res *Result, opt Options) *ledger {
	return &ledger{file: file, res: res, onProblem: opt.OnProblem, onReject: opt.OnReject}
}

// row accounts for one row and adds its record to the batch.
func (l *ledger) row(rec *table.Record, r *row) {
	switch {
	case r.status == rowBlank:
		l.lines.Blank += rec.Lines
	case r.status == rowHeader:
		l.lines.Header += rec.Lines
	case len(r.probs) > 0:
		l.res.Rows++
		l.reject(rec, r.probs)
	default:
		l.res.Rows++
		merged, d := l.bl.add(rec.Line, &r.it)
		switch {
		case d != nil:
			l.reject(rec, []Problem{l.disagreement(rec, d)})
		case merged:
			l.lines.Merged += rec.Lines
		default:
			l.lines.Imported += rec.Lines
		}
	}
}

// disagreement is the problem of a row that contradicts an earlier row
// of the file about the same link.
func (l *ledger) disagreement(rec *table.Record, d *disagreement) Problem {
	p := Problem{File: l.file, Line: rec.Line, Column: d.field.String(),
		Msg: fmt.Sprintf("line %d gave this link %s %s, this row %s: a file states each link once; "+
			"correct one of the rows (two sources that disagree go in two files)", d.line, d.field, orNone(d.earlier), orNone(d.value))}
	if i := l.cols[d.field]; i >= 0 && i < len(rec.Fields) {
		p.Line, p.Col = rec.Pos(i)
		if i < len(l.header) {
			p.Column = l.header[i]
		}
	}
	return p
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// problem files a problem.
func (l *ledger) problem(p Problem) {
	p.File = l.file
	l.res.ProblemCount++
	if len(l.res.Problems) < MaxListed {
		l.res.Problems = append(l.res.Problems, p)
	}
	if l.onProblem != nil {
		l.onProblem(p)
	}
}

// fileProblem files a problem with the whole file: the Read fails.
func (l *ledger) fileProblem(p Problem) {
	l.fatal++
	l.problem(p)
}

// reject files a row's problems and the row as rejected.
func (l *ledger) reject(rec *table.Record, probs []Problem) {
	reasons := make([]string, len(probs))
	for i, p := range probs {
		l.problem(p)
		reasons[i] = p.Msg
		if p.Column != "" {
			reasons[i] = p.Column + ": " + p.Msg
		}
	}
	l.lines.Rejected += rec.Lines
	l.res.RejectedRows++
	r := Rejected{Line: rec.Line, Lines: rec.Lines, Fields: slices.Clone(rec.Fields), Reason: strings.Join(reasons, "; ")}
	if r.Fields == nil {
		r.Text = rec.Text()
	}
	if len(l.res.Rejected) < MaxListed {
		l.res.Rejected = append(l.res.Rejected, r)
	}
	if l.onReject != nil {
		l.onReject(l.header, r)
	}
}

// done sets the total of lines and puts the account on the result.
func (l *ledger) done(total int) {
	l.lines.Total = total
	l.res.Lines = l.lines
}

// err returns the problems as an error.
func (l *ledger) err() error {
	return &ProblemsError{File: l.file, Problems: l.res.Problems, Count: l.res.ProblemCount}
}
