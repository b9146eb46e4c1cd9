package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// newImporter loads the reference data once per test.
func newImporter(t testing.TB) *Importer {
	t.Helper()
	d, err := gazetteer.LoadGermany()
	if err != nil {
		t.Fatal(err)
	}
	c, err := gazetteer.LoadCountries()
	if err != nil {
		t.Fatal(err)
	}
	return New(d, c)
}

func readFile(t *testing.T, im *Importer, file string, opt Options) (*Result, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	return im.Read(context.Background(), filepath.Join("testdata", file), bytes.NewReader(b), opt)
}

// pairsMap is the --map for testdata/pairs_mapped.csv.
var pairsMap = map[string]string{"city_a": "Ort 1", "country_a": "Staat 1", "lat_a": "Breite 1", "lon_a": "länge 1",
	"city_b": "5", "country_b": "Staat 2", "kind": "Typ", "since": "Datum"}

// links returns the batch's partnerships as "A B KIND SINCE" strings.
func links(b *graph.Batch) map[string]bool {
	out := map[string]bool{}
	for _, p := range b.Partnerships {
		out[p.A+" "+p.B+" "+string(p.Kind)+" "+p.Since.String()] = true
	}
	return out
}

// checkBatch checks what every good batch must satisfy: links name
// municipalities of the batch, ends are ordered, every record has its source.
func checkBatch(t testing.TB, file string, b *graph.Batch) {
	t.Helper()
	ids := map[string]bool{}
	for _, m := range b.Municipalities {
		if ids[m.ID] {
			t.Errorf("%s: municipality %s twice", file, m.ID)
		}
		ids[m.ID] = true
		if len(m.Sources) != 1 || m.Sources[0].File != file || m.Sources[0].Line < 2 {
			t.Errorf("%s: municipality %s has sources %v", file, m.ID, m.Sources)
		}
	}
	keys := map[string]bool{}
	for _, p := range b.Partnerships {
		if !ids[p.A] || !ids[p.B] || p.A >= p.B || !p.Kind.Valid() {
			t.Errorf("%s: bad partnership %+v", file, p)
		}
		if keys[p.Key()] {
			t.Errorf("%s: partnership %s twice", file, p.Key())
		}
		keys[p.Key()] = true
		if len(p.Sources) == 0 || p.Sources[0].File != file || p.Sources[0].Line < 2 {
			t.Errorf("%s: partnership %s has sources %v", file, p.Key(), p.Sources)
		}
	}
	for _, m := range b.Memberships {
		if !ids[m.Municipality] || len(m.Sources) == 0 {
			t.Errorf("%s: bad membership %+v", file, m)
		}
	}
	for _, l := range b.OrgLinks {
		if !ids[l.Municipality] || len(l.Sources) == 0 {
			t.Errorf("%s: bad organisation link %+v", file, l)
		}
	}
}

