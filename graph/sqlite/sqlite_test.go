package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"zombiezen.com/go/sqlite"
	"zombiezen.com/go/sqlite/sqlitex"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/graphtest"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "sub", "dir", "citygraph.db"), zerolog.Nop())
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return s
}

func TestContract(t *testing.T) {
	graphtest.Run(t, func(t *testing.T) graph.Store {
		s := openTemp(t)
		// After the subtest has closed the store: reopen it and check the
		// file, including that no row names a missing end.
		t.Cleanup(func() {
			s2, err := Open(context.Background(), s.Path(), zerolog.Nop())
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			defer s2.Close()
			integrityCheck(t, s2)
		})
		return s
	})
}

func TestDefaultPath(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"CITYGRAPH_STORE": "/data/x.db", "XDG_DATA_HOME": "/xdg", "HOME": "/home/u"}, "/data/x.db"},
		{map[string]string{"XDG_DATA_HOME": "/xdg", "HOME": "/home/u"}, "/xdg/citygraph/citygraph.db"},
		{map[string]string{"HOME": "/home/u"}, "/home/u/.local/share/citygraph/citygraph.db"},
		{map[string]string{}, "citygraph.db"},
	} {
		if got := DefaultPath(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("DefaultPath(%v) = %q, want %q", c.env, got, c.want)
		}
	}
}

