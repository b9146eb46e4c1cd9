package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

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

// today is the day the corpus is read on, so that the test does not age.
var today = graph.NewDate(2026, 12, 2)

// TestMalformedCorpus reads every file of testdata/malformed, with and
// without SkipInvalid: every physical line is accounted for, the problems
// are the ones expected, in order, each naming file, line and column, and
// nothing of a file with problems is imported unless SkipInvalid.
func TestMalformedCorpus(t *testing.T) {
	im := newImporter(t)
	type want struct {
		lines Lines    // without Total, which is counted from the file
		probs []string // prefixes, in order
		whole bool     // a problem with the whole file: fails even with SkipInvalid
	}
	cases := map[string]want{
		"stray_quote.csv":      {Lines{Header: 1, Imported: 2, Rejected: 1}, []string{`stray_quote.csv:2:44: text after the closing quote of a cell`}, false},
		"unbalanced_quote.csv": {Lines{Header: 1, Imported: 2, Rejected: 1}, []string{`unbalanced_quote.csv:2:37: the quote that opens this cell is not closed on its line, and line 3 reads as a row of its own`}, false},
		"unterminated_last_line.csv": {Lines{Header: 1, Imported: 2, Rejected: 1},
			[]string{`unterminated_last_line.csv:4:13: the quote that opens this cell is never closed`}, false},
		"cr_only.csv":         {Lines{Header: 1, Imported: 3}, nil, false},
		"crlf.csv":            {Lines{Header: 1, Imported: 3}, nil, false},
		"mixed_line_ends.csv": {Lines{Header: 1, Imported: 3}, nil, false},
		"utf16le_bom.csv":     {Lines{Header: 1, Imported: 2}, nil, false},
		"utf16be_bom.csv":     {Lines{Header: 1, Imported: 2}, nil, false},
		"utf8_bom.csv":        {Lines{Header: 1, Imported: 2}, nil, false},
		"windows1252.csv":     {Lines{Header: 1, Imported: 2}, nil, false},
		"bom_inside.csv":      {Lines{Header: 1, Imported: 1, Rejected: 1}, []string{`bom_inside.csv:3:1: a byte order mark inside the file`}, false},
		"mixed_encodings.csv": {Lines{Header: 1, Imported: 2, Rejected: 1}, []string{
			`mixed_encodings.csv:4:2: mixed encodings: this line is not UTF-8 (byte 0xF6) but line 2 is`,
			`mixed_encodings.csv: mixed encodings: line 4 is not in the encoding of the lines before it`}, true},
		"invalid_encoding.csv": {Lines{Header: 1, Imported: 1, Rejected: 1}, []string{`invalid_encoding.csv:3:2: byte 0x81 is neither UTF-8 nor Windows-1252`}, false},
		"nul_bytes.csv":        {Lines{Header: 1, Imported: 2, Rejected: 1}, []string{`nul_bytes.csv:3:2: a NUL byte`}, false},
		"control_character.csv": {Lines{Header: 1, Imported: 2, Rejected: 1},
			[]string{`control_character.csv:3:17: control character U+000B`}, false},
		"mojibake.csv": {Lines{Header: 1, Imported: 2, Rejected: 1},
			[]string{`mojibake.csv:3:16: garbled text "Ã³": UTF-8 read as Windows-1252 before it was saved (it would be "ó")`}, false},
		"duplicate_header.csv": {Lines{Header: 1, Rejected: 1}, []string{`duplicate_header.csv:1:44: column 6 is named "Land" like column 4: rename one of them`}, true},
		"two_names_one_field.csv": {Lines{Header: 1, Rejected: 1},
			[]string{`two_names_one_field.csv:1:44: columns 4 ("Land") and 6 ("Country") both give the country`}, true},
		"empty_header.csv": {Lines{Header: 1, Imported: 1, Rejected: 1},
			[]string{`empty_header.csv:3:23: a value in column 5, which has no header`}, false},
		"long_cell.csv": {Lines{Header: 1, Imported: 2, Rejected: 1}, []string{`long_cell.csv:3:31: the cell is 12,000 bytes long, more than the limit of 8,192`}, false},
		"long_line.csv": {Lines{Header: 1, Imported: 2, Rejected: 1},
			[]string{`long_line.csv:3: the line is 100,000 bytes long, more than the limit of 65,536`}, false},
		"titles_blanks_repeated_header.csv": {Lines{Header: 2, Title: 2, Blank: 4, Imported: 2}, nil, false},
		"future_date.csv": {Lines{Header: 1, Imported: 2, Rejected: 1},
			[]string{`future_date.csv:3:26: Seit: 2030 lies in the future (today is 2026-12-02)`}, false},
		"too_many_cells.csv": {Lines{Header: 1, Imported: 2, Rejected: 1},
			[]string{`too_many_cells.csv:3:36: the row has 8 cells, the header 7: a semicolon inside a cell that is not quoted?`}, false},
		"multiline_cell.csv": {Lines{Header: 1, Imported: 4}, nil, false},
		"merged_rows.csv":    {Lines{Header: 1, Imported: 2, Merged: 1}, nil, false},
		"disagreeing_rows.csv": {Lines{Header: 1, Imported: 2, Merged: 1, Rejected: 1},
			[]string{`disagreeing_rows.csv:4:30: Seit: line 2 gave this link since 1965-05-08, this row 1966`}, false},
		"short_row.csv": {Lines{Header: 1, Imported: 2, Rejected: 1},
			[]string{`short_row.csv:3:9: wrong delimiter or quoting: the row has 1 cell(s), the header has 7`}, false},
	}
	files, err := filepath.Glob("testdata/malformed/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(cases) {
		t.Errorf("%d files in testdata/malformed, %d cases", len(files), len(cases))
	}
	for _, file := range files {
		name := filepath.Base(file)
		w, ok := cases[name]
		if !ok {
			t.Errorf("%s: no case", name)
			continue
		}
		in, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		w.lines.Total = physicalLines(in)
		if strings.Contains(name, "utf16") {
			w.lines.Total = 3 // the lines of the text, not of its bytes
		}
		for _, skip := range []bool{false, true} {
			res, err := im.Read(context.Background(), file, bytes.NewReader(in), Options{SkipInvalid: skip, Today: today})
			if res == nil {
				t.Fatalf("%s: no result: %v", name, err)
			}
			if res.Lines != w.lines || res.Lines.Sum() != res.Lines.Total {
				t.Errorf("%s: lines %+v, want %+v", name, res.Lines, w.lines)
			}
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.String())
			}
			if len(got) != len(w.probs) {
				t.Errorf("%s: problems\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(w.probs, "\n"))
			} else {
				for i := range got {
					if !strings.HasPrefix(got[i], w.probs[i]) {
						t.Errorf("%s: problem %d\n got %s\nwant %s…", name, i, got[i], w.probs[i])
					}
				}
			}
			failed := len(w.probs) > 0 && (!skip || w.whole)
			var pe *ProblemsError
			switch {
			case failed && (!errors.As(err, &pe) || res.Batch != nil):
				t.Errorf("%s (skip %v): err %v, batch %v; want problems and no batch", name, skip, err, res.Batch != nil)
			case !failed && (err != nil || res.Batch == nil):
				t.Errorf("%s (skip %v): err %v", name, skip, err)
			case !failed:
				checkBatch(t, name, res.Batch)
				rows := res.Lines.Imported // one link per imported row, one row per line ...
				if name == "multiline_cell.csv" {
					rows-- // ... but for the row of two lines
				}
				if n := len(res.Batch.Partnerships); n != rows {
					t.Errorf("%s: %d links for %d imported rows", name, n, rows)
				}
			}
		}
	}
}

