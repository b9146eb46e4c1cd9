package resolvers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/internal/fixture"
	"github.com/citygraph/citygraph/live"
	"github.com/citygraph/citygraph/resolvers"
	"github.com/rs/zerolog"
)

const adminToken = "test-admin-token"

// env is a resolver stack over a real SQLite store holding the fixture.
type env struct {
	store *sqlite.Store
	live  *live.Holder
	res   *resolvers.Resolver
	h     http.Handler
	c     *client.Client
}

type envOpt func(*resolvers.Config)

func newEnv(t *testing.T, opts ...envOpt) *env {
	t.Helper()
	ctx := context.Background()
	log := zerolog.Nop()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "citygraph.db"), log)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := st.Apply(ctx, fixture.Small()); err != nil {
		t.Fatalf("apply fixture: %v", err)
	}
	holder := live.New(st, log)
	if err := holder.Load(ctx); err != nil {
		t.Fatalf("load: %v", err)
	}
	cfg := resolvers.Config{Live: holder, Store: st, Log: log, MaxPageSize: 5, MutationsEnabled: true}
	for _, o := range opts {
		o(&cfg)
	}
	res := resolvers.New(cfg)
	h, c := handlerFor(res)
	return &env{store: st, live: holder, res: res, h: h, c: c}
}

// handlerFor serves res the way package server does, reduced to what the
// resolvers rely on: POST and multipart transports, the error presenter,
// the recover function and the admin token check.
func handlerFor(res *resolvers.Resolver) (http.Handler, *client.Client) {
	srv := handler.New(resolvers.ExecutableSchema(res))
	srv.AddTransport(transport.POST{})
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: 1 << 20, MaxMemory: 1 << 20})
	srv.SetErrorPresenter(resolvers.ErrorPresenter)
	srv.SetRecoverFunc(resolvers.RecoverFunc)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer "+adminToken {
			r = r.WithContext(resolvers.WithAdmin(r.Context()))
		}
		srv.ServeHTTP(w, r)
	})
	return h, client.New(h)
}

// gqlError is one error of a response.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// query runs q and decodes data into out; it fails the test on errors.
func (e *env) query(t *testing.T, q string, out any, opts ...client.Option) {
	t.Helper()
	if err := e.c.Post(q, out, opts...); err != nil {
		t.Fatalf("query %s: %v", strings.Join(strings.Fields(q), " "), err)
	}
}

// errs runs q and returns its errors, failing the test when there are none.
func (e *env) errs(t *testing.T, q string, opts ...client.Option) []gqlError {
	t.Helper()
	resp, err := e.c.RawPost(q, opts...)
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	var errs []gqlError
	if len(resp.Errors) > 0 {
		if err := json.Unmarshal(resp.Errors, &errs); err != nil {
			t.Fatalf("decode errors %s: %v", resp.Errors, err)
		}
	}
	if len(errs) == 0 {
		t.Fatalf("query %s: want an error, got data %v", q, resp.Data)
	}
	return errs
}

func code(e gqlError) string { s, _ := e.Extensions["code"].(string); return s }

