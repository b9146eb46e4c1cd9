package resolvers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/citygraph/citygraph/graph"
)

// TestPlaceCheck: placeCheck names two ids of one town (Xyzzyville and
// "Xyzzyville City", 0.1 km apart) and Kyiv stored in Spain.
func TestPlaceCheck(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	b := &graph.Batch{Municipalities: []graph.Municipality{
		{ID: "FR:xyzzyville", Name: "Xyzzyville", Country: "FR", Lat: 47.1, Lon: 2.1, HasCoords: true},
		{ID: "FR:xyzzyville-city", Name: "Xyzzyville City", Country: "FR", Lat: 47.101, Lon: 2.101, HasCoords: true},
		{ID: "UA:kyiv", Name: "Kyiv", Country: "UA", Lat: 40.0, Lon: -3.0, HasCoords: true},
	}}
	if _, err := e.store.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := e.live.Load(ctx); err != nil {
		t.Fatal(err)
	}
	var resp struct {
		PlaceCheck []struct {
			Kind, ID, Name, Reason string
			OtherID                *string
			Km                     float64
		}
	}
	e.query(t, `{ placeCheck { kind id name otherId km reason } }`, &resp)
	got := map[string]bool{}
	for _, s := range resp.PlaceCheck {
		other := ""
		if s.OtherID != nil {
			other = *s.OtherID
		}
		got[s.Kind+" "+s.ID+" "+other] = true
	}
	if !got["duplicate FR:xyzzyville FR:xyzzyville-city"] || !got["coordinates UA:kyiv "] {
		t.Errorf("placeCheck = %+v", resp.PlaceCheck)
	}
}

// TestImportKeepsUnresolvedPlaces: importFile with skipInvalid keeps a row
// whose German end is ambiguous ("Senden", two of about one size) as an
// unresolved place, counts it, and placeCheck lists it with both Sendens.
func TestImportKeepsUnresolvedPlaces(t *testing.T) {
	e := newEnv(t)
	const q = `mutation($file: Upload!, $skip: Boolean) { importFile(file: $file, skipInvalid: $skip) { rejected unresolvedRows partnershipsCreated } }`
	var rep struct {
		ImportFile struct{ Rejected, UnresolvedRows, PartnershipsCreated int }
	}
	e.query(t, q, &rep, admin, client.Var("file", writeFile(t, "pairs.csv", "city_a,country_a,city_b,country_b\nSenden,Germany,Koronowo,Poland\n")),
		client.Var("skip", true), client.WithFiles())
	if r := rep.ImportFile; r.Rejected != 0 || r.UnresolvedRows != 1 || r.PartnershipsCreated != 1 {
		t.Fatalf("importFile = %+v, want the row kept with an unresolved end", r)
	}
	var resp struct {
		PlaceCheck []struct{ Kind, ID, Reason string }
	}
	e.query(t, `{ placeCheck { kind id reason } }`, &resp)
	if len(resp.PlaceCheck) != 1 || resp.PlaceCheck[0].Kind != "unresolved" || resp.PlaceCheck[0].ID != "DE:senden~ambiguous~pl-koronowo" ||
		!strings.Contains(resp.PlaceCheck[0].Reason, "AGS 05558044") || !strings.Contains(resp.PlaceCheck[0].Reason, "AGS 09775152") {
		t.Errorf("placeCheck = %+v", resp.PlaceCheck)
	}
}