// TestMultilineCell keeps a cell's line break and names the row by its
// first line.
func TestMultilineCell(t *testing.T) {
	im := newImporter(t)
	res, err := readFile(t, im, "malformed/multiline_cell.csv", Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Batch.Partnerships {
		if p.B == "GB:swansea" {
			if p.Sources[0].Line != 3 || strings.Join(p.Topics, "|") != "Kultur\nJugend" {
				t.Errorf("Swansea link from line %d, topics %q", p.Sources[0].Line, p.Topics)
			}
			return
		}
	}
	t.Errorf("no Swansea link in %+v", res.Batch.Partnerships)
}

// TestEncodingOption reads a file of mixed encodings with the encoding
// said: the lines in it are read, the others rejected.
func TestEncodingOption(t *testing.T) {
	im := newImporter(t)
	res, err := readFile(t, im, "malformed/mixed_encodings.csv", Options{Encoding: "windows-1252", Today: today})
	if err == nil || res.Batch != nil {
		t.Fatalf("windows-1252 over UTF-8 lines: err %v", err)
	}
	if len(res.Problems) == 0 || !strings.HasPrefix(res.Problems[0].String(), `mixed_encodings.csv:2:16: garbled text "Ã³"`) {
		t.Errorf("problems %v", res.Problems)
	}
	res, err = readFile(t, im, "malformed/mixed_encodings.csv", Options{Encoding: "utf-8", SkipInvalid: true, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	if res.Lines.Imported != 2 || res.Lines.Rejected != 1 || res.Encoding != "UTF-8" ||
		!strings.HasPrefix(res.Problems[0].String(), "mixed_encodings.csv:4:2: byte 0xF6 is not UTF-8 (--encoding utf-8)") {
		t.Errorf("lines %+v, encoding %s, problems %v", res.Lines, res.Encoding, res.Problems)
	}
	if _, err := readFile(t, im, "malformed/windows1252.csv", Options{Encoding: "klingon"}); err == nil || !strings.Contains(err.Error(), `unknown encoding "klingon"`) {
		t.Errorf("unknown encoding: %v", err)
	}
}

// TestRejectsStream passes every rejected row to Options.OnReject as it
// is found, with its line, and keeps only MaxListed in the result.
func TestRejectsStream(t *testing.T) {
	im := newImporter(t)
	var in strings.Builder
	in.WriteString("Kommune;Bundesland;Partnerkommune;Land\n")
	n := MaxListed + 5
	for range n {
		in.WriteString("Mannheim;BW;Atlantis City;Atlantis\n")
	}
	var rejects bytes.Buffer
	cw := csv.NewWriter(&rejects)
	var seen int
	res, err := im.Read(context.Background(), "many.csv", strings.NewReader(in.String()),
		Options{SkipInvalid: true, OnProblem: func(Problem) { seen++ }, OnReject: func(header []string, r Rejected) {
			if rejects.Len() == 0 {
				_ = cw.Write(RejectsHeader(header))
			}
			_ = cw.Write(r.Row(len(header)))
			cw.Flush()
		}})
	if err != nil {
		t.Fatal(err)
	}
	if res.RejectedRows != n || len(res.Rejected) != MaxListed || res.ProblemCount != n || len(res.Problems) != MaxListed || seen != n {
		t.Errorf("rejected %d (%d listed), problems %d (%d listed, %d seen); want %d, %d listed", res.RejectedRows, len(res.Rejected),
			res.ProblemCount, len(res.Problems), seen, n, MaxListed)
	}
	if lines := strings.Count(rejects.String(), "\n"); lines != n+1 {
		t.Errorf("rejects has %d lines, want header + %d", lines, n)
	}
	if !strings.HasSuffix(rejects.String(), rejectLine(n+1)) {
		t.Errorf("last reject: %q", rejects.String()[len(rejects.String())-80:])
	}
	if !strings.HasPrefix(rejects.String(), "Kommune,Bundesland,Partnerkommune,Land,line,reason\n") {
		t.Errorf("rejects header: %q", rejects.String()[:60])
	}
}

func rejectLine(line int) string {
	return `Mannheim,BW,Atlantis City,Atlantis,` + strconv.Itoa(line) + `,"Land: unknown country ""Atlantis"" (want a name in German or English, or an ISO 3166-1 code)"` + "\n"
}
