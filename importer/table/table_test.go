package table

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"
)

// readAll reads every record of in and checks that the records account
// for every physical line, in order and without gaps.
func readAll(t testing.TB, in []byte, opt Options, fields int) ([]Record, *Reader) {
	t.Helper()
	rd, err := NewReader(bytes.NewReader(in), opt)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var recs []Record
	next := 1
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		if rec.Line != next || rec.Lines < 1 {
			t.Fatalf("record at line %d spanning %d, want line %d", rec.Line, rec.Lines, next)
		}
		if (rec.Problem == nil) == (rec.Fields == nil) {
			t.Fatalf("line %d: fields %q and problem %v", rec.Line, rec.Fields, rec.Problem)
		}
		if rec.Problem != nil && (rec.Problem.Line < rec.Line || rec.Problem.Line >= rec.Line+rec.Lines) {
			t.Fatalf("problem %v outside its record (lines %d+%d)", rec.Problem, rec.Line, rec.Lines)
		}
		next += rec.Lines
		recs = append(recs, rec)
		if len(recs) == 1 && fields > 0 {
			rd.SetFields(fields)
		}
	}
	if rd.Lines() != next-1 {
		t.Fatalf("reader counted %d lines, records span %d", rd.Lines(), next-1)
	}
	return recs, rd
}

// physicalLines counts the lines of in as a text editor would: line ends
// "\n", "\r\n" and "\r", and a last line without one; a UTF-8 byte order
// mark is no line.
func physicalLines(in []byte) int {
	in = bytes.TrimPrefix(in, []byte("\xEF\xBB\xBF"))
	n := 0
	for i := 0; i < len(in); i++ {
		switch in[i] {
		case '\n':
			n++
		case '\r':
			n++
			if i+1 < len(in) && in[i+1] == '\n' {
				i++
			}
		}
	}
	if len(in) > 0 && in[len(in)-1] != '\n' && in[len(in)-1] != '\r' {
		n++
	}
	return n
}

// show formats records as "LINE+N: [cells]" or "LINE: COL: problem".
func show(recs []Record) []string {
	var out []string
	for _, r := range recs {
		if r.Problem != nil {
			out = append(out, fmt.Sprintf("%d:%d: %s", r.Problem.Line, r.Problem.Col, r.Problem.Msg))
			continue
		}
		s := fmt.Sprintf("%d %q", r.Line, r.Fields)
		if r.Lines > 1 {
			s = fmt.Sprintf("%d+%d %q", r.Line, r.Lines-1, r.Fields)
		}
		out = append(out, s)
	}
	return out
}

