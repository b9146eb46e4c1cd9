package identity

import (
	"errors"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// testNodes are places as a projection holds them, with real names.
func testNodes() []graph.Municipality {
	return []graph.Municipality{
		{ID: "DE:08222000", Name: "Mannheim", Country: "DE", AGS: "08222000", State: "DE-BW", Population: 311831},
		{ID: "DE:05315000", Name: "Köln", Country: "DE", AGS: "05315000", State: "DE-NW", Population: 1083498},
		{ID: "DE:09162000", Name: "München", Country: "DE", AGS: "09162000", State: "DE-BY", Population: 1487708},
		{ID: "DE:15002000", Name: "Halle (Saale)", Country: "DE", AGS: "15002000", State: "DE-ST", Population: 238061},
		{ID: "DE:05754012", Name: "Halle (Westf.)", Country: "DE", AGS: "05754012", State: "DE-NW", Population: 21574},
		{ID: "BE:halle", Name: "Halle", Country: "BE", Population: 37000},
		{ID: "DE:03241001", Name: "Hannover", Country: "DE", AGS: "03241001", State: "DE-NI", Population: 535932},
		{ID: "US:hanover", Name: "Hanover", Country: "US", Population: 11000},
		{ID: "DE:05515000", Name: "Münster", Country: "DE", AGS: "05515000", State: "DE-NW", Population: 317713},
		{ID: "DE:03358016", Name: "Munster", Country: "DE", AGS: "03358016", State: "DE-NI", Population: 15059},
		{ID: "FR:munster", Name: "Munster", Country: "FR", Population: 4700},
		{ID: "UA:kyiv", Name: "Kyiv", Country: "UA", Population: 2952301},
		{ID: "PL:lodz", Name: "Łódź", Country: "PL", Population: 664860},
		{ID: "DK:horsholm", Name: "Hørsholm", Country: "DK", Population: 24000},
		{ID: "DE:06412000", Name: "Frankfurt am Main", Country: "DE", AGS: "06412000", State: "DE-HE", Population: 759224},
		{ID: "DE:12053000", Name: "Frankfurt (Oder)", Country: "DE", AGS: "12053000", State: "DE-BB", Population: 56679},
		{ID: "DE:07316000", Name: "Neustadt an der Weinstraße", AltNames: []string{"Neustadt"}, Country: "DE", AGS: "07316000", State: "DE-RP", Population: 53491},
		{ID: "DE:03241012", Name: "Neustadt am Rübenberge", AltNames: []string{"Neustadt"}, Country: "DE", AGS: "03241012", State: "DE-NI", Population: 44796},
		{ID: "DE:11000000-04", Name: "Charlottenburg-Wilmersdorf", Country: "DE", AGS: "11000000", State: "DE-BE", Level: "Bezirk"},
		{ID: "DE:11000000", Name: "Berlin", Country: "DE", AGS: "11000000", State: "DE-BE", Population: 3677472},
		{ID: "US:cleveland", Name: "Cleveland", Country: "US", Region: "Ohio", Population: 372624},
	}
}

func TestIndexLookup(t *testing.T) {
	x := NewIndex(testRef(t), PlaceList(testNodes()))
	for _, tc := range []struct{ ref, country, id string }{
		{"DE:08222000", "", "DE:08222000"}, {"de:08222000", "", "DE:08222000"}, {"08222000", "", "DE:08222000"},
		{"mannheim", "", "DE:08222000"}, {"  KÖLN ", "", "DE:05315000"}, {"koeln", "", "DE:05315000"}, {"Cologne", "", "DE:05315000"},
		{"München", "", "DE:09162000"}, {"Muenchen", "", "DE:09162000"}, {"Munich", "", "DE:09162000"},
		{"Kiew", "", "UA:kyiv"}, {"Kiev", "", "UA:kyiv"}, {"Kyjiw", "", "UA:kyiv"}, {"Київ", "", "UA:kyiv"},
		{"Lodz", "", "PL:lodz"}, {"Horsholm", "", "DK:horsholm"},
		{"Halle", "", "DE:15002000"}, {"Halle", "BE", "BE:halle"}, {"Hanover", "", "DE:03241001"}, {"Hanover", "US", "US:hanover"},
		{"Münster", "", "DE:05515000"}, {"Muenster", "", "DE:05515000"}, {"Munster", "", "DE:03358016"}, {"Munster", "FR", "FR:munster"},
		{"Frankfurt", "", "DE:06412000"}, {"Frankfurt, Hessen", "", "DE:06412000"}, {"Frankfurt, Brandenburg", "", "DE:12053000"},
		{"Frankfurt (Oder)", "", "DE:12053000"}, {"Neustadt, DE-NI", "", "DE:03241012"}, {"Neustadt, Rheinland-Pfalz", "", "DE:07316000"},
		{"11000000", "", "DE:11000000"}, {"Berlin", "", "DE:11000000"}, {"Charlottenburg-Wilmersdorf", "", "DE:11000000-04"},
		{"Cleveland, Ohio", "", "US:cleveland"},
	} {
		i, err := x.Lookup(tc.ref, tc.country)
		if err != nil || x.Node(i).ID != tc.id {
			got := ""
			if i >= 0 {
				got = x.Node(i).ID
			}
			t.Errorf("Lookup(%q, %q) = %s, %v; want %s", tc.ref, tc.country, got, err, tc.id)
		}
	}
	_, err := x.Lookup("Neustadt", "")
	var amb *AmbiguousError
	if !errors.As(err, &amb) || graph.ErrorCode(err) != CodeAmbiguous || len(amb.Candidates) != 2 {
		t.Errorf("Neustadt: %v, want AMBIGUOUS with 2 candidates", err)
	}
	for _, ref := range []string{"Paris", "UA:", "12345678", "Stuttgart, Mannheim, DE"} {
		if _, err := x.Lookup(ref, ""); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("Lookup(%q): %v, want NOT_FOUND", ref, err)
		}
	}
	if _, err := x.Lookup(" ", ""); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("empty reference: %v", err)
	}
}