func TestCityAcrossSpellings(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ arg, want string }{
		{`name: "München"`, "DE:09162000"},
		{`name: "Muenchen"`, "DE:09162000"},
		{`name: "munchen"`, "DE:09162000"},
		{`name: "MUNICH"`, "DE:09162000"},
		{`ags: "09162000"`, "DE:09162000"},
		{`id: "DE:09162000"`, "DE:09162000"},
		{`name: "Kiew"`, "UA:kyiv"},
		{`name: "Kyiv"`, "UA:kyiv"},
		{`name: "Київ"`, "UA:kyiv"},
		{`name: "Charkiw"`, "UA:kharkiv"},
		{`name: "Koeln"`, "DE:05315000"},
		{`name: "Cologne"`, "DE:05315000"},
		{`name: "frankfurt am main"`, "DE:06412000"},
		{`name: "Neustadt", ags: "01058114"`, "DE:01058114"},
		{`name: "Neustadt, DE-SH"`, "DE:01058114"},
		{`name: "Neustadt, Hessen"`, "DE:06435019"},
		{`name: "Kiew, UA"`, "UA:kyiv"},
		{`name: "Frankfurt"`, "DE:06412000"},
	} {
		var resp struct{ City *struct{ ID, Name string } }
		e.query(t, `{ city(`+tc.arg+`) { id name } }`, &resp)
		if resp.City == nil || resp.City.ID != tc.want {
			t.Errorf("city(%s) = %+v, want %s", tc.arg, resp.City, tc.want)
		}
	}
	var none struct{ City *struct{ ID string } }
	e.query(t, `{ city(name: "Atlantis") { id } }`, &none)
	if none.City != nil {
		t.Errorf("city(Atlantis) = %+v, want null", none.City)
	}
	for _, q := range []string{`name: "Kyiv", country: "DE"`, `name: "Neustadt, FR"`, `name: "Frank"`} {
		none.City = nil
		e.query(t, `{ city(`+q+`) { id } }`, &none)
		if none.City != nil {
			t.Errorf("city(%s) = %+v, want null", q, none.City)
		}
	}
}

func TestCityAmbiguous(t *testing.T) {
	e := newEnv(t)
	errs := e.errs(t, `{ city(name: "Neustadt") { id } }`)
	if code(errs[0]) != graph.EAMBIGUOUS {
		t.Fatalf("code = %q, want %s (%+v)", code(errs[0]), graph.EAMBIGUOUS, errs[0])
	}
	cands, _ := errs[0].Extensions["candidates"].([]any)
	var ids []string
	for _, c := range cands {
		ids = append(ids, c.(map[string]any)["id"].(string))
	}
	// Ranked: the bigger first (identity.Rank), neither 10 times the other.
	if !slices.Equal(ids, []string{"DE:06435019", "DE:01058114"}) {
		t.Errorf("candidates = %v", ids)
	}
	if !strings.Contains(errs[0].Message, "DE:06435019") {
		t.Errorf("message %q does not name the candidates", errs[0].Message)
	}
}

func TestCityFields(t *testing.T) {
	e := newEnv(t)
	var resp struct {
		City struct {
			Name, CountryName, State string
			AltNames                 []string
			Lat, Lon                 *float64
			Degree                   int
			DegreeByKind             []struct {
				Kind  string
				Count int
			}
			Partners []struct {
				City         struct{ ID string }
				Kind, Status string
				Since, Until *string
				Topics       []string
			}
			Networks []struct {
				Network struct{ ID, Name string }
				Since   *string
			}
		}
		Kyiv struct {
			CountryName string
			Partners    []struct{ City struct{ ID string } }
		}
	}
	e.query(t, `{
		city(name: "Munich") { name countryName state altNames lat lon degree degreeByKind { kind count }
			partners { city { id } kind status since until topics }
			networks { network { id name } since } }
		kyiv: city(id: "UA:kyiv") { countryName partners(kinds: [PARTNERSHIP, FRIENDSHIP], asOf: "2000") { city { id } } }
	}`, &resp)
	c := resp.City
	if c.Name != "München" || c.CountryName != "Germany" || c.State != "DE-BY" || c.Degree != 3 {
		t.Errorf("city = %+v", c)
	}
	if c.Lat == nil || *c.Lat != 48.137 || c.Lon == nil || *c.Lon != 11.575 {
		t.Errorf("coordinates = %v, %v", c.Lat, c.Lon)
	}
	if len(c.DegreeByKind) != 2 || c.DegreeByKind[0].Kind != "PARTNERSHIP" || c.DegreeByKind[0].Count != 2 || c.DegreeByKind[1].Kind != "CONTACT" || c.DegreeByKind[1].Count != 1 {
		t.Errorf("degreeByKind = %+v", c.DegreeByKind)
	}
	if !slices.Equal(c.AltNames, []string{"Munich"}) {
		t.Errorf("altNames = %v", c.AltNames)
	}
	// Partners by name: Berlin, Bordeaux, Kyiv.
	var got []string
	for _, p := range c.Partners {
		got = append(got, p.City.ID+" "+p.Kind+" "+p.Status)
	}
	want := []string{"DE:11000000 CONTACT ACTIVE", "FR:bordeaux PARTNERSHIP ACTIVE", "UA:kyiv PARTNERSHIP ACTIVE"}
	if !slices.Equal(got, want) {
		t.Errorf("partners = %v, want %v", got, want)
	}
	if p := c.Partners[2]; p.Since == nil || *p.Since != "1989" || p.Until != nil || !slices.Equal(p.Topics, []string{"SDG11"}) {
		t.Errorf("München-Kyiv = %+v", p)
	}
	if len(c.Networks) != 1 || c.Networks[0].Network.Name != "Eurocities" || c.Networks[0].Since == nil || *c.Networks[0].Since != "1991" {
		t.Errorf("networks = %+v", c.Networks)
	}
	// As of 2000 Kyiv had München (1989) but not Berlin (2022).
	if resp.Kyiv.CountryName != "Ukraine" || len(resp.Kyiv.Partners) != 1 || resp.Kyiv.Partners[0].City.ID != "DE:09162000" {
		t.Errorf("kyiv = %+v", resp.Kyiv)
	}
}

