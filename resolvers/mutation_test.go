package resolvers_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/resolvers"
)

var admin = client.AddHeader("Authorization", "Bearer "+adminToken)

const addQuery = `mutation { addPartnership(a: "Frankfurt am Main", b: "Kiew", kind: FRIENDSHIP, since: "2024-05", topics: ["energy"]) {
	id a { name degree } b { name } kind since until status topics sources { file } } }`

func TestMutationsNeedTheToken(t *testing.T) {
	off := newEnv(t, func(c *resolvers.Config) { c.MutationsEnabled = false })
	for _, opts := range [][]client.Option{nil, {admin}} {
		errs := off.errs(t, addQuery, opts...)
		if code(errs[0]) != graph.EFORBIDDEN || !strings.Contains(errs[0].Message, "CITYGRAPH_ADMIN_TOKEN") {
			t.Errorf("mutations off: %+v", errs[0])
		}
	}
	on := newEnv(t)
	for _, opts := range [][]client.Option{nil, {client.AddHeader("Authorization", "Bearer wrong")}} {
		errs := on.errs(t, addQuery, opts...)
		if code(errs[0]) != graph.EUNAUTHORIZED {
			t.Errorf("without the token: %+v", errs[0])
		}
	}
	for _, e := range []*env{off, on} {
		snap, err := e.store.Snapshot(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(snap.Partnerships) != 7 {
			t.Errorf("refused mutations wrote: %d partnerships", len(snap.Partnerships))
		}
	}
}

func TestAddAndEndPartnership(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	v0, _ := e.store.Version(ctx)
	var add struct {
		AddPartnership struct {
			ID string
			A  struct {
				Name   string
				Degree int
			}
			B            struct{ Name string }
			Kind, Status string
			Since        *string
			Until        *string
			Topics       []string
			Sources      []struct{ File string }
		}
	}
	e.query(t, addQuery, &add, admin)
	p := add.AddPartnership
	// The result's fields already see the write: Frankfurt had no partners.
	if p.ID != "DE:06412000|UA:kyiv|FRIENDSHIP" || p.A.Name != "Frankfurt am Main" || p.A.Degree != 1 || p.B.Name != "Kyiv" || p.Status != "ACTIVE" ||
		p.Since == nil || *p.Since != "2024-05" || p.Until != nil || !slices.Equal(p.Topics, []string{"energy"}) || len(p.Sources) != 1 || p.Sources[0].File != "api" {
		t.Errorf("addPartnership = %+v", p)
	}
	// Written to the store and visible in reads at once.
	snap, err := e.store.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(snap.Partnerships, func(l graph.Partnership) bool { return l.Key() == p.ID }) || snap.Version <= v0 {
		t.Errorf("store after add: version %d (was %d), %d links", snap.Version, v0, len(snap.Partnerships))
	}
	if e.live.Current().Version() != snap.Version {
		t.Errorf("projection version %d, store %d", e.live.Current().Version(), snap.Version)
	}
	var net struct {
		PartnershipNetwork struct{ Summary struct{ Links int } }
	}
	e.query(t, `{ partnershipNetwork(countries: ["DE", "UA"]) { summary { links } } }`, &net)
	if net.PartnershipNetwork.Summary.Links != 5 {
		t.Errorf("DE-UA links after add = %d, want 5", net.PartnershipNetwork.Summary.Links)
	}

	var end struct {
		EndPartnership struct {
			Status string
			Until  *string
			Since  *string
		}
	}
	e.query(t, `mutation { endPartnership(a: "UA:kyiv", b: "Berlin", kind: FRIENDSHIP, until: "2025-01") { status until since } }`, &end, admin)
	if end.EndPartnership.Status != "ENDED" || end.EndPartnership.Until == nil || *end.EndPartnership.Until != "2025-01" ||
		end.EndPartnership.Since == nil || *end.EndPartnership.Since != "2022-05" {
		t.Errorf("endPartnership = %+v", end.EndPartnership)
	}
	var ended struct{ Partnerships struct{ TotalCount int } }
	e.query(t, `{ partnerships(filter: {status: ENDED}) { totalCount } }`, &ended)
	if ended.Partnerships.TotalCount != 2 {
		t.Errorf("ended links = %d, want 2", ended.Partnerships.TotalCount)
	}

	for _, tc := range []struct{ q, code string }{
		{`mutation { endPartnership(a: "Berlin", b: "Bordeaux", until: "2020") { status } }`, graph.ENOTFOUND},
		{`mutation { endPartnership(a: "München", b: "Kyiv", until: "1980") { status } }`, graph.EINVALID},
		{`mutation { addPartnership(a: "Berlin", b: "DE:11000000") { id } }`, graph.EINVALID},
		{`mutation { addPartnership(a: "Berlin", b: "Atlantis") { id } }`, graph.ENOTFOUND},
		{`mutation { addPartnership(a: "Berlin", b: "Neustadt") { id } }`, graph.EAMBIGUOUS},
		{`mutation { addPartnership(a: "Berlin", b: "Bordeaux", since: "2024-13") { id } }`, graph.EINVALID},
	} {
		if errs := e.errs(t, tc.q, admin); code(errs[0]) != tc.code {
			t.Errorf("%s: %+v, want code %s", tc.q, errs[0], tc.code)
		}
	}
}

func writeFile(t *testing.T, name, body string) *os.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

const importQuery = `mutation($file: Upload!, $skip: Boolean) { importFile(file: $file, skipInvalid: $skip) {
	file kind encoding read imported merged unchanged partnershipsCreated rejected problems { line column message } version } }`

type importReport struct {
	ImportFile struct {
		File, Kind, Encoding                                                      string
		Read, Imported, Merged, Unchanged, PartnershipsCreated, Rejected, Version int
		Problems                                                                  []struct {
			Line            int
			Column, Message string
		}
	}
}

func TestImportFile(t *testing.T) {
	e := newEnv(t) // no Importer given: the resolvers make one on first use
	ctx := context.Background()
	const pairs = "Kommune;Bundesland;Partnerkommune;Land;Art;Seit;partner_qid\n" +
		"München;Bayern;Kyiv;Ukraine;Partnerschaft;1989;Q1899\n" +
		"Köln;NRW;Lviv;Ukraine;Freundschaft;2023;\n"
	var rep importReport
	e.query(t, importQuery, &rep, admin, client.Var("file", writeFile(t, "links.csv", pairs)), client.WithFiles())
	r := rep.ImportFile
	if r.File != "links.csv" || r.Kind != "rgre" || r.Encoding != "UTF-8" || r.Read != 2 || r.PartnershipsCreated != 1 || r.Rejected != 0 || len(r.Problems) != 0 {
		t.Errorf("import report = %+v", r)
	}
	var lviv struct {
		City *struct {
			Country    string
			GeonamesID int
			Wikidata   string
			Partners   []struct {
				City  struct{ Name string }
				Since *string
			}
		}
	}
	e.query(t, `{ city(name: "Lviv") { country geonamesId wikidata partners { city { name } since } } }`, &lviv)
	if lviv.City == nil || lviv.City.Country != "UA" || len(lviv.City.Partners) != 1 || lviv.City.Partners[0].City.Name != "Köln" ||
		lviv.City.GeonamesID != 702550 || lviv.City.Wikidata != "" {
		t.Errorf("Lviv after import = %+v", lviv.City)
	}
	var kyiv struct {
		City *struct {
			GeonamesID int
			Wikidata   string
		}
	}
	e.query(t, `{ city(name: "Kyiv") { geonamesId wikidata } }`, &kyiv)
	if kyiv.City == nil || kyiv.City.GeonamesID != 703448 || kyiv.City.Wikidata != "Q1899" {
		t.Errorf("Kyiv after import = %+v, want GeoNames id 703448 and Q1899", kyiv.City)
	}

	// The same content again changes nothing.
	v1, _ := e.store.Version(ctx)
	var again importReport
	e.query(t, importQuery, &again, admin, client.Var("file", writeFile(t, "links.csv", pairs)), client.WithFiles())
	if again.ImportFile.Imported != 0 || again.ImportFile.PartnershipsCreated != 0 || again.ImportFile.Version != int(v1) {
		t.Errorf("re-import = %+v (version before %d)", again.ImportFile, v1)
	}

	// A file with bad rows: INVALID with the problems, nothing written.
	const bad = "Kommune;Bundesland;Partnerkommune;Land;Art;Seit\n" +
		"Berlin;Berlin;Warschau;Polen;Partnerschaft;1991\n" +
		"Berlin;Berlin;Swansea;Atlantis;Partnerschaft;1957\n" +
		"Berlin;Berlin;Toulon;Frankreich;Partnerschaft;31.02.1990\n"
	errs := e.errs(t, importQuery, admin, client.Var("file", writeFile(t, "bad.csv", bad)), client.WithFiles())
	probs, _ := errs[0].Extensions["problems"].([]any)
	if code(errs[0]) != graph.EINVALID || len(probs) != 2 || !strings.Contains(errs[0].Message, "bad.csv:3") || !strings.Contains(errs[0].Message, "bad.csv:4") {
		t.Errorf("bad file: %+v", errs[0])
	}
	if len(probs) > 0 {
		if p := probs[0].(map[string]any); p["line"] != float64(3) || p["file"] != "bad.csv" {
			t.Errorf("first problem = %v", p)
		}
	}
	if v, _ := e.store.Version(ctx); v != v1 {
		t.Errorf("a rejected import changed the store: version %d, was %d", v, v1)
	}

	// With skipInvalid the valid row goes in and the others are reported.
	var skip importReport
	e.query(t, importQuery, &skip, admin, client.Var("file", writeFile(t, "bad.csv", bad)), client.Var("skip", true), client.WithFiles())
	if s := skip.ImportFile; s.Rejected != 2 || s.PartnershipsCreated != 1 || len(s.Problems) != 2 || s.Problems[0].Line != 3 {
		t.Errorf("skipInvalid report = %+v", s)
	}

	// Without the token nothing is read.
	if errs := e.errs(t, importQuery, client.Var("file", writeFile(t, "links.csv", pairs)), client.WithFiles()); code(errs[0]) != graph.EUNAUTHORIZED {
		t.Errorf("import without the token: %+v", errs[0])
	}
}

func TestImportProblemsAreBounded(t *testing.T) {
	e := newEnv(t)
	var b strings.Builder
	b.WriteString("Kommune;Bundesland;Partnerkommune;Land;Art;Seit\n")
	const rows = 3 * resolvers.MaxReportedProblems
	for i := range rows {
		fmt.Fprintf(&b, "Berlin;Berlin;Ort%d;Atlantis;Partnerschaft;1957\n", i)
	}
	errs := e.errs(t, importQuery, admin, client.Var("file", writeFile(t, "many.csv", b.String())), client.WithFiles())
	probs, _ := errs[0].Extensions["problems"].([]any)
	if code(errs[0]) != graph.EINVALID || len(probs) != resolvers.MaxReportedProblems || errs[0].Extensions["problemCount"] != float64(rows) {
		t.Errorf("%d problems listed, count %v; want %d and %d", len(probs), errs[0].Extensions["problemCount"], resolvers.MaxReportedProblems, rows)
	}
	if len(errs[0].Message) > 2000 {
		t.Errorf("the message is %d bytes long", len(errs[0].Message))
	}
	var skip importReport
	e.query(t, importQuery, &skip, admin, client.Var("file", writeFile(t, "many.csv", b.String())), client.Var("skip", true), client.WithFiles())
	if s := skip.ImportFile; s.Rejected != rows || len(s.Problems) != resolvers.MaxReportedProblems {
		t.Errorf("skipInvalid: rejected %d, %d problems listed", s.Rejected, len(s.Problems))
	}
}

// TestImportAliasFile: an alias file imported through the API merges the
// alias id into the kept place; the place lists its aliases, and the
// alias id finds the place.
func TestImportAliasFile(t *testing.T) {
	e := newEnv(t)
	var rep importReport
	e.query(t, importQuery, &rep, admin, client.Var("file", writeFile(t, "links.csv",
		"Kommune;Bundesland;Partnerkommune;Land\nKöln;NRW;Ostdorf-unbekannt;Ukraine\n")), client.WithFiles())
	e.query(t, importQuery, &rep, admin, client.Var("file", writeFile(t, "aliases.csv",
		"id;same_as\nUA:ostdorf-unbekannt;UA:kyiv\n")), client.WithFiles())
	if rep.ImportFile.Kind != "aliases" || rep.ImportFile.Rejected != 0 {
		t.Fatalf("alias import = %+v", rep.ImportFile)
	}
	var resp struct {
		Kyiv struct {
			Aliases []struct {
				Alias, Place string
				Sources      []struct {
					File string
					Line int
				}
			}
			Partners []struct{ City struct{ ID string } }
		}
		Alias *struct{ ID string }
	}
	e.query(t, `{ kyiv: city(id: "UA:kyiv") { aliases { alias place sources { file line } } partners { city { id } } }
		alias: city(id: "UA:ostdorf-unbekannt") { id } }`, &resp)
	if a := resp.Kyiv.Aliases; len(a) != 1 || a[0].Alias != "UA:ostdorf-unbekannt" || a[0].Place != "UA:kyiv" ||
		len(a[0].Sources) != 1 || a[0].Sources[0].File != "aliases.csv" || a[0].Sources[0].Line != 2 {
		t.Errorf("Kyiv's aliases = %+v", a)
	}
	if !slices.ContainsFunc(resp.Kyiv.Partners, func(p struct{ City struct{ ID string } }) bool { return p.City.ID == "DE:05315000" }) {
		t.Errorf("Köln's link did not move to Kyiv: %+v", resp.Kyiv.Partners)
	}
	if resp.Alias == nil || resp.Alias.ID != "UA:kyiv" {
		t.Errorf("city(id: alias) = %+v, want UA:kyiv", resp.Alias)
	}
}
