package gazetteer

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// realData is the repository's folder of real public data files for tests
// (see testdata/README.md).
var realData = filepath.Join("..", "..", "testdata", "realdata")

// openRealData opens a file of realData; a name ending in ".gz" is
// decompressed.
func openRealData(t *testing.T, name string) io.Reader {
	t.Helper()
	f, err := os.Open(filepath.Join(realData, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if !strings.HasSuffix(name, ".gz") {
		return f
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"München", "muenchen"},
		{"Muenchen", "muenchen"},
		{"MÜNCHEN", "muenchen"},
		{"Köln", "koeln"},
		{"Großenseebach", "grossenseebach"},
		{"  Frankfurt (Oder) ", "frankfurt oder"},
		{"Halle/Saale", "halle saale"},
		{"Mannheim, Universitätsstadt", "mannheim universitaetsstadt"},
		{"Kraków", "krakow"},
		{"Łódź", "lodz"},
		{"Chișinău", "chisinau"},
		{"Beyoğlu", "beyoglu"},
		{"Klaipėda", "klaipeda"},
		{"Næstved", "naestved"},
		{"Côte d’Ivoire", "cote d ivoire"},
		{"Київ", "киів"},
		{"UN-Habitat", "un habitat"},
		{"a--b__c", "a b c"},
		{"", ""},
		{"...", ""},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if Fold("München") != Fold("Muenchen") {
		t.Error("München and Muenchen fold differently")
	}
	if got := foldStrip("Düsseldorf"); got != "dusseldorf" {
		t.Errorf("foldStrip(Düsseldorf) = %q", got)
	}
}

func TestSlugAndForeignID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Covenant of Mayors", "covenant-of-mayors"},
		{"UN-Habitat", "un-habitat"},
		{"Mayors for Peace", "mayors-for-peace"},
		{"ICLEI – Local Governments for Sustainability", "iclei-local-governments-for-sustainability"},
	} {
		if got := Slug(tc.in); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ country, name, region, want string }{
		{"UA", "Chernivtsi", "", "UA:chernivtsi"},
		{"ua", " Chernivtsi ", " ", "UA:chernivtsi"},
		{"GB", "Swansea", "Wales", "GB:swansea~wales"},
		{"US", "Windsor", "New South Wales", "US:windsor~new-south-wales"},
		{"PL", "Kraków", "", "PL:krakow"},
		{"TR", "Beyoğlu", "", "TR:beyoglu"},
	} {
		if got := ForeignID(tc.country, tc.name, tc.region); got != tc.want {
			t.Errorf("ForeignID(%q, %q, %q) = %q, want %q", tc.country, tc.name, tc.region, got, tc.want)
		}
	}
}

func TestStates(t *testing.T) {
	states := States()
	if len(states) != 16 {
		t.Fatalf("%d Länder, want 16", len(states))
	}
	seen := map[string]bool{}
	for _, s := range states {
		if seen[s.Code] || !strings.HasPrefix(s.Code, "DE-") || len(s.Code) != 5 || s.Name == "" || s.NameEN == "" {
			t.Errorf("bad or repeated Land %+v", s)
		}
		seen[s.Code] = true
		for _, in := range []string{s.Code, s.Code[3:], strings.ToLower(s.Code), s.Name, s.NameEN, strings.ToUpper(s.Name), s.Number} {
			if got, ok := StateCode(in); !ok || got != s.Code {
				t.Errorf("StateCode(%q) = %q, %v, want %s", in, got, ok, s.Code)
			}
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"Bayern", "DE-BY"}, {"Bavaria", "DE-BY"}, {"BY", "DE-BY"}, {"DE-BY", "DE-BY"}, {"Freistaat Bayern", "DE-BY"},
		{"Baden-Wurttemberg", "DE-BW"}, {"Baden-Württemberg", "DE-BW"}, {"Thueringen", "DE-TH"}, {"NRW", "DE-NW"},
		{"North Rhine-Westphalia", "DE-NW"}, {"Lower Saxony", "DE-NI"}, {"Freie und Hansestadt Hamburg", "DE-HH"},
	} {
		if got, ok := StateCode(tc.in); !ok || got != tc.want {
			t.Errorf("StateCode(%q) = %q, %v, want %s", tc.in, got, ok, tc.want)
		}
	}
	for _, in := range []string{"", "Hogwarts", "DE", "XX", "17", "Bayernland"} {
		if got, ok := StateCode(in); ok {
			t.Errorf("StateCode(%q) = %q, want no Land", in, got)
		}
	}
}