func TestReadKinds(t *testing.T) {
	im := newImporter(t)
	for _, tc := range []struct {
		file      string
		opt       Options
		kind      Kind
		enc       string
		rows      int
		munis     int
		wantLinks []string
		check     func(t *testing.T, b *graph.Batch)
	}{
		{file: "rgre_formats.csv", kind: KindRGRE, enc: "UTF-8", rows: 7, munis: 14, wantLinks: []string{
			"DE:08222000 GB:swansea PARTNERSHIP 1957",
			"DE:09162000 FR:bordeaux PARTNERSHIP 1964-05",
			"DE:12053000 PL:slubice FRIENDSHIP 1990-05-01",
			"DE:08212000 DE:15002000 CONTACT 1990-05-01",
			"DE:06412000 UA:kyiv PROJECT 2022-06",
			"DE:05315000 NL:rotterdam PROJECT ",
			"DE:03241001 PL:poznan FRIENDSHIP 1979-05-01",
		}, check: func(t *testing.T, b *graph.Batch) {
			p := b.Partnerships[0]
			if !reflect.DeepEqual(p.Topics, []string{"Klima", "SDG11"}) || p.Sources[0].SourceID != "synthetic-1" || p.Sources[0].Line != 2 {
				t.Errorf("first link: topics %v, sources %v", p.Topics, p.Sources)
			}
			if p := b.Partnerships[2]; !reflect.DeepEqual(p.Topics, []string{"Jugend", "SDG17"}) {
				t.Errorf("Frankfurt (Oder) topics %v", p.Topics)
			}
			if p := b.Partnerships[3]; p.Until != graph.NewDate(2001, 0, 0) || p.Status != graph.StatusEnded {
				t.Errorf("Halle-Karlsruhe: until %v, status %q; want 2001, ENDED", p.Until, p.Status)
			}
			if p := b.Partnerships[4]; !reflect.DeepEqual(p.Topics, []string{"SDG16"}) {
				t.Errorf("Frankfurt am Main topics %v", p.Topics)
			}
		}},
		{file: "rgre_english_bom.csv", kind: KindRGRE, enc: "UTF-8", rows: 4, munis: 7, wantLinks: []string{
			"DE:08222000 UA:chernivtsi PARTNERSHIP 2022",
			"DE:08222000 GB:windsor FRIENDSHIP ",
			"DE:08311000 UA:lviv PARTNERSHIP 1989",
			"DE:09564000 PL:krakow CONTACT 1979",
		}, check: func(t *testing.T, b *graph.Batch) {
			if !reflect.DeepEqual(b.Partnerships[0].Topics, []string{"SDG11", "SDG16"}) {
				t.Errorf("topics %v", b.Partnerships[0].Topics)
			}
		}},
		{file: "rgre_cp1252.csv", kind: KindRGRE, enc: "Windows-1252", rows: 8, munis: 16, wantLinks: []string{
			"DE:09162000 FR:bordeaux PARTNERSHIP 1964",
			"DE:05315000 FI:turku PARTNERSHIP 1967",
			"DE:05111000 GB:reading PARTNERSHIP 1988",
			"DE:03355022 DK:naestved FRIENDSHIP 1989-05",
			"DE:09663000 FR:caen PARTNERSHIP 1962",
			"DE:14626110 PL:zgorzelec PARTNERSHIP 1991-05-01",
			"DE:10041100 FR:nantes PARTNERSHIP 1965",
			"DE:08222000 TR:kilis PROJECT ",
		}, check: func(t *testing.T, b *graph.Batch) {
			for _, m := range b.Municipalities {
				if m.ID == "DE:09162000" && m.Name != "München" {
					t.Errorf("München decoded as %q", m.Name)
				}
			}
		}},
		{file: "pairs_mapped.csv", opt: Options{Map: pairsMap}, kind: KindPairs, enc: "UTF-8", rows: 13, munis: 21, wantLinks: []string{
			"DE:08222000 GB:swansea PARTNERSHIP 1957",
			"CH:luzern DE:12054000 PARTNERSHIP 2002",
			"DE:10041100 GE:tbilisi PARTNERSHIP 1975",
			"DE:06412000 US:philadelphia PARTNERSHIP 2015",
			"DE:06412000 UA:kyiv PARTNERSHIP ",
			"DE:15002000 FI:oulu PARTNERSHIP ",
			"DE:09564000 US:atlanta FRIENDSHIP ",
			"DE:08222000 PS:hebron PROJECT ",
			"DE:05315000 NL:rotterdam PARTNERSHIP ",
			"CZ:brno DE:08111000 PARTNERSHIP ",
			"DE:08222000 TR:kilis PROJECT ",
			"DE:08222000 GB:windsor FRIENDSHIP ",
			"CH:luzern PL:bydgoszcz PARTNERSHIP ",
		}, check: func(t *testing.T, b *graph.Batch) {
			for _, m := range b.Municipalities {
				if m.ID == "GB:swansea" && (m.Region != "Wales" || m.Country != "GB") {
					t.Errorf("Swansea: %+v", m)
				}
			}
		}},
		{file: "sister_cities_wikidata_sample.tsv", opt: Options{SkipInvalid: true}, kind: KindPairs, enc: "UTF-8", rows: 30, wantLinks: []string{
			"DE:08222000 LT:klaipeda PARTNERSHIP ",
			"CA:windsor DE:08222000 PARTNERSHIP ",
			"CN:zhenjiang DE:08222000 PARTNERSHIP ",
			"DE:08222000 DE:14627230 PARTNERSHIP ", // Riesa
			"DE:05754012 FR:ronchin PARTNERSHIP ",  // "Halle" near Gütersloh is Halle (Westf.)
			"DE:06412000 PL:krakow PARTNERSHIP ",
			"DE:15002000 FI:oulu PARTNERSHIP ",
			"DE:09162000 GB:edinburgh PARTNERSHIP ",
			"BE:liege DE:05315000 PARTNERSHIP ",
			"DE:03241001 PL:poznan PARTNERSHIP ",
		}, check: func(t *testing.T, b *graph.Batch) {
			// 30 rows: the Berlin Bezirk Charlottenburg-Wilmersdorf is a place
			// of its own; Neustadt (Eichsfeld), merged in 2019, is placed in
			// Am Ohmberg by its coordinates.
			if len(b.Partnerships) != 30 {
				t.Errorf("%d links, want 30", len(b.Partnerships))
			}
			if !slices.ContainsFunc(b.Municipalities, func(m graph.Municipality) bool { return m.ID == "DE:16061116" }) {
				t.Error("Neustadt (Eichsfeld) not placed in Am Ohmberg (DE:16061116)")
			}
		}},
		{file: "memberships.csv", kind: KindMemberships, enc: "UTF-8", rows: 5, munis: 3, check: func(t *testing.T, b *graph.Batch) {
			want := []graph.Network{{ID: "covenant-of-mayors", Name: "Covenant of Mayors"}, {ID: "eurocities", Name: "Eurocities"}, {ID: "mayors-for-peace", Name: "Mayors for Peace"}}
			if !reflect.DeepEqual(b.Networks, want) {
				t.Errorf("networks %v", b.Networks)
			}
			m := b.Memberships[0]
			if m.Municipality != "DE:08222000" || m.Network != "covenant-of-mayors" || m.Since != graph.NewDate(2010, 3, 30) || m.Role != "signatory" {
				t.Errorf("first membership %+v", m)
			}
			if len(b.Memberships) != 5 || b.Memberships[3].Municipality != "UA:lviv" || b.Memberships[2].Municipality != "DE:09162000" {
				t.Errorf("memberships %+v", b.Memberships)
			}
		}},
		{file: "orglinks.csv", kind: KindOrgLinks, enc: "UTF-8", rows: 3, munis: 2, check: func(t *testing.T, b *graph.Batch) {
			if len(b.Organisations) != 3 || b.Organisations[0] != (graph.Organisation{ID: "un-habitat", Name: "UN-Habitat"}) {
				t.Errorf("organisations %v", b.Organisations)
			}
			l := b.OrgLinks[0]
			if l.Municipality != "DE:08222000" || l.Organisation != "un-habitat" || l.Topic != "SDG 11" || l.Since != graph.NewDate(2019, 0, 0) {
				t.Errorf("first link %+v", l)
			}
			if b.OrgLinks[2].Municipality != "DE:05314000" {
				t.Errorf("Bonn resolved to %s", b.OrgLinks[2].Municipality)
			}
		}},
		{file: "rgre_counts_by_state.csv", kind: KindCounts, enc: "UTF-8", rows: 16},
		{file: "alliance_actors.csv", kind: KindActors, enc: "UTF-8", rows: 12, munis: 1, check: func(t *testing.T, b *graph.Batch) {
			if len(b.Organisations) != 12 {
				t.Fatalf("%d organisations, want 12", len(b.Organisations))
			}
			want := graph.Organisation{ID: "nachbarschaftstreff-quadrate", Name: "Nachbarschaftstreff Quadrate", Type: "Verein", Municipality: "DE:08222000"}
			if b.Organisations[0] != want {
				t.Errorf("first actor %+v, want %+v", b.Organisations[0], want)
			}
			if len(b.Cooperations)+len(b.OrgLinks)+len(b.Partnerships) != 0 {
				t.Errorf("an actors file gave links: %+v", b)
			}
		}},
		{file: "alliance_cooperations.csv", kind: KindCooperations, enc: "UTF-8", rows: 16, check: func(t *testing.T, b *graph.Batch) {
			if len(b.Cooperations) != 16 || len(b.Organisations) != 0 {
				t.Fatalf("%d cooperations, %d organisations; want 16 and 0", len(b.Cooperations), len(b.Organisations))
			}
			c := b.Cooperations[3]
			want := graph.Cooperation{A: "beratungsstelle-ankommen", B: "sprachcafe-mosaik", Kind: "Projekt", Since: graph.NewDate(2020, 0, 0),
				Topics: []string{"Beratung", "Sprache"}, Sources: []graph.Source{{File: "alliance_cooperations.csv", Line: 5}}}
			if !reflect.DeepEqual(c, want) {
				t.Errorf("line 5 gave %+v, want %+v (ends in order)", c, want)
			}
		}},
		{file: "rgre_title_rows.csv", kind: KindRGRE, enc: "UTF-8", rows: 1, munis: 2, wantLinks: []string{
			"DE:08222000 PL:bydgoszcz PARTNERSHIP ",
		}, check: func(t *testing.T, b *graph.Batch) {
			if line := b.Partnerships[0].Sources[0].Line; line != 4 {
				t.Errorf("link from line %d, want 4", line)
			}
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			res, err := readFile(t, im, tc.file, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if res.Kind != tc.kind || res.Encoding != tc.enc || res.Rows != tc.rows {
				t.Errorf("kind %q, encoding %q, rows %d; want %q, %q, %d", res.Kind, res.Encoding, res.Rows, tc.kind, tc.enc, tc.rows)
			}
			b := res.Batch
			checkBatch(t, tc.file, b)
			if tc.munis > 0 && len(b.Municipalities) != tc.munis {
				t.Errorf("%d municipalities, want %d", len(b.Municipalities), tc.munis)
			}
			got := links(b)
			for _, l := range tc.wantLinks {
				if !got[l] {
					t.Errorf("missing link %q; have %v", l, got)
				}
			}
			if tc.wantLinks != nil && tc.kind != KindPairs && len(got) != len(tc.wantLinks) {
				t.Errorf("%d links, want %d", len(got), len(tc.wantLinks))
			}
			raw, _ := os.ReadFile(filepath.Join("testdata", tc.file))
			sum := sha256.Sum256(raw)
			want := graph.ImportRecord{File: tc.file, SHA256: hex.EncodeToString(sum[:]), Kind: string(tc.kind), Rows: tc.rows}
			if b.Import != want {
				t.Errorf("import record %+v, want %+v", b.Import, want)
			}
			if tc.check != nil {
				tc.check(t, b)
			}
		})
	}
}

// TestSeedMannheimPartners imports the nine partner and friendship cities
// of seed fact F3 with the countries as the source gives them.
func TestSeedMannheimPartners(t *testing.T) {
	im := newImporter(t)
	res, err := readFile(t, im, "mannheim_partners_f3.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Bydgoszcz": "PL", "Chernivtsi": "UA", "Haifa": "IL", "Hebron": "PS", "Kilis": "TR",
		"Klaipėda": "LT", "Quingdao": "CN", "Windsor": "GB", "Zhenjiang": "CN"}
	byID := map[string]graph.Municipality{}
	for _, m := range res.Batch.Municipalities {
		byID[m.ID] = m
	}
	if m := byID["DE:08222000"]; m.Name != "Mannheim" || m.State != "DE-BW" {
		t.Errorf("Mannheim: %+v", m)
	}
	got := map[string]string{}
	countries := map[string]bool{}
	for _, p := range res.Batch.Partnerships {
		other := p.A
		if other == "DE:08222000" {
			other = p.B
		} else if p.B != "DE:08222000" {
			t.Errorf("link %s does not touch Mannheim", p.Key())
		}
		m := byID[other]
		got[m.Name] = m.Country
		countries[m.Country] = true
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("partners %v, want %v", got, want)
	}
	// F4: 8 distinct countries (GB, PS, PL, UA, IL, TR, LT, CN); China twice.
	if len(countries) != 8 {
		t.Errorf("%d countries, want 8", len(countries))
	}
	if m := byID["GB:windsor"]; m.Region != "England" {
		t.Errorf("Windsor: %+v", m)
	}
}

// TestSeedCountsPerLand imports the RGRE counts per Land: 16 Länder,
// summing to 6,694 (seed facts A2, A4, A5, A6).
func TestSeedCountsPerLand(t *testing.T) {
	im := newImporter(t)
	res, err := readFile(t, im, "rgre_counts_by_state.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	sum := 0
	for _, c := range res.Batch.StateCounts {
		counts[c.State] = c.Partnerships
		sum += c.Partnerships
	}
	if len(res.Batch.StateCounts) != 16 || len(counts) != 16 {
		t.Fatalf("%d counts, want 16", len(res.Batch.StateCounts))
	}
	if sum != 6694 {
		t.Errorf("sum %d, want 6694", sum)
	}
	if counts["DE-BW"] != 1252 || counts["DE-HH"] != 8 {
		t.Errorf("BW %d, HH %d; want 1252, 8", counts["DE-BW"], counts["DE-HH"])
	}
	if top3 := counts["DE-BW"] + counts["DE-BY"] + counts["DE-NW"]; top3 != 3422 {
		t.Errorf("BW+BY+NW = %d, want 3422", top3)
	}
	if east := counts["DE-BB"] + counts["DE-MV"] + counts["DE-SN"] + counts["DE-ST"] + counts["DE-TH"]; east != 871 {
		t.Errorf("eastern Länder %d, want 871", east)
	}
}

func TestProblems(t *testing.T) {
	im := newImporter(t)
	for _, tc := range []struct {
		file string
		opt  Options
		want []string // each problem, in order; a trailing "…" matches a prefix
	}{
		{file: "bad_rows.csv", want: []string{
			`bad_rows.csv:2:21: Land: unknown country "Atlantis" (want a name in German or English, or an ISO 3166-1 code)`,
			`bad_rows.csv:3:1: Kommune: municipality "Neustadt" is ambiguous, give the Land or coordinates: Neustadt an der Weinstraße (Neustadt an der Weinstraße, kreisfreie Stadt, DE-RP, AGS 07316000, pop. 53,491); …`,
			`bad_rows.csv:4:1: Kommune: no German municipality "Nirgendwo" in DE-BY`,
			`bad_rows.csv:5:33: Seit: bad date "31.02.1990": no such day, month or year`,
			`bad_rows.csv:6:31: Art: unknown kind "Ehe" (want Partnerschaft, Freundschaft, Kontakt, Projektpartnerschaft or P, F, K, PP)`,
			`bad_rows.csv:7:10: Bundesland: unknown Land "Hogwarts" (want a name such as Bayern or Bavaria, or a code such as BY or DE-BY)`,
			`bad_rows.csv:8:33: Bis: ends (1999) before it begins (2000)`,
			`bad_rows.csv:9:13: Partnerkommune: "Mannheim" is the same place as "Mannheim": a link needs two places`,
			`bad_rows.csv:11:38: wrong delimiter or quoting: the row has 1 cell(s), the header has 7 (separated by semicolons)`,
		}},
		{file: "bad_cooperations.csv", want: []string{
			`bad_cooperations.csv:3:19: Akteur B: "Chor der Kulturen" and "chor der kulturen" are one actor: a cooperation needs two`,
			`bad_cooperations.csv:4:1: Akteur A: empty actor`,
			`bad_cooperations.csv:4:18: Seit: 2990 lies in the future (today is …`,
		}},
		{file: "bad_counts.csv", want: []string{
			`bad_counts.csv:3:10: state_code: unknown Land "XX" (want a name such as Bayern or Bavaria, or a code such as BY or DE-BY)`,
			`bad_counts.csv:4:11: partnerships: bad count "-3" (want a whole number, 0 or more)`,
			`bad_counts.csv:6:11: partnerships: bad count "7.69" (want a whole number, 0 or more)`,
			`bad_counts.csv:7:8: state_code: DE-BY is already counted on line 5`,
		}},
		{file: "missing_column.csv", want: []string{
			`missing_column.csv:1: partner: missing column: a rgre file needs a partner column (Partnerkommune or partner)`,
		}},
		{file: "rgre_formats.csv", opt: Options{Kind: KindCounts}, want: []string{
			`rgre_formats.csv:1: partnerships: missing column: a counts file needs a partnerships column (partnerships or Anzahl)`,
		}},
		{file: "wrong_delimiter.csv", want: []string{
			`wrong_delimiter.csv:1: wrong delimiter: the header is a single column separated by "|"; separate columns with commas, semicolons or tabs`,
		}},
		{file: "unknown_header.csv", want: []string{
			`unknown_header.csv:1: cannot tell the kind of file from its header "foo,bar,baz": …`,
		}},
		{file: "not_text.xlsx", want: []string{
			`not_text.xlsx: not a text file: a zip archive, such as an Excel workbook (.xlsx); save the sheet as CSV`,
		}},
		{file: "pairs_mapped.csv", opt: Options{Map: map[string]string{"city_a": "Ort 1", "country_a": "Nowhere", "citi_b": "Ort 2"}}, want: []string{
			`pairs_mapped.csv:1: --map citi_b=Ort 2: unknown field "citi_b" (want one of …`,
			`pairs_mapped.csv:1: --map country_a=Nowhere: the header has no column "Nowhere"`,
			`pairs_mapped.csv:1: country_a: missing column: a pairs file needs a country_a column (--map country_a=COLUMN)`,
			`pairs_mapped.csv:1: city_b: missing column: a pairs file needs a city_b column (--map city_b=COLUMN)`,
			`pairs_mapped.csv:1: country_b: missing column: a pairs file needs a country_b column (--map country_b=COLUMN)`,
		}},
		{file: "rgre_formats.csv", opt: Options{Kind: "xml"}, want: []string{
			`rgre_formats.csv: unknown kind "xml" (want rgre, pairs, memberships, orglinks, counts, aliases, actors or cooperations)`,
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			res, err := readFile(t, im, tc.file, tc.opt)
			var pe *ProblemsError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ProblemsError", err)
			}
			if graph.ErrorCode(err) != graph.EINVALID {
				t.Errorf("code %q, want %s", graph.ErrorCode(err), graph.EINVALID)
			}
			if res == nil || res.Batch != nil {
				t.Fatalf("result %+v: want problems and no batch", res)
			}
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.String())
			}
			if len(got) != len(tc.want) {
				t.Fatalf("%d problems, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if p, ok := strings.CutSuffix(w, "…"); ok && strings.HasPrefix(got[i], p) || got[i] == w {
					continue
				}
				t.Errorf("problem %d:\n got %s\nwant %s", i, got[i], w)
			}
			if err.Error() != strings.Join(got, "\n") {
				t.Errorf("Error() = %q, want the problems one per line", err.Error())
			}
		})
	}
}

