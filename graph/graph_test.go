package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
		err  bool
	}{
		{"", Date{}, false},
		{"1957", Date{1957, 0, 0}, false},
		{"1990-05", Date{1990, 5, 0}, false},
		{"1990-05-01", Date{1990, 5, 1}, false},
		{"2024-02-29", Date{2024, 2, 29}, false},
		{"2023-02-29", Date{}, true},
		{"1990-13", Date{}, true},
		{"0999", Date{}, true},
		{"19900501", Date{}, true},
		{"1990/05/01", Date{}, true},
		{"abcd", Date{}, true},
	} {
		got, err := ParseDate(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
		if err == nil && got.String() != tc.in {
			t.Errorf("ParseDate(%q).String() = %q", tc.in, got.String())
		}
	}
}

func TestDateOrderAndJSON(t *testing.T) {
	y, m, d := Date{1990, 0, 0}, Date{1990, 5, 0}, Date{1990, 5, 1}
	if !y.Before(m) || !m.Before(d) || d.Before(m) || y.Compare(y) != 0 || d.Compare(y) != 1 {
		t.Errorf("order of %v %v %v wrong", y, m, d)
	}
	b, err := json.Marshal(struct {
		A Date `json:"a"`
		B Date `json:"b,omitzero"`
	}{A: m})
	if err != nil || string(b) != `{"a":"1990-05"}` {
		t.Errorf("json = %s, %v", b, err)
	}
	var back struct{ A, Z Date }
	if err := json.Unmarshal([]byte(`{"A":"1990-05","Z":null}`), &back); err != nil || back.A != m || !back.Z.IsZero() {
		t.Errorf("unmarshal = %+v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"A":"1990-55"}`), &back); err == nil {
		t.Error("bad date unmarshalled without error")
	}
}

func TestActiveAt(t *testing.T) {
	p := Partnership{Since: Date{1990, 0, 0}, Until: Date{2022, 3, 1}}
	for _, tc := range []struct {
		at   Date
		want bool
	}{
		// 1990 is uncertain: the link began on some day of 1990.
		{Date{1989, 12, 31}, false}, {Date{1990, 0, 0}, false}, {Date{1990, 12, 31}, true}, {Date{2000, 1, 1}, true},
		{Date{2022, 3, 1}, true}, {Date{2022, 3, 2}, false},
	} {
		if got := p.ActiveAt(tc.at); got != tc.want {
			t.Errorf("ActiveAt(%v) = %v, want %v", tc.at, got, tc.want)
		}
	}
	if (Partnership{}).ActiveAt(Date{1800, 0, 0}) {
		t.Error("a link with no dates counts as active at a date")
	}
	paused := Partnership{Since: Date{1990, 0, 0}, Status: StatusPaused, Events: []Event{{Date: Date{2020, 3, 1}, Status: StatusPaused}}}
	if !paused.ActiveAt(Date{2019, 1, 1}) || paused.ActiveAt(Date{2021, 1, 1}) {
		t.Error("a link paused in 2020 is active in 2019, not in 2021")
	}
}

func TestPartnershipKeyUndirected(t *testing.T) {
	if PartnershipKey("b", "a", KindFriendship) != PartnershipKey("a", "b", KindFriendship) {
		t.Error("A-B and B-A differ")
	}
	if PartnershipKey("a", "b", KindFriendship) == PartnershipKey("a", "b", KindPartnership) {
		t.Error("kinds do not separate links")
	}
	p := Partnership{A: "z", B: "a", Topics: []string{"SDG11", " ", "SDG11", "climate"},
		Sources: []Source{{File: "f", Line: 2}, {File: "f", Line: 2}, {File: "e", Line: 9}}}
	p.Normalize()
	if p.A != "a" || p.B != "z" || fmt.Sprint(p.Topics) != "[SDG11 climate]" || len(p.Sources) != 2 || p.Sources[0].File != "e" {
		t.Errorf("Normalize = %+v", p)
	}
}

func TestMergeRules(t *testing.T) {
	old := Municipality{ID: "UA:kyiv", Name: "Kyiv", Country: "UA", Sources: []Source{{File: "a.csv", Line: 1}}}
	m, changed := MergeMunicipality(old, Municipality{ID: "UA:kyiv", Name: "Kiew", AltNames: []string{"Київ"}, Sources: []Source{{File: "b.csv", Line: 4}}})
	if !changed || m.Name != "Kiew" || fmt.Sprint(m.AltNames) != "[Kyiv Київ]" || len(m.Sources) != 2 || m.Country != "UA" {
		t.Errorf("merged municipality = %+v, changed %v", m, changed)
	}
	if _, changed := MergeMunicipality(m, m); changed {
		t.Error("merging a record with itself reports a change")
	}
	// The gazetteer's and Wikidata's ids are kept; a later one wins.
	m, changed = MergeMunicipality(m, Municipality{ID: "UA:kyiv", GeoNamesID: 703448, Wikidata: "Q1899"})
	if !changed || m.GeoNamesID != 703448 || m.Wikidata != "Q1899" {
		t.Errorf("ids not kept: %+v", m)
	}
	if m2, changed := MergeMunicipality(m, Municipality{ID: "UA:kyiv", Country: "UA"}); changed || m2.GeoNamesID != 703448 || m2.Wikidata != "Q1899" {
		t.Errorf("a record without ids changed them: %+v (changed %v)", m2, changed)
	}

	p := Partnership{A: "a", B: "b", Kind: KindPartnership, Since: Date{1990, 0, 0}, Sources: []Source{{File: "x", Line: 1}}}
	q, changed := MergePartnership(p, Partnership{A: "a", B: "b", Kind: KindPartnership, Until: Date{2022, 0, 0}, Status: StatusEnded, Sources: []Source{{File: "y", Line: 3}}})
	if !changed || q.Since != p.Since || q.Until != (Date{2022, 0, 0}) || q.Status != StatusEnded || len(q.Sources) != 2 {
		t.Errorf("merged partnership = %+v", q)
	}
	if _, changed := MergePartnership(q, p); changed {
		t.Error("re-merging a known source changed the link")
	}
}

func TestBatchNormalizeMergesDuplicates(t *testing.T) {
	b := &Batch{
		Municipalities: []Municipality{{ID: "x", Name: "München"}, {ID: "x", Name: "Muenchen"}, {ID: "y", Name: "Kyiv"}},
		Partnerships: []Partnership{
			{A: "y", B: "x", Kind: KindPartnership, Sources: []Source{{File: "f", Line: 2}}},
			{A: "x", B: "y", Kind: KindPartnership, Since: Date{1989, 0, 0}, Sources: []Source{{File: "f", Line: 9}}},
		},
	}
	b.Normalize()
	if len(b.Municipalities) != 2 || len(b.Partnerships) != 1 {
		t.Fatalf("normalised batch = %+v", b)
	}
	if p := b.Partnerships[0]; p.A != "x" || p.Since.Year != 1989 || len(p.Sources) != 2 {
		t.Errorf("merged link = %+v", p)
	}
	if m := b.Municipalities[0]; m.Name != "Muenchen" || fmt.Sprint(m.AltNames) != "[München]" {
		t.Errorf("merged place = %+v", m)
	}
}

func TestErrorCodes(t *testing.T) {
	err := fmt.Errorf("import: %w", &Error{Code: ENOTFOUND, Message: `no municipality "Atlantis"`, Op: "resolve", Err: errors.New("sql: no rows")})
	if ErrorCode(err) != ENOTFOUND || ErrorMessage(err) != `no municipality "Atlantis"` {
		t.Errorf("code %q message %q", ErrorCode(err), ErrorMessage(err))
	}
	if ErrorCode(errors.New("boom")) != EINTERNAL || ErrorMessage(errors.New("secret detail")) != "internal error" {
		t.Error("plain errors must map to INTERNAL with a generic message")
	}
	if ErrorCode(nil) != "" {
		t.Error("nil error has a code")
	}
}
