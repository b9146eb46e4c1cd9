package graph

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestValidateRules(t *testing.T) {
	ok := Partnership{A: "DE:05315000", B: "FR:lille", Kind: KindPartnership}
	okBatch := func() *Batch {
		return &Batch{
			Municipalities: []Municipality{{ID: "DE:05315000", Name: "Köln", Lat: 50.9, Lon: 6.95, HasCoords: true, Population: 1}, {ID: "FR:lille", Name: "Lille"}},
			Partnerships:   []Partnership{ok},
			Networks:       []Network{{ID: "iclei", Name: "ICLEI"}},
			Memberships:    []Membership{{Municipality: "FR:lille", Network: "iclei", Since: NewDate(1990, 0, 0), Until: NewDate(1990, 0, 0)}},
			Organisations:  []Organisation{{ID: "oecd"}},
			OrgLinks:       []OrgLink{{Municipality: "FR:lille", Organisation: "oecd", Since: NewDate(2024, 2, 29)}},
			StateCounts:    []StateCount{{State: "DE-BW", Partnerships: 0}},
		}
	}
	for _, tc := range []struct {
		name  string
		edit  func(b *Batch)
		rule  Rule
		field string
		msg   string // the error's message contains it
	}{
		{"valid", func(*Batch) {}, "", "", ""},
		{"municipality without id", func(b *Batch) { b.Municipalities[1].ID = "" }, RuleEmptyID, "id", `municipality "Lille": no id`},
		{"latitude", func(b *Batch) { b.Municipalities[0].Lat = 91 }, RuleBadCoordinates, "lat", "coordinates 91, 6.95 out of range"},
		{"longitude NaN", func(b *Batch) { b.Municipalities[0].Lon = math.NaN() }, RuleBadCoordinates, "lat", "out of range"},
		{"coordinates unset", func(b *Batch) { b.Municipalities[0].Lat, b.Municipalities[0].HasCoords = 500, false }, "", "", ""},
		{"population", func(b *Batch) { b.Municipalities[0].Population = -1 }, RuleNegative, "population", "negative population -1"},
		{"geonames id", func(b *Batch) { b.Municipalities[1].GeoNamesID = -5 }, RuleNegative, "geonamesId", "negative GeoNames id -5"},
		{"wikidata", func(b *Batch) { b.Municipalities[1].Wikidata = "Q0648" }, RuleBadQID, "wikidata", `"Q0648" is not a Wikidata item id`},
		{"wikidata url", func(b *Batch) { b.Municipalities[1].Wikidata = "http://www.wikidata.org/entity/Q648" }, RuleBadQID, "wikidata", "not a Wikidata item id"},
		{"self-link", func(b *Batch) { b.Partnerships[0].B = "DE:05315000" }, RuleSelfLink, "b", "partnership DE:05315000-DE:05315000: a place cannot partner itself"},
		{"empty end a", func(b *Batch) { b.Partnerships[0].A = "" }, RuleEmptyEnd, "a", `partnership ""-"FR:lille": empty end`},
		{"empty end b", func(b *Batch) { b.Partnerships[0].B = "" }, RuleEmptyEnd, "b", "empty end"},
		{"kind", func(b *Batch) { b.Partnerships[0].Kind = "TWINNING" }, RuleUnknownKind, "kind", `unknown kind "TWINNING"`},
		{"no kind", func(b *Batch) { b.Partnerships[0].Kind = "" }, RuleUnknownKind, "kind", `unknown kind ""`},
		{"status", func(b *Batch) { b.Partnerships[0].Status = "DORMANT" }, RuleUnknownStatus, "status", `unknown status "DORMANT"`},
		{"month 13", func(b *Batch) { b.Partnerships[0].Since = NewDate(1990, 13, 0) }, RuleInvalidDate, "since", "invalid date since 1990-13"},
		{"30 February", func(b *Batch) { b.Partnerships[0].Until = NewDate(2023, 2, 30) }, RuleInvalidDate, "until", "invalid date until 2023-02-30"},
		{"year 999", func(b *Batch) { b.Partnerships[0].Since = NewDate(999, 0, 0) }, RuleInvalidDate, "since", "invalid date since 0999"},
		{"day without month", func(b *Batch) { b.Partnerships[0].Since = NewDate(1990, 0, 4) }, RuleInvalidDate, "since", "invalid date since 1990-00-04"},
		{"month without year", func(b *Batch) { b.Partnerships[0].Since = NewDate(0, 5, 0) }, RuleInvalidDate, "since", "invalid date since 0000-05"},
		{"ends before it begins (sources may disagree)", func(b *Batch) {
			b.Partnerships[0].Since, b.Partnerships[0].Until = NewDate(1990, 5, 0), NewDate(1990, 4, 30)
		}, "", "", ""},
		{"network without id", func(b *Batch) { b.Networks[0].ID = "" }, RuleEmptyID, "id", `network "ICLEI": no id`},
		{"membership date", func(b *Batch) { b.Memberships[0].Until = NewDate(2023, 2, 29) }, RuleInvalidDate, "until", "membership FR:lille in iclei: invalid date until 2023-02-29"},
		{"membership without network", func(b *Batch) { b.Memberships[0].Network = "" }, RuleEmptyEnd, "network", "empty end"},
		{"organisation without id", func(b *Batch) { b.Organisations[0].ID = "" }, RuleEmptyID, "id", `organisation "": no id`},
		{"organisation link date", func(b *Batch) { b.OrgLinks[0].Since = NewDate(2023, 2, 29) }, RuleInvalidDate, "since", "invalid date since 2023-02-29"},
		{"organisation link without municipality", func(b *Batch) { b.OrgLinks[0].Municipality = "" }, RuleEmptyEnd, "municipality", "empty end"},
		{"state count without state", func(b *Batch) { b.StateCounts[0].State = "" }, RuleEmptyID, "state", `state count "": no state`},
		{"negative count", func(b *Batch) { b.StateCounts[0].Partnerships = -3 }, RuleNegative, "partnerships", "state count DE-BW: negative count -3"},
		{"Latin-1 name", func(b *Batch) { b.Municipalities[0].Name = "K\xf6ln" }, RuleBadText, "", "municipality DE:05315000: text that is not UTF-8"},
		{"Latin-1 alternative name", func(b *Batch) { b.Municipalities[1].AltNames = []string{"ok", "\xff"} }, RuleBadText, "", "not UTF-8"},
		{"Latin-1 source", func(b *Batch) { b.Partnerships[0].Sources = []Source{{File: "stä\xe4dte.csv"}} }, RuleBadText, "", "not UTF-8"},
		{"Latin-1 topic", func(b *Batch) { b.Partnerships[0].Topics = []string{"Jugend", "Gr\xfcn"} }, RuleBadText, "", "not UTF-8"},
		{"Latin-1 role", func(b *Batch) { b.Memberships[0].Role = "\xc4" }, RuleBadText, "", "not UTF-8"},
		{"Latin-1 network", func(b *Batch) { b.Networks[0].Name = "\xc4" }, RuleBadText, "", "network iclei: text that is not UTF-8"},
		{"Latin-1 topic of an organisation link", func(b *Batch) { b.OrgLinks[0].Topic = "\xc4" }, RuleBadText, "", "not UTF-8"},
		{"Latin-1 import file", func(b *Batch) { b.Import.File = "\xc4.csv" }, RuleBadText, "", "import record: text that is not UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := okBatch()
			tc.edit(b)
			ps := b.Problems()
			err := b.Validate()
			if tc.rule == "" {
				if len(ps) != 0 || err != nil {
					t.Fatalf("problems %v, error %v; want none", ps, err)
				}
				return
			}
			if len(ps) != 1 || ps[0].Rule != tc.rule || ps[0].Field != tc.field {
				t.Fatalf("problems %+v, want one %s in field %q", ps, tc.rule, tc.field)
			}
			if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tc.msg) {
				t.Errorf("error %v (code %s), want %s mentioning %q", err, ErrorCode(err), EINVALID, tc.msg)
			}
		})
	}
}

