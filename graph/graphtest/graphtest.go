// Package graphtest is the contract suite that every graph.Store passes:
// the embedded store (graph/sqlite) and Neo4j (graph/neo4j) run the same
// subtests, so the same imports give the same snapshot in both.
//
// The suite checks every store against a reference model built from the
// graph.Merge functions, and a hand-written fixture against an expected
// snapshot written out by hand. Snapshots are compared with
// reflect.DeepEqual after setting Version to 0 and making empty lists nil.
//
// Beyond what graph.Store's comments say, the suite pins down:
//   - the batch is normalised (graph.Batch.Normalize) before it is merged;
//   - ApplyStats counts every record of the normalised batch once, as
//     Created, Merged or Unchanged, and partnerships also in their own fields;
//   - Version grows by exactly one per batch that creates or merges a
//     record and stays put otherwise; ApplyStats.Version and
//     Snapshot.Version equal Version;
//   - an import record is kept once per SHA256 (batches without one keep
//     none), oldest first; recording it alone is not a change of the graph,
//     so it does not move Version;
//   - a batch that breaks a rule of graph.Batch.Validate (a self-link, a
//     date such as 1990-13, an unknown kind or status, a record without id,
//     ...) or names a municipality, network or organisation that is neither
//     in the batch nor stored fails with graph.EINVALID and the message
//     Validate or Refs.Check gives, and leaves the store as it was:
//     snapshot, version and imports;
//   - every batch a store accepts reads back: Snapshot never fails after it,
//     whatever the values at the edges of what the rules allow;
//   - a cancelled context, at any point of Apply, leaves the store either
//     as it was or with the whole batch applied.
package graphtest

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// Run runs the contract suite. open is called once per subtest and must
// return a fresh, empty store; Run closes it when the subtest ends.
func Run(t *testing.T, open func(t *testing.T) graph.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(h *harness)
	}{
		{"Empty", testEmpty},
		{"RoundTripAllFields", testRoundTrip},
		{"ReapplyChangesNothing", testReapply},
		{"UndirectedLinks", testUndirected},
		{"SharedLinksKeepBothProvenances", testSharedLinks},
		{"NamesMerge", testNamesMerge},
		{"GazetteerAndWikidataIDs", testPlaceIDs},
		{"AliasesMergePlaces", testAliases},
		{"ValuesMerge", testValuesMerge},
		{"EndsAlreadyStored", testEndsAlreadyStored},
		{"UnknownEndsLeaveNothing", testUnknownEnds},
		{"InvalidBatchesLeaveNothing", testInvalid},
		{"EdgeValuesReadBack", testEdgeValues},
		{"CancelledContextLeavesNothing", testCancelled},
		{"ImportsOncePerSHA256", testImports},
		{"VersionGrowsByOnePerChange", testVersion},
		{"LargeBatch", testLarge},
		{"SnapshotsSeeWholeBatches", testConcurrentSnapshots},
		{"ClaimsNotOverwrites", testClaims},
		{"ConflictsAndSettling", testConflicts},
		{"LifecycleEvents", testLifecycle},
		{"ReportedCountsOverTime", testReportedCounts},
		{"LocalActorsAndCooperations", testActors},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			h := &harness{t: t, s: s, m: newModel()}
			base, err := s.Version(context.Background())
			if err != nil {
				t.Fatalf("version of a fresh store: %v", err)
			}
			h.base, h.m.base = base, base
			tc.fn(h)
		})
	}
}

// harness applies batches to the store and the model side by side.
type harness struct {
	t    *testing.T
	s    graph.Store
	m    *model
	base int64 // the store's version when empty
}

// apply applies b to both and checks the stats, snapshot, version and imports.
func (h *harness) apply(b *graph.Batch) graph.ApplyStats {
	h.t.Helper()
	want, err := h.m.apply(b)
	if err != nil {
		h.t.Fatalf("model rejects the batch (a bug in the test): %v", err)
	}
	want.Version += h.base
	got, err := h.s.Apply(context.Background(), b.Clone())
	if err != nil {
		h.t.Fatalf("apply: %v", err)
	}
	if got != want {
		h.t.Errorf("apply stats:\n\tgot  %+v\n\twant %+v", got, want)
	}
	h.check()
	return got
}