type cityPage struct {
	Cities struct {
		TotalCount int
		Nodes      []struct{ ID string }
		Edges      []struct{ Cursor string }
		PageInfo   struct {
			HasNextPage, HasPreviousPage bool
			EndCursor                    *string
		}
	}
}

func ids(p cityPage) []string {
	var out []string
	for _, n := range p.Cities.Nodes {
		out = append(out, n.ID)
	}
	return out
}

func TestCitiesFilters(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		filter string
		want   []string
	}{
		{`{country: "UA"}`, []string{"UA:kharkiv", "UA:kyiv", "UA:odesa"}},
		{`{state: "BY"}`, []string{"DE:09162000"}},
		{`{state: "Bayern"}`, []string{"DE:09162000"}},
		{`{state: "North Rhine-Westphalia"}`, []string{"DE:05315000"}},
		{`{state: "de-he"}`, []string{"DE:06412000", "DE:06435019"}},
		{`{kind: FRIENDSHIP}`, []string{"DE:11000000", "DE:05315000", "UA:kyiv", "UA:odesa"}},
		{`{country: "DE", partnerCountry: "UA"}`, []string{"DE:11000000", "DE:05315000", "DE:09162000", "DE:06435019"}},
		{`{country: "DE", partnerCountry: "UA", since: "2022"}`, []string{"DE:11000000", "DE:05315000", "DE:06435019"}},
		{`{since: "2022-06", until: "2023"}`, []string{"DE:05315000", "UA:odesa"}},
		{`{topic: "climate"}`, []string{"UA:kharkiv", "DE:06435019"}},
		{`{network: "eurocities"}`, []string{"DE:05315000", "UA:kyiv", "DE:09162000"}},
		{`{hasPartners: false}`, []string{"DE:06412000", "DE:01058114"}},
		{`{search: "kiev"}`, []string{"UA:kyiv"}},
		{`{search: "furt"}`, []string{"DE:06412000"}},
		{`{search: "MÜN"}`, []string{"DE:09162000"}},
		{`{search: "neu", state: "DE-SH"}`, []string{"DE:01058114"}},
	} {
		var p cityPage
		e.query(t, `{ cities(filter: `+tc.filter+`, first: 5) { totalCount nodes { id } } }`, &p)
		if got := ids(p); !slices.Equal(got, tc.want) || p.Cities.TotalCount != len(tc.want) {
			t.Errorf("filter %s: %v (total %d), want %v", tc.filter, got, p.Cities.TotalCount, tc.want)
		}
	}
}

