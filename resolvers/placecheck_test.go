package resolvers_test

import (
	"context"
	"testing"

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