// fail applies b expecting an error with the given code and no change.
func (h *harness) fail(ctx context.Context, b *graph.Batch, code string, mention ...string) error {
	h.t.Helper()
	_, err := h.s.Apply(ctx, b.Clone())
	if err == nil {
		h.t.Fatalf("apply succeeded, want an error")
	}
	if code != "" {
		if c := graph.ErrorCode(err); c != code {
			h.t.Errorf("error code %q, want %q (error: %v)", c, code, err)
		}
	}
	for _, s := range mention {
		if !strings.Contains(err.Error(), s) {
			h.t.Errorf("error %q does not mention %q", err, s)
		}
	}
	h.check()
	return err
}

// check compares the store's snapshot, version and imports with the model.
func (h *harness) check() {
	h.t.Helper()
	ctx := context.Background()
	snap, err := h.s.Snapshot(ctx)
	if err != nil {
		h.t.Fatalf("snapshot: %v", err)
	}
	if d := Diff(snap, h.m.snapshot()); d != "" {
		h.t.Errorf("snapshot differs from the merged batches:\n%s", d)
	}
	wantV := h.base + h.m.version
	if snap.Version != wantV {
		h.t.Errorf("snapshot version %d, want %d", snap.Version, wantV)
	}
	v, err := h.s.Version(ctx)
	if err != nil {
		h.t.Fatalf("version: %v", err)
	}
	if v != wantV {
		h.t.Errorf("version %d, want %d", v, wantV)
	}
	imps, err := h.s.Imports(ctx)
	if err != nil {
		h.t.Fatalf("imports: %v", err)
	}
	if !deepEqual(nilIfEmpty(imps), nilIfEmpty(h.m.imports)) {
		h.t.Errorf("imports:\n\tgot  %+v\n\twant %+v", imps, h.m.imports)
	}
}

func (h *harness) snapshot() *graph.Snapshot {
	h.t.Helper()
	s, err := h.s.Snapshot(context.Background())
	if err != nil {
		h.t.Fatalf("snapshot: %v", err)
	}
	return s
}

func deepEqual(a, b any) bool { return reflect.DeepEqual(a, b) }

func testEmpty(h *harness) {
	h.check()
	s := h.snapshot()
	if n := len(s.Municipalities) + len(s.Partnerships) + len(s.Networks) + len(s.Memberships) +
		len(s.Organisations) + len(s.OrgLinks) + len(s.StateCounts) + len(s.ReportedCounts); n != 0 {
		h.t.Errorf("fresh store holds %d records", n)
	}
}

func testRoundTrip(h *harness) {
	st := h.apply(fixture())
	if d := Diff(h.snapshot(), fixtureWant()); d != "" {
		h.t.Errorf("snapshot differs from the hand-written expectation:\n%s", d)
	}
	want := graph.ApplyStats{Created: 6 + 7 + 2 + 3 + 2 + 2 + 2, PartnershipsCreated: 7, Version: h.base + 1}
	if st != want {
		h.t.Errorf("stats %+v, want %+v", st, want)
	}
}

func testReapply(h *harness) {
	for _, b := range []*graph.Batch{fixture(), SyntheticBatch(2000, 3)} {
		first := h.apply(b)
		before := h.snapshot()
		st := h.apply(b)
		want := graph.ApplyStats{Unchanged: first.Created + first.Merged + first.Unchanged,
			PartnershipsUnchanged: first.PartnershipsCreated + first.PartnershipsMerged + first.PartnershipsUnchanged,
			Version:               first.Version}
		if st != want {
			h.t.Errorf("re-apply stats %+v, want %+v", st, want)
		}
		if d := Diff(h.snapshot(), before); d != "" {
			h.t.Errorf("re-apply changed the snapshot:\n%s", d)
		}
	}
}