func TestLoadGermany(t *testing.T) {
	d, err := LoadGermany()
	if err != nil {
		t.Fatal(err)
	}
	all := d.All()
	// SOURCES.md: 10,773 Gemeinden, population 83,232,283; RP 2301 ... BE 1.
	if len(all) != 10773 {
		t.Errorf("%d municipalities, want 10773", len(all))
	}
	pop, perState := 0, map[string]int{}
	for i, g := range all {
		pop += g.Population
		perState[g.State]++
		if len(g.AGS) != 8 || g.NamePlain == "" || g.Lat < 47 || g.Lat > 55.1 || g.Lon < 5.8 || g.Lon > 15.1 {
			t.Fatalf("bad municipality %+v", g)
		}
		if i > 0 && all[i-1].AGS >= g.AGS {
			t.Fatalf("not ordered by AGS at %s", g.AGS)
		}
	}
	if pop != 83232283 {
		t.Errorf("population %d, want 83232283", pop)
	}
	for code, n := range map[string]int{"DE-RP": 2301, "DE-BY": 2056, "DE-SH": 1104, "DE-BW": 1101, "DE-HB": 2, "DE-HH": 1, "DE-BE": 1} {
		if perState[code] != n {
			t.Errorf("%s has %d municipalities, want %d", code, perState[code], n)
		}
	}
	if len(perState) != 16 {
		t.Errorf("%d Länder in the directory, want 16", len(perState))
	}
	g, ok := d.ByAGS("08222000")
	if !ok || g.NamePlain != "Mannheim" || g.State != "DE-BW" || g.Population != 311831 {
		t.Fatalf("ByAGS(08222000) = %+v, %v; want Mannheim, DE-BW, 311831", g, ok)
	}
	m := d.Municipality(g)
	if m.ID != "DE:08222000" || m.Country != "DE" || m.AGS != "08222000" || m.State != "DE-BW" || m.Name != "Mannheim" ||
		m.KreisCode != "08222" || m.Population != 311831 || !m.HasCoords || m.Level != "Stadt" {
		t.Errorf("Municipality(Mannheim) = %+v", m)
	}
	if len(m.AltNames) != 1 || m.AltNames[0] != "Mannheim, Universitätsstadt" {
		t.Errorf("Mannheim's other names = %v", m.AltNames)
	}
	if _, ok := d.ByAGS("99999999"); ok {
		t.Error("ByAGS(99999999) found something")
	}
}

