package table

import (
	"bytes"
	"errors"
	"io"
)

// rawLine is one physical line as read: its bytes without the line end.
type rawLine struct {
	num int    // 1-based
	b   []byte // valid until the next call; nil for a line over the limit
	// For a line longer than the limit: its full length in bytes and its
	// first bytes, for the message.
	tooLong bool
	n       int64
	prefix  []byte
}

// lineReader splits a byte stream into physical lines ended by "\n",
// "\r\n" or "\r", in any mix. It holds at most its buffer: a line longer
// than the limit is counted and skipped, not kept.
type lineReader struct {
	r        io.Reader
	buf      []byte
	r0, w    int   // unread bytes: buf[r0:w]
	bufStart int64 // input offset of buf[0]
	// noLFBefore is an input offset before which no '\n' is left unread:
	// it spares scanning a long buffer of CR-only lines again per line.
	noLFBefore int64
	err        error // sticky; io.EOF at the end
	max        int   // the longest line kept, in bytes
	line       int   // lines returned so far
	ends       [3]int
}

// The kinds of line end, for LineEnds.
const (
	endLF = iota
	endCRLF
	endCR
)

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: r, buf: make([]byte, max+64<<10), max: max}
}

// fill reads more input into the buffer, moving the unread bytes to its
// start first. It returns false when there is nothing more to read.
func (lr *lineReader) fill() bool {
	if lr.err != nil {
		return false
	}
	if lr.r0 > 0 {
		n := copy(lr.buf, lr.buf[lr.r0:lr.w])
		lr.bufStart += int64(lr.r0)
		lr.w, lr.r0 = n, 0
	}
	for tries := 0; lr.w < len(lr.buf); tries++ {
		n, err := lr.r.Read(lr.buf[lr.w:])
		lr.w += n
		if err != nil {
			lr.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
		if tries > 100 {
			lr.err = io.ErrNoProgress
			return false
		}
	}
	return true
}

// peek returns up to n unread bytes without consuming them.
func (lr *lineReader) peek(n int) []byte {
	for lr.w-lr.r0 < n && lr.fill() {
	}
	return lr.buf[lr.r0:min(lr.w, lr.r0+n)]
}

// offset returns how many bytes of the input have been consumed.
func (lr *lineReader) offset() int64 { return lr.bufStart + int64(lr.r0) }

// readErr returns the error that ended the input, nil at a clean end.
func (lr *lineReader) readErr() error {
	if lr.err == nil || errors.Is(lr.err, io.EOF) {
		return nil
	}
	return lr.err
}

// eol finds the first line end in buf[r0:w]: its index from r0 and
// whether it is a '\r'; -1 when there is none.
func (lr *lineReader) eol() (int, bool) {
	seg := lr.buf[lr.r0:lr.w]
	lf := -1
	if from := lr.noLFBefore - lr.bufStart - int64(lr.r0); from < int64(len(seg)) {
		from = max(from, 0)
		if i := bytes.IndexByte(seg[from:], '\n'); i >= 0 {
			lf = int(from) + i
		} else {
			lr.noLFBefore = lr.bufStart + int64(lr.w)
		}
	}
	search := seg
	if lf >= 0 {
		search = seg[:lf]
	}
	if cr := bytes.IndexByte(search, '\r'); cr >= 0 {
		return cr, true
	}
	return lf, false
}

// next returns the next physical line, or false at the end of the input.
func (lr *lineReader) next() (rawLine, bool) {
	for {
		i, cr := lr.eol()
		if i < 0 {
			if lr.w-lr.r0 > lr.max {
				return lr.skipLong(), true
			}
			if lr.fill() {
				continue
			}
			if lr.w == lr.r0 {
				return rawLine{}, false
			}
			lr.line++ // the last line, without a line end
			l := rawLine{num: lr.line, b: lr.buf[lr.r0:lr.w]}
			lr.r0 = lr.w
			return l, true
		}
		if i > lr.max {
			return lr.skipLong(), true
		}
		if cr && lr.r0+i+1 == lr.w && lr.fill() {
			continue // is the '\r' followed by a '\n'? (fill moved the bytes)
		}
		lr.line++
		l := rawLine{num: lr.line, b: lr.buf[lr.r0 : lr.r0+i]}
		n := 1
		switch {
		case !cr:
			lr.ends[endLF]++
		case lr.r0+i+1 < lr.w && lr.buf[lr.r0+i+1] == '\n':
			lr.ends[endCRLF]++
			n = 2
		default:
			lr.ends[endCR]++
		}
		lr.r0 += i + n
		return l, true
	}
}

// prefixLen is how many bytes of an over-long line its message shows.
const prefixLen = 40

// skipLong consumes a line longer than the limit, counting its bytes.
func (lr *lineReader) skipLong() rawLine {
	lr.line++
	l := rawLine{num: lr.line, tooLong: true, prefix: bytes.Clone(lr.buf[lr.r0 : lr.r0+prefixLen])}
	for {
		i, cr := lr.eol()
		if i >= 0 {
			if cr && lr.r0+i+1 == lr.w {
				l.n += int64(i)
				lr.r0 += i
				if !lr.fill() {
					lr.r0++
					lr.ends[endCR]++
					return l
				}
				continue
			}
			l.n += int64(i)
			n := 1
			switch {
			case !cr:
				lr.ends[endLF]++
			case lr.buf[lr.r0+i+1] == '\n':
				lr.ends[endCRLF]++
				n = 2
			default:
				lr.ends[endCR]++
			}
			lr.r0 += i + n
			return l
		}
		l.n += int64(lr.w - lr.r0)
		lr.r0 = lr.w
		if !lr.fill() {
			return l
		}
	}
}