func testUndirected(h *harness) {
	munis := []graph.Municipality{{ID: "DE:09162000", Name: "München", Country: "DE"}, {ID: "UA:kharkiv", Name: "Kharkiv", Country: "UA"}}
	// Both directions in one batch: one link.
	h.apply(&graph.Batch{Municipalities: munis, Partnerships: []graph.Partnership{
		{A: "UA:kharkiv", B: "DE:09162000", Kind: graph.KindPartnership, Sources: []graph.Source{{File: "a.csv", Line: 2}}},
		{A: "DE:09162000", B: "UA:kharkiv", Kind: graph.KindPartnership, Sources: []graph.Source{{File: "a.csv", Line: 3}}},
	}})
	// And B-A again in a later batch.
	st := h.apply(&graph.Batch{Partnerships: []graph.Partnership{
		{A: "UA:kharkiv", B: "DE:09162000", Kind: graph.KindPartnership, Since: graph.NewDate(1979, 0, 0), Sources: []graph.Source{{File: "b.csv", Line: 7}}},
	}})
	if st.PartnershipsMerged != 1 {
		h.t.Errorf("B-A after A-B: %+v, want one merged partnership", st)
	}
	s := h.snapshot()
	// a.csv said only that the link exists: b.csv's is the one claim.
	want := []graph.Partnership{{A: "DE:09162000", B: "UA:kharkiv", Kind: graph.KindPartnership, Since: graph.NewDate(1979, 0, 0),
		Sources: []graph.Source{{File: "a.csv", Line: 2}, {File: "a.csv", Line: 3}, {File: "b.csv", Line: 7}},
		Claims:  []graph.Claim{{Source: graph.Source{File: "b.csv", Line: 7}, Seq: 2, Since: graph.NewDate(1979, 0, 0)}}}}
	if !deepEqual(s.Partnerships, want) {
		h.t.Errorf("partnerships %+v, want %+v", s.Partnerships, want)
	}
}

func testSharedLinks(h *harness) {
	munis := []graph.Municipality{
		{ID: "DE:03241001", Name: "Hannover", Country: "DE"}, {ID: "PL:poznan", Name: "Poznań", Country: "PL"},
		{ID: "GB:bristol", Name: "Bristol", Country: "GB"},
	}
	h.apply(&graph.Batch{Import: graph.ImportRecord{File: "rgre.csv", SHA256: "01", Kind: "rgre", Rows: 1}, Municipalities: munis,
		Partnerships: []graph.Partnership{{A: "DE:03241001", B: "PL:poznan", Kind: graph.KindPartnership, Since: graph.NewDate(1979, 0, 0),
			Topics: []string{"culture"}, Sources: []graph.Source{{File: "rgre.csv", Line: 2}}}}})
	st := h.apply(&graph.Batch{Import: graph.ImportRecord{File: "wikidata.csv", SHA256: "02", Kind: "pairs", Rows: 2}, Municipalities: munis[1:],
		Partnerships: []graph.Partnership{
			{A: "PL:poznan", B: "DE:03241001", Kind: graph.KindPartnership, Topics: []string{"youth"}, Sources: []graph.Source{{File: "wikidata.csv", Line: 5, SourceID: "Q1"}}},
			{A: "GB:bristol", B: "DE:03241001", Kind: graph.KindPartnership, Sources: []graph.Source{{File: "wikidata.csv", Line: 6}}},
		}})
	if st.PartnershipsMerged != 1 || st.PartnershipsCreated != 1 {
		h.t.Errorf("stats %+v, want one partnership merged and one created", st)
	}
	s := h.snapshot()
	var got *graph.Partnership
	for i := range s.Partnerships {
		if s.Partnerships[i].Key() == graph.PartnershipKey("PL:poznan", "DE:03241001", graph.KindPartnership) {
			got = &s.Partnerships[i]
		}
	}
	if got == nil {
		h.t.Fatalf("shared link missing: %+v", s.Partnerships)
	}
	// Each source's claim is kept; the view unites them.
	want := graph.Partnership{A: "DE:03241001", B: "PL:poznan", Kind: graph.KindPartnership, Since: graph.NewDate(1979, 0, 0),
		Topics:  []string{"culture", "youth"},
		Sources: []graph.Source{{File: "rgre.csv", Line: 2}, {File: "wikidata.csv", Line: 5, SourceID: "Q1"}},
		Claims: []graph.Claim{{Source: graph.Source{File: "rgre.csv", Line: 2}, Since: graph.NewDate(1979, 0, 0), Topics: []string{"culture"}},
			{Source: graph.Source{File: "wikidata.csv", Line: 5, SourceID: "Q1"}, Seq: 2, Topics: []string{"youth"}}}}
	if !deepEqual(*got, want) {
		h.t.Errorf("shared link %+v, want %+v", *got, want)
	}
}

