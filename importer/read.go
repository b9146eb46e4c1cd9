package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/importer/table"
)

// Read reads one file into a batch. name is the file's name (its base name
// goes into the provenance); r gives its bytes, read once, as a stream.
//
// The result accounts for every line (Result.Lines) and lists the
// problems. Unless opt.SkipInvalid is set, any problem makes Read return a
// *ProblemsError (code EINVALID) together with the result, whose Batch is
// then nil. Problems with the whole file (not text, no header, missing or
// doubled columns, mixed encodings) are errors even with SkipInvalid.
// Other errors: reading r, or ctx ending.
//
// A Read goes through these steps: open the table (encoding, delimiter),
// find the header (skipping blank and title lines), lay out the columns
// (map them to fields, tell the kind, check the required ones), read the
// rows (a pipeline: split into cells, parse and resolve, add to the batch
// in line order), and finish (the import record, the file's problems).
func (im *Importer) Read(ctx context.Context, name string, r io.Reader, opt Options) (*Result, error) {
	rd := newReading(name, opt)
	tr, err := rd.open(r)
	if err != nil {
		rd.led.fileProblem(Problem{Msg: err.Error()})
		if tr == nil {
			return rd.res, rd.led.err()
		}
		return rd.fileFailed(tr, nil)
	}
	if opt.Kind != KindAuto {
		if _, err := ParseKind(string(opt.Kind)); err != nil {
			return rd.fileFailed(tr, &Problem{Msg: graph.ErrorMessage(err)})
		}
	}
	if err := rd.findHeader(tr); err != nil {
		return rd.ioFailed(err)
	}
	if rd.headRec == nil {
		return rd.fileFailed(tr, &Problem{Msg: "empty file: no header and no rows"})
	}
	if p := rd.headRec.Problem; p != nil {
		return rd.fileFailed(tr, &Problem{Line: p.Line, Col: p.Col, Msg: "cannot read the header: " + p.Msg})
	}
	if !rd.layout(tr) {
		return rd.fileFailed(tr, nil)
	}
	if err := rd.readRows(ctx, tr, im); err != nil {
		return nil, fmt.Errorf("import %s: %w", rd.file, err)
	}
	return rd.finish(tr)
}

// reading is the state of one Read that the steps share.
type reading struct {
	file  string
	opt   Options
	res   *Result
	today graph.Date
	sum   hash.Hash
	raw   *countingReader
	// The header: its record, and the records read after it while looking
	// for it, which are rows.
	headRec *table.Record
	pending []table.Record
	cols    columns
	set     [nFields]string
	led     *ledger
}

func newReading(name string, opt Options) *reading {
	base := filepath.Base(name)
	if name == "" || name == "-" {
		base = "stdin"
	}
	today := opt.Today
	if today.IsZero() {
		today = graph.DateOf(time.Now())
	}
	res := &Result{Kind: opt.Kind}
	return &reading{file: base, opt: opt, res: res, today: today, led: newLedger(base, res, opt)}
}

// open starts reading r as a table, hashing its bytes on the way. When
// the input is no table it returns the error and, if it could tell, the
// reader, to count the lines.
func (rd *reading) open(r io.Reader) (*table.Reader, error) {
	rd.sum = sha256.New()
	rd.raw = &countingReader{r: io.TeeReader(r, rd.sum)}
	tr, err := table.NewReader(rd.raw, table.Options{Encoding: rd.opt.Encoding})
	if err != nil {
		return tr, err
	}
	rd.res.Encoding, rd.res.Delimiter = tr.Encoding(), tr.Delimiter()
	return tr, nil
}

// maxTitleRows is how many rows above the header may be titles.
const maxTitleRows = 10

// findHeader reads up to the header: blank lines are skipped; rows with at
// most one cell of text before the first row with more are titles
// ("Städtepartnerschaften;;;"). A table of one column has no titles: its
// first row is the header. It leaves rd.headRec nil when the file holds no
// text.
func (rd *reading) findHeader(tr *table.Reader) error {
	var seen []table.Record // rows with text, up to the header
	for len(seen) <= maxTitleRows {
		rec, err := tr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if rec.Problem == nil && allEmpty(rec.Fields) {
			rd.led.lines.Blank += rec.Lines
			continue
		}
		seen = append(seen, rec)
		if rec.Problem != nil || textCells(rec.Fields) > 1 {
			break
		}
	}
	if len(seen) == 0 {
		return nil
	}
	head := len(seen) - 1
	if last := seen[head]; last.Problem == nil && textCells(last.Fields) <= 1 {
		head = 0 // no row with two cells of text: a table of one column
	}
	for _, t := range seen[:head] {
		rd.led.lines.Title += t.Lines
	}
	rd.headRec = &seen[head]
	rd.pending = seen[head+1:]
	return nil
}

