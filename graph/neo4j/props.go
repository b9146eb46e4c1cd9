package neo4j

import (
	"encoding/json"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/citygraph/citygraph/graph"
)

// This file turns domain records into property maps and back. Absent
// values (empty strings and lists, zero numbers and dates) are left out of
// the maps, so that SET x = map removes them.

// wgs84 is the SRID of WGS-84 2D points.
const wgs84 = 4326

func putStr(m map[string]any, k, v string) {
	if v != "" {
		m[k] = v
	}
}

func putList(m map[string]any, k string, v []string) {
	if len(v) > 0 {
		m[k] = v
	}
}

func putDate(m map[string]any, k string, d graph.Date) {
	if !d.IsZero() {
		m[k] = d.String()
		m[k+"Year"] = int64(d.Year)
	}
}

func putSources(m map[string]any, srcs []graph.Source) {
	if len(srcs) == 0 {
		return
	}
	out := make([]string, len(srcs))
	for i, s := range srcs {
		b, _ := json.Marshal(s) // a struct of strings and an int: cannot fail
		out[i] = string(b)
	}
	m["sources"] = out
}

func municipalityProps(v graph.Municipality) map[string]any {
	m := map[string]any{"id": v.ID}
	putStr(m, "name", v.Name)
	putList(m, "altNames", v.AltNames)
	putStr(m, "country", v.Country)
	putStr(m, "region", v.Region)
	putStr(m, "ags", v.AGS)
	putStr(m, "state", v.State)
	putStr(m, "kreisCode", v.KreisCode)
	putStr(m, "kreis", v.Kreis)
	if v.Population != 0 {
		m["population"] = int64(v.Population)
	}
	if v.HasCoords {
		m["lat"], m["lon"] = v.Lat, v.Lon
		m["location"] = dbtype.Point2D{X: v.Lon, Y: v.Lat, SpatialRefId: wgs84}
	}
	putStr(m, "level", v.Level)
	putSources(m, v.Sources)
	if v.GeoNamesID != 0 {
		m["geonamesId"] = v.GeoNamesID
	}
	putStr(m, "wikidata", v.Wikidata)
	return m
}

func partnershipProps(v graph.Partnership) map[string]any {
	m := map[string]any{"key": v.Key(), "kind": string(v.Kind)}
	putDate(m, "since", v.Since)
	putDate(m, "until", v.Until)
	putStr(m, "status", string(v.Status))
	putList(m, "topics", v.Topics)
	putSources(m, v.Sources)
	putJSONList(m, "claims", v.Claims)
	putJSONList(m, "events", v.Events)
	return m
}

// putJSONList stores a list of records as a list of JSON strings, as
// sources are.
func putJSONList[T any](m map[string]any, k string, v []T) {
	if len(v) == 0 {
		return
	}
	out := make([]string, len(v))
	for i, x := range v {
		b, _ := json.Marshal(x) // records of strings, numbers and dates: cannot fail
		out[i] = string(b)
	}
	m[k] = out
}

// jsonList reads a list of JSON strings into records.
func jsonList[T any](p *props, k string) []T {
	l := p.strs(k)
	if len(l) == 0 {
		return nil
	}
	out := make([]T, len(l))
	for i, s := range l {
		if err := json.Unmarshal([]byte(s), &out[i]); err != nil && p.err == nil {
			p.err = fmt.Errorf("property %s: %q: %w", k, s, err)
		}
	}
	return out
}

func membershipProps(v graph.Membership) map[string]any {
	m := map[string]any{}
	putDate(m, "since", v.Since)
	putDate(m, "until", v.Until)
	putStr(m, "role", v.Role)
	putSources(m, v.Sources)
	return m
}

func orgLinkProps(v graph.OrgLink) map[string]any {
	m := map[string]any{}
	putStr(m, "topic", v.Topic)
	putDate(m, "since", v.Since)
	putSources(m, v.Sources)
	return m
}

func stateCountProps(v graph.StateCount) map[string]any {
	m := map[string]any{"code": v.State, "reportedPartnerships": int64(v.Partnerships)}
	putSources(m, v.Sources)
	return m
}

func reportedCountProps(v graph.ReportedCount) map[string]any {
	m := map[string]any{"key": v.Key(), "scope": v.Scope, "count": int64(v.Count), "atLeast": v.AtLeast}
	putStr(m, "country", v.Country)
	putDate(m, "asOf", v.AsOf)
	putStr(m, "what", v.What)
	putSources(m, v.Sources)
	return m
}

func reportedCountFrom(m map[string]any) (graph.ReportedCount, error) {
	p := props{m: m}
	v := graph.ReportedCount{Scope: p.str("scope"), Country: p.str("country"), AsOf: p.date("asOf"), Count: p.int("count"),
		What: p.str("what"), Sources: p.sources()}
	if b, ok := m["atLeast"].(bool); ok {
		v.AtLeast = b
	} else if m["atLeast"] != nil {
		p.fail("atLeast", m["atLeast"])
	}
	if p.err != nil {
		return v, fmt.Errorf("reported count %s: %w", v.Key(), p.err)
	}
	return v, nil
}

func idNameProps(id, name string) map[string]any {
	m := map[string]any{"id": id}
	putStr(m, "name", name)
	return m
}

// props reads typed values out of a property map, remembering the first
// malformed one.
type props struct {
	m   map[string]any
	err error
}

func (p *props) fail(k string, v any) {
	if p.err == nil {
		p.err = fmt.Errorf("property %s: unexpected value %v (%T)", k, v, v)
	}
}