func testNamesMerge(h *harness) {
	h.apply(&graph.Batch{Municipalities: []graph.Municipality{{ID: "UA:kyiv", Name: "Kiew", Country: "UA", Sources: []graph.Source{{File: "rgre.csv", Line: 4}}}}})
	h.apply(&graph.Batch{Municipalities: []graph.Municipality{{ID: "UA:kyiv", Name: "Kyiv", AltNames: []string{"Київ", "Kyiv"}, Sources: []graph.Source{{File: "wikidata.csv", Line: 9}}}}})
	want := graph.Municipality{ID: "UA:kyiv", Name: "Kyiv", AltNames: []string{"Kiew", "Київ"}, Country: "UA",
		Sources: []graph.Source{{File: "rgre.csv", Line: 4}, {File: "wikidata.csv", Line: 9}}}
	if s := h.snapshot(); len(s.Municipalities) != 1 || !deepEqual(s.Municipalities[0], want) {
		h.t.Errorf("municipalities %+v, want [%+v]", s.Municipalities, want)
	}
	// The old name given again becomes the name; the other stays an alternative.
	h.apply(&graph.Batch{Municipalities: []graph.Municipality{{ID: "UA:kyiv", Name: "Kiew"}}})
	want.Name, want.AltNames = "Kiew", []string{"Kyiv", "Київ"}
	if s := h.snapshot(); len(s.Municipalities) != 1 || !deepEqual(s.Municipalities[0], want) {
		h.t.Errorf("municipalities %+v, want [%+v]", s.Municipalities, want)
	}
}

// testPlaceIDs: a place's GeoNames id and Wikidata QID are kept, given
// later than the place itself, and not lost when a source without them
// names the place again.
func testPlaceIDs(h *harness) {
	h.apply(&graph.Batch{Municipalities: []graph.Municipality{{ID: "PL:gdansk", Name: "Danzig", Country: "PL"}}})
	h.apply(&graph.Batch{Municipalities: []graph.Municipality{{ID: "PL:gdansk", Name: "Gdańsk", GeoNamesID: 3099434,
		Sources: []graph.Source{{File: "pairs.csv", Line: 7}}}}})
	h.apply(&graph.Batch{Municipalities: []graph.Municipality{{ID: "PL:gdansk", Wikidata: "Q1792", Sources: []graph.Source{{File: "wikidata.csv", Line: 3}}}}})
	h.apply(&graph.Batch{Municipalities: []graph.Municipality{{ID: "PL:gdansk", Name: "Gdańsk", Population: 461865}}})
	s := h.snapshot()
	if len(s.Municipalities) != 1 {
		h.t.Fatalf("municipalities %+v, want one", s.Municipalities)
	}
	if m := s.Municipalities[0]; m.GeoNamesID != 3099434 || m.Wikidata != "Q1792" || m.Population != 461865 {
		h.t.Errorf("Gdańsk %+v, want GeoNames id 3099434, Wikidata Q1792, population 461865", m)
	}
}