func TestCitiesOrderAndPagination(t *testing.T) {
	e := newEnv(t)
	for _, f := range []string{`{country: "Ukraine"}`, `{state: "Atlantis"}`, `{partnerCountry: "U"}`} {
		if errs := e.errs(t, `{ cities(filter: `+f+`) { totalCount } }`); code(errs[0]) != graph.EINVALID {
			t.Errorf("filter %s: %+v", f, errs[0])
		}
	}
	var p cityPage
	e.query(t, `{ cities(orderBy: {field: PARTNERSHIPS, direction: DESC}, first: 3) { totalCount nodes { id } } }`, &p)
	// München and Kyiv have 3 links each (ties by id), then Berlin and Kharkiv with 2.
	if got := ids(p); !slices.Equal(got, []string{"DE:09162000", "UA:kyiv", "DE:11000000"}) || p.Cities.TotalCount != 10 {
		t.Errorf("by partnerships: %v total %d", got, p.Cities.TotalCount)
	}
	e.query(t, `{ cities(orderBy: {field: POPULATION, direction: DESC}, filter: {country: "DE"}, first: 2) { nodes { id } } }`, &p)
	if got := ids(p); !slices.Equal(got, []string{"DE:11000000", "DE:09162000"}) {
		t.Errorf("by population: %v", got)
	}

	// Walk all ten places by name in pages of three.
	var all []string
	after := ""
	pages := 0
	for {
		var pg cityPage
		q := `query($after: String) { cities(first: 3, after: $after) { totalCount nodes { id } edges { cursor }
			pageInfo { hasNextPage hasPreviousPage endCursor } } }`
		var vars []client.Option
		if after != "" {
			vars = append(vars, client.Var("after", after))
		}
		e.query(t, q, &pg, vars...)
		pages++
		if pg.Cities.TotalCount != 10 {
			t.Fatalf("totalCount = %d", pg.Cities.TotalCount)
		}
		if pg.Cities.PageInfo.HasPreviousPage != (pages > 1) {
			t.Errorf("page %d: hasPreviousPage = %v", pages, pg.Cities.PageInfo.HasPreviousPage)
		}
		all = append(all, ids(pg)...)
		if len(pg.Cities.Edges) > 0 && *pg.Cities.PageInfo.EndCursor != pg.Cities.Edges[len(pg.Cities.Edges)-1].Cursor {
			t.Errorf("endCursor differs from the last edge's cursor")
		}
		if !pg.Cities.PageInfo.HasNextPage {
			break
		}
		after = *pg.Cities.PageInfo.EndCursor
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
	}
	want := []string{"DE:11000000", "FR:bordeaux", "DE:06412000", "UA:kharkiv", "DE:05315000", "UA:kyiv",
		"DE:09162000", "DE:01058114", "DE:06435019", "UA:odesa"}
	if pages != 4 || !slices.Equal(all, want) {
		t.Errorf("%d pages: %v, want %v", pages, all, want)
	}

	// Page size and cursor errors.
	if errs := e.errs(t, `{ cities(first: 6) { totalCount } }`); code(errs[0]) != graph.EINVALID || !strings.Contains(errs[0].Message, "0 to 5") {
		t.Errorf("first over the maximum: %+v", errs[0])
	}
	if errs := e.errs(t, `{ cities(after: "bm90LWEtY3Vyc29y") { totalCount } }`); code(errs[0]) != graph.EINVALID {
		t.Errorf("bad cursor: %+v", errs[0])
	}
}