func TestRead(t *testing.T) {
	const head = "Kommune;Bundesland;Partnerkommune;Land;Art;Seit;Themen\n"
	long := strings.Repeat("x", 70_000)
	for _, tc := range []struct {
		name string
		in   string
		opt  Options
		want []string // a trailing "…" matches a prefix
		// fields is the header's cell count, told the reader after the
		// first record; 0 leaves it untold.
		fields int
	}{
		{"lf", "a;b\nc;d\n", Options{}, []string{`1 ["a" "b"]`, `2 ["c" "d"]`}, 0},
		{"crlf", "a;b\r\nc;d\r\n", Options{}, []string{`1 ["a" "b"]`, `2 ["c" "d"]`}, 0},
		{"cr only", "a;b\rc;d\re;f", Options{}, []string{`1 ["a" "b"]`, `2 ["c" "d"]`, `3 ["e" "f"]`}, 0},
		{"mixed ends", "a;b\rc;d\r\ne;f\n\r\ng;h", Options{}, []string{`1 ["a" "b"]`, `2 ["c" "d"]`, `3 ["e" "f"]`, `4 [""]`, `5 ["g" "h"]`}, 0},
		{"blank lines", "a,b\n\n,\n", Options{}, []string{`1 ["a" "b"]`, `2 [""]`, `3 ["" ""]`}, 0},
		{"quoted", "a,\"b,c\",\"say \"\"hi\"\"\"\n", Options{}, []string{`1 ["a" "b,c" "say \"hi\""]`}, 0},
		{"spaces around quotes", "a; \"b;c\" ;d\n", Options{}, []string{`1 ["a" "b;c" "d"]`}, 0},
		{"quote inside unquoted cell", "a;Pakt \"X\" 2;c\n", Options{}, []string{`1 ["a" "Pakt \"X\" 2" "c"]`}, 0},
		{"multi-line cell", "a;b;c\n1;\"two\nlines\";3\n4;5;6\n", Options{}, []string{`1 ["a" "b" "c"]`, `2+1 ["1" "two\nlines" "3"]`, `4 ["4" "5" "6"]`}, 0},
		{"stray quote after cell text", head +
			"Mannheim;BW;Swansea;GB;Kontakt;2022;\"Pakt\" (Solidarität)\n" +
			"Heidelberg;BW;Cambridge;GB;P;1965;\n" +
			"Köln;NW;Liège;BE;P;1958;\n", Options{},
			[]string{`1 ["Kommune" "Bundesland" "Partnerkommune" "Land" "Art" "Seit" "Themen"]`,
				`2:44: text after the closing quote of a cell: …`,
				`3 ["Heidelberg" "BW" "Cambridge" "GB" "P" "1965" ""]`,
				`4 ["Köln" "NW" "Liège" "BE" "P" "1958" ""]`}, 0},
		{"unbalanced quote", head +
			"Mannheim;BW;Swansea;GB;Kontakt;2022;\"Pakt (Solidarität)\n" +
			"Heidelberg;BW;Cambridge;GB;P;1965;\n", Options{},
			[]string{`1 […`, `2:37: the quote that opens this cell is not closed on its line, and line 3 reads as a row of its own`,
				`3 ["Heidelberg" "BW" "Cambridge" "GB" "P" "1965" ""]`}, 0},
		{"unterminated quote on the last line", head + "Mannheim;BW;\"Swansea;GB;P;;\n", Options{},
			[]string{`1 […`, `2:13: the quote that opens this cell is never closed`}, 0},
		{"unterminated quote, then short lines", "a;b;c\n1;\"x\ny\nz", Options{},
			[]string{`1 […`, `2:3: the quote that opens this cell is never closed`, `3 ["y"]`, `4 ["z"]`}, 0},
		{"quote closed, then text", "a;b;c\n1;\"x\ny\" z;3\n", Options{},
			[]string{`1 […`, `2:3: the quote that opens this cell is not closed on its line, and line 3 reads as a row of its own`, `3 ["y\" z" "3"]`}, 0},
		{"quote closed, then text, header known", "a;b;c\n1;\"x\ny\" z\n", Options{},
			[]string{`1 […`, `2:3: the quote that opens this cell is not closed on its line, and where a quote closes it later, text follows`, `3 ["y\" z"]`}, 3},
		{"too many cells", "a;b;c\n1;2;3;4\n1;2;3;;\n", Options{},
			[]string{`1 […`, `2:7: the row has 4 cells, the header 3: a semicolon inside a cell that is not quoted?`, `3 ["1" "2" "3" "" ""]`}, 3},
		{"long line", "a;b\n" + long + "\nc;d\n", Options{},
			[]string{`1 […`, `2:0: the line is 70,000 bytes long, more than the limit of 65,536 (a missing line break, or a quote that is never closed?)`, `3 ["c" "d"]`}, 0},
		{"long last line", "a;b\n" + long, Options{}, []string{`1 […`, `2:0: the line is 70,000 bytes long…`}, 0},
		{"long cell", "a;b\n1;" + strings.Repeat("y", 9000) + "\n", Options{},
			[]string{`1 […`, `2:3: the cell is 9,000 bytes long, more than the limit of 8,192`}, 0},
		{"NUL", "a;b\nx\x00y;z\n", Options{}, []string{`1 […`, `2:2: a NUL byte…`}, 0},
		{"control", "a;b\nx;\x01\n", Options{}, []string{`1 […`, `2:3: control character U+0001`}, 0},
		{"BOM inside", "a;b\n\xEF\xBB\xBFx;y\n", Options{}, []string{`1 […`, `2:1: a byte order mark inside the file (were two files joined?)`}, 0},
		{"U+FFFD", "a;b\nKrak\uFFFDw;PL\n", Options{}, []string{`1 […`, `2:5: the text holds U+FFFD…`}, 0},
		{"mojibake", "a;b\nKrakÃ³w;PL\n", Options{}, []string{`1 […`, `2:5: garbled text "Ã³": UTF-8 read as Windows-1252 before it was saved (it would be "ó")`}, 0},
		{"mixed encodings", "a;b\nKraków;PL\nK\xF6ln;DE\nZ\xFCrich;CH\n", Options{}, []string{`1 […`, `2 […`,
			`3:2: mixed encodings: this line is not UTF-8 (byte 0xF6) but line 2 is; save the file in one encoding, or give --encoding`, `4:2: mixed encodings…`}, 0},
		{"mixed encodings, Windows-1252 first", "a;b\nK\xF6ln;DE\nKraków;PL\n", Options{}, []string{`1 […`, `2 ["Köln" "DE"]`,
			`3:5: mixed encodings: this line reads as UTF-8 ("ó") but line 2 is Windows-1252; save the file in one encoding, or give --encoding`}, 0},
		{"Windows-1252", "a;b\nK\xF6ln;Li\xE8ge\n", Options{}, []string{`1 […`, `2 ["Köln" "Liège"]`}, 0},
		{"not Windows-1252", "a;b\nK\x81ln;x\n", Options{}, []string{`1 […`, `2:2: byte 0x81 is neither UTF-8 nor Windows-1252`}, 0},
		{"encoding given", "a;b\nKraków;PL\nK\xF6ln;DE\n", Options{Encoding: "utf-8"}, []string{`1 […`, `2 ["Kraków" "PL"]`, `3:2: byte 0xF6 is not UTF-8 (--encoding utf-8)`}, 0},
		{"latin9", "a;b\n\xA4;x\n", Options{Encoding: "iso-8859-15"}, []string{`1 […`, `2 ["€" "x"]`}, 0},
		{"BOM then not UTF-8", "\xEF\xBB\xBFa;b\nK\xF6ln;x\n", Options{}, []string{`1 ["a" "b"]`, `2:2: byte 0xF6 is not UTF-8 (the file starts with a UTF-8 byte order mark)`}, 0},
		{"sep line", "sep=,\na,b;c\n", Options{}, []string{`1 ["sep=" ""]`, `2 ["a" "b;c"]`}, 0},
		{"title then semicolons", "Partnerschaften, Stand 2023\nKommune;Partner;Land\n", Options{}, []string{`1 ["Partnerschaften, Stand 2023"]`, `2 ["Kommune" "Partner" "Land"]`}, 0},
		{"tab", "a\tb\n1\t2\n", Options{}, []string{`1 ["a" "b"]`, `2 ["1" "2"]`}, 0},
		{"no final line end", "a,b", Options{}, []string{`1 ["a" "b"]`}, 0},
		{"empty", "", Options{}, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs, _ := readAll(t, []byte(tc.in), tc.opt, tc.fields)
			got := show(recs)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d records, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if p, ok := strings.CutSuffix(w, "…"); ok && strings.HasPrefix(got[i], p) || got[i] == w {
					continue
				}
				t.Errorf("record %d:\n got %s\nwant %s", i, got[i], w)
			}
			if n := physicalLines([]byte(tc.in)); n != sumLines(recs) {
				t.Errorf("records span %d lines, the input has %d", sumLines(recs), n)
			}
		})
	}
}

