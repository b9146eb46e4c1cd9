package importer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRead feeds arbitrary bytes to Read, seeded with the fixtures and
// the malformed corpus: it must never panic, must fail only with a
// *ProblemsError naming the file, must account for every line of the input
// (imported, merged, header, title, blank or rejected), and every batch it
// returns must hold together.
func FuzzRead(f *testing.F) {
	files, err := filepath.Glob("testdata/*.*")
	if err != nil {
		f.Fatal(err)
	}
	malformed, err := filepath.Glob("testdata/malformed/*")
	if err != nil {
		f.Fatal(err)
	}
	files = append(files, malformed...)
	kinds := append([]Kind{KindAuto}, Kinds()...)
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for i := range kinds {
			f.Add(b, uint8(i), false)
		}
		f.Add(b, uint8(0), true)
	}
	im := newImporter(f)
	f.Fuzz(func(t *testing.T, in []byte, kind uint8, skip bool) {
		opt := Options{Kind: kinds[int(kind)%len(kinds)], SkipInvalid: skip}
		if kind >= 128 {
			opt.Map = map[string]string{"city_a": "1", "country_a": "2", "city_b": "3", "country_b": "4"}
		}
		opt.Today = today
		res, err := im.Read(context.Background(), "fuzz.csv", bytes.NewReader(in), opt)
		if res != nil && (res.Lines.Sum() != res.Lines.Total ||
			res.Lines.Total != physicalLines(in) && res.Lines.Total != 0 && !bytes.HasPrefix(in, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(in, []byte{0xFE, 0xFF})) {
			t.Fatalf("lines %+v (sum %d) for an input of %d lines", res.Lines, res.Lines.Sum(), physicalLines(in))
		}
		if err != nil {
			var pe *ProblemsError
			if !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("err = %v, want a *ProblemsError with problems", err)
			}
			for _, p := range pe.Problems {
				if !strings.HasPrefix(p.String(), "fuzz.csv") {
					t.Fatalf("problem %q does not name the file", p)
				}
			}
			if res == nil || res.Batch != nil {
				t.Fatalf("a failed read returned a batch")
			}
			return
		}
		if len(res.Problems) > 0 && !skip {
			t.Fatalf("%d problems but no error", len(res.Problems))
		}
		if len(res.Rejected) != res.RejectedRows || res.RejectedRows > len(uniqueLines(res.Problems)) || res.RejectedRows == 0 && res.ProblemCount > 0 {
			t.Fatalf("%d rejected rows for problems on %d lines", res.RejectedRows, len(uniqueLines(res.Problems)))
		}
		checkBatch(t, "fuzz.csv", res.Batch)
		var buf bytes.Buffer
		if err := WriteRejects(&buf, res); err != nil {
			t.Fatal(err)
		}
	})
}

func uniqueLines(ps []Problem) map[int]bool {
	m := map[int]bool{}
	for _, p := range ps {
		m[p.Line] = true
	}
	return m
}
