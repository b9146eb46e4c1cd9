package gazetteer

import (
	"slices"
	"testing"
)

func TestCountryVariants(t *testing.T) {
	c, err := LoadCountries()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ cell, code string }{
		{"Korea, Rep.", "KR"}, {"Slovak Republic", "SK"}, {"Syrian Arab Republic", "SY"}, {"Chinese Taipei", "TW"},
		{"Federated States of Micronesia", "FM"}, {"Saint Kitts and Nevis", "KN"}, {"St. Kitts & Nevis", "KN"},
		{"Republic of Poland", "PL"}, {"Republik Österreich", "AT"}, {"Französische Republik", "FR"},
		{"Україна", "UA"}, {"Polska", "PL"}, {"Česko", "CZ"}, {"Magyarország", "HU"}, {"Россия", "RU"},
		{"GDR", "DE"}, {"Deutsche Demokratische Republik", "DE"}, {"East Germany", "DE"}, {"Zaire", "CD"},
		{"Egypt, Arab Rep.", "EG"}, {"Iran (Islamic Republic of)", "IR"}, {"Viet Nam", "VN"}, {"Türkiye", "TR"},
		{"Kingdom of the Netherlands", "NL"}, {"Swiss Confederation", "CH"},
	} {
		m, ok := c.Lookup(tc.cell)
		if !ok || m.Code != tc.code {
			t.Errorf("Lookup(%q) = %+v, %v; want %s", tc.cell, m, ok, tc.code)
		}
	}
	for _, tc := range []struct {
		cell  string
		cands []string
	}{
		{"Korea", []string{"KR", "KP"}}, {"Congo", []string{"CG", "CD"}}, {"Kongo", []string{"CG", "CD"}},
		{"Czechoslovakia", []string{"CZ", "SK"}}, {"Tschechoslowakei", []string{"CZ", "SK"}},
		{"USSR", []string{"RU", "UA", "BY", "MD", "LT", "LV", "EE", "GE", "AM", "AZ", "KZ", "UZ", "TM", "KG", "TJ"}},
		{"Yugoslavia", []string{"SI", "HR", "BA", "RS", "ME", "MK", "XK"}},
	} {
		m, ok := c.Lookup(tc.cell)
		if !ok || m.Code != "" || !slices.Equal(m.Candidates, tc.cands) {
			t.Errorf("Lookup(%q) = %+v, %v; want candidates %v", tc.cell, m, ok, tc.cands)
		}
		if _, _, ok := c.Resolve(tc.cell); ok {
			t.Errorf("Resolve(%q) gives one country, want none (ambiguous)", tc.cell)
		}
	}
	if got := c.Successors("Sowjetunion"); len(got) != 15 {
		t.Errorf("Successors(Sowjetunion) = %v", got)
	}
	if got := c.Successors("Korea"); got != nil {
		t.Errorf("Successors(Korea) = %v, want none (not a former state)", got)
	}
}