func sumLines(recs []Record) int {
	n := 0
	for _, r := range recs {
		n += r.Lines
	}
	return n
}

func TestSetFieldsFromHeader(t *testing.T) {
	// readAll sets the field count after the first record when asked.
	recs, _ := readAll(t, []byte("a;b;c\n1;\"x\n2;3;4\n"), Options{}, 3)
	got := show(recs)
	if len(got) != 3 || !strings.Contains(got[1], "line 3 reads as a row of its own") {
		t.Errorf("%q", got)
	}
}

func TestUTF16(t *testing.T) {
	text := "Kommune\tLand\r\nKöln\tBelgien\r\n"
	for _, tc := range []struct {
		name string
		in   []byte
		opt  Options
	}{
		{"le bom", append([]byte{0xFF, 0xFE}, le(text)...), Options{}},
		{"be bom", append([]byte{0xFE, 0xFF}, be(text)...), Options{}},
		{"le given", le(text), Options{Encoding: "utf-16le"}},
	} {
		recs, rd := readAll(t, tc.in, tc.opt, -1)
		if got := show(recs); len(got) != 2 || got[1] != `2 ["Köln" "Belgien"]` {
			t.Errorf("%s: %q", tc.name, got)
		}
		if rd.Delimiter() != '\t' || rd.LineEnds() != "CRLF" {
			t.Errorf("%s: delimiter %q, line ends %s", tc.name, rd.Delimiter(), rd.LineEnds())
		}
	}
	if _, err := NewReader(bytes.NewReader(le(text)), Options{}); err == nil || !strings.Contains(err.Error(), "utf-16le") {
		t.Errorf("UTF-16 without BOM: %v", err)
	}
}