func TestSkipInvalidAndRejects(t *testing.T) {
	im := newImporter(t)
	res, err := readFile(t, im, "bad_rows.csv", Options{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	// The ambiguous Neustadt and the unknown Nirgendwo are kept as
	// unresolved places of their own (identity.Unresolved).
	if len(res.Problems) != 7 || len(res.Rejected) != 7 {
		t.Fatalf("%d problems, %d rejected; want 7, 7", len(res.Problems), len(res.Rejected))
	}
	got := links(res.Batch)
	if len(got) != 3 || !got["DE:08222000 PL:bydgoszcz PARTNERSHIP 1991"] || !got["DE:neustadt~ambiguous~fr-bordeaux FR:bordeaux PARTNERSHIP 1964"] ||
		!got["DE:nirgendwo~unresolved~by FR:bordeaux PARTNERSHIP 1964"] {
		t.Errorf("links %v, want Mannheim-Bydgoszcz and the two unresolved places' links", got)
	}
	if res.IdentityCounts.UnresolvedRows != 2 || res.IdentityCounts.Unresolved != 2 {
		t.Errorf("identity counts %+v, want 2 unresolved places and rows", res.IdentityCounts)
	}
	checkBatch(t, "bad_rows.csv", res.Batch)
	var buf bytes.Buffer
	if err := WriteRejects(&buf, res); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 8 {
		t.Fatalf("%d reject lines, want header + 7", len(recs))
	}
	wantHead := []string{"Kommune", "Bundesland", "Partnerkommune", "Land", "Art", "Seit", "Bis", "line", "reason"}
	if !reflect.DeepEqual(recs[0], wantHead) {
		t.Errorf("header %v, want %v", recs[0], wantHead)
	}
	if r := recs[1]; len(r) != 9 || r[3] != "Atlantis" || r[7] != "2" || !strings.HasPrefix(r[8], `Land: unknown country "Atlantis"`) {
		t.Errorf("first reject %q", r)
	}
	if r := recs[7]; r[0] != "Mannheim,BW,Riesa,Deutschland,P,1988," || r[7] != "11" || !strings.HasPrefix(r[8], "wrong delimiter") {
		t.Errorf("last reject %q", r)
	}
	if res.Rejected[6].Line != 11 {
		t.Errorf("last reject on line %d, want 11", res.Rejected[8].Line)
	}
}

// TestMergeWithinFile reads a link from both sides and twice: one link,
// every source kept, the later dates filled in.
func TestMergeWithinFile(t *testing.T) {
	im := newImporter(t)
	in := "city_a;country_a;city_b;country_b;since\n" +
		"Mannheim;DE;Swansea;GB;\n" +
		"Swansea;United Kingdom;Mannheim;Deutschland;1957\n" +
		"Mannheim;Germany;Swansea;gbr;\n"
	res, err := im.Read(context.Background(), "x/both.csv", strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := res.Batch
	if len(b.Partnerships) != 1 || len(b.Municipalities) != 2 {
		t.Fatalf("%d links, %d places; want 1, 2", len(b.Partnerships), len(b.Municipalities))
	}
	p := b.Partnerships[0]
	want := []graph.Source{{File: "both.csv", Line: 2}, {File: "both.csv", Line: 3}, {File: "both.csv", Line: 4}}
	if p.A != "DE:08222000" || p.B != "GB:swansea" || p.Since != graph.NewDate(1957, 0, 0) || !reflect.DeepEqual(p.Sources, want) {
		t.Errorf("link %+v", p)
	}
}

// TestReadIsDeterministic reads a file twice: the same batch.
func TestReadIsDeterministic(t *testing.T) {
	im := newImporter(t)
	a, err := readFile(t, im, "pairs_mapped.csv", Options{Map: pairsMap})
	if err != nil {
		t.Fatal(err)
	}
	b, err := readFile(t, im, "pairs_mapped.csv", Options{Map: pairsMap})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Batch, b.Batch) {
		t.Error("two reads of one file differ")
	}
}

func TestEncodingsAndDelimiters(t *testing.T) {
	im := newImporter(t)
	rows := [][]string{{"Kommune", "Bundesland", "Partnerkommune", "Land"}, {"Köln", "NRW", "Liège", "Belgien"}}
	join := func(sep string) string {
		var b strings.Builder
		for _, r := range rows {
			b.WriteString(strings.Join(r, sep) + "\r\n")
		}
		return b.String()
	}
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range join("\t") {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	for _, tc := range []struct {
		name  string
		in    []byte
		enc   string
		delim rune
	}{
		{"comma", []byte(join(",")), "UTF-8", ','},
		{"semicolon", []byte(join(";")), "UTF-8", ';'},
		{"tab", []byte(join("\t")), "UTF-8", '\t'},
		{"bom", append([]byte("\xEF\xBB\xBF"), join(";")...), "UTF-8", ';'},
		{"utf16", utf16, "UTF-16", '\t'},
		{"cp1252", []byte(strings.NewReplacer("ö", "\xF6", "è", "\xE8").Replace(join(";"))), "Windows-1252", ';'},
	} {
		res, err := im.Read(context.Background(), tc.name, bytes.NewReader(tc.in), Options{})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if res.Encoding != tc.enc || res.Delimiter != tc.delim || !links(res.Batch)["BE:liege DE:05315000 PARTNERSHIP "] {
			t.Errorf("%s: encoding %q, delimiter %q, links %v", tc.name, res.Encoding, res.Delimiter, links(res.Batch))
		}
		if res.Batch.Municipalities[1].Name != "Liège" {
			t.Errorf("%s: partner named %q, want Liège", tc.name, res.Batch.Municipalities[1].Name)
		}
	}
}

func TestProgressAndCancel(t *testing.T) {
	im := newImporter(t)
	var b strings.Builder
	b.WriteString("city_a,country_a,city_b,country_b\n")
	for i := range 5000 {
		b.WriteString("Mannheim,DE,Town " + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + ",FR\n")
	}
	in := b.String()
	var calls int
	var last, total int64
	res, err := im.Read(context.Background(), "p.csv", strings.NewReader(in), Options{Size: int64(len(in)), Progress: func(n, tot int64) {
		if n < last {
			t.Errorf("progress went back from %d to %d", last, n)
		}
		calls++
		last, total = n, tot
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 4 || last != int64(len(in)) || total != int64(len(in)) {
		t.Errorf("%d progress calls, last %d of %d; want >= 4 calls ending at %d", calls, last, total, len(in))
	}
	if res.Rows != 5000 || len(res.Batch.Partnerships) != 26*26 {
		t.Errorf("rows %d, links %d; want 5000, %d", res.Rows, len(res.Batch.Partnerships), 26*26)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := im.Read(ctx, "p.csv", strings.NewReader(in), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled read: err = %v, want context.Canceled", err)
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want graph.Date
	}{
		{"", graph.Date{}},
		{"1957", graph.NewDate(1957, 0, 0)},
		{"05.1990", graph.NewDate(1990, 5, 0)},
		{"5.1990", graph.NewDate(1990, 5, 0)},
		{"05/1990", graph.NewDate(1990, 5, 0)},
		{"01.05.1990", graph.NewDate(1990, 5, 1)},
		{"1.5.1990", graph.NewDate(1990, 5, 1)},
		{"1990-05-01", graph.NewDate(1990, 5, 1)},
		{"1990-05", graph.NewDate(1990, 5, 0)},
		{"1990/05/01", graph.NewDate(1990, 5, 1)},
		{"29.02.2024", graph.NewDate(2024, 2, 29)},
	} {
		got, err := parseDate(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"57", "0957", "1990-13", "31.02.1990", "29.02.2023", "00.1990", "1990-5-1x", "May 1990", "1.5.90", "1990.05", "1990-05/01", "..", "12345", "-1990"} {
		if got, err := parseDate(in); err == nil {
			t.Errorf("parseDate(%q) = %v, want an error", in, got)
		}
	}
}

func TestParseKindStatusTopicsCount(t *testing.T) {
	for in, want := range map[string]graph.Kind{"": graph.KindPartnership, "P": graph.KindPartnership, "Partnerschaft": graph.KindPartnership,
		"f": graph.KindFriendship, "Freundschaft": graph.KindFriendship, "K": graph.KindContact, "Kontakt": graph.KindContact,
		"PP": graph.KindProject, "Projektpartnerschaft": graph.KindProject, "PROJECT": graph.KindProject, "friendship": graph.KindFriendship} {
		if got, err := parseKind(in); err != nil || got != want {
			t.Errorf("parseKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := parseKind("X"); err == nil {
		t.Error("parseKind(X) succeeded")
	}
	for in, want := range map[string]graph.Status{"": "", "aktiv": graph.StatusActive, "ruhend": graph.StatusPaused, "beendet": graph.StatusEnded} {
		if got, err := parseStatus(in); err != nil || got != want {
			t.Errorf("parseStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := parseStatus("vielleicht"); err == nil {
		t.Error("parseStatus(vielleicht) succeeded")
	}
	got, err := parseTopics("SDG 11; sdg11, SDG-16 ;Klima|Jugend; Ziel 11; Goal 4; Ziel 2030")
	if want := []string{"SDG11", "SDG11", "SDG16", "Klima", "Jugend", "SDG11", "SDG4", "Ziel 2030"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("parseTopics = %v, %v; want %v", got, err, want)
	}
	for _, in := range []string{"SDG 18", "SDG", "sdg x"} {
		if _, err := parseTopics(in); err == nil {
			t.Errorf("parseTopics(%q) succeeded", in)
		}
	}
	for in, want := range map[string]int{"0": 0, "1252": 1252, "1.252": 1252, "12 345": 12345} {
		if got, err := parseCount(in); err != nil || got != want {
			t.Errorf("parseCount(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-3", "7.69", "1.2345", "1252.", "x", "+5", "1234.567"} {
		if got, err := parseCount(in); err == nil {
			t.Errorf("parseCount(%q) = %d, want an error", in, got)
		}
	}
}

func TestParseKindOption(t *testing.T) {
	for _, in := range []string{"", "auto", "rgre", "PAIRS", "memberships", "orglinks", "counts"} {
		if _, err := ParseKind(in); err != nil {
			t.Errorf("ParseKind(%q): %v", in, err)
		}
	}
	if _, err := ParseKind("xml"); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("ParseKind(xml): %v, want EINVALID", err)
	}
}

// TestProblemsInline covers the remaining messages with small inputs.
func TestProblemsInline(t *testing.T) {
	im := newImporter(t)
	const rgre = "Kommune;Bundesland;Partnerkommune;Land;Themen;Status\n"
	const pairs = "city_a,country_a,lat_a,lon_a,city_b,country_b\n"
	for _, tc := range []struct {
		name, in string
		want     string
	}{
		{"empty", "", `empty: empty file: no header and no rows`},
		{"blank", " \n\n", `blank: empty file: no header and no rows`},
		{"control", "a\x01b\x02c\x03d\x04,e\x05\n", `control:1:2: cannot read the header: control character U+0001`},
		{"sdg", rgre + "Mannheim;BW;Swansea;GB;SDG 18;\n", `sdg:2:24: Themen: bad SDG "SDG 18" (want SDG 1 to SDG 17)`},
		{"status", rgre + "Mannheim;BW;Swansea;GB;;vielleicht\n", `status:2:25: Status: unknown status "vielleicht" (want aktiv, ruhend or beendet)`},
		{"noname", rgre + ";BW;Swansea;GB;;\n", `noname:2:1: Kommune: empty name`},
		{"nocountry", rgre + "Mannheim;BW;Swansea;;;\n", `nocountry:2:21: Land: empty country`},
		{"punct", rgre + "Mannheim;BW;---;GB;;\n", `punct:2:13: Partnerkommune: name "---" has no letters or digits`},
		{"lat", pairs + "Frankfurt,DE,95,8.6,Lyon,FR\n", `lat:2:14: lat_a: latitude: bad coordinate "95" (want a decimal number from -90 to 90)`},
		{"lon", pairs + "Frankfurt,DE,50.1,east,Lyon,FR\n", `lon:2:19: lon_a: longitude: bad coordinate "east" (want a decimal number from -180 to 180)`},
		{"network", "municipality,network\nMannheim,\n", `network:2:10: network: empty network name`},
		{"org", "municipality;organisation\nMannheim;!!\n", `org:2:10: organisation: empty organisation name`},
		{"land", "city_a,state_a,country_a,city_b,country_b\nPotsdam,Atlantis,DE,Lyon,FR\n", `land:2:9: state_a: unknown Land "Atlantis" (want a name such as Bayern or Bavaria, or a code such as BY or DE-BY)`},
		{"foreignde", pairs + "Lyon,FR,,,Paris,FR\nMannheim,\"Rhineland, Germany\",,,Nirgendwo,DE\n", `foreignde:3:33: city_b: no German municipality "Nirgendwo"`},
		{"quote", "Kommune;Partnerkommune;Land\nMannheim;\"Swansea;GB\n", `quote:2:10: the quote that opens this cell is never closed`},
	} {
		_, err := im.Read(context.Background(), tc.name, strings.NewReader(tc.in), Options{})
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s:\n got %v\nwant %s", tc.name, err, tc.want)
		}
	}
}

// TestSet fixes a field the file lacks, and names a bad --set key.
func TestSet(t *testing.T) {
	im := newImporter(t)
	in := "Kommune;Bundesland;Seit\nMannheim;BW;2010-03-30\nHeidelberg;BW;\n"
	res, err := im.Read(context.Background(), "cov.csv", strings.NewReader(in), Options{Set: map[string]string{"network": "Covenant of Mayors", "role": "signatory"}})
	if err != nil {
		t.Fatal(err)
	}
	b := res.Batch
	if res.Kind != KindMemberships || len(b.Memberships) != 2 || b.Networks[0].ID != "covenant-of-mayors" || b.Memberships[0].Role != "signatory" ||
		b.Memberships[0].Since != graph.NewDate(2010, 3, 30) || b.Memberships[1].Municipality != "DE:08221000" {
		t.Errorf("kind %q, batch %+v", res.Kind, b)
	}
	_, err = im.Read(context.Background(), "cov.csv", strings.NewReader(in), Options{Set: map[string]string{"netwerk": "X"}})
	if err == nil || !strings.HasPrefix(err.Error(), `cov.csv:1: --set netwerk=X: unknown field "netwerk"`) {
		t.Errorf("err = %v", err)
	}
}

// TestKreise resolves district partnerships: a Landkreis by its marker or
// its bare name, a Stadtkreis to its city.
func TestKreise(t *testing.T) {
	im := newImporter(t)
	in := "Kommune;Bundesland;Partnerkommune;Land\n" +
		"Landkreis Esslingen;BW;Pirkanmaa;Finnland\n" +
		"Stadtkreis Heidelberg;BW;Cambridge;GB\n" +
		"Emsland;NI;Gmina Wisznice;Polen\n" +
		"Rhein-Neckar-Kreis;;Landkreis Oder-Spree;Deutschland\n"
	res, err := im.Read(context.Background(), "kreise.csv", strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := links(res.Batch)
	for _, l := range []string{"DE:08116 FI:pirkanmaa PARTNERSHIP ", "DE:08221000 GB:cambridge PARTNERSHIP ",
		"DE:03454 PL:wisznice PARTNERSHIP ", "DE:08226 DE:12067 PARTNERSHIP "} {
		if !got[l] {
			t.Errorf("missing %q; have %v", l, got)
		}
	}
	for _, m := range res.Batch.Municipalities {
		if m.ID == "DE:08116" && (m.Level != "Kreis" || m.Name != "Landkreis Esslingen" || m.State != "DE-BW") {
			t.Errorf("Landkreis Esslingen: %+v", m)
		}
	}
	_, err = im.Read(context.Background(), "k.csv", strings.NewReader("Kommune;Bundesland;Partnerkommune;Land\nLandkreis Nirgendwo;BY;Lyon;FR\n"), Options{})
	if err == nil || err.Error() != `k.csv:2:1: Kommune: no German Kreis "Landkreis Nirgendwo" in DE-BY` {
		t.Errorf("err = %v", err)
	}
}

// TestBlankRows skips rows with no text, as spreadsheets leave them.
func TestBlankRows(t *testing.T) {
	im := newImporter(t)
	in := "Kommune;Bundesland;Partnerkommune;Land\r\nMannheim;BW;Bydgoszcz;Polen\r\n;;;\r\n   \r\n;;\r\n\r\n"
	res, err := im.Read(context.Background(), "blank.csv", strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 1 || len(res.Batch.Partnerships) != 1 {
		t.Errorf("%d rows, %d links; want 1, 1", res.Rows, len(res.Batch.Partnerships))
	}
}

// TestForeignRegionFromCountryCell keeps the region the country cell gives
// and resolves a German end by the Land in "Brandenburg, Germany".
func TestForeignRegionFromCountryCell(t *testing.T) {
	im := newImporter(t)
	in := "city_a,country_a,city_b,country_b\nFrankfurt,\"Brandenburg, Germany\",Słubice,\"Lubusz, Poland\"\n"
	res, err := im.Read(context.Background(), "r.csv", strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := links(res.Batch); !got["DE:12053000 PL:slubice PARTNERSHIP "] {
		t.Errorf("links %v", got)
	}
	if m := res.Batch.Municipalities[1]; m.Region != "Lubusz" || m.Name != "Słubice" || m.Country != "PL" {
		t.Errorf("Słubice: %+v", m)
	}
}

// TestPlaceIDs keeps the GeoNames id of a foreign place matched to the
// world gazetteer and the Wikidata QID a row gives for either end (as Q64,
// wd:Q…, or the item's URL); a cell that is no QID is a problem in its
// column.
func TestPlaceIDs(t *testing.T) {
	im := newImporter(t)
	in := "city_a\tcountry_a\twikidata_a\tcity_b\tcountry_b\tqid_b\n" +
		"Berlin\tDE\thttp://www.wikidata.org/entity/Q64\tKiew\tUkraine\twd:Q1899\n" +
		"Berlin\tDE\t\tLwiw\tUkraine\tQ36036\n" +
		"Ostdorf-unbekannt\tUkraine\tQ999999999\tBerlin\tDE\t\n"
	res, err := im.Read(context.Background(), "q.tsv", strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]graph.Municipality{}
	for _, m := range res.Batch.Municipalities {
		got[m.ID] = m
	}
	for id, want := range map[string]struct {
		geonames int64
		qid      string
	}{"DE:11000000": {0, "Q64"}, "UA:kyiv": {703448, "Q1899"}, "UA:lviv": {702550, "Q36036"}, "UA:ostdorf-unbekannt": {0, "Q999999999"}} {
		if m := got[id]; m.GeoNamesID != want.geonames || m.Wikidata != want.qid {
			t.Errorf("%s: GeoNames id %d, QID %q; want %d, %q (places %v)", id, m.GeoNamesID, m.Wikidata, want.geonames, want.qid, slices.Collect(maps.Keys(got)))
		}
	}

	_, err = im.Read(context.Background(), "bad.tsv", strings.NewReader("city_a\tcountry_a\twikidata_a\tcity_b\tcountry_b\nBerlin\tDE\tQ0\tKiew\tUA\n"), Options{})
	if err == nil || !strings.Contains(err.Error(), `bad.tsv:2:11: wikidata_a: "Q0" is not a Wikidata item id`) {
		t.Errorf("a bad QID: %v", err)
	}
}

// TestAliasFiles reads alias files, told from their headers (id;same_as
// or alias;place): each row an alias with its line as provenance; ids
// that are not place ids, an alias of itself and one alias given as two
// places are problems in their cells.
func TestAliasFiles(t *testing.T) {
	im := newImporter(t)
	for _, in := range []string{
		"id;same_as;source\nUA:kiew~unlisted;UA:kyiv;check 2024\nDE:bad-godesberg~05314000;DE:05314000;\n",
		"alias,place,source\nUA:kiew~unlisted,UA:kyiv,check 2024\nDE:bad-godesberg~05314000,DE:05314000,\n",
	} {
		res, err := im.Read(context.Background(), "aliases.csv", strings.NewReader(in), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := []graph.Alias{
			{Alias: "UA:kiew~unlisted", Place: "UA:kyiv", Sources: []graph.Source{{File: "aliases.csv", Line: 2, SourceID: "check 2024"}}},
			{Alias: "DE:bad-godesberg~05314000", Place: "DE:05314000", Sources: []graph.Source{{File: "aliases.csv", Line: 3}}},
		}
		if res.Kind != KindAliases || !reflect.DeepEqual(res.Batch.Aliases, want) {
			t.Errorf("kind %s, aliases %+v; want %+v", res.Kind, res.Batch.Aliases, want)
		}
	}
	bad := "id;same_as\nKiew;UA:kyiv\nUA:kyiv;UA:kyiv\nUA:a;UA:b\nUA:a;UA:c\n"
	_, err := im.Read(context.Background(), "bad.csv", strings.NewReader(bad), Options{})
	for _, want := range []string{
		`bad.csv:2:1: id: "Kiew" is not a place id`,
		`bad.csv:3:9: same_as: UA:kyiv is the same id as the alias`,
		`bad.csv:5:6: same_as: UA:a is given as UA:b on line 4: one id is one place`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("problems %v, want %s", err, want)
		}
	}
}

// TestReportedCountsTimeline imports the German-Ukrainian partnerships as
// reported over time: a counts file with a date column and no Land column
// counts for Germany; --set country=UA gives the partner country the file
// leaves implicit.
func TestReportedCountsTimeline(t *testing.T) {
	im := newImporter(t)
	res, err := readFile(t, im, "de_ua_partnership_counts_timeline.csv", Options{Set: map[string]string{"country": "Ukraine"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != KindCounts {
		t.Errorf("kind %s, want counts", res.Kind)
	}
	if n := len(res.Batch.StateCounts); n != 0 {
		t.Errorf("%d counts per Land, want none", n)
	}
	got := map[string]graph.ReportedCount{}
	for _, c := range res.Batch.ReportedCounts {
		if c.Scope != "DE" || c.Country != "UA" {
			t.Errorf("count %+v: want scope DE, country UA", c)
		}
		got[c.AsOf.String()] = c
	}
	if len(got) != 8 {
		t.Errorf("%d reported counts, want the file's 8", len(got))
	}
	for _, w := range []struct {
		asOf    string
		n       int
		atLeast bool
		line    int
	}{{"2022-02", 73, false, 4}, {"2022-10", 107, false, 5}, {"2023-07", 167, false, 6}, {"2026-02", 250, true, 9}, {"2015", 80, false, 2}} {
		c := got[w.asOf]
		if c.Count != w.n || c.AtLeast != w.atLeast || len(c.Sources) != 1 || c.Sources[0].Line != w.line || c.What == "" {
			t.Errorf("as of %s: %+v, want %d (at least %v) from line %d with what is counted", w.asOf, c, w.n, w.atLeast, w.line)
		}
	}
	if src := got["2022-10"].Sources[0].SourceID; !strings.Contains(src, "rgre.de") {
		t.Errorf("source of 10.2022 %q, want the RGRE's page", src)
	}
}

// TestReportedCountsBoundMarker: a count whose what-is-counted cell ends
// with "(over)" or "(über)" is a lower bound, as the demo's copy of the
// timeline writes "250" with "(over)"; the marker is taken off the cell,
// "(around)" is not a bound and stays.
func TestReportedCountsBoundMarker(t *testing.T) {
	im := newImporter(t)
	in := "as_of,count,what_is_counted,source\n" +
		"2022-10,107,partnerships (around),a\n" +
		"2025-02,210,Partnerschaften (Über),b\n" +
		"2026-02,250,solidarity partnerships (over),c\n" +
		"2026-03,260,partnerships,d\n"
	res, err := im.Read(context.Background(), "marker.csv", strings.NewReader(in), Options{Set: map[string]string{"country": "UA"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]graph.ReportedCount{}
	for _, c := range res.Batch.ReportedCounts {
		got[c.AsOf.String()] = c
	}
	for _, w := range []struct {
		asOf, what string
		n          int
		atLeast    bool
	}{
		{"2022-10", "partnerships (around)", 107, false},
		{"2025-02", "Partnerschaften", 210, true},
		{"2026-02", "solidarity partnerships", 250, true},
		{"2026-03", "partnerships", 260, false},
	} {
		if c := got[w.asOf]; c.Count != w.n || c.AtLeast != w.atLeast || c.What != w.what {
			t.Errorf("as of %s: %+v, want %d (at least %v), what %q", w.asOf, c, w.n, w.atLeast, w.what)
		}
	}
}

// TestReportedCountsProblems: bad rows of a counts file over time name file,
// line and column.
func TestReportedCountsProblems(t *testing.T) {
	im := newImporter(t)
	_, err := readFile(t, im, "bad_reported_counts.csv", Options{})
	var pe *ProblemsError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v, want problems", err)
	}
	var got []string
	for _, p := range pe.Problems {
		got = append(got, p.String())
	}
	t.Log(strings.Join(got, "\n"))
	for _, want := range []string{
		"bad_reported_counts.csv:3:1: Stand: 2030 lies in the future",
		"bad_reported_counts.csv:4:9: Partnerland: ",
		"bad_reported_counts.csv:5:1: Stand: DE UA as of \"2022-10\" is already counted on line 2",
		"bad_reported_counts.csv:6:",
		"Anzahl: bad count \"mehr als zwölf\"",
		"bad_reported_counts.csv:7:",
		"unknown Land \"Hogwarts\"",
	} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("problems lack %q", want)
		}
	}
}