func TestPartnerships(t *testing.T) {
	e := newEnv(t)
	type page struct {
		Partnerships struct {
			TotalCount int
			Nodes      []struct {
				ID     string
				A, B   struct{ Name string }
				Kind   string
				Status string
				Until  *string
			}
			PageInfo struct {
				HasNextPage bool
				EndCursor   *string
			}
		}
	}
	var p page
	e.query(t, `{ partnerships(filter: {country: "DE", partnerCountry: "UA"}, first: 2) {
		totalCount nodes { id a { name } b { name } kind status until } pageInfo { hasNextPage endCursor } } }`, &p)
	if p.Partnerships.TotalCount != 4 || len(p.Partnerships.Nodes) != 2 || !p.Partnerships.PageInfo.HasNextPage {
		t.Fatalf("DE-UA page 1: %+v", p.Partnerships)
	}
	first := p.Partnerships.Nodes[0]
	if first.ID != "DE:05315000|UA:odesa|FRIENDSHIP" || first.A.Name != "Köln" || first.B.Name != "Odesa" || first.Status != "ENDED" || first.Until == nil || *first.Until != "2024-01-31" {
		t.Errorf("first DE-UA link = %+v", first)
	}
	var p2 page
	e.query(t, `query($a: String) { partnerships(filter: {country: "DE", partnerCountry: "UA"}, first: 2, after: $a) {
		totalCount nodes { id } pageInfo { hasNextPage } } }`, &p2, client.Var("a", *p.Partnerships.PageInfo.EndCursor))
	if len(p2.Partnerships.Nodes) != 2 || p2.Partnerships.PageInfo.HasNextPage ||
		p2.Partnerships.Nodes[0].ID != "DE:09162000|UA:kyiv|PARTNERSHIP" || p2.Partnerships.Nodes[1].ID != "DE:11000000|UA:kyiv|FRIENDSHIP" {
		t.Errorf("DE-UA page 2 = %+v", p2.Partnerships)
	}

	for _, tc := range []struct {
		filter string
		want   int
	}{
		{`{city: "Kiew"}`, 3},
		{`{city: "Kiew", partnerCountry: "DE"}`, 2},
		{`{kinds: [CONTACT]}`, 2},
		// The undated München-Berlin is in no as-of view.
		{`{asOf: "2023-06-01"}`, 6},
		{`{asOf: "2024-06-01"}`, 5},
		{`{status: ENDED}`, 1},
		{`{status: ACTIVE}`, 6},
		{`{state: "DE-BY"}`, 3},
		{`{topic: "youth"}`, 1},
		{`{network: "eurocities"}`, 6},
		{`{since: "2022", until: "2022-12-31"}`, 2},
	} {
		var p page
		e.query(t, `{ partnerships(filter: `+tc.filter+`) { totalCount } }`, &p)
		if p.Partnerships.TotalCount != tc.want {
			t.Errorf("partnerships(%s).totalCount = %d, want %d", tc.filter, p.Partnerships.TotalCount, tc.want)
		}
	}
	if errs := e.errs(t, `{ partnerships(filter: {city: "Atlantis"}) { totalCount } }`); code(errs[0]) != graph.ENOTFOUND {
		t.Errorf("unknown city: %+v", errs[0])
	}
}

func TestNetworksAndOrganisations(t *testing.T) {
	e := newEnv(t)
	var resp struct {
		Networks []struct {
			ID, Name    string
			MemberCount int
			Members     []struct {
				City struct{ ID string }
				Role string
			}
		}
		None          *struct{ ID string }
		Organisations []struct {
			Name    string
			Members []struct {
				City  struct{ Name string }
				Topic string
			}
		}
	}
	e.query(t, `{ networks(search: "euro") { id name memberCount members { city { id } role } }
		none: network(id: "nope") { id }
		organisations { name members { city { name } topic } } }`, &resp)
	if len(resp.Networks) != 1 || resp.Networks[0].MemberCount != 3 || len(resp.Networks[0].Members) != 3 {
		t.Fatalf("networks = %+v", resp.Networks)
	}
	if resp.None != nil {
		t.Errorf("network(nope) = %+v", resp.None)
	}
	if len(resp.Organisations) != 1 || resp.Organisations[0].Name != "UN-Habitat" ||
		len(resp.Organisations[0].Members) != 1 || resp.Organisations[0].Members[0].City.Name != "Berlin" || resp.Organisations[0].Members[0].Topic != "housing" {
		t.Errorf("organisations = %+v", resp.Organisations)
	}
}

type subgraph struct {
	Nodes []struct{ ID, Name, Country string }
	Links []struct {
		Source, Target, Kind string
		Since                *string
	}
	Summary struct {
		Nodes, Links int
		ByKind       []struct {
			Kind  string
			Count int
		}
		ByYear             []struct{ Year, Count int }
		ByState, ByCountry []struct {
			Key   string
			Count int
		}
	}
}

func (g subgraph) linkKeys() []string {
	var out []string
	for _, l := range g.Links {
		out = append(out, l.Source+"-"+l.Target)
	}
	return out
}

const subgraphFields = `nodes { id name country } links { source target kind since }
	summary { nodes links byKind { kind count } byYear { year count } byState { key count } byCountry { key count } }`

