// Package table reads delimited text tables, as spreadsheets and databases
// export them (comma, semicolon or tab separated), strictly and line by
// line, accounting for every physical line of the input.
//
// Every line ends up in exactly one Record: a row of cells, or a Problem
// that says, with line and column, why the line cannot be read. The
// records' lines follow each other without gaps, so a caller that files
// each record as read, skipped or rejected has filed every line.
//
// What the reader takes, and what it refuses:
//
//   - line ends "\n", "\r\n" and "\r" (Excel's "CSV (Macintosh)"), in any mix;
//   - UTF-8 with or without byte order mark, UTF-16 with byte order mark,
//     Windows-1252; each line is read as UTF-8 when it is valid UTF-8 and
//     as Windows-1252 otherwise, and all lines with characters beyond ASCII
//     must agree: a line that does not is a Problem with Mixed set. With
//     Options.Encoding every line is read in that encoding;
//   - quoted cells with '""' for a quote and line ends inside (up to
//     Options.MaxRecordLines lines); a quote that is not closed on its line
//     and not closed in a way that makes sense (the next line reads as a
//     row of its own, the record runs past the limits or the input ends) is
//     a Problem on its line, and reading goes on with the next line, so a
//     stray quote never swallows the rows after it;
//   - text after a closing quote ("Pakt" (Solidarität)) is a Problem;
//   - lines longer than Options.MaxLine bytes and cells longer than
//     Options.MaxField bytes are Problems, not data; memory stays bounded
//     by the limits whatever the input;
//   - control characters (NUL and others but tab), U+FFFD, a byte order
//     mark inside the file and UTF-8 that was read as Windows-1252 before it
//     was saved ("KrakÃ³w") are Problems.
//
// Why not encoding/csv: it reads a whole record whatever its size, treats
// only "\n" as a line end, and with LazyQuotes a stray quote swallows the
// rest of the file; without, a quote error leaves no way to go on at the
// next line.
package table

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/transform"
)

// Default limits.
const (
	DefaultMaxLine        = 64 << 10 // bytes of one line, and of one record
	DefaultMaxField       = 8 << 10  // bytes of one cell
	DefaultMaxRecordLines = 20       // lines one record may span
)

// Options control a Reader. The zero value detects encoding and
// delimiter and uses the default limits.
type Options struct {
	// Encoding names the encoding of every line ("utf-8", "windows-1252",
	// "iso-8859-15", "utf-16le", ...; IANA and WHATWG names); "" tells it
	// line by line (see the package comment).
	Encoding string
	// Delimiter is the cell separator; 0 detects tab, ';' or ',' from the
	// first lines (or an Excel "sep=;" line).
	Delimiter rune
	// Limits; 0 means the default.
	MaxLine, MaxField, MaxRecordLines int
}

// Problem is why a record's line cannot be read.
type Problem struct {
	Line int // 1-based
	Col  int // 1-based, in characters; 0 for the whole line
	Msg  string
	// Mixed marks a line whose encoding differs from the earlier lines'.
	Mixed bool
}

// Error formats the problem as "LINE:COL: message".
func (p *Problem) Error() string { return fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg) }

// Record is what one Read returns: the cells of a row, or the Problem of
// one line.
type Record struct {
	Line    int      // its first line, 1-based
	Lines   int      // how many lines it spans, 1 or more
	Fields  []string // the cells as written (unquoted); nil with a Problem
	Problem *Problem
	text    string   // the text of its first line
	more    []string // the text of its further lines
	pos     []pos
}

// lineText returns the text of the record's i-th line.
func (r *Record) lineText(i int) string {
	if i == 0 {
		return r.text
	}
	return r.more[i-1]
}

// Pos returns the line and the column (1-based, in characters) where cell
// i starts; for i out of range, the end of the record.
func (r *Record) Pos(i int) (line, col int) {
	if i < 0 || i >= len(r.pos) {
		last := r.lineText(len(r.more))
		return r.Line + len(r.more), utf8.RuneCountInString(last) + 1
	}
	p := r.pos[i]
	return r.Line + int(p.line), utf8.RuneCountInString(r.lineText(int(p.line))[:p.off]) + 1
}

// Size returns the number of bytes of the record's text.
func (r *Record) Size() int {
	n := len(r.text)
	for _, t := range r.more {
		n += 1 + len(t)
	}
	return n
}

// Text returns the record's lines as read, joined by "\n" (for a line
// over the limit, its start and "…"), for reports of rejected lines.
func (r *Record) Text() string {
	if len(r.more) == 0 {
		return r.text
	}
	return r.text + "\n" + strings.Join(r.more, "\n")
}

