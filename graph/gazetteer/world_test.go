package gazetteer

import (
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// loadWorld loads the world gazetteer once per test binary run.
func loadWorld(t testing.TB) *World {
	t.Helper()
	w, err := LoadWorld()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestWorldSearchAcrossScripts(t *testing.T) {
	w := loadWorld(t)
	if w.Len() < 200000 {
		t.Fatalf("world has %d places, want > 200,000", w.Len())
	}
	find := func(name, country string) []WorldPlace {
		var out []WorldPlace
		for _, i := range w.Search(name) {
			if p := w.Place(i); country == "" || p.Country == country {
				out = append(out, p)
			}
		}
		return out
	}
	for _, tc := range []struct{ name, country, id string }{
		{"Kiew", "UA", "UA:kyiv"}, {"Kiev", "UA", "UA:kyiv"}, {"Kyjiw", "UA", "UA:kyiv"}, {"Київ", "UA", "UA:kyiv"},
		{"Lemberg", "UA", "UA:lviv"}, {"Lwiw", "UA", "UA:lviv"}, {"Czernowitz", "UA", "UA:chernivtsi"},
		{"Danzig", "PL", "PL:gdansk"}, {"Breslau", "PL", "PL:wroclaw"}, {"Krakau", "PL", "PL:krakow"},
		{"Moskau", "RU", "RU:moscow"}, {"Mailand", "IT", "IT:milan"}, {"Den Haag", "NL", "NL:the-hague"},
		{"Malmö", "SE", "SE:malmo"}, {"Malmo", "SE", "SE:malmo"}, {"Zürich", "CH", "CH:zurich"}, {"Zurich", "CH", "CH:zurich"},
		{"Jyväskylä", "FI", "FI:jyvaskyla"}, {"Jyvaskyla", "FI", "FI:jyvaskyla"}, {"Lodz", "PL", "PL:lodz"},
		{"Setagaya", "JP", "JP:setagaya"}, {"Saint Petersburg", "RU", "RU:saint-petersburg"}, {"Sankt Petersburg", "RU", "RU:saint-petersburg"},
		{"St. Petersburg", "RU", "RU:saint-petersburg"},
	} {
		got := find(tc.name, tc.country)
		if !slices.ContainsFunc(got, func(p WorldPlace) bool { return p.ID == tc.id }) {
			var ids []string
			for _, p := range got {
				ids = append(ids, p.ID)
			}
			t.Errorf("Search(%q) in %s = %v, want %s among them", tc.name, tc.country, ids, tc.id)
		}
	}
	// German places are linked to the directory.
	var munich WorldPlace
	for _, p := range find("Munich", "DE") {
		if p.Population > 1000000 {
			munich = p
		}
	}
	if munich.AGS != "09162000" {
		t.Errorf("Munich in the world gazetteer: AGS %q, want 09162000", munich.AGS)
	}
}

func TestWorldRegionsAndIDs(t *testing.T) {
	w := loadWorld(t)
	for _, tc := range []struct{ name, country, want string }{
		{"Ohio", "US", "Ohio"}, {"OH", "US", "Ohio"}, {"Georgia", "US", "Georgia"},
		{"Northern Ireland", "GB", "Northern Ireland"}, {"Nordirland", "GB", "Northern Ireland"},
		{"Ontario", "CA", "Ontario"}, {"QC", "CA", "Quebec"},
	} {
		rs := w.Regions(tc.name, tc.country)
		if len(rs) != 1 || rs[0].Name != tc.want {
			t.Errorf("Regions(%q, %s) = %v, want %s", tc.name, tc.country, rs, tc.want)
		}
	}
	i, ok := w.ByID("US:cleveland")
	if !ok {
		t.Fatal("no US:cleveland")
	}
	p := w.Place(i)
	if p.Region.Name != "Ohio" {
		t.Errorf("US:cleveland is %v, want the one in Ohio (the biggest takes the plain id)", p)
	}
	if j, ok := w.ByGeoNameID(p.GeoNameID); !ok || j != i {
		t.Errorf("ByGeoNameID(%d) = %d, %v; want %d", p.GeoNameID, j, ok, i)
	}
	if !strings.Contains(p.String(), "Cleveland (US, Ohio, pop. ") {
		t.Errorf("String() = %q", p.String())
	}
}

// TestWorldKeysAreFresh checks that the stored search keys are the keys
// NameKeys gives today: a change of the fold without go generate fails.
func TestWorldKeysAreFresh(t *testing.T) {
	w := loadWorld(t)
	step := 1
	if testing.Short() {
		step = 97
	}
	for i := int32(0); int(i) < w.Len(); i += int32(step) {
		for _, n := range w.Names(i) {
			for _, k := range NameKeys(n) {
				if !slices.Contains(w.appendPostings(nil, k), i) {
					t.Fatalf("place %s: name %q: key %q not in the index; run go generate ./graph/gazetteer", w.Place(i).ID, n, k)
				}
			}
		}
	}
}

func BenchmarkLoadWorld(b *testing.B) {
	for b.Loop() {
		if _, err := LoadWorld(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWorldSearch(b *testing.B) {
	w := loadWorld(b)
	names := []string{"Kiew", "Lemberg", "Springfield", "Київ", "Neustadt", "Paris"}
	for b.Loop() {
		for _, n := range names {
			w.Search(n)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestWorldByIDEveryPlace looks up every place's id, and ids no place
// has: ByID gives the last place with the id, as a map from id to place
// built in index order does.
func TestWorldByIDEveryPlace(t *testing.T) {
	w := loadWorld(t)
	want := make(map[string]int32, w.Len())
	for i := range int32(w.Len()) {
		want[w.Place(i).ID] = i
	}
	for id, i := range want {
		if j, ok := w.ByID(id); !ok || j != i {
			t.Fatalf("ByID(%q) = %d, %v; want %d", id, j, ok, i)
		}
	}
	for _, id := range []string{"", "US:", "UA:kyiv~nowhere", "XX:kyiv", "ua:kyiv"} {
		if i, ok := w.ByID(id); ok {
			t.Errorf("ByID(%q) = %d, want none", id, i)
		}
	}
	if len(want) == w.Len() {
		t.Logf("no two places share an id")
	}
}

// TestWorldSize checks worldSize, the size LoadWorld allocates for the
// world gazetteer decompressed: after go generate, set it to what this
// test says.
func TestWorldSize(t *testing.T) {
	zr, err := zstd.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	b, err := zr.DecodeAll(worldZst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != worldSize {
		t.Errorf("the world gazetteer decompressed is %d bytes; set worldSize in world.go to it (now %d)", len(b), worldSize)
	}
}