func TestPartnershipNetwork(t *testing.T) {
	e := newEnv(t)
	var resp struct{ PartnershipNetwork subgraph }
	e.query(t, `{ partnershipNetwork(countries: ["DE", "UA"]) { `+subgraphFields+` } }`, &resp)
	g := resp.PartnershipNetwork
	wantLinks := []string{"DE:05315000-UA:odesa", "DE:06435019-UA:kharkiv", "DE:09162000-UA:kyiv", "DE:11000000-UA:kyiv"}
	if !slices.Equal(g.linkKeys(), wantLinks) {
		t.Errorf("DE-UA links = %v, want %v", g.linkKeys(), wantLinks)
	}
	if g.Summary.Nodes != 7 || g.Summary.Links != 4 || len(g.Nodes) != 7 {
		t.Errorf("summary = %+v", g.Summary)
	}
	if got := g.Summary.ByCountry; len(got) != 2 || got[0].Key != "DE" || got[0].Count != 4 || got[1].Key != "UA" || got[1].Count != 3 {
		t.Errorf("byCountry = %+v", got)
	}
	if got := g.Summary.ByKind; len(got) != 3 || got[0].Kind != "PARTNERSHIP" || got[0].Count != 1 || got[1].Kind != "FRIENDSHIP" || got[1].Count != 2 {
		t.Errorf("byKind = %+v", got)
	}
	if got := g.Summary.ByYear; len(got) != 3 || got[0].Year != 1989 || got[1].Year != 2022 || got[1].Count != 2 || got[2].Year != 2023 {
		t.Errorf("byYear = %+v", got)
	}
	if got := g.Summary.ByState; len(got) != 4 || got[0].Key != "DE-BE" {
		t.Errorf("byState = %+v", got)
	}

	// Options: domestic links, kinds, Länder, as-of date.
	for _, tc := range []struct {
		args string
		want []string
	}{
		{`countries: ["de", "ua"], domestic: true`, []string{"DE:05315000-UA:odesa", "DE:06435019-UA:kharkiv", "DE:09162000-DE:11000000", "DE:09162000-UA:kyiv", "DE:11000000-UA:kyiv", "UA:kharkiv-UA:kyiv"}},
		{`countries: ["DE", "UA"], kinds: [FRIENDSHIP]`, []string{"DE:05315000-UA:odesa", "DE:11000000-UA:kyiv"}},
		{`countries: ["DE", "UA"], states: ["BY", "DE-BE"]`, []string{"DE:09162000-UA:kyiv", "DE:11000000-UA:kyiv"}},
		{`countries: ["DE", "UA"], asOf: "2022-02-24"`, []string{"DE:09162000-UA:kyiv"}},
		{`countries: ["DE", "UA"], asOf: "2024-06"`, []string{"DE:06435019-UA:kharkiv", "DE:09162000-UA:kyiv", "DE:11000000-UA:kyiv"}},
		{`countries: ["UA"]`, []string{"UA:kharkiv-UA:kyiv"}},
		{`countries: ["DE", "FR"]`, []string{"DE:09162000-FR:bordeaux"}},
	} {
		var r struct{ PartnershipNetwork subgraph }
		e.query(t, `{ partnershipNetwork(`+tc.args+`) { `+subgraphFields+` } }`, &r)
		if got := r.PartnershipNetwork.linkKeys(); !slices.Equal(got, tc.want) {
			t.Errorf("partnershipNetwork(%s) = %v, want %v", tc.args, got, tc.want)
		}
	}
	for _, args := range []string{`countries: []`, `countries: ["Deutschland"]`, `countries: ["DE", ""]`, `countries: ["DE"], states: ["Narnia"]`} {
		if errs := e.errs(t, `{ partnershipNetwork(`+args+`) { summary { links } } }`); code(errs[0]) != graph.EINVALID {
			t.Errorf("partnershipNetwork(%s): %+v", args, errs[0])
		}
	}
}

