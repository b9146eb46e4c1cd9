package analytics

import (
	"fmt"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// checksGraph is a graph with one case of each check, on the real
// municipality directory:
//   - Landkreis Böblingen and Sindelfingen (in it) both linked to Lyon;
//   - "Wolfen" under an AGS the directory does not have (merged into
//     Bitterfeld-Wolfen in 2007), linked to Lyon;
//   - Sindelfingen linked to nine members of Douzelage (and Lyon);
//     Stuttgart (over 100,000 inhabitants) linked to the same nine;
//   - Bremen linked, Bremerhaven not;
//   - DE-HB reported 2 partnerships and has 4 links, 2 of them to
//     places in other Länder;
//   - Bremen-Lyon as a partnership (hb.csv) and a friendship (lyon.csv);
//     Stuttgart-Lyon as a partnership and a contact, both from bw.csv.
func checksGraph(t *testing.T, dir *gazetteer.Directory) *Projection {
	t.Helper()
	byName := func(name, state string) graph.Municipality {
		for _, g := range dir.All() {
			if g.NamePlain == name && g.State == state {
				return graph.Municipality{ID: "DE:" + g.AGS, Name: g.NamePlain, Country: "DE", AGS: g.AGS, State: g.State,
					KreisCode: g.KreisCode, Kreis: g.Kreis, Population: g.Population}
			}
		}
		t.Fatalf("no %s in %s", name, state)
		return graph.Municipality{}
	}
	src := func(f string, l int) []graph.Source { return []graph.Source{{File: f, Line: l}} }
	sindelfingen, stuttgart := byName("Sindelfingen", "DE-BW"), byName("Stuttgart", "DE-BW")
	bremen, leipzig, muenchen := byName("Bremen", "DE-HB"), byName("Leipzig", "DE-SN"), byName("München", "DE-BY")
	boeblingen := graph.Municipality{ID: "DE:08115", Name: "Landkreis Böblingen", Country: "DE", State: "DE-BW", KreisCode: "08115", Level: "Kreis"}
	wolfen := graph.Municipality{ID: "DE:15082999", Name: "Wolfen", Country: "DE", AGS: "15082999", State: "DE-ST"}
	lyon := graph.Municipality{ID: "FR:lyon", Name: "Lyon", Country: "FR"}
	s := &graph.Snapshot{Municipalities: []graph.Municipality{sindelfingen, stuttgart, bremen, leipzig, muenchen, boeblingen, wolfen, lyon},
		Networks:    []graph.Network{{ID: "douzelage", Name: "Douzelage"}},
		StateCounts: []graph.StateCount{{State: "DE-HB", Partnerships: 2}}}
	link := func(a, b string, k graph.Kind, srcs []graph.Source) {
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: a, B: b, Kind: k, Sources: srcs})
	}
	link(boeblingen.ID, lyon.ID, graph.KindPartnership, src("kreise.csv", 2))
	link(sindelfingen.ID, lyon.ID, graph.KindFriendship, src("rgre.csv", 7))
	link(wolfen.ID, lyon.ID, graph.KindPartnership, src("rgre.csv", 9))
	for i := range 9 {
		town := graph.Municipality{ID: fmt.Sprintf("XX:town%d", i), Name: fmt.Sprintf("Town %d", i), Country: "XX"}
		s.Municipalities = append(s.Municipalities, town)
		s.Memberships = append(s.Memberships, graph.Membership{Municipality: town.ID, Network: "douzelage"})
		link(sindelfingen.ID, town.ID, graph.KindPartnership, src("douzelage.csv", i+2))
		link(stuttgart.ID, town.ID, graph.KindPartnership, src("douzelage.csv", i+20))
	}
	link(bremen.ID, lyon.ID, graph.KindPartnership, src("hb.csv", 2))
	link(bremen.ID, lyon.ID, graph.KindFriendship, src("lyon.csv", 5))
	// Two kinds from one file: meant as two links.
	link(stuttgart.ID, lyon.ID, graph.KindPartnership, src("bw.csv", 2))
	link(stuttgart.ID, lyon.ID, graph.KindContact, src("bw.csv", 3))
	link(bremen.ID, leipzig.ID, graph.KindFriendship, src("hb.csv", 3))
	link(bremen.ID, muenchen.ID, graph.KindContact, src("hb.csv", 4))
	for i := range s.Partnerships {
		s.Partnerships[i].Normalize()
	}
	s.Sort()
	return NewProjection(s)
}

