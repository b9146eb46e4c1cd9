package identity

import (
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

func TestCheck(t *testing.T) {
	nodes := []graph.Municipality{
		{ID: "DK:vejle", Name: "Vejle", Country: "DK", Lat: 55.7093, Lon: 9.5357, HasCoords: true},
		{ID: "DK:vejle-municipality", Name: "Vejle Municipality", Country: "DK", Lat: 55.71, Lon: 9.54, HasCoords: true},
		{ID: "FR:colombes", Name: "Colombes", Country: "FR", Lat: 48.9226, Lon: 2.2522, HasCoords: true},
		{ID: "FR:bois-colombes", Name: "Bois-Colombes", Country: "FR", Lat: 48.9175, Lon: 2.2683, HasCoords: true},
		// Kyiv stored in Spain: the coordinates are wrong.
		{ID: "UA:kyiv", Name: "Kyiv", Country: "UA", Lat: 40.0, Lon: -3.0, HasCoords: true},
		// Mannheim where it is.
		{ID: "DE:08222000", Name: "Mannheim", Country: "DE", AGS: "08222000", Lat: 49.49, Lon: 8.47, HasCoords: true},
		// Imported unresolved (Unresolved): two Sendens of about one size,
		// and Finthen, a former municipality now part of Mainz.
		{ID: "DE:senden~ambiguous~pl-koronowo", Name: "Senden", Country: "DE", Level: LevelUnresolved},
		{ID: "DE:finthen~unresolved", Name: "Finthen", Country: "DE", Level: LevelUnresolved},
	}
	sus := Check(nodes, testRef(t))
	if len(sus) != 4 {
		t.Fatalf("suspects %+v, want a duplicate, wrong coordinates and two unresolved places", sus)
	}
	if s := sus[2]; s.Kind != "unresolved" || s.ID != "DE:senden~ambiguous~pl-koronowo" ||
		!strings.Contains(s.Reason, "AGS 05558044") || !strings.Contains(s.Reason, "AGS 09775152") {
		t.Errorf("ambiguous Senden: %+v, want both Sendens as candidates", s)
	}
	if s := sus[3]; s.Kind != "unresolved" || s.ID != "DE:finthen~unresolved" || !strings.Contains(s.Reason, "not a municipality") {
		t.Errorf("Finthen: %+v", s)
	}
	if s := sus[0]; s.Kind != "duplicate" || s.ID != "DK:vejle" || s.OtherID != "DK:vejle-municipality" {
		t.Errorf("duplicate: %+v", s)
	}
	if s := sus[1]; s.Kind != "coordinates" || s.ID != "UA:kyiv" || s.Km < 2000 {
		t.Errorf("coordinates: %+v", s)
	}
}