func TestTraversals(t *testing.T) {
	e := newEnv(t)
	var n1, n2 struct{ Neighborhood subgraph }
	e.query(t, `{ neighborhood(city: "Berlin") { `+subgraphFields+` } }`, &n1)
	// Berlin's partners München and Kyiv, and the München-Kyiv link among them.
	if got := n1.Neighborhood.linkKeys(); !slices.Equal(got, []string{"DE:09162000-DE:11000000", "DE:09162000-UA:kyiv", "DE:11000000-UA:kyiv"}) || n1.Neighborhood.Summary.Nodes != 3 {
		t.Errorf("neighborhood(Berlin) = %v (%d nodes)", got, n1.Neighborhood.Summary.Nodes)
	}
	e.query(t, `{ neighborhood(city: "DE:11000000", depth: 2) { `+subgraphFields+` } }`, &n2)
	if n2.Neighborhood.Summary.Nodes != 5 || n2.Neighborhood.Summary.Links != 5 {
		t.Errorf("neighborhood(Berlin, 2) = %d nodes %d links: %v", n2.Neighborhood.Summary.Nodes, n2.Neighborhood.Summary.Links, n2.Neighborhood.linkKeys())
	}
	if errs := e.errs(t, `{ neighborhood(city: "Berlin", depth: 4) { summary { nodes } } }`); code(errs[0]) != graph.EINVALID || !strings.Contains(errs[0].Message, "1 to 3") {
		t.Errorf("depth 4: %+v", errs[0])
	}
	if errs := e.errs(t, `{ neighborhood(city: "Neustadt") { summary { nodes } } }`); code(errs[0]) != graph.EAMBIGUOUS {
		t.Errorf("ambiguous: %+v", errs[0])
	}

	var pop struct {
		PartnersOfPartners []struct {
			City struct{ ID string }
			Via  []struct{ ID string }
		}
	}
	e.query(t, `{ partnersOfPartners(city: "Berlin") { city { id } via { id } } }`, &pop)
	// Through München: Bordeaux; through Kyiv: Kharkiv. One shared partner each, by id.
	if len(pop.PartnersOfPartners) != 2 || pop.PartnersOfPartners[0].City.ID != "FR:bordeaux" || pop.PartnersOfPartners[0].Via[0].ID != "DE:09162000" ||
		pop.PartnersOfPartners[1].City.ID != "UA:kharkiv" || pop.PartnersOfPartners[1].Via[0].ID != "UA:kyiv" {
		t.Errorf("partnersOfPartners(Berlin) = %+v", pop.PartnersOfPartners)
	}

	var sp struct {
		ShortestPath *struct {
			Length int
			Cities []struct{ ID string }
			Links  []struct{ Kind string }
		}
	}
	e.query(t, `{ shortestPath(from: "Bordeaux", to: "06435019") { length cities { id } links { kind } } }`, &sp)
	var path []string
	for _, c := range sp.ShortestPath.Cities {
		path = append(path, c.ID)
	}
	if sp.ShortestPath.Length != 4 || !slices.Equal(path, []string{"FR:bordeaux", "DE:09162000", "UA:kyiv", "UA:kharkiv", "DE:06435019"}) ||
		sp.ShortestPath.Links[3].Kind != "PROJECT" {
		t.Errorf("shortestPath = %+v", sp.ShortestPath)
	}
	for _, q := range []string{
		`{ shortestPath(from: "Bordeaux", to: "06435019", kinds: [PARTNERSHIP, FRIENDSHIP]) { length } }`,
		`{ shortestPath(from: "Frankfurt am Main", to: "Berlin") { length } }`,
	} {
		var none struct{ ShortestPath *struct{ Length int } }
		e.query(t, q, &none)
		if none.ShortestPath != nil {
			t.Errorf("%s = %+v, want null", q, none.ShortestPath)
		}
	}
}

// A projection the holder loads is prepared (links per place, data hash,
// ...) before it is served, so that no request waits for an index that is
// linear in the graph.
func TestLoadedProjectionIsPreparedBeforeItIsServed(t *testing.T) {
	e := newEnv(t) // its first Load ran before resolvers.New registered
	if err := e.live.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if p := e.live.Current(); !p.Prepared() {
		t.Error("the served projection was not prepared on Load")
	}
}