func testValuesMerge(h *harness) {
	h.apply(fixture())
	// Each statement is a claim: the view takes the most specific date,
	// the latest status, the topics of all (see graph.Derive).
	h.apply(&graph.Batch{
		Municipalities: []graph.Municipality{
			{ID: "DE:08222000", Population: 316877, Sources: []graph.Source{{File: "de_gemeinden_2024.csv", Line: 4712}}},
			{ID: "FR:toulon", Lat: 43.1242, Lon: 5.928, HasCoords: true, Level: "Commune"},
		},
		Partnerships: []graph.Partnership{
			{A: "UA:chernivtsi~chernivetska", B: "DE:08222000", Kind: graph.KindPartnership, Since: graph.NewDate(2022, 11, 8), Topics: []string{"SDG11", "water"}},
			{A: "FR:toulon", B: "DE:05315000", Kind: graph.KindContact, Status: graph.StatusActive, Until: graph.NewDate(2030, 0, 0)},
		},
		Networks:      []graph.Network{{ID: "eurocities", Name: "EUROCITIES"}},
		Memberships:   []graph.Membership{{Municipality: "UA:kyiv", Network: "eurocities", Role: "member", Since: graph.NewDate(2016, 0, 0)}},
		Organisations: []graph.Organisation{{ID: "oecd", Name: "Organisation for Economic Co-operation and Development"}},
		OrgLinks:      []graph.OrgLink{{Municipality: "DE:08222000", Organisation: "oecd", Since: graph.NewDate(2021, 0, 0), Sources: []graph.Source{{File: "orgs.csv", Line: 8}}}},
		StateCounts:   []graph.StateCount{{State: "DE-BW", Partnerships: 1210, Sources: []graph.Source{{File: "rgre_counts_2025.csv", Line: 2}}}},
	})
	s := h.snapshot()
	for _, p := range s.Partnerships {
		if p.B == "UA:chernivtsi~chernivetska" {
			// The more specific date, the topics of both claims.
			want := graph.Partnership{A: "DE:08222000", B: "UA:chernivtsi~chernivetska", Kind: graph.KindPartnership, Since: graph.NewDate(2022, 11, 8),
				Status: graph.StatusActive, Topics: []string{"SDG11", "energy", "water"}, Sources: []graph.Source{{File: "rgre.csv", Line: 2}},
				Claims: []graph.Claim{
					{Source: graph.Source{File: "rgre.csv", Line: 2}, Since: graph.NewDate(2022, 11, 0), Status: graph.StatusActive, Topics: []string{"SDG11", "energy"}},
					{Seq: 2, Since: graph.NewDate(2022, 11, 8), Topics: []string{"SDG11", "water"}}}}
			if !deepEqual(p, want) {
				h.t.Errorf("merged partnership %+v, want %+v", p, want)
			}
		}
	}
	for _, c := range s.StateCounts {
		if c.State == "DE-BW" && c.Partnerships != 1210 {
			h.t.Errorf("DE-BW count %d, want the newer 1210", c.Partnerships)
		}
	}
}

func testEndsAlreadyStored(h *harness) {
	h.apply(fixture())
	st := h.apply(&graph.Batch{
		Partnerships: []graph.Partnership{{A: "FR:toulon", B: "UA:kyiv", Kind: graph.KindFriendship, Sources: []graph.Source{{File: "x.csv", Line: 2}}}},
		Memberships:  []graph.Membership{{Municipality: "FR:toulon", Network: "mayors-for-peace"}},
		OrgLinks:     []graph.OrgLink{{Municipality: "UA:kyiv", Organisation: "un-habitat", Topic: "reconstruction"}},
	})
	if st.Created != 3 || st.PartnershipsCreated != 1 {
		h.t.Errorf("stats %+v, want 3 created, one of them a partnership", st)
	}
}