func TestResolve(t *testing.T) {
	d, err := LoadGermany()
	if err != nil {
		t.Fatal(err)
	}
	type q struct {
		name, state string
		lat, lon    float64
		coords      bool
	}
	for _, tc := range []struct {
		q    q
		ags  string // want this AGS, or
		code string // this error code
		msg  []string
	}{
		{q: q{name: "Mannheim"}, ags: "08222000"},
		{q: q{name: "Mannheim", state: "BW"}, ags: "08222000"},
		{q: q{name: "mannheim", state: "Baden-Württemberg"}, ags: "08222000"},
		{q: q{name: "Mannheim, Universitätsstadt"}, ags: "08222000"},
		{q: q{name: "Mannheim, Stadt", state: "DE-BW"}, ags: "08222000"},
		{q: q{name: "Stadt Mannheim"}, ags: "08222000"},
		{q: q{name: "08222000"}, ags: "08222000"},
		{q: q{name: "München"}, ags: "09162000"},
		{q: q{name: "Muenchen"}, ags: "09162000"},
		{q: q{name: "Munich"}, ags: "09162000"},
		{q: q{name: "Landeshauptstadt München"}, ags: "09162000"},
		{q: q{name: "Cologne"}, ags: "05315000"},
		{q: q{name: "Koeln"}, ags: "05315000"},
		{q: q{name: "Nuremberg"}, ags: "09564000"},
		{q: q{name: "Hanover"}, ags: "03241001"},
		{q: q{name: "Dusseldorf"}, ags: "05111000"},
		{q: q{name: "Frankfurt am Main"}, ags: "06412000"},
		{q: q{name: "Frankfurt (Oder)"}, ags: "12053000"},
		{q: q{name: "Frankfurt an der Oder"}, ags: "12053000"},
		{q: q{name: "Frankfurt/Oder"}, ags: "12053000"},
		{q: q{name: "Frankfurt", state: "Hessen"}, ags: "06412000"},
		{q: q{name: "Frankfurt", state: "BB"}, ags: "12053000"},
		{q: q{name: "Frankfurt", lat: 52.35, lon: 14.55, coords: true}, ags: "12053000"},
		{q: q{name: "Frankfurt", lat: 50.11, lon: 8.68, coords: true}, ags: "06412000"},
		{q: q{name: "Halle (Saale)"}, ags: "15002000"},
		{q: q{name: "Halle an der Saale"}, ags: "15002000"},
		{q: q{name: "Halle", state: "Sachsen-Anhalt"}, ags: "15002000"},
		{q: q{name: "Halle (Westf.)"}, ags: "05754012"},
		{q: q{name: "Freiburg im Breisgau"}, ags: "08311000"},
		{q: q{name: "Heide, Stadt"}, ags: "01051044"},
		{q: q{name: "Lutherstadt Wittenberg"}, ags: "15091375"},
		{q: q{name: "Lübben (Spreewald)"}, ags: "12061316"},
		{q: q{name: "Berlin"}, ags: "11000000"},
		{q: q{name: "Neustadt an der Weinstraße"}, ags: "07316000"},
		{q: q{name: "Neumarkt in der Oberpfalz"}, ags: "09373147"},
		{q: q{name: "Halle (Westfalen)"}, ags: "05754012"},
		{q: q{name: "Sankt Ingbert"}, ags: "10045117"},
		{q: q{name: "Frankfurt"}, code: graph.EINVALID, msg: []string{"ambiguous", "06412000", "12053000", "DE-HE", "DE-BB"}},
		{q: q{name: "Halle"}, code: graph.EINVALID, msg: []string{"ambiguous", "15002000", "05754012", "Holzminden"}},
		{q: q{name: "Neustadt"}, code: graph.EINVALID, msg: []string{"ambiguous", "Neustadt an der Weinstraße", "more"}},
		{q: q{name: "Munster"}, code: graph.EINVALID, msg: []string{"ambiguous", "Münster", "Munster"}},
		{q: q{name: "Nirgendwo"}, code: graph.ENOTFOUND, msg: []string{`no German municipality "Nirgendwo"`}},
		{q: q{name: "Berlin", state: "Bayern"}, code: graph.ENOTFOUND, msg: []string{"in DE-BY"}},
		{q: q{name: "Mannheim", lat: 52.52, lon: 13.40, coords: true}, code: graph.ENOTFOUND, msg: []string{"within 30 km", "08222000", "km away"}},
		{q: q{name: "Mannheim", state: "Hogwarts"}, code: graph.EINVALID, msg: []string{`unknown Land "Hogwarts"`}},
		{q: q{name: "  "}, code: graph.EINVALID, msg: []string{"empty"}},
	} {
		g, err := d.Resolve(tc.q.name, tc.q.state, tc.q.lat, tc.q.lon, tc.q.coords)
		if tc.ags != "" {
			if err != nil || g.AGS != tc.ags {
				t.Errorf("Resolve(%+v) = %s, %v; want %s", tc.q, g.AGS, err, tc.ags)
			}
			continue
		}
		if err == nil || graph.ErrorCode(err) != tc.code {
			t.Errorf("Resolve(%+v) = %s, %v; want a %s error", tc.q, g.AGS, err, tc.code)
			continue
		}
		for _, m := range tc.msg {
			if !strings.Contains(graph.ErrorMessage(err), m) {
				t.Errorf("Resolve(%+v): error %q does not mention %q", tc.q, err, m)
			}
		}
	}
}

// TestResolveWikidataOrigins resolves the German towns of the Wikidata
// twin-town file with their coordinates: nearly all must be found, and
// the ones the seed facts name must be found right.
func TestResolveWikidataOrigins(t *testing.T) {
	d, err := LoadGermany()
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(openRealData(t, "sister_cities_germany_wikidata_2017.tsv.gz"))
	r.Comma, r.LazyQuotes = '\t', true
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found, missed := map[string]string{}, map[string]bool{}
	for _, rec := range recs[1:] {
		lat, _ := strconv.ParseFloat(rec[2], 64)
		lon, _ := strconv.ParseFloat(rec[3], 64)
		g, err := d.Resolve(rec[0], "", lat, lon, true)
		if err != nil {
			missed[rec[0]] = true
			continue
		}
		found[rec[0]] = g.AGS
	}
	// Some labels are former municipalities or city districts (Charlottenburg, Wörlitz); those must fail.
	if n := len(found) + len(missed); len(missed)*100 > 8*n {
		t.Errorf("%d of %d German towns not resolved, want under 8%%", len(missed), n)
	}
	for name, ags := range map[string]string{"Mannheim": "08222000", "Munich": "09162000", "Cologne": "05315000",
		"Frankfurt": "06412000", "Halle": "15002000", "Nuremberg": "09564000", "Hanover": "03241001"} {
		if found[name] != ags {
			t.Errorf("%s resolved to %q, want %s", name, found[name], ags)
		}
	}
	for _, district := range []string{"Charlottenburg", "Kreuzberg", "Neukölln"} {
		if ags, ok := found[district]; ok {
			t.Errorf("district %s resolved to %s, want no municipality", district, ags)
		}
	}
	t.Logf("%d German towns resolved, %d not", len(found), len(missed))
}