func TestOpenCreatesReadableSchema(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if _, err := os.Stat(s.Path()); err != nil {
		t.Fatalf("store file: %v", err)
	}
	b := graphtest.SyntheticBatch(300, 5)
	if _, err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Opening again keeps the data and changes nothing.
	s, err = Open(ctx, s.Path(), zerolog.Nop())
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	again, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := graphtest.Diff(again, snap); d != "" || again.Version != snap.Version {
		t.Errorf("reopened store differs (version %d, want %d):\n%s", again.Version, snap.Version, d)
	}

	c, err := s.reader(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer s.release(c)
	text := func(q string) []string {
		t.Helper()
		var out []string
		if err := sqlitex.ExecuteTransient(c, q, &sqlitex.ExecOptions{ResultFunc: func(st *sqlite.Stmt) error {
			out = append(out, st.ColumnText(0))
			return nil
		}}); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return out
	}
	if got := text("PRAGMA user_version"); !slices.Equal(got, []string{strconv.Itoa(SchemaVersion)}) {
		t.Errorf("user_version %v, want %d", got, SchemaVersion)
	}
	if got := text("PRAGMA journal_mode"); !slices.Equal(got, []string{"wal"}) {
		t.Errorf("journal_mode %v, want wal", got)
	}
	if got := text("PRAGMA synchronous"); !slices.Equal(got, []string{"2"}) {
		t.Errorf("synchronous %v, want 2 (FULL)", got)
	}
	wantTables := []string{"alias", "cooperation", "import", "membership", "meta", "municipality", "network", "org_link", "organisation", "partnership", "place_score", "reported_count", "score_set", "state_count"}
	if got := text("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"); !slices.Equal(got, wantTables) {
		t.Errorf("tables %v, want %v", got, wantTables)
	}
	if got := text("SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY name"); !slices.Equal(got, []string{"partnership_named", "partnership_source"}) {
		t.Errorf("views %v", got)
	}
	// The queries the schema's comment suggests work and agree with the snapshot.
	sources := 0
	for _, p := range snap.Partnerships {
		sources += len(p.Sources)
	}
	if got := text("SELECT count(*) FROM partnership_source WHERE file = '" + graphtest.SyntheticFile + "' AND line > 0"); !slices.Equal(got, []string{strconv.Itoa(sources)}) {
		t.Errorf("partnership_source rows %v, want %d", got, sources)
	}
	if got := text("SELECT count(*) FROM partnership_named WHERE name_a <> '' AND name_b <> ''"); !slices.Equal(got, []string{strconv.Itoa(len(snap.Partnerships))}) {
		t.Errorf("partnership_named rows %v, want %d", got, len(snap.Partnerships))
	}
	topics := 0
	for _, p := range snap.Partnerships {
		topics += len(p.Topics)
	}
	if got := text("SELECT count(*) FROM partnership p, json_each(p.topics)"); !slices.Equal(got, []string{strconv.Itoa(topics)}) {
		t.Errorf("topics via json_each %v, want %d", got, topics)
	}
	if got := text("SELECT since FROM partnership WHERE since IS NOT NULL ORDER BY length(since), since LIMIT 1"); len(got) != 1 || len(got[0]) != 4 {
		t.Errorf("dates are not ISO text at their precision: %v", got)
	}
}

func TestOpenRefusesOtherFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte(strings.Repeat("Kommune;Partner\n", 500)), 0o644); err != nil {
		t.Fatal(err)
	}

	other := filepath.Join(dir, "other.db")
	c, err := sqlite.OpenConn(other, sqlite.OpenReadWrite, sqlite.OpenCreate)
	if err != nil {
		t.Fatal(err)
	}
	if err := execAll(c, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)"); err != nil {
		t.Fatal(err)
	}
	c.Close()

	newer := filepath.Join(dir, "newer.db")
	s, err := Open(ctx, newer, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	c, err = sqlite.OpenConn(newer, sqlite.OpenReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if err := execAll(c, "PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	c.Close()

	for _, c := range []struct {
		path, code, mention string
	}{
		{text, graph.EINVALID, "not a citygraph store"},
		{other, graph.EINVALID, "not a citygraph store"},
		{newer, graph.EINVALID, "schema version 99"},
		{"", graph.EINVALID, "no store path"},
		{filepath.Join(text, "sub", "x.db"), graph.EUNAVAILABLE, "create directory"},
	} {
		before, _ := os.ReadFile(c.path)
		_, err := Open(ctx, c.path, zerolog.Nop())
		if err == nil {
			t.Errorf("Open(%q) succeeded", c.path)
			continue
		}
		if code := graph.ErrorCode(err); code != c.code || !strings.Contains(err.Error(), c.mention) {
			t.Errorf("Open(%q): %v (code %s), want %s mentioning %q", c.path, err, code, c.code, c.mention)
		}
		if after, _ := os.ReadFile(c.path); c.path != "" && !reflect.DeepEqual(before, after) {
			t.Errorf("Open(%q) changed the file", c.path)
		}
	}
}

func TestApplyLeavesBatchAlone(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	b := graphtest.SyntheticBatch(500, 3)
	// Reversed ends and duplicates, which normalising changes.
	b.Partnerships = append(b.Partnerships, graph.Partnership{A: b.Partnerships[0].B, B: b.Partnerships[0].A, Kind: b.Partnerships[0].Kind,
		Topics: []string{"youth", "culture", "youth"}})
	want := b.Clone()
	if _, err := s.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b, want) {
		t.Errorf("Apply modified the caller's batch")
	}
}

func TestWrapGivesCodes(t *testing.T) {
	for _, c := range []struct {
		err  error
		code string
	}{
		{fmt.Errorf("step: %w", sqlite.ResultBusy.ToError()), graph.EUNAVAILABLE},
		{sqlite.ResultIOErrFsync.ToError(), graph.EUNAVAILABLE},
		{sqlite.ResultNotADB.ToError(), graph.EINVALID},
		{sqlite.ResultConstraintCheck.ToError(), graph.EINTERNAL},
		{graph.Errorf(graph.EINVALID, "unknown municipalities: XX:a"), graph.EINVALID},
		{context.Canceled, graph.EINTERNAL},
	} {
		err := wrap("sqlite: apply", "", c.err)
		if code := graph.ErrorCode(err); code != c.code {
			t.Errorf("wrap(%v): code %q, want %q", c.err, code, c.code)
		}
		if !strings.HasPrefix(err.Error(), "sqlite: apply") || !errors.Is(err, c.err) && graph.ErrorCode(c.err) != c.code {
			t.Errorf("wrap(%v) = %q: want the op and the cause", c.err, err)
		}
	}
}

func TestCompareJoined(t *testing.T) {
	parts := [][3]string{
		{"UA:kyiv", "DE:1", "PARTNERSHIP"}, {"UA:kyiv-x", "DE:1", "CONTACT"}, {"UA:kyiv", "DE:1", "CONTACT"},
		{"UA:ky", "iv|DE:1", "A"}, {"UA:kyiv~r", "A", "B"}, {"", "", ""}, {"A", "", ""}, {"A", "B", ""}, {"A|B", "", ""},
		{"A", "B", "C"}, {"A", "B|", "C"}, {"A", "BC", ""}, {"A", "B", "X"}, {"A", "B|C", ""}, {"A", "Ba", "C"},
	}
	sign := func(i int) int { return max(-1, min(1, i)) }
	for _, x := range parts {
		for _, y := range parts {
			join := func(p [3]string) string {
				if x[2] == "" && y[2] == "" {
					return p[0] + "|" + p[1]
				}
				return p[0] + "|" + p[1] + "|" + p[2]
			}
			if got, want := compareJoined(x[0], x[1], x[2], y[0], y[1], y[2]), strings.Compare(join(x), join(y)); got != sign(want) {
				t.Errorf("compareJoined(%q, %q) = %d, want %d", x, y, got, want)
			}
		}
	}
}

// Two stores on one file stand for two processes: their writes wait for
// each other (BEGIN IMMEDIATE and the busy timeout) and both land.
func TestTwoWritersOnOneFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "citygraph.db")
	var stores [2]*Store
	for i := range stores {
		s, err := Open(ctx, path, zerolog.Nop())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	errs := make(chan error, 2)
	for i, s := range stores {
		go func() {
			_, err := s.Apply(ctx, graphtest.SyntheticBatch(3000, int64(100+i)))
			errs <- err
		}()
	}
	for range stores {
		if err := <-errs; err != nil {
			t.Fatalf("apply: %v", err)
		}
	}
	got, err := stores[0].Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 {
		t.Errorf("version %d, want 2", got.Version)
	}
	// The same two batches one after the other, in either order: the
	// result is one of the two.
	var diffs []string
	for _, order := range [][2]int64{{100, 101}, {101, 100}} {
		ref := openTemp(t)
		defer ref.Close()
		for _, seed := range order {
			if _, err := ref.Apply(ctx, graphtest.SyntheticBatch(3000, seed)); err != nil {
				t.Fatal(err)
			}
		}
		want, err := ref.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		d := graphtest.Diff(got, want)
		if d == "" {
			return
		}
		diffs = append(diffs, d)
	}
	t.Errorf("the store is neither batch order's result:\n%s\n%s", diffs[0], diffs[1])
}

