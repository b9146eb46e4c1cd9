package table

import (
	"strings"
)

// tokState is where tokenizing a line left a record.
type tokState int

const (
	tokDone tokState = iota // the record is complete
	tokOpen                 // a quoted cell goes on past the line
	tokErr                  // the line breaks the quoting rules
)

// tokenizer splits lines into cells. A cell is quoted when its first
// character other than spaces is '"'; inside, '""' is a quote and line
// ends are part of the cell; after the closing quote only spaces may come
// before the delimiter. Quotes inside an unquoted cell are kept as they
// are: they cannot swallow the lines that follow.
type tokenizer struct {
	delim byte
	cells []string
	pos   []pos // where each cell starts
	// An open quoted cell: what it holds so far and where its quote is.
	open  bool
	qbuf  []byte
	qpos  pos
	errAt pos // where the rule was broken (tokErr)
	err   string
}

// pos is a place in a record: the index of its line and a byte offset.
type pos struct{ line, off int32 }

func (t *tokenizer) reset() {
	t.cells, t.pos = t.cells[:0], t.pos[:0]
	t.open, t.err = false, ""
}

// feed tokenizes line s, the line-th line of the record.
func (t *tokenizer) feed(s string, line int) tokState {
	i := 0
	if t.open {
		t.qbuf = append(t.qbuf, '\n')
		var st tokState
		if i, st = t.quoted(s, 0, line); st != tokDone {
			return st
		}
		if i < 0 {
			return tokDone
		}
	}
	for {
		j := i
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j < len(s) && s[j] == '"' {
			t.qbuf = t.qbuf[:0]
			t.qpos = pos{int32(line), int32(j)}
			var st tokState
			if i, st = t.quoted(s, j+1, line); st != tokDone {
				return st
			}
			if i < 0 {
				return tokDone
			}
			continue
		}
		k := strings.IndexByte(s[i:], t.delim)
		if k < 0 {
			t.add(s[i:], line, i)
			return tokDone
		}
		t.add(s[i:i+k], line, i)
		i += k + 1
	}
}

func (t *tokenizer) add(cell string, line, off int) {
	t.cells = append(t.cells, cell)
	t.pos = append(t.pos, pos{int32(line), int32(off)})
}

// quoted reads a quoted cell from s[k:] on. It returns the index after
// the delimiter that ends the cell, or -1 when the cell ends the line. A
// cell that begins and ends on this line without doubled quotes is cut out
// of s, not copied.
func (t *tokenizer) quoted(s string, k, line int) (int, tokState) {
	start, plain := k, !t.open
	for {
		q := strings.IndexByte(s[k:], '"')
		if q < 0 {
			t.qbuf = append(t.qbuf, s[k:]...)
			t.open = true
			return 0, tokOpen
		}
		t.qbuf = append(t.qbuf, s[k:k+q]...)
		k += q + 1
		if k < len(s) && s[k] == '"' {
			t.qbuf = append(t.qbuf, '"')
			k++
			plain = false
			continue
		}
		break
	}
	t.open = false
	if plain {
		t.cells = append(t.cells, s[start:k-1])
	} else {
		t.cells = append(t.cells, string(t.qbuf))
	}
	t.pos = append(t.pos, t.qpos)
	m := k
	for m < len(s) && s[m] == ' ' {
		m++
	}
	switch {
	case m == len(s):
		return -1, tokDone
	case s[m] == t.delim:
		return m + 1, tokDone
	}
	t.errAt = pos{int32(line), int32(m)}
	t.err = "text after the closing quote of a cell: quote the whole cell and double the quotes inside it " +
		`("""Pakt"" (Solidarität)"), or remove the quotes`
	return 0, tokErr
}