func TestCountries(t *testing.T) {
	c, err := LoadCountries()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ cell, code, region string }{
		{"England", "GB", "England"},
		{"Wales", "GB", "Wales"},
		{"Wales, United Kingdom", "GB", "Wales"},
		{"Brandenburg, Germany", "DE", "Brandenburg"},
		{"Georgia (country)", "GE", ""},
		{"Georgia", "GE", ""},
		{"Vereinigte Staaten von Amerika", "US", ""},
		{"USA", "US", ""},
		{"United States of America", "US", ""},
		{"the Netherlands", "NL", ""},
		{"Niederlande", "NL", ""},
		{"Westjordanland", "PS", ""},
		{"Türkei", "TR", ""},
		{"Turkey", "TR", ""},
		{"Czech Republic", "CZ", ""},
		{"Tschechien", "CZ", ""},
		{"People's Republic of China", "CN", ""},
		{"Vereinigtes Königreich", "GB", ""},
		{"North Macedonia", "MK", ""},
		{"Bosnia and Herzegovina", "BA", ""},
		{"Kosovo", "XK", ""},
		{"Deutschland", "DE", ""},
		{"Polen", "PL", ""},
		{"de", "DE", ""}, {"DE", "DE", ""}, {"deu", "DE", ""}, {"DEU", "DE", ""}, {"Ukr", "UA", ""}, {"gb", "GB", ""}, {"UK", "GB", ""},
	} {
		code, region, ok := c.Resolve(tc.cell)
		if !ok || code != tc.code || region != tc.region {
			t.Errorf("Resolve(%q) = %q, %q, %v; want %q, %q", tc.cell, code, region, ok, tc.code, tc.region)
		}
	}
	for _, cell := range []string{"", "Atlantis", "XX", "ZZZ", "Germany Germany", "t430222130"} {
		if code, _, ok := c.Resolve(cell); ok {
			t.Errorf("Resolve(%q) = %q, want no country", cell, code)
		}
	}
	if got := c.Name("DE", "de"); got != "Deutschland" {
		t.Errorf("Name(DE, de) = %q", got)
	}
	if got := c.Name("de", "en"); got != "Germany" {
		t.Errorf("Name(de, en) = %q", got)
	}
	if got := c.Name("PS", "de"); got == "" {
		t.Error("no German name for PS")
	}
	if got := c.Name("XX", "de"); got != "" {
		t.Errorf("Name(XX) = %q, want none", got)
	}
	if got := c.Alpha3("UA"); got != "UKR" {
		t.Errorf("Alpha3(UA) = %q", got)
	}
}

// TestCountriesCoverCLDRLists checks the country table against the CLDR
// lists in the shared data: every code is known and every German and
// English name resolves to its code.
func TestCountriesCoverCLDRLists(t *testing.T) {
	c, err := LoadCountries()
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, code := range c.Codes() {
		codes[code] = true
	}
	for _, file := range []string{"countries_cldr_de.csv", "countries_cldr_en.csv", "country_name_aliases_de.csv"} {
		recs, err := csv.NewReader(openRealData(t, file)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs[1:] {
			name, code := rec[1], rec[0]
			if file == "country_name_aliases_de.csv" {
				name, code = rec[0], rec[1]
			}
			if !codes[code] {
				t.Errorf("%s: code %s unknown", file, code)
			}
			if got, _, ok := c.Resolve(name); !ok || got != code {
				t.Errorf("%s: Resolve(%q) = %q, %v; want %s", file, name, got, ok, code)
			}
		}
	}
	// The country names two other lists use: the Covenant of Mayors
	// signatories (country_name) and the Global Parliament of Mayors'
	// declaration (only its distinct country strings are in the repository).
	recs, err := csv.NewReader(openRealData(t, "covenant_of_mayors_signatories_jrc_2024.csv.gz")).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, rec := range recs[1:] {
		names[rec[3]] = "covenant_of_mayors_signatories_jrc_2024.csv"
	}
	sc := bufio.NewScanner(openRealData(t, "gpm_declaration_country_names.txt"))
	for sc.Scan() {
		names[sc.Text()] = "gpm_declaration_country_names.txt"
	}
	if len(names) < 80 {
		t.Fatalf("only %d country names read", len(names))
	}
	for name, file := range names {
		if _, _, ok := c.Resolve(name); !ok {
			t.Errorf("%s: country %q not resolved", file, name)
		}
	}
}
