package importer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

// repeat is an endless stream of one byte.
type repeat byte

func (r repeat) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// TestFiftyMegabyteLine reads a file whose second line is 50 MB of one
// cell (issue 9: it became a 52-million-character place name): the line
// is a problem naming its line and length, not data; the message stays
// short; the rows around it are read; and reading it allocates, in all,
// less than twice the line's size (it took 1.8 GB).
func TestFiftyMegabyteLine(t *testing.T) {
	im := newImporter(t)
	const size = 50 << 20
	in := io.MultiReader(
		strings.NewReader("Kommune;Bundesland;Partnerkommune;Land;Art;Seit;Themen\n"),
		io.LimitReader(repeat('x'), size), strings.NewReader("\n"),
		strings.NewReader("Heidelberg;BW;Cambridge;Vereinigtes Königreich;P;1965;\n"))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := im.Read(context.Background(), "huge.csv", in, Options{Today: today, SkipInvalid: true})
	runtime.ReadMemStats(&after)
	var pe *ProblemsError
	if err != nil && !errors.As(err, &pe) {
		t.Fatal(err)
	}
	if res == nil || len(res.Problems) != 1 {
		t.Fatalf("result %+v, err %v", res, err)
	}
	p := res.Problems[0].String()
	if !strings.HasPrefix(p, "huge.csv:2: the line is 52,428,800 bytes long, more than the limit of") || len(p) > 300 {
		t.Errorf("problem %.300q (%d bytes)", p, len(p))
	}
	if res.Lines.Total != 3 || res.Lines.Rejected != 1 || res.Lines.Imported != 1 || res.Lines.Sum() != res.Lines.Total {
		t.Errorf("lines %+v", res.Lines)
	}
	for _, m := range res.Batch.Municipalities {
		if len(m.Name) > 1000 || bytes.Contains([]byte(m.Name), []byte("xxxx")) {
			t.Errorf("a place named from the long line: %.80q", m.Name)
		}
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 2*size {
		t.Errorf("reading allocated %d MB for a %d MB line", alloc>>20, size>>20)
	}
}