func testUnknownEnds(h *harness) {
	h.apply(fixture())
	newPlace := graph.Municipality{ID: "IT:pisa", Name: "Pisa", Country: "IT", Sources: []graph.Source{{File: "bad.csv", Line: 2}}}
	imp := graph.ImportRecord{File: "bad.csv", SHA256: "bad0", Kind: "pairs", Rows: 3}
	good := graph.Partnership{A: "IT:pisa", B: "DE:05315000", Kind: graph.KindFriendship, Sources: []graph.Source{{File: "bad.csv", Line: 2}}}
	cases := []struct {
		name    string
		b       *graph.Batch
		mention []string
	}{
		{"partnership", &graph.Batch{Import: imp, Municipalities: []graph.Municipality{newPlace},
			Partnerships: []graph.Partnership{good, {A: "XX:nowhere", B: "DE:08222000", Kind: graph.KindContact}, {A: "IT:pisa", B: "YY:atlantis", Kind: graph.KindContact}}},
			[]string{"XX:nowhere", "YY:atlantis"}},
		{"membership", &graph.Batch{Import: imp, Municipalities: []graph.Municipality{newPlace}, Partnerships: []graph.Partnership{good},
			Memberships: []graph.Membership{{Municipality: "IT:pisa", Network: "no-such-network"}}}, []string{"no-such-network"}},
		{"membership municipality", &graph.Batch{Import: imp, Networks: []graph.Network{{ID: "iclei", Name: "ICLEI"}},
			Memberships: []graph.Membership{{Municipality: "ZZ:ghost", Network: "iclei"}}}, []string{"ZZ:ghost"}},
		{"organisation", &graph.Batch{Import: imp, Municipalities: []graph.Municipality{newPlace}, Partnerships: []graph.Partnership{good},
			OrgLinks: []graph.OrgLink{{Municipality: "IT:pisa", Organisation: "no-such-org"}}}, []string{"no-such-org"}},
		{"kind", &graph.Batch{Import: imp, Municipalities: []graph.Municipality{newPlace},
			Partnerships: []graph.Partnership{good, {A: "IT:pisa", B: "DE:08222000", Kind: "TWINNING"}}}, []string{"TWINNING"}},
		{"large batch, one unknown end", func() *graph.Batch {
			b := SyntheticBatch(5000, 11)
			b.Partnerships = append(b.Partnerships, graph.Partnership{A: b.Municipalities[0].ID, B: "XX:nowhere", Kind: graph.KindContact})
			return b
		}(), []string{"XX:nowhere"}},
	}
	for _, c := range cases {
		h.t.Run(c.name, func(t *testing.T) {
			hh := *h
			hh.t = t
			hh.fail(context.Background(), c.b, graph.EINVALID, c.mention...)
		})
	}
	// The store still works.
	h.apply(&graph.Batch{Import: imp, Municipalities: []graph.Municipality{newPlace}, Partnerships: []graph.Partnership{good}})
}

// countdownCtx is a context that cancels itself on the n-th call of Done
// or Err, to cut Apply at every point where a store looks at its context.
type countdownCtx struct {
	context.Context
	cancel context.CancelFunc
	left   atomic.Int64
}

func newCountdown(n int64) (*countdownCtx, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	c := &countdownCtx{Context: ctx, cancel: cancel}
	c.left.Store(n)
	return c, cancel
}

func (c *countdownCtx) tick() {
	if c.left.Add(-1) <= 0 {
		c.cancel()
	}
}

func (c *countdownCtx) Done() <-chan struct{} { c.tick(); return c.Context.Done() }
func (c *countdownCtx) Err() error            { c.tick(); return c.Context.Err() }

func testCancelled(h *harness) {
	h.apply(fixture())
	b := SyntheticBatch(3000, 5)
	// Some links between the new places and stored ones, so that merging
	// touches stored records too.
	b.Partnerships = append(b.Partnerships, graph.Partnership{A: b.Municipalities[0].ID, B: "DE:08222000", Kind: graph.KindPartnership})
	b.Municipalities = append(b.Municipalities, graph.Municipality{ID: "UA:kyiv", Name: "Kyjiw"})

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h.fail(ctx, b, "")

	// Cancel at the 1st, 2nd, 4th, ... look at the context until Apply
	// gets through: every cut leaves nothing, the last one everything.
	failures := 0
	for n := int64(1); ; n *= 2 {
		if n > 1<<24 {
			h.t.Fatalf("apply never completed")
		}
		ctx, cancel := newCountdown(n)
		_, err := h.s.Apply(ctx, b.Clone())
		cancel()
		if err != nil {
			failures++
			h.check()
			if h.t.Failed() {
				h.t.Fatalf("apply cancelled at look %d (%v) left something behind", n, err)
			}
			continue
		}
		if _, err := h.m.apply(b); err != nil {
			h.t.Fatal(err)
		}
		h.check()
		break
	}
	if failures == 0 {
		h.t.Errorf("cancelling at the first look at the context did not stop Apply")
	}
}