func TestValidateListsTheFirstProblemsInBatchOrder(t *testing.T) {
	b := &Batch{Municipalities: []Municipality{{Name: "Nowhere"}}, Networks: []Network{{Name: "No id"}}}
	for _, id := range []string{"FR:f", "FR:e", "FR:d", "FR:c", "FR:b", "FR:a"} {
		b.Partnerships = append(b.Partnerships, Partnership{A: id, B: id, Kind: KindContact})
	}
	want := `municipality "Nowhere": no id; partnership FR:f-FR:f: a place cannot partner itself; ` +
		"partnership FR:e-FR:e: a place cannot partner itself; partnership FR:d-FR:d: a place cannot partner itself; " +
		"partnership FR:c-FR:c: a place cannot partner itself; and 3 more"
	if got := ErrorMessage(b.Validate()); got != want {
		t.Errorf("message\n\t%s\nwant\n\t%s", got, want)
	}
}

func TestRefsCheck(t *testing.T) {
	b := &Batch{
		Municipalities: []Municipality{{ID: "a"}},
		Partnerships: []Partnership{
			{A: "a", B: "x7", Kind: KindContact}, {A: "x1", B: "a", Kind: KindContact}, {A: "x1", B: "x7", Kind: KindPartnership},
		},
		Networks:    []Network{{ID: "n"}},
		Memberships: []Membership{{Municipality: "a", Network: "n"}, {Municipality: "s", Network: "m"}},
		OrgLinks:    []OrgLink{{Municipality: "a", Organisation: "o"}},
	}
	r := b.Refs()
	want := Refs{Municipalities: []string{"x7", "x1", "s"}, Networks: []string{"m"}, Organisations: []string{"o"}}
	if fmt.Sprint(r) != fmt.Sprint(want) {
		t.Fatalf("refs %+v, want %+v", r, want)
	}
	stored := map[string]bool{"x1": true, "s": true, "m": true, "o": true}
	var asked []RefKind
	missing := func(k RefKind, ids []string) ([]string, error) {
		asked = append(asked, k)
		var out []string
		for _, id := range ids {
			if !stored[id] {
				out = append(out, id)
			}
		}
		return out, nil
	}
	err := r.Check(missing)
	if ErrorCode(err) != EINVALID || ErrorMessage(err) != "the batch names unknown municipalities: x7" {
		t.Errorf("check: %v", err)
	}
	if !slices.Equal(asked, []RefKind{RefMunicipality, RefNetwork, RefOrganisation}) {
		t.Errorf("asked %v", asked)
	}
	stored["x7"] = true
	if err := r.Check(missing); err != nil {
		t.Errorf("all ends stored: %v", err)
	}
	// Many unknown ids of two kinds: sorted, the first five of each.
	r = Refs{Municipalities: []string{"g", "f", "e", "d", "c", "b", "a"}, Organisations: []string{"z"}}
	err = r.Check(func(_ RefKind, ids []string) ([]string, error) { return ids, nil })
	if got, want := ErrorMessage(err), "the batch names unknown municipalities: a, b, c, d, e and 2 more; unknown organisations: z"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if !slices.Equal(r.Municipalities, []string{"g", "f", "e", "d", "c", "b", "a"}) {
		t.Error("Check sorted the caller's list")
	}
	// The lookup's own error is passed on.
	boom := fmt.Errorf("boom")
	if err := r.Check(func(RefKind, []string) ([]string, error) { return nil, boom }); err != boom {
		t.Errorf("lookup error: %v", err)
	}
}