// Reader reads the records of a table.
type Reader struct {
	lr    *lineReader
	dec   *decoder
	delim byte
	opt   Options
	bom   bool
	// fields is the number of cells of the header, once known.
	fields int
	// queue holds lines read ahead to close a quoted cell that turned out
	// not to close: they are read again as lines of their own.
	queue []line
	tok   tokenizer
	probe tokenizer
}

// line is a physical line, decoded.
type line struct {
	num  int
	text string
	prob *Problem
}

// NewReader returns a Reader of r. It fails for an unknown encoding name,
// and for input that is not text (an Excel workbook, a PDF, UTF-16
// without a byte order mark) with a *NotTextError, for the user; then it
// returns the Reader too, for Discard to count the lines.
func NewReader(r io.Reader, opt Options) (*Reader, error) {
	if opt.MaxLine <= 0 {
		opt.MaxLine = DefaultMaxLine
	}
	if opt.MaxField <= 0 {
		opt.MaxField = DefaultMaxField
	}
	if opt.MaxRecordLines <= 0 {
		opt.MaxRecordLines = DefaultMaxRecordLines
	}
	rd := &Reader{opt: opt}
	dec, err := newDecoder(opt.Encoding)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 4)
	n, _ := io.ReadFull(r, head)
	head = head[:n]
	orig := r
	r = io.MultiReader(bytes.NewReader(head), orig)
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		if opt.Encoding != "" {
			if _, ok := isUTF16(opt.Encoding); !ok {
				return nil, fmt.Errorf("the file starts with a UTF-16 byte order mark, but --encoding says %s", dec.name)
			}
		}
		r = transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
		dec = &decoder{mode: modeUTF8, name: UTF16, why: "UTF-16"}
		rd.bom = true
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		if opt.Encoding != "" && dec.mode != modeUTF8 {
			return nil, fmt.Errorf("the file starts with a UTF-8 byte order mark, but --encoding says %s", dec.name)
		}
		r = io.MultiReader(bytes.NewReader(head[3:]), orig)
		dec = &decoder{mode: modeUTF8, name: UTF8, why: "the file starts with a UTF-8 byte order mark"}
		rd.bom = true
	default:
		if e, ok := isUTF16(opt.Encoding); ok {
			r = transform.NewReader(r, e.NewDecoder())
			dec = &decoder{mode: modeUTF8, name: dec.name, why: "--encoding " + opt.Encoding}
		}
	}
	rd.dec = dec
	rd.lr = newLineReader(r, opt.MaxLine)
	if msg := notText(rd.lr.peek(8 << 10)); msg != "" {
		return rd, &NotTextError{Msg: "not a text file: " + msg}
	}
	switch {
	case opt.Delimiter > 0 && opt.Delimiter < utf8.RuneSelf && opt.Delimiter != '"' && opt.Delimiter != '\n' && opt.Delimiter != '\r':
		rd.delim = byte(opt.Delimiter)
	case opt.Delimiter != 0:
		return nil, fmt.Errorf("delimiter %q: want a character such as ',', ';' or tab", opt.Delimiter)
	default:
		rd.delim = sniff(rd.lr.peek(64 << 10))
	}
	rd.tok.delim, rd.probe.delim = rd.delim, rd.delim
	return rd, nil
}

// NotTextError says why an input is not a table.
type NotTextError struct{ Msg string }

func (e *NotTextError) Error() string { return e.Msg }

// Discard reads the rest of the input without looking at it and returns
// the number of lines it had in all (see Lines).
func (rd *Reader) Discard() (int, error) {
	rd.queue = nil
	for {
		if _, ok := rd.lr.next(); !ok {
			return rd.lr.line, rd.lr.readErr()
		}
	}
}

// Delimiter returns the cell separator in use.
func (rd *Reader) Delimiter() rune { return rune(rd.delim) }

// Encoding returns the encoding of the lines read so far: UTF-8 (also for
// plain ASCII), Windows-1252, UTF-16, or the name given in Options.
func (rd *Reader) Encoding() string { return rd.dec.name }

// BOM reports whether the input started with a byte order mark.
func (rd *Reader) BOM() bool { return rd.bom }

// MixedAt returns the first line whose encoding disagreed with the lines
// before it, or 0.
func (rd *Reader) MixedAt() int { return rd.dec.mixedAt }

// LineEnds names the line ends seen so far: "LF", "CRLF", "CR", "mixed"
// or "" (none).
func (rd *Reader) LineEnds() string {
	var name string
	for i, n := range rd.lr.ends {
		if n == 0 {
			continue
		}
		if name != "" {
			return "mixed"
		}
		name = [...]string{"LF", "CRLF", "CR"}[i]
	}
	return name
}

// Lines returns how many physical lines have been read; after Read
// returned io.EOF, the number of lines of the input.
func (rd *Reader) Lines() int { return rd.lr.line }