func le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func be(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return b
}

func TestNotText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"PK\x03\x04\x14\x00\x06\x00", "not a text file: a zip archive, such as an Excel workbook (.xlsx); save the sheet as CSV"},
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "not a text file: an old Excel workbook (.xls) or other Office file; save the sheet as CSV"},
		{"%PDF-1.4\n", "not a text file: a PDF; export the table as CSV"},
		{strings.Repeat("\x00\x00\x01\x02\x00\x00\x00\x00\x00\x00", 4), "not a text file: 32 NUL bytes in the first 40 (a spreadsheet or other binary file? export it as CSV)"},
	} {
		if _, err := NewReader(strings.NewReader(tc.in), Options{}); err == nil || err.Error() != tc.want {
			t.Errorf("%q: %v, want %s", tc.in, err, tc.want)
		}
	}
	if _, err := NewReader(strings.NewReader("a"), Options{Encoding: "klingon"}); err == nil || !strings.HasPrefix(err.Error(), `unknown encoding "klingon"`) {
		t.Errorf("unknown encoding: %v", err)
	}
}

// TestSmallReads reads through a reader that returns one byte at a time:
// the same records, CR line ends split across reads included.
func TestSmallReads(t *testing.T) {
	in := "a;b\r\nc;\"d\r\ne\"\rf;g\r" + strings.Repeat("h", 70_000) + "\r\ni;j"
	want, _ := readAll(t, []byte(in), Options{}, -1)
	rd, err := NewReader(iotest.OneByteReader(strings.NewReader(in)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []Record
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, rec)
	}
	if a, b := strings.Join(show(got), "\n"), strings.Join(show(want), "\n"); a != b {
		t.Errorf("one byte at a time:\n%s\nwant\n%s", a, b)
	}
	if len(want) != 5 {
		t.Errorf("%d records: %q", len(want), show(want))
	}
}

// TestReadError passes a read error on.
func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	rd, err := NewReader(io.MultiReader(strings.NewReader("a;b\nc;d\n"), iotest.ErrReader(boom)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for {
		_, err := rd.Read()
		if err == io.EOF {
			t.Fatal("EOF, want the read error")
		}
		if err != nil {
			if !errors.Is(err, boom) {
				t.Fatalf("err %v, want boom", err)
			}
			return
		}
	}
}

func TestPos(t *testing.T) {
	recs, _ := readAll(t, []byte("Zürich;\"a\nb\";ü\n"), Options{}, -1)
	r := recs[0]
	for i, want := range [][2]int{{1, 1}, {1, 8}, {2, 4}} {
		if l, c := r.Pos(i); l != want[0] || c != want[1] {
			t.Errorf("cell %d at %d:%d, want %d:%d", i, l, c, want[0], want[1])
		}
	}
}

// endless yields n bytes of one long line of "x", then "\nok;done\n".
type endless struct {
	n    int
	tail string
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		if e.tail == "" {
			return 0, io.EOF
		}
		k := copy(p, e.tail)
		e.tail = e.tail[k:]
		return k, nil
	}
	k := min(len(p), e.n)
	for i := range k {
		p[i] = 'x'
	}
	e.n -= k
	return k, nil
}

// TestLongLineBoundedMemory reads a 50 MB line: it is a Problem with a
// short message, and reading it allocates about the reader's buffer, not
// the line.
func TestLongLineBoundedMemory(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rd, err := NewReader(&endless{n: 50 << 20, tail: "\nok;done\n"}, Options{Delimiter: ';'})
	if err != nil {
		t.Fatal(err)
	}
	var recs []Record
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	runtime.ReadMemStats(&after)
	if got := show(recs); len(got) != 2 || !strings.HasPrefix(got[0], "1:0: the line is 52,428,800 bytes long") || got[1] != `2 ["ok" "done"]` {
		t.Errorf("records %q", got)
	}
	if n := len(recs[0].Problem.Msg) + len(recs[0].Text()); n > 400 {
		t.Errorf("the problem and its text take %d bytes", n)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("reading a 50 MB line allocated %d bytes", alloc)
	}
}
