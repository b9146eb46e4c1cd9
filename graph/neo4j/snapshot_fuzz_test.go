package neo4j

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// driverValues turns JSON into the values the Neo4j driver gives for a
// record: null, bool, int64 (a number without '.', 'e' or 'E'), float64,
// string, []any and map[string]any.
func driverValues(v any) any {
	switch x := v.(type) {
	case json.Number:
		if !strings.ContainsAny(string(x), ".eE") {
			if i, err := x.Int64(); err == nil {
				return i
			}
		}
		f, _ := x.Float64()
		return f
	case []any:
		for i := range x {
			x[i] = driverValues(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = driverValues(x[k])
		}
	}
	return v
}

// FuzzSnapshotRows hands every step of the snapshot reader (readSteps: the
// functions that turn a record's values into places, links, memberships,
// organisation links, Länder and aliases) any row of driver values,
// without a server: each step refuses a malformed row with an error or
// reads records whose dates are valid; never a panic.
func FuzzSnapshotRows(f *testing.F) {
	for _, s := range []string{
		`[{"id":"DE:08222000","name":"Mannheim","country":"DE","lat":49.48,"lon":8.47,"population":311831,"sources":["{\"file\":\"a.csv\",\"line\":2}"]}]`,
		`["DE:08222000","UA:kyiv",{"key":"k","kind":"PARTNERSHIP","since":"1957","until":"2022-02","topics":["SDG11"],` +
			`"claims":["{\"source\":{\"file\":\"a.csv\"},\"since\":\"1957\"}"],"events":["{\"date\":\"2022-02-24\",\"status\":\"ENDED\",\"source\":{\"file\":\"b.csv\"}}"]}]`,
		`["DE:08222000","network:eurocities",{"since":"1990-05-01","role":"member"}]`,
		`[{"code":"DE-BY","reportedPartnerships":1200,"sources":["{\"file\":\"counts.csv\"}"]}]`,
		`[{"id":"DE:1","place":"DE:08222000","sources":["{\"file\":\"alias.csv\"}"]}]`,
		`[{"id":7,"lat":"north","altNames":[1,2],"population":1.5}]`,
		`["a","b",{"since":"1990-13","claims":["{\"since\":\"1990-02-30\"}"],"events":[3]}]`,
		`[]`, `[null,null,null]`, `["x"]`, `[{"sources":"not a list"}]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := json.NewDecoder(bytes.NewReader([]byte(s)))
		d.UseNumber()
		var raw []any
		if d.Decode(&raw) != nil {
			return
		}
		row := driverValues(raw).([]any)
		for i := range readSteps(&graph.Snapshot{}) {
			snap := &graph.Snapshot{}
			if readSteps(snap)[i].row(row) != nil {
				continue // an error is the answer to a malformed row
			}
			checkRead(t, s, snap)
		}
	})
}

// checkRead fails when a record read has an invalid date, and uses what
// the server computes from a link.
func checkRead(t *testing.T, s string, snap *graph.Snapshot) {
	var dates []graph.Date
	for _, p := range snap.Partnerships {
		dates = append(dates, p.Since, p.Until)
		for _, c := range p.Claims {
			dates = append(dates, c.Since, c.Until)
		}
		for _, e := range p.Events {
			dates = append(dates, e.Date)
		}
		_ = p.CurrentStatus()
		_ = p.At(graph.Date{Year: 2022, Month: 2, Day: 24})
		_ = p.Problems()
	}
	for _, m := range snap.Memberships {
		dates = append(dates, m.Since, m.Until)
	}
	for _, l := range snap.OrgLinks {
		dates = append(dates, l.Since)
	}
	for _, dt := range dates {
		if !dt.Valid() {
			t.Fatalf("row %s: a damaged date %#v read as valid", s, dt)
		}
	}
}
