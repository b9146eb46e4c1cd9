package graphtest

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// InvalidBatch is a batch that every store must reject, with what the
// error must say.
type InvalidBatch struct {
	Name    string
	Batch   *graph.Batch
	Mention []string // the error's text contains each
}

// InvalidBatches returns batches that break the rules of
// graph.Batch.Validate, to be applied after fixture(): each holds valid
// records beside the bad one, so that a store that writes before it
// checks is caught.
func InvalidBatches() []InvalidBatch {
	imp := graph.ImportRecord{File: "bad.csv", SHA256: "bad1", Kind: "pairs", Rows: 2}
	pisa := graph.Municipality{ID: "IT:pisa", Name: "Pisa", Country: "IT", Sources: []graph.Source{{File: "bad.csv", Line: 2}}}
	good := graph.Partnership{A: "IT:pisa", B: "DE:05315000", Kind: graph.KindFriendship, Sources: []graph.Source{{File: "bad.csv", Line: 2}}}
	with := func(ps ...graph.Partnership) *graph.Batch {
		return &graph.Batch{Import: imp, Municipalities: []graph.Municipality{pisa}, Partnerships: append([]graph.Partnership{good}, ps...)}
	}
	link := func(edit func(p *graph.Partnership)) graph.Partnership {
		p := graph.Partnership{A: "DE:08222000", B: "FR:toulon", Kind: graph.KindProject}
		edit(&p)
		return p
	}
	selfLinks := func(n int) *graph.Batch {
		b := with()
		for _, id := range []string{"FR:f", "FR:e", "FR:d", "FR:c", "FR:b", "FR:a", "FR:g", "FR:h"}[:n] {
			b.Partnerships = append(b.Partnerships, graph.Partnership{A: id, B: id, Kind: graph.KindContact})
		}
		return b
	}
	return []InvalidBatch{
		{"self-link", with(graph.Partnership{A: "FR:toulon", B: "FR:toulon", Kind: graph.KindContact}), []string{"FR:toulon", "itself"}},
		{"self-link of a new place", with(graph.Partnership{A: "IT:pisa", B: "IT:pisa", Kind: graph.KindContact}), []string{"IT:pisa", "itself"}},
		{"month 13", with(link(func(p *graph.Partnership) { p.Since = graph.NewDate(1990, 13, 0) })), []string{"1990-13"}},
		{"30 February", with(link(func(p *graph.Partnership) { p.Until = graph.NewDate(2023, 2, 30) })), []string{"2023-02-30"}},
		{"year 99", with(link(func(p *graph.Partnership) { p.Since = graph.NewDate(99, 0, 0) })), []string{"invalid date"}},
		{"status DORMANT", with(link(func(p *graph.Partnership) { p.Status = "DORMANT" })), []string{"DORMANT"}},
		{"kind TWINNING", with(link(func(p *graph.Partnership) { p.Kind = "TWINNING" })), []string{"TWINNING"}},
		{"no kind", with(link(func(p *graph.Partnership) { p.Kind = "" })), []string{"unknown kind"}},
		{"empty end", with(graph.Partnership{A: "FR:toulon", Kind: graph.KindContact}), []string{"empty end"}},
		{"municipality without id", &graph.Batch{Import: imp, Municipalities: []graph.Municipality{pisa, {Name: "Nowhere", Country: "XX"}}},
			[]string{`"Nowhere"`, "no id"}},
		{"coordinates", &graph.Batch{Import: imp, Municipalities: []graph.Municipality{pisa, {ID: "XX:north", Name: "North", Lat: 90.5, Lon: 10, HasCoords: true}}},
			[]string{"XX:north", "out of range"}},
		{"coordinates NaN", &graph.Batch{Import: imp, Municipalities: []graph.Municipality{pisa, {ID: "XX:nan", Name: "NaN", Lat: math.NaN(), Lon: 10, HasCoords: true}}},
			[]string{"XX:nan", "out of range"}},
		{"negative population", &graph.Batch{Import: imp, Municipalities: []graph.Municipality{{ID: "DE:08222000", Population: -5}}}, []string{"negative population"}},
		{"network without id", &graph.Batch{Import: imp, Municipalities: []graph.Municipality{pisa}, Networks: []graph.Network{{Name: "ICLEI"}}}, []string{`"ICLEI"`, "no id"}},
		{"membership date", &graph.Batch{Import: imp, Networks: []graph.Network{{ID: "iclei", Name: "ICLEI"}},
			Memberships: []graph.Membership{{Municipality: "FR:toulon", Network: "iclei", Until: graph.NewDate(2023, 2, 29)}}}, []string{"2023-02-29"}},
		{"organisation without id", &graph.Batch{Import: imp, Organisations: []graph.Organisation{{ID: "oecd"}, {Name: "UCLG"}}}, []string{`"UCLG"`, "no id"}},
		{"organisation link date", &graph.Batch{Import: imp, OrgLinks: []graph.OrgLink{{Municipality: "FR:toulon", Organisation: "oecd", Since: graph.NewDate(2020, 0, 31)}}},
			[]string{"invalid date"}},
		{"state count without state", &graph.Batch{Import: imp, StateCounts: []graph.StateCount{{State: "DE-BY", Partnerships: 3}, {Partnerships: 4}}}, []string{"no state"}},
		{"text that is not UTF-8", &graph.Batch{Import: imp, Municipalities: []graph.Municipality{pisa, {ID: "DE:05315000", Name: "K\xf6ln"}}},
			[]string{"DE:05315000", "not UTF-8"}},
		{"negative count", &graph.Batch{Import: imp, StateCounts: []graph.StateCount{{State: "DE-BY", Partnerships: -1}}}, []string{"negative count"}},
		{"reported count without scope", &graph.Batch{Import: imp, ReportedCounts: []graph.ReportedCount{{Country: "UA", AsOf: graph.NewDate(2022, 10, 0), Count: 107}}}, []string{"no scope"}},
		{"reported count negative", &graph.Batch{Import: imp, ReportedCounts: []graph.ReportedCount{{Scope: "DE", Count: -3}}}, []string{"negative count"}},
		{"reported count bad date", &graph.Batch{Import: imp, ReportedCounts: []graph.ReportedCount{{Scope: "DE", AsOf: graph.NewDate(2022, 13, 0), Count: 3}}}, []string{"invalid date"}},
		{"problems in every list", func() *graph.Batch {
			b := selfLinks(6)
			b.Municipalities = append(b.Municipalities, graph.Municipality{Name: "Nowhere"})
			b.Networks = []graph.Network{{Name: "No id"}}
			return b
		}(), []string{`municipality "Nowhere": no id; partnership FR:f-FR:f: a place cannot partner itself; ` +
			"partnership FR:e-FR:e: a place cannot partner itself; partnership FR:d-FR:d: a place cannot partner itself; " +
			"partnership FR:c-FR:c: a place cannot partner itself; and 3 more"}},
		{"many bad links", selfLinks(6), []string{"partnership FR:b-FR:b: a place cannot partner itself; and 1 more"}},
		{"many unknown ends", func() *graph.Batch {
			b := with()
			for _, id := range []string{"XX:g", "XX:f", "XX:e", "XX:d", "XX:c", "XX:b", "XX:a"} {
				b.Partnerships = append(b.Partnerships, graph.Partnership{A: "FR:toulon", B: id, Kind: graph.KindContact})
			}
			return b
		}(), []string{"unknown municipalities: XX:a, XX:b, XX:c, XX:d, XX:e and 2 more"}},
		{"unknown ends of every kind", &graph.Batch{Import: imp, Municipalities: []graph.Municipality{pisa},
			Memberships: []graph.Membership{{Municipality: "IT:pisa", Network: "no-net"}, {Municipality: "ZZ:ghost", Network: "eurocities"}},
			OrgLinks:    []graph.OrgLink{{Municipality: "IT:pisa", Organisation: "no-org"}}},
			[]string{"the batch names unknown municipalities: ZZ:ghost; unknown networks: no-net; unknown organisations: no-org"}},
	}
}