// layout maps the header's cells to fields, tells the kind of file and
// checks that the columns it needs are there. It files the problems and
// reports whether the rows can be read.
func (rd *reading) layout(tr *table.Reader) bool {
	h := rd.headRec
	rd.led.lines.Header += h.Lines
	rd.res.Header = make([]string, len(h.Fields))
	for i, c := range h.Fields {
		rd.res.Header[i] = strings.TrimSpace(c)
	}
	tr.SetFields(len(h.Fields))
	rd.led.header = rd.res.Header
	lay, probs := mapHeader(rd.res.Header, rd.opt.Map)
	set, setProbs := applySet(&lay.cols, rd.opt.Set)
	rd.cols, rd.set = lay.cols, set
	rd.led.cols = rd.cols
	kind := rd.opt.Kind
	if kind == KindAuto {
		kind = detect(lay.cols)
	}
	probs = append(append(probs, setProbs...), doubled(rd.res.Header, lay, kind)...)
	for _, p := range probs {
		line, col := h.Line, 0
		if p.cell >= 0 {
			line, col = h.Pos(p.cell)
		}
		rd.led.fileProblem(Problem{Line: line, Col: col, Msg: p.msg})
	}
	if kind == KindAuto {
		rd.led.fileProblem(Problem{Line: h.Line, Msg: rd.unknownKind()})
		return false
	}
	rd.res.Kind = kind
	if kind == KindAliases && rd.cols[fSameAs] == absent && rd.cols[fMunicipality] >= 0 {
		rd.cols[fSameAs] = rd.cols[fMunicipality] // alias;place
		rd.led.cols = rd.cols
	}
	for _, f := range required(kind) {
		if kind == KindCounts && f == fState && rd.cols[fAsOf] != absent {
			continue // counts over time: no Land column means Germany
		}
		if rd.cols[f] == absent {
			rd.led.fileProblem(Problem{Line: h.Line, Column: f.String(),
				Msg: fmt.Sprintf("missing column: a %s file needs a %s column (%s)", kind, f, headerHint(f))})
		}
	}
	rd.res.Ignored = ignored(rd.res.Header, rd.cols, kind)
	return rd.led.fatal == 0
}

// unknownKind says why the kind of file cannot be told from its header.
func (rd *reading) unknownKind() string {
	if len(rd.res.Header) == 1 {
		msg := "wrong delimiter: the header is a single column"
		if d := otherDelimiter(rd.res.Header[0]); d != "" {
			msg += fmt.Sprintf(" separated by %q", d)
		}
		return msg + "; separate columns with commas, semicolons or tabs"
	}
	return fmt.Sprintf("cannot tell the kind of file from its header %q: want an RGRE table (Kommune, Bundesland, Partnerkommune, Land, ...), "+
		"a pair list (--map city_a=COL --map country_a=COL --map city_b=COL --map country_b=COL), "+
		"memberships (municipality, network), organisation links (municipality, organisation), counts per Land (state, partnerships) "+
		"or aliases (id, same_as); or give --kind",
		strings.Join(rd.res.Header, string(rd.res.Delimiter)))
}

// finish checks what only the whole file shows, puts the import record on
// the batch and returns the result, or the problems.
func (rd *reading) finish(tr *table.Reader) (*Result, error) {
	rd.res.LineEnds = tr.LineEnds()
	rd.res.Encoding = tr.Encoding()
	if at := tr.MixedAt(); at > 0 {
		rd.led.fileProblem(Problem{Msg: fmt.Sprintf("mixed encodings: line %d is not in the encoding of the lines before it; "+
			"nothing imported: save the file in one encoding, or say which with --encoding", at)})
	}
	rd.led.done(tr.Lines())
	failed := rd.led.fatal > 0 || rd.res.ProblemCount > 0 && !rd.opt.SkipInvalid
	b := rd.led.bl.done(!failed)
	if err := rd.led.bl.err; err != nil {
		return nil, fmt.Errorf("import %s: write the links: %w", rd.file, err)
	}
	b.Import = graph.ImportRecord{File: rd.file, SHA256: hex.EncodeToString(rd.sum.Sum(nil)), Kind: string(rd.res.Kind), Rows: rd.res.Rows}
	if failed {
		return rd.res, rd.led.err()
	}
	rd.res.Batch = b
	return rd.res, nil
}

// fileFailed files p, a problem with the whole file (nil when it is filed
// already), counts the lines not read as rejected and returns the
// problems.
func (rd *reading) fileFailed(tr *table.Reader, p *Problem) (*Result, error) {
	if p != nil {
		rd.led.fileProblem(*p)
	}
	rd.pending = nil
	total, err := tr.Discard()
	if err != nil {
		return rd.ioFailed(err)
	}
	rd.led.lines.Rejected += total - rd.led.lines.Sum()
	rd.res.Encoding, rd.res.LineEnds = tr.Encoding(), tr.LineEnds()
	rd.led.done(total)
	return rd.res, rd.led.err()
}

func (rd *reading) ioFailed(err error) (*Result, error) {
	return nil, fmt.Errorf("import %s: read: %w", rd.file, err)
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// allEmpty reports whether every cell of a row is blank.
func allEmpty(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// textCells counts the cells of a row that hold text.
func textCells(cells []string) int {
	n := 0
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}
