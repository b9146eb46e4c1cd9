package gazetteer

import "testing"

// BenchmarkLoadGermany parses and indexes the embedded directory.
func BenchmarkLoadGermany(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadGermany(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadCountries builds the country table from CLDR and the aliases.
func BenchmarkLoadCountries(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadCountries(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResolve resolves a mix of names: plain, with a Land, with
// coordinates, ambiguous and unknown.
func BenchmarkResolve(b *testing.B) {
	d, err := LoadGermany()
	if err != nil {
		b.Fatal(err)
	}
	qs := []struct {
		name, state string
		lat, lon    float64
		coords      bool
	}{
		{"Mannheim", "", 0, 0, false}, {"Muenchen", "BY", 0, 0, false}, {"Frankfurt", "", 52.35, 14.55, true},
		{"Halle (Saale)", "", 0, 0, false}, {"Neustadt", "", 0, 0, false}, {"Nirgendwo", "", 0, 0, false},
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range qs {
			_, _ = d.Resolve(q.name, q.state, q.lat, q.lon, q.coords)
		}
	}
}