func testInvalid(h *harness) {
	h.apply(fixture())
	for _, c := range InvalidBatches() {
		h.t.Run(c.Name, func(t *testing.T) {
			hh := *h
			hh.t = t
			if _, err := hh.m.clone().apply(c.Batch); graph.ErrorCode(err) != graph.EINVALID {
				t.Fatalf("the model takes the batch (a bug in the test): %v", err)
			}
			hh.fail(context.Background(), c.Batch, graph.EINVALID, c.Mention...)
		})
	}
	// The store still works, and the valid records of a rejected batch
	// were not left behind.
	s := h.snapshot()
	for _, m := range s.Municipalities {
		if strings.HasPrefix(m.ID, "IT:") || strings.HasPrefix(m.ID, "XX:") {
			h.t.Errorf("a rejected batch left %s behind", m.ID)
		}
	}
	h.apply(&graph.Batch{Municipalities: []graph.Municipality{{ID: "IT:pisa", Name: "Pisa", Country: "IT"}},
		Partnerships: []graph.Partnership{{A: "IT:pisa", B: "DE:05315000", Kind: graph.KindFriendship}}})
}

// testEdgeValues applies records with values at the edges of what the
// rules allow; every store must take them and read them back as given.
func testEdgeValues(h *harness) {
	quirky := "Quote \" back\\slash\ttab\nnewline \u00a0nbsp \u200b zero-width 🏙 Київ 東京 \x7f"
	b := &graph.Batch{
		Import: graph.ImportRecord{File: quirky, SHA256: "edge", Kind: "pairs", Rows: 4},
		Municipalities: []graph.Municipality{
			{ID: "AQ:south-pole", Name: "South Pole", Country: "AQ", Lat: -90, Lon: -180, HasCoords: true, Population: 0},
			{ID: "XX:north-pole", Name: quirky, AltNames: []string{"", " ", "Nordpol", quirky + "2"}, Country: "XX", Lat: 90, Lon: 180, HasCoords: true,
				Population: math.MaxInt32, Sources: []graph.Source{{File: quirky, Line: math.MaxInt32, SourceID: quirky}}},
			{ID: "XX:" + quirky, Name: "weird id", Country: "XX"},
			{ID: "XX:zero", Name: "Null Island", Country: "XX", HasCoords: true},
		},
		Partnerships: []graph.Partnership{
			{A: "XX:north-pole", B: "AQ:south-pole", Kind: graph.KindContact, Since: graph.NewDate(1000, 1, 1), Until: graph.NewDate(9999, 12, 31),
				Status: graph.StatusPaused, Topics: []string{quirky, "SDG17", "", "SDG17"}},
			{A: "XX:north-pole", B: "AQ:south-pole", Kind: graph.KindProject, Since: graph.NewDate(2024, 2, 29), Until: graph.NewDate(2024, 2, 29)},
			{A: "XX:" + quirky, B: "XX:zero", Kind: graph.KindPartnership, Since: graph.NewDate(1990, 5, 0), Until: graph.NewDate(1990, 0, 0)},
		},
		Networks:      []graph.Network{{ID: quirky, Name: quirky}, {ID: "nameless"}},
		Memberships:   []graph.Membership{{Municipality: "XX:zero", Network: quirky, Since: graph.NewDate(9999, 0, 0), Role: quirky}},
		Organisations: []graph.Organisation{{ID: "o", Name: quirky}},
		OrgLinks:      []graph.OrgLink{{Municipality: "XX:" + quirky, Organisation: "o", Topic: quirky, Since: graph.NewDate(1000, 0, 0)}},
		StateCounts:   []graph.StateCount{{State: "DE-BE", Partnerships: 0}, {State: quirky, Partnerships: math.MaxInt32}},
	}
	h.apply(b)
	h.apply(b)
}