// Offset returns how many bytes of the input have been read (of the
// decoded stream for UTF-16), for progress reports.
func (rd *Reader) Offset() int64 { return rd.lr.offset() }

// SetFields tells the reader how many cells the header has: a row with
// more non-empty cells is a Problem, and a quoted cell is not taken to
// span lines when the next line reads as a row of its own.
func (rd *Reader) SetFields(n int) { rd.fields = n }

// next returns the next line, from the queue or the input.
func (rd *Reader) next() (line, bool) {
	if len(rd.queue) > 0 {
		l := rd.queue[0]
		rd.queue = rd.queue[1:]
		return l, true
	}
	raw, ok := rd.lr.next()
	if !ok {
		return line{}, false
	}
	if raw.tooLong {
		return line{num: raw.num, text: strings.ToValidUTF8(string(raw.prefix), "") + "…", prob: &Problem{Line: raw.num, Col: 0,
			Msg: fmt.Sprintf("the line is %s bytes long, more than the limit of %s (a missing line break, or a quote that is never closed?)",
				thousands(raw.n), thousands(int64(rd.opt.MaxLine)))}}, true
	}
	text, prob := rd.dec.decode(raw.num, raw.b)
	return line{num: raw.num, text: text, prob: prob}, true
}

// unread puts lines back to be read again, before anything else.
func (rd *Reader) unread(ls []line) {
	if len(ls) == 0 {
		return
	}
	q := make([]line, 0, len(ls)+len(rd.queue))
	rd.queue = append(append(q, ls...), rd.queue...)
}

// Read returns the next record, or io.EOF after the last. Any other error
// is an error reading the input.
func (rd *Reader) Read() (Record, error) { return rd.ReadTo(nil) }

// ReadTo is Read with the record's cells kept in buf.
func (rd *Reader) ReadTo(buf *Buffer) (Record, error) {
	first, ok := rd.next()
	if !ok {
		if err := rd.lr.readErr(); err != nil {
			return Record{}, err
		}
		return Record{}, io.EOF
	}
	if first.prob != nil {
		return problemRecord(first, first.prob), nil
	}
	t := &rd.tok
	t.reset()
	st := t.feed(first.text, 0)
	if st == tokErr {
		return problemRecord(first, t.problem(first.num, []line{first})), nil
	}
	var lines []line // the lines of a record spanning several
	if st == tokOpen {
		var fail *Record
		if lines, st, fail = rd.gather(first); fail != nil {
			return *fail, nil
		}
	}
	if st == tokErr {
		if len(lines) > 1 {
			return rd.fail(lines, t.qpos, "the quote that opens this cell is not closed on its line, and "+
				"where a quote closes it later, text follows"), nil
		}
		return problemRecord(first, t.problem(first.num, lines)), nil
	}
	rec := Record{Line: first.num, Lines: max(1, len(lines)), text: first.text}
	rec.Fields, rec.pos = keep(buf, t.cells, t.pos)
	for _, l := range lines[min(1, len(lines)):] {
		rec.more = append(rec.more, l.text)
	}
	if p := rd.check(&rec); p != nil {
		if len(lines) > 1 {
			return rd.fail(lines, t.qpos, "the quote that opens this cell is not closed on its line ("+p.Msg+" if it were)"), nil
		}
		rec.Fields, rec.Problem = nil, p
	}
	return rec, nil
}

// gather reads the lines a quoted cell that does not close on the first
// line spans, until it closes. When it does not close in a way that makes
// sense, the first line is rejected (the record returned) and the others
// are read again as lines of their own.
func (rd *Reader) gather(first line) ([]line, tokState, *Record) {
	t := &rd.tok
	lines := []line{first}
	size := len(first.text)
	st := tokOpen
	for st == tokOpen {
		l, ok := rd.next()
		var msg string
		switch {
		case !ok:
			msg = "the quote that opens this cell is never closed"
		case l.prob != nil:
			msg = "the quote that opens this cell is not closed on its line"
		case len(lines) >= rd.opt.MaxRecordLines:
			msg = fmt.Sprintf("the quote that opens this cell is not closed within %d lines", rd.opt.MaxRecordLines)
		case size+1+len(l.text) > rd.opt.MaxLine:
			msg = fmt.Sprintf("the quote that opens this cell is not closed within %s bytes", thousands(int64(rd.opt.MaxLine)))
		case !rd.closes(len(t.cells), l.text) && rd.standsAlone(l.text):
			msg = fmt.Sprintf("the quote that opens this cell is not closed on its line, and line %d reads as a row of its own", l.num)
		}
		if msg != "" {
			if ok {
				lines = append(lines, l)
			}
			rec := rd.fail(lines, t.qpos, msg)
			return nil, tokErr, &rec
		}
		lines = append(lines, l)
		size += 1 + len(l.text)
		st = t.feed(l.text, len(lines)-1)
	}
	return lines, st, nil
}

