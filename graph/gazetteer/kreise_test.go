package gazetteer

import (
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

func TestKreise(t *testing.T) {
	d, err := LoadGermany()
	if err != nil {
		t.Fatal(err)
	}
	ks := d.Kreise()
	pop, types := 0, map[string]int{}
	for i, k := range ks {
		pop += k.Population
		types[k.Type]++
		if len(k.Code) != 5 || k.NamePlain == "" || k.Population <= 0 || !strings.HasPrefix(k.State, "DE-") || k.Lat < 47 || k.Lat > 55.1 {
			t.Errorf("bad Kreis %+v", k)
		}
		if i > 0 && ks[i-1].Code >= k.Code {
			t.Errorf("Kreise not ordered at %s", k.Code)
		}
	}
	// The directory's kreis_type column: 400 Kreise in all.
	if len(ks) != 400 || pop != 83232283 {
		t.Errorf("%d Kreise with %d inhabitants, want 400 and 83232283", len(ks), pop)
	}
	for typ, n := range map[string]int{"Landkreis": 251, "Kreisfreie Stadt": 97, "Kreis": 42, "Stadtkreis": 9, "Regionalverband": 1} {
		if types[typ] != n {
			t.Errorf("%d Kreise of type %s, want %d", types[typ], typ, n)
		}
	}
}

func TestKreisName(t *testing.T) {
	for _, tc := range []struct {
		in, plain string
		urban, ok bool
	}{
		{"Landkreis Esslingen", "esslingen", false, true},
		{"Kreis Steinburg", "steinburg", false, true},
		{"LK Esslingen", "esslingen", false, true},
		{"Esslingen (Landkreis)", "esslingen", false, true},
		{"Stadtkreis Heidelberg", "heidelberg", true, true},
		{"Rhein-Neckar-Kreis", "rhein neckar kreis", false, true},
		{"Region Hannover", "region hannover", false, true},
		{"Kreischa", "", false, false},
		{"Esslingen am Neckar", "", false, false},
		{"Landkreis", "", false, false},
	} {
		plain, urban, ok := KreisName(tc.in)
		if plain != tc.plain || urban != tc.urban || ok != tc.ok {
			t.Errorf("KreisName(%q) = %q, %v, %v; want %q, %v, %v", tc.in, plain, urban, ok, tc.plain, tc.urban, tc.ok)
		}
	}
}

func TestResolveKreis(t *testing.T) {
	d, err := LoadGermany()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, state string
		urban       bool
		code        string
		errCode     string
	}{
		{name: "Landkreis Esslingen", code: "08116"},
		{name: "Esslingen", state: "BW", code: "08116"},
		{name: "Rhein-Neckar-Kreis", code: "08226"},
		{name: "Region Hannover", code: "03241"},
		{name: "Kreis Steinburg", code: "01061"},
		{name: "Landkreis München", code: "09184"},
		{name: "Landkreis Coburg", code: "09473"},
		{name: "Stadtkreis Heidelberg", code: "08221"},
		{name: "München", urban: true, code: "09162"},
		{name: "Landkreis Oder-Spree", code: "12067"},
		{name: "Landkreis Nirgendwo", errCode: graph.ENOTFOUND},
		{name: "Landkreis Esslingen", state: "BY", errCode: graph.ENOTFOUND},
		{name: "Landkreis Esslingen", state: "Hogwarts", errCode: graph.EINVALID},
	} {
		k, err := d.ResolveKreis(tc.name, tc.state, tc.urban)
		if tc.errCode != "" {
			if graph.ErrorCode(err) != tc.errCode {
				t.Errorf("ResolveKreis(%q, %q) = %s, %v; want a %s error", tc.name, tc.state, k.Code, err, tc.errCode)
			}
			continue
		}
		if err != nil || k.Code != tc.code {
			t.Errorf("ResolveKreis(%q, %q) = %s, %v; want %s", tc.name, tc.state, k.Code, err, tc.code)
		}
	}
	k, _ := d.ResolveKreis("Landkreis Esslingen", "", false)
	m := d.KreisMunicipality(k)
	if m.ID != "DE:08116" || m.Name != "Landkreis Esslingen" || m.Level != "Kreis" || m.State != "DE-BW" || m.KreisCode != "08116" || m.AGS != "" || !m.HasCoords {
		t.Errorf("KreisMunicipality = %+v", m)
	}
	if _, ok := d.CityOfKreis(k); ok {
		t.Error("a Landkreis has a city")
	}
	h, _ := d.ResolveKreis("Stadtkreis Heidelberg", "", false)
	if g, ok := d.CityOfKreis(h); !ok || g.AGS != "08221000" {
		t.Errorf("CityOfKreis(Heidelberg) = %s, %v", g.AGS, ok)
	}
}