func TestQualityChecks(t *testing.T) {
	dir, err := gazetteer.LoadGermany()
	if err != nil {
		t.Fatal(err)
	}
	p := checksGraph(t, dir)
	by := map[string][]Finding{}
	for _, f := range QualityChecks(p, dir, CheckQuery{}) {
		by[f.Check] = append(by[f.Check], f)
	}
	if f := by[CheckCrossLevel]; len(f) != 1 || f[0].Key != "DE:08115" || len(f[0].Links) != 2 || len(f[0].Sources) != 2 ||
		f[0].Sources[0].File != "kreise.csv" || !strings.Contains(f[0].Message, "Landkreis Böblingen and Sindelfingen") {
		t.Errorf("cross-level %+v", f)
	}
	if f := by[CheckKinds]; len(f) != 1 || f[0].Key != bremenID(p) || len(f[0].Links) != 2 || len(f[0].Sources) != 2 ||
		!strings.Contains(f[0].Message, "Bremen and Lyon are linked as FRIENDSHIP and PARTNERSHIP") {
		t.Errorf("kinds %+v", f)
	}
	if f := by[CheckFormer]; len(f) != 1 || f[0].Key != "DE:15082999" || len(f[0].Places) != 2 || !strings.Contains(f[0].Message, "Bitterfeld-Wolfen") ||
		f[0].Sources[0].Line != 9 {
		t.Errorf("former %+v", f)
	}
	if f := by[CheckNetwork]; len(f) != 1 || f[0].Key != "DE:08115045" && !strings.Contains(f[0].Message, "Sindelfingen") || f[0].Count != 9 ||
		len(f[0].Links) != 9 || !strings.Contains(f[0].Message, "9 of the 10 partners of Sindelfingen are members of Douzelage") {
		t.Errorf("network %+v", f)
	}
	if f := by[CheckCoverage]; len(f) != 1 || f[0].Key != "DE-HB" || f[0].Count != 4 || len(f[0].Links) != 2 ||
		!strings.Contains(f[0].Message, "2 of them link to a place in another Land and count in both Länder; without them 2 (100%)") {
		t.Errorf("coverage %+v", f)
	}
	var hb, bhv *Finding
	for i, f := range by[CheckUnlinked] {
		switch f.Key {
		case "DE-HB":
			hb = &by[CheckUnlinked][i]
		case "04012":
			bhv = &by[CheckUnlinked][i]
		case "04011":
			t.Errorf("Bremen is linked: %+v", f)
		}
	}
	if hb == nil || hb.Count != 1 || hb.Message != "DE-HB: 1 of 2 municipalities without any link" || bhv == nil || len(bhv.Places) != 1 || bhv.Places[0] != "DE:04012000" {
		t.Errorf("unlinked: Land %+v, Kreis %+v", hb, bhv)
	}
	// A Land and a check.
	got := QualityChecks(p, dir, CheckQuery{Checks: []string{CheckUnlinked}, State: "DE-HB"})
	if len(got) != 2 || got[0].Key != "DE-HB" || got[1].Key != "04012" {
		t.Errorf("unlinked in DE-HB: %+v", got)
	}
	if got := QualityChecks(p, nil, CheckQuery{}); len(got) != 3 {
		t.Errorf("without a directory: %d findings, want cross-level, kinds and network", len(got))
	}
}

func bremenID(p *Projection) string {
	for i := range p.N() {
		if p.Node(int32(i)).Name == "Bremen" {
			return p.Node(int32(i)).ID
		}
	}
	return ""
}