func testImports(h *harness) {
	a := &graph.Batch{Import: graph.ImportRecord{File: "rgre.csv", SHA256: "aaaa", Kind: "rgre", Rows: 1},
		Municipalities: []graph.Municipality{{ID: "DE:11000000", Name: "Berlin", Country: "DE"}}}
	h.apply(a)
	h.apply(a)
	// The same name, new content: a second record.
	b := a.Clone()
	b.Import.SHA256, b.Import.Rows = "bbbb", 2
	b.Municipalities = append(b.Municipalities, graph.Municipality{ID: "FR:paris", Name: "Paris", Country: "FR"})
	h.apply(b)
	// New content that changes nothing in the graph: recorded, version unchanged.
	c := a.Clone()
	c.Import = graph.ImportRecord{File: "copy.csv", SHA256: "cccc", Kind: "rgre", Rows: 1}
	v0, _ := h.s.Version(context.Background())
	st := h.apply(c)
	if st.Version != v0 {
		h.t.Errorf("an import that changes nothing moved the version from %d to %d", v0, st.Version)
	}
	imps, err := h.s.Imports(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	var shas []string
	for _, r := range imps {
		shas = append(shas, r.SHA256)
	}
	if want := []string{"aaaa", "bbbb", "cccc"}; !slices.Equal(shas, want) {
		h.t.Errorf("imports %v, want %v oldest first", shas, want)
	}
	// A mutation (no import record) records nothing.
	h.apply(&graph.Batch{Municipalities: []graph.Municipality{{ID: "FR:lyon", Name: "Lyon", Country: "FR"}}})
}

func testVersion(h *harness) {
	steps := []struct {
		b      *graph.Batch
		change bool
	}{
		{fixture(), true},
		{fixture(), false},
		{&graph.Batch{Networks: []graph.Network{{ID: "iclei", Name: "ICLEI"}}}, true},
		{&graph.Batch{Networks: []graph.Network{{ID: "iclei"}}}, false},
		{&graph.Batch{StateCounts: []graph.StateCount{{State: "DE-BW", Partnerships: 1205, Sources: []graph.Source{{File: "rgre_counts_by_state.csv", Line: 2}}}}}, false},
		{&graph.Batch{StateCounts: []graph.StateCount{{State: "DE-BW", Partnerships: 1206}}}, true},
		{&graph.Batch{}, false},
		{SyntheticBatch(500, 2), true},
	}
	prev := h.base
	for i, s := range steps {
		st := h.apply(s.b)
		want := prev
		if s.change {
			want++
		}
		if st.Version != want {
			h.t.Errorf("step %d: version %d, want %d", i, st.Version, want)
		}
		prev = st.Version
	}
}

func testLarge(h *harness) {
	b := SyntheticBatch(20000, 7)
	st := h.apply(b)
	if st.PartnershipsCreated != 20000 {
		h.t.Errorf("created %d partnerships, want 20000", st.PartnershipsCreated)
	}
	// A second synthetic list over the same places: many records merge.
	st = h.apply(SyntheticBatch(20000, 8))
	if st.Merged == 0 {
		h.t.Errorf("second list merged nothing: %+v", st)
	}
}

func testConcurrentSnapshots(h *harness) {
	h.apply(fixture())
	before := h.m.snapshot()
	beforeV := h.base + h.m.version
	b := SyntheticBatch(5000, 9)
	after := h.m.clone()
	if _, err := after.apply(b); err != nil {
		h.t.Fatal(err)
	}
	afterSnap := after.snapshot()

	var wg sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		if _, err := h.s.Apply(context.Background(), b.Clone()); err != nil {
			errs <- err
		}
	}()
	seen := 0
	for stop := false; !stop; {
		select {
		case <-done:
			stop = true
		default:
		}
		s, err := h.s.Snapshot(context.Background())
		if err != nil {
			h.t.Errorf("snapshot during apply: %v", err)
			break
		}
		seen++
		switch s.Version {
		case beforeV:
			if d := Diff(s, before); d != "" {
				h.t.Errorf("snapshot at the old version is not the old graph:\n%s", d)
			}
		case beforeV + 1:
			if d := Diff(s, afterSnap); d != "" {
				h.t.Errorf("snapshot at the new version is not the new graph:\n%s", d)
			}
		default:
			h.t.Errorf("snapshot version %d, want %d or %d", s.Version, beforeV, beforeV+1)
		}
		if h.t.Failed() {
			break
		}
	}
	wg.Wait()
	select {
	case err := <-errs:
		h.t.Fatalf("apply: %v", err)
	default:
	}
	h.m = after
	h.check()
	h.t.Logf("%d snapshots taken during the apply", seen)
}