func (p *props) str(k string) string {
	v, ok := p.m[k]
	if !ok || v == nil {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		p.fail(k, v)
	}
	return s
}

func (p *props) int(k string) int {
	v, ok := p.m[k]
	if !ok || v == nil {
		return 0
	}
	i, ok := v.(int64)
	if !ok {
		p.fail(k, v)
	}
	return int(i)
}

func (p *props) float(k string) (float64, bool) {
	v, ok := p.m[k]
	if !ok || v == nil {
		return 0, false
	}
	switch f := v.(type) {
	case float64:
		return f, true
	case int64:
		return float64(f), true
	}
	p.fail(k, v)
	return 0, false
}

func (p *props) strs(k string) []string {
	v, ok := p.m[k]
	if !ok || v == nil {
		return nil
	}
	l, ok := v.([]any)
	if !ok {
		p.fail(k, v)
		return nil
	}
	out := make([]string, 0, len(l))
	for _, e := range l {
		s, ok := e.(string)
		if !ok {
			p.fail(k, v)
			return nil
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (p *props) date(k string) graph.Date {
	s := p.str(k)
	d, err := graph.ParseDate(s)
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("property %s: %w", k, err)
	}
	return d
}

func (p *props) sources() []graph.Source {
	l := p.strs("sources")
	if len(l) == 0 {
		return nil
	}
	out := make([]graph.Source, len(l))
	for i, s := range l {
		if err := json.Unmarshal([]byte(s), &out[i]); err != nil && p.err == nil {
			p.err = fmt.Errorf("property sources: %q: %w", s, err)
		}
	}
	return out
}

func municipalityFrom(m map[string]any) (graph.Municipality, error) {
	p := props{m: m}
	v := graph.Municipality{
		ID: p.str("id"), Name: p.str("name"), AltNames: p.strs("altNames"), Country: p.str("country"),
		Region: p.str("region"), AGS: p.str("ags"), State: p.str("state"), KreisCode: p.str("kreisCode"),
		Kreis: p.str("kreis"), Population: p.int("population"), Level: p.str("level"), Sources: p.sources(),
		GeoNamesID: int64(p.int("geonamesId")), Wikidata: p.str("wikidata"),
	}
	lat, okLat := p.float("lat")
	lon, okLon := p.float("lon")
	if okLat && okLon {
		v.Lat, v.Lon, v.HasCoords = lat, lon, true
	}
	if p.err != nil {
		return v, fmt.Errorf("municipality %q: %w", v.ID, p.err)
	}
	return v, nil
}

func partnershipFrom(a, b string, m map[string]any) (graph.Partnership, error) {
	p := props{m: m}
	v := graph.Partnership{A: a, B: b, Kind: graph.Kind(p.str("kind")), Since: p.date("since"), Until: p.date("until"),
		Status: graph.Status(p.str("status")), Topics: p.strs("topics"), Sources: p.sources(),
		Claims: jsonList[graph.Claim](&p, "claims"), Events: jsonList[graph.Event](&p, "events")}
	if p.err != nil {
		return v, fmt.Errorf("partnership %s: %w", p.str("key"), p.err)
	}
	return v, nil
}

func membershipFrom(muni, net string, m map[string]any) (graph.Membership, error) {
	p := props{m: m}
	v := graph.Membership{Municipality: muni, Network: net, Since: p.date("since"), Until: p.date("until"),
		Role: p.str("role"), Sources: p.sources()}
	if p.err != nil {
		return v, fmt.Errorf("membership %s: %w", v.Key(), p.err)
	}
	return v, nil
}

func orgLinkFrom(muni, org string, m map[string]any) (graph.OrgLink, error) {
	p := props{m: m}
	v := graph.OrgLink{Municipality: muni, Organisation: org, Topic: p.str("topic"), Since: p.date("since"), Sources: p.sources()}
	if p.err != nil {
		return v, fmt.Errorf("organisation link %s: %w", v.Key(), p.err)
	}
	return v, nil
}

func stateCountFrom(m map[string]any) (graph.StateCount, error) {
	p := props{m: m}
	v := graph.StateCount{State: p.str("code"), Partnerships: p.int("reportedPartnerships"), Sources: p.sources()}
	if p.err != nil {
		return v, fmt.Errorf("land %s: %w", v.State, p.err)
	}
	return v, nil
}

func organisationProps(v graph.Organisation) map[string]any {
	m := idNameProps(v.ID, v.Name)
	putStr(m, "type", v.Type)
	putStr(m, "municipality", v.Municipality)
	return m
}

func organisationFrom(m map[string]any) graph.Organisation {
	p := props{m: m}
	return graph.Organisation{ID: p.str("id"), Name: p.str("name"), Type: p.str("type"), Municipality: p.str("municipality")}
}

func cooperationProps(v graph.Cooperation) map[string]any {
	m := map[string]any{"key": v.Key()}
	putStr(m, "kind", v.Kind)
	putDate(m, "since", v.Since)
	putList(m, "topics", v.Topics)
	putSources(m, v.Sources)
	return m
}

func cooperationFrom(a, b string, m map[string]any) (graph.Cooperation, error) {
	p := props{m: m}
	v := graph.Cooperation{A: a, B: b, Kind: p.str("kind"), Since: p.date("since"), Topics: p.strs("topics"), Sources: p.sources()}
	if p.err != nil {
		return v, fmt.Errorf("cooperation %s: %w", v.Key(), p.err)
	}
	return v, nil
}