func TestClosedStore(t *testing.T) {
	s := openTemp(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.Apply(ctx, &graph.Batch{}); graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Errorf("apply after close: %v, want %s", err, graph.EUNAVAILABLE)
	}
	if _, err := s.Snapshot(ctx); graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Errorf("snapshot after close: %v, want %s", err, graph.EUNAVAILABLE)
	}
}

// A small batch into a large store looks its records up one by one (a
// large one scans the table); both give what the merge rules say.
func TestSmallBatchIntoLargeStore(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	defer s.Close()
	big := graphtest.SyntheticBatch(2000, 21)
	if _, err := s.Apply(ctx, big); err != nil {
		t.Fatal(err)
	}
	before, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p0, p1 := before.Partnerships[10], before.Partnerships[500]
	m0 := before.Municipalities[7]
	small := &graph.Batch{
		Municipalities: []graph.Municipality{
			{ID: m0.ID, Name: "Renamed", Population: 4242, Sources: []graph.Source{{File: "small.csv", Line: 2}}},
			{ID: "ZZ:new-place", Name: "New Place", Country: "ZZ"},
		},
		Partnerships: []graph.Partnership{
			{A: p0.B, B: p0.A, Kind: p0.Kind, Topics: []string{"SDG16"}, Sources: []graph.Source{{File: "small.csv", Line: 3}}},
			p1, // as stored, then changed
			{A: p1.A, B: p1.B, Kind: p1.Kind, Since: graph.NewDate(2024, 2, 24)},
			{A: "ZZ:new-place", B: m0.ID, Kind: graph.KindContact},
		},
	}
	st, err := s.Apply(ctx, small)
	if err != nil {
		t.Fatal(err)
	}
	if st.Created != 2 || st.PartnershipsCreated != 1 || st.PartnershipsMerged != 2 {
		t.Errorf("stats %+v, want 2 created (1 a link), 2 links merged", st)
	}

	want := *before
	want.Municipalities = slices.Clone(before.Municipalities)
	want.Partnerships = slices.Clone(before.Partnerships)
	want.Municipalities[7], _ = graph.MergeMunicipality(m0, small.Municipalities[0])
	want.Municipalities = append(want.Municipalities, small.Municipalities[1])
	n0 := small.Partnerships[0]
	n0.Normalize()
	merge := graph.MergePartnershipAt(before.Version + 1) // the version the batch gives
	want.Partnerships[10], _ = merge(p0, n0)
	want.Partnerships[500], _ = merge(p1, small.Partnerships[2])
	n3 := small.Partnerships[3]
	n3.Normalize()
	want.Partnerships = append(want.Partnerships, n3)
	want.Sort()
	got, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := graphtest.Diff(got, &want); d != "" {
		t.Errorf("snapshot differs from the merge rules:\n%s", d)
	}
}