// Buffer holds the cells of the records read into it (see ReadTo), so
// that a caller that keeps records for a while and then drops them all can
// use the same memory again.
type Buffer struct {
	cells []string
	pos   []pos
}

// Reset empties the buffer; the records read into it must no longer be
// used.
func (b *Buffer) Reset() {
	clear(b.cells)
	b.cells, b.pos = b.cells[:0], b.pos[:0]
}

// keep copies a record's cells and their places out of the tokenizer, into
// buf or, without one, into new slices.
func keep(buf *Buffer, cells []string, ps []pos) ([]string, []pos) {
	if buf == nil {
		return append([]string(nil), cells...), append([]pos(nil), ps...)
	}
	at, n := len(buf.cells), len(cells)
	buf.cells = append(buf.cells, cells...)
	buf.pos = append(buf.pos, ps...)
	return buf.cells[at : at+n : at+n], buf.pos[at : at+n : at+n]
}

// fail rejects the first of lines, whose quote at p did not close in a
// way that makes sense, and puts the others back to be read as lines of
// their own.
func (rd *Reader) fail(lines []line, p pos, msg string) Record {
	rd.unread(lines[1:])
	first := lines[0]
	col := 0
	if p.line == 0 {
		col = utf8.RuneCountInString(first.text[:p.off]) + 1
	}
	return problemRecord(first, &Problem{Line: first.num, Col: col, Msg: msg})
}

// problem returns the tokenizer's quoting problem.
func (t *tokenizer) problem(num int, lines []line) *Problem {
	l := lines[t.errAt.line]
	return &Problem{Line: num + int(t.errAt.line), Col: utf8.RuneCountInString(l.text[:t.errAt.off]) + 1, Msg: t.err}
}

func problemRecord(l line, p *Problem) Record {
	return Record{Line: l.num, Lines: 1, Problem: p, text: l.text}
}

// standsAlone reports whether s reads as a complete row with about as
// many cells as the header (at least 2 and half, at most all): then an
// open quote before it is a stray one, not a cell spanning lines.
func (rd *Reader) standsAlone(s string) bool {
	t := &rd.probe
	t.reset()
	if t.feed(s, 0) != tokDone {
		return false
	}
	n := len(t.cells)
	if rd.fields <= 0 {
		return n >= 2
	}
	return n >= max(2, (rd.fields+1)/2) && n <= rd.fields
}

// closes reports whether line s closes the open quoted cell of a record
// that has n cells so far and ends the record, with no more cells than the
// header.
func (rd *Reader) closes(n int, s string) bool {
	t := &rd.probe
	t.reset()
	t.open, t.qbuf = true, t.qbuf[:0]
	if t.feed(s, 0) != tokDone {
		return false
	}
	return rd.fields <= 0 || n+len(t.cells) <= rd.fields
}

// check applies the limits to a complete record: the cell size, and no
// more non-empty cells than the header has.
func (rd *Reader) check(rec *Record) *Problem {
	for i, f := range rec.Fields {
		if len(f) > rd.opt.MaxField {
			line, col := rec.Pos(i)
			return &Problem{Line: line, Col: col, Msg: fmt.Sprintf("the cell is %s bytes long, more than the limit of %s",
				thousands(int64(len(f))), thousands(int64(rd.opt.MaxField)))}
		}
	}
	if rd.fields > 0 && len(rec.Fields) > rd.fields {
		for i := rd.fields; i < len(rec.Fields); i++ {
			if strings.TrimSpace(rec.Fields[i]) != "" {
				line, col := rec.Pos(i)
				return &Problem{Line: line, Col: col, Msg: fmt.Sprintf("the row has %d cells, the header %d: a %s inside a cell that is not quoted?",
					len(rec.Fields), rd.fields, delimName(rd.delim))}
			}
		}
	}
	return nil
}

// delimName names a delimiter for messages.
func delimName(d byte) string {
	switch d {
	case '\t':
		return "tab"
	case ';':
		return "semicolon"
	case ',':
		return "comma"
	}
	return fmt.Sprintf("%q", rune(d))
}

// DelimiterName names a delimiter in the plural, for messages: "commas",
// "semicolons", "tabs".
func DelimiterName(d rune) string {
	switch d {
	case '\t':
		return "tabs"
	case ';':
		return "semicolons"
	case ',':
		return "commas"
	}
	return fmt.Sprintf("%q", d)
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	return message.NewPrinter(language.English).Sprint(n)
}
