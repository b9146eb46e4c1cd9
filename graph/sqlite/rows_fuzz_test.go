package sqlite

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"zombiezen.com/go/sqlite/sqlitex"

	"github.com/citygraph/citygraph/graph"
)

// FuzzDecodeLists checks the fast decoders of the JSON list columns
// (decodeStrings for alt_names and topics, decodeSources for sources)
// against encoding/json: for any column value they accept what
// encoding/json accepts, give the same lists, and refuse the rest with an
// error, never a panic.
func FuzzDecodeLists(f *testing.F) {
	for _, s := range []string{`["a","b"]`, `[]`, `null`, `[{"file":"x.csv","line":3,"sourceId":"r1"}]`, `[{"file":"x.csv"},{"file":"y.csv","line":12}]`,
		`[ "a" ]`, `["a\"b"]`, `["\u00e9"]`, `["a"]x`, "[\"\x01\"]", "[\"\xff\"]", `[{"file":"a","line":99999999999999999999}]`,
		`[{"File":"a"}]`, `[{"file":"a","line":-1}]`, `[{"file":"a","file":"b"}]`, `["a",]`, `[{"file":"a",}]`, `{"file":"a"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 { // NULL: no list, by definition
			return
		}
		var wantS []string
		errS := json.Unmarshal(b, &wantS)
		gotS, err := decodeStrings(b, interner{})
		if (err == nil) != (errS == nil) {
			t.Fatalf("decodeStrings(%q): %v; encoding/json: %v", b, err, errS)
		}
		if err == nil && !slices.Equal(gotS, nilIfEmpty(wantS)) {
			t.Fatalf("decodeStrings(%q) = %q, encoding/json %q", b, gotS, wantS)
		}
		var wantSrc []graph.Source
		errSrc := json.Unmarshal(b, &wantSrc)
		gotSrc, err := decodeSources(b, nil)
		if (err == nil) != (errSrc == nil) {
			t.Fatalf("decodeSources(%q): %v; encoding/json: %v", b, err, errSrc)
		}
		if err == nil && !slices.Equal(gotSrc, nilIfEmpty(wantSrc)) {
			t.Fatalf("decodeSources(%q) = %v, encoding/json %v", b, gotSrc, wantSrc)
		}
	})
}

func nilIfEmpty[T any](xs []T) []T {
	if len(xs) == 0 {
		return nil
	}
	return xs
}

// FuzzPartnershipRow writes any values into a stored partnership's columns
// (as a damaged or hand-edited file could hold them) and reads the store:
// the read fails with an error naming the partnership, or gives a link
// whose dates are valid and whose derived status, presence and problems
// can be computed. Never a panic.
func FuzzPartnershipRow(f *testing.F) {
	for _, s := range [][7]string{
		{"PARTNERSHIP", "1957", "", `["SDG11"]`, `[{"file":"a.csv","line":2}]`, "", ""},
		{"FRIENDSHIP", "1990-05", "2022-02-24", "", "",
			`[{"source":{"file":"a.csv","line":2},"seq":1,"since":"1990-05","status":"ACTIVE","topics":["x"]}]`,
			`[{"date":"2022-02-24","status":"ENDED","reason":"war","source":{"file":"b.csv"},"seq":2}]`},
		{"PARTNERSHIP", "1990-13", "", "", "", "", ""},
		{"X", "", "", "", "", `[{"since":"1990-02-30"}]`, `[{"date":null,"status":""}]`},
		{"PARTNERSHIP", "", "", "", "", `[{"seq":-5,"settles":true,"until":"2000"}]`, `[{"status":"PAUSED","date":"2001"},{"status":"ACTIVE","date":"2001"}]`},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5], s[6])
	}
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"), zerolog.Nop())
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	b := &graph.Batch{
		Import: graph.ImportRecord{File: "seed.csv", SHA256: strings.Repeat("0", 64), Kind: "pairs", Rows: 1},
		Municipalities: []graph.Municipality{
			{ID: "DE:08222000", Name: "Mannheim", Country: "DE", Sources: []graph.Source{{File: "seed.csv", Line: 2}}},
			{ID: "UA:kyiv", Name: "Kyiv", Country: "UA", Sources: []graph.Source{{File: "seed.csv", Line: 2}}},
		},
		Partnerships: []graph.Partnership{{A: "DE:08222000", B: "UA:kyiv", Kind: graph.KindPartnership, Sources: []graph.Source{{File: "seed.csv", Line: 2}}}},
	}
	if _, err := s.Apply(ctx, b); err != nil {
		f.Fatal(err)
	}
	w, err := s.writer()
	if err != nil {
		f.Fatal(err)
	}
	null := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	f.Fuzz(func(t *testing.T, kind, since, until, topics, sources, claims, events string) {
		if kind == "" {
			kind = "PARTNERSHIP" // part of the primary key: NOT NULL
		}
		if err := sqlitex.Execute(w, "DELETE FROM partnership", nil); err != nil {
			t.Fatal(err)
		}
		if err := sqlitex.Execute(w, "INSERT INTO partnership ("+partCols+") VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)", &sqlitex.ExecOptions{
			Args: []any{"DE:08222000", "UA:kyiv", kind, null(since), null(until), null(topics), null(sources), null(claims), null(events)},
		}); err != nil {
			t.Skipf("the schema refuses the row: %v", err)
		}
		snap, err := s.Snapshot(ctx)
		if err != nil {
			if !strings.Contains(err.Error(), "partnership") {
				t.Fatalf("error does not name the partnership: %v", err)
			}
			return
		}
		if len(snap.Partnerships) != 1 {
			t.Fatalf("%d partnerships read, want 1", len(snap.Partnerships))
		}
		p := snap.Partnerships[0]
		dates := []graph.Date{p.Since, p.Until}
		for _, c := range p.Claims {
			dates = append(dates, c.Since, c.Until)
		}
		for _, e := range p.Events {
			dates = append(dates, e.Date)
		}
		for _, d := range dates {
			if !d.Valid() {
				t.Fatalf("a damaged date %#v read as valid (since %q until %q claims %q events %q)", d, since, until, claims, events)
			}
		}
		_ = p.CurrentStatus()
		for _, d := range []graph.Date{{}, {Year: 1990}, {Year: 2022, Month: 2, Day: 24}} {
			_ = p.At(d)
		}
		_ = p.Problems()
		_ = p.Conflicts()
		q := p
		q.Claims, q.Events = slices.Clone(p.Claims), slices.Clone(p.Events)
		q.Derive()
	})
}