func TestPeriodProblem(t *testing.T) {
	for _, tc := range []struct {
		since, until Date
		bad          bool
	}{
		{Date{}, Date{}, false},
		{NewDate(1990, 0, 0), Date{}, false},
		{Date{}, NewDate(1990, 0, 0), false},
		{NewDate(1990, 0, 0), NewDate(1990, 0, 0), false},
		{NewDate(1990, 0, 0), NewDate(1990, 1, 1), false},
		{NewDate(1990, 2, 0), NewDate(1990, 1, 31), true},
		{NewDate(1990, 5, 1), NewDate(1990, 0, 0), true},    // 1990 starts before 1990-05-01
		{NewDate(1990, 13, 0), NewDate(1990, 1, 31), false}, // an invalid date is its own problem
	} {
		if got := PeriodProblem(tc.since, tc.until) != ""; got != tc.bad {
			t.Errorf("PeriodProblem(%v, %v) = %q", tc.since, tc.until, PeriodProblem(tc.since, tc.until))
		}
	}
}

// TestRefsCheckCooperations: the unknown actors of cooperations are named
// with the file and line of the first cooperation naming them; actors of
// the batch are not asked for.
func TestRefsCheckCooperations(t *testing.T) {
	b := &Batch{
		Organisations: []Organisation{{ID: "a"}},
		Cooperations: []Cooperation{
			{A: "a", B: "ghost", Sources: []Source{{File: "coop.csv", Line: 3}}},
			{A: "ghost", B: "stored", Sources: []Source{{File: "coop.csv", Line: 9}}},
		},
	}
	r := b.Refs()
	if !slices.Equal(r.Organisations, []string{"ghost", "stored"}) {
		t.Fatalf("refs %+v", r)
	}
	err := r.Check(func(_ RefKind, ids []string) ([]string, error) {
		return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == "stored" }), nil
	})
	if got, want := ErrorMessage(err), "the batch names unknown organisations: ghost (coop.csv:3)"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}
