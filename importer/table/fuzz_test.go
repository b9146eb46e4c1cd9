package table

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// FuzzRead reads arbitrary bytes with the default limits and with small
// ones: it must not panic, its records must account for every physical
// line in order, no cell may pass the limit, and a line without quotes
// must split exactly at the delimiter.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"a;b\nc;d\n", "a;\"b\nc\";d\r\ne;f\r", "Kommune;Land\nK\xF6ln;DE\nKraków;PL\n", "\xEF\xBB\xBFa,b\r\n\"x\"\"y\",z",
		"a;b;c\n1;\"x\n2;3;4\n", "sep=;\na;b\n", "\xFF\xFEa\x00;\x00b\x00\n\x00", "x\x00y\n", "a\tb\n\"\"\"\t\"\n",
		"a;b\n\"Pakt\" (Solidarität);x\n", "a;\"b\n\n\n\n\n;c\n",
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(1))
	}
	f.Fuzz(func(t *testing.T, in []byte, mode uint8) {
		opt := Options{}
		if mode%2 == 1 {
			opt = Options{MaxLine: 24, MaxField: 8, MaxRecordLines: 3}
		}
		if mode%4 >= 2 {
			opt.Encoding = "windows-1252"
		}
		rd, err := NewReader(bytes.NewReader(in), opt)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "not a text file") && !strings.Contains(err.Error(), "byte order mark") {
				t.Fatalf("NewReader: %v", err)
			}
			return
		}
		next, max := 1, opt.MaxField
		if max == 0 {
			max = DefaultMaxField
		}
		for n := 0; ; n++ {
			rec, err := rd.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec.Line != next || rec.Lines < 1 || (rec.Problem == nil) == (rec.Fields == nil) {
				t.Fatalf("record %d: line %d+%d, want line %d; fields %q, problem %v", n, rec.Line, rec.Lines, next, rec.Fields, rec.Problem)
			}
			next += rec.Lines
			for _, c := range rec.Fields {
				if len(c) > max {
					t.Fatalf("line %d: a cell of %d bytes", rec.Line, len(c))
				}
			}
			if n == 0 && rec.Fields != nil {
				rd.SetFields(len(rec.Fields))
			}
			if text := rec.Text(); rec.Fields != nil && rec.Lines == 1 && !strings.Contains(text, `"`) {
				if want := strings.Split(text, string(rd.Delimiter())); !equal(want, rec.Fields) {
					t.Fatalf("line %d %q: cells %q, want %q", rec.Line, text, rec.Fields, want)
				}
			}
		}
		if rd.Lines() != next-1 {
			t.Fatalf("%d lines counted, records span %d", rd.Lines(), next-1)
		}
		if !bytes.HasPrefix(in, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(in, []byte{0xFE, 0xFF}) {
			if want := physicalLines(in); want != next-1 {
				t.Fatalf("records span %d lines, the input has %d", next-1, want)
			}
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