// integrityCheck runs SQLite's own checks: the file is sound and no row
// names a missing end.
func integrityCheck(t *testing.T, s *Store) {
	t.Helper()
	c, err := s.reader(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer s.release(c)
	for _, q := range []string{"PRAGMA integrity_check", "PRAGMA foreign_key_check"} {
		var rows []string
		if err := sqlitex.ExecuteTransient(c, q, &sqlitex.ExecOptions{ResultFunc: func(st *sqlite.Stmt) error {
			rows = append(rows, st.ColumnText(0)+" "+st.ColumnText(1)+" "+st.ColumnText(2))
			return nil
		}}); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if q == "PRAGMA integrity_check" && (len(rows) != 1 || strings.TrimSpace(rows[0]) != "ok") {
			t.Errorf("%s: %v", q, rows)
		}
		if q == "PRAGMA foreign_key_check" && len(rows) != 0 {
			t.Errorf("%s: %d violations, first %v", q, len(rows), rows[0])
		}
	}
}

func TestScoresContract(t *testing.T) {
	graphtest.RunScores(t, func(t *testing.T) graph.ScoreStore { return openTemp(t) })
}

// TestMigrateVersion2 opens a store of schema version 2 (without the
// places' GeoNames ids and QIDs, the organisations' types and homes and
// the cooperations): its data stays, the columns are added, and the ids
// are kept from then on.
func TestMigrateVersion2(t *testing.T) {
	testMigrate(t, 2, "ALTER TABLE municipality DROP COLUMN geonames_id; ALTER TABLE municipality DROP COLUMN wikidata; ")
}

// TestMigrateVersion4 opens a store of schema version 4 (without the
// organisations' types and homes and the cooperations).
func TestMigrateVersion4(t *testing.T) { testMigrate(t, 4, "") }

func testMigrate(t *testing.T, version int, drop string) {
	ctx := context.Background()
	s := openTemp(t)
	b := graphtest.SyntheticBatch(50, 3)
	if _, err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	before, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	c, err := sqlite.OpenConn(path, sqlite.OpenReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if err := execAll(c, drop+"ALTER TABLE organisation DROP COLUMN type; ALTER TABLE organisation DROP COLUMN municipality; DROP TABLE cooperation; "+
		fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		t.Fatal(err)
	}
	c.Close()

	s, err = Open(ctx, path, zerolog.Nop())
	if err != nil {
		t.Fatalf("open a version %d store: %v", version, err)
	}
	defer s.Close()
	after, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := graphtest.Diff(after, before); d != "" {
		t.Errorf("migrated store differs:\n%s", d)
	}
	id := before.Municipalities[0].ID
	if _, err := s.Apply(ctx, &graph.Batch{Municipalities: []graph.Municipality{{ID: id, GeoNamesID: 2950159, Wikidata: "Q64"}}}); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m := snap.Municipalities[0]; m.GeoNamesID != 2950159 || m.Wikidata != "Q64" {
		t.Errorf("after migration %s keeps GeoNames id %d and QID %q, want 2950159 and Q64", id, m.GeoNamesID, m.Wikidata)
	}
	if _, err := s.Apply(ctx, &graph.Batch{Organisations: []graph.Organisation{{ID: "a", Name: "A", Type: "club", Municipality: id}, {ID: "b", Name: "B"}},
		Cooperations: []graph.Cooperation{{A: "b", B: "a", Kind: "project"}}}); err != nil {
		t.Fatal(err)
	}
	if snap, err = s.Snapshot(ctx); err != nil {
		t.Fatal(err)
	}
	if o := snap.Organisations[0]; o.Type != "club" || o.Municipality != id || len(snap.Cooperations) != 1 || snap.Cooperations[0].A != "a" {
		t.Errorf("after migration: organisation %+v, cooperations %+v", o, snap.Cooperations)
	}
}
