// Package demo bundles a small, real dataset so that citygraph has
// something to show on a fresh machine with no flags: German town twinnings
// from Wikidata (2017, CC0), the partnership counts per Land reported by the
// RGRE (German section of CEMR), the German signatories of the Covenant of
// Mayors (JRC, CC BY 4.0), Mannheim's partner cities as named in the
// project's source documents, the dated German-Ukrainian links since 2022,
// the German UNESCO Creative Cities and the Eurocities members.
// data/NOTICE.md gives sources and licences; `go run ./demo/build` rebuilds
// the files from ../shared/data.
//
// The demo is its own source: every file is imported under a name that
// starts with Prefix, so its records say where they came from and IsDemo
// tells demo imports from a user's.
package demo

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"path"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/importer"
)

//go:embed data/*.csv data/*.tsv data/NOTICE.md
var data embed.FS

// File is one bundled input file with the options that import it.
type File struct {
	Name string // the name to import it under: Prefix and the file name
	Kind importer.Kind
	Map  map[string]string
	Set  map[string]string // fixed values for fields the file leaves implicit (importer.Options.Set)
	Data []byte
}

// specs lists the bundled files in import order.
var specs = []struct {
	name string
	kind importer.Kind
	cols map[string]string
	set  map[string]string
}{
	{"rgre_counts_by_state.csv", importer.KindCounts, nil, nil},
	{"wikidata_twin_towns_germany_2017.tsv", importer.KindPairs, map[string]string{
		"city_a": "origincityLabel", "country_a": "origincountry", "lat_a": "originlat", "lon_a": "originlong",
		"city_b": "sistercityLabel", "country_b": "destination_countryLabel", "lat_b": "destinationlat", "lon_b": "destinationlong",
	}, nil},
	{"mannheim_partners.csv", importer.KindRGRE, nil, nil},
	{"covenant_of_mayors_germany_2024.csv", importer.KindMemberships, nil, nil},
	{"de_ua_partnerships_dated_2022_2024.csv", importer.KindRGRE, nil, nil},
	{"unesco_creative_cities_germany.csv", importer.KindOrgLinks, nil, nil},
	{"eurocities_members_2025.csv", importer.KindMemberships, nil, nil},
	{"de_ua_partnership_counts_timeline.csv", importer.KindCounts, nil, map[string]string{"country": "UA"}},
}

// Prefix starts the name every demo file is imported under
// ("demo:wikidata_twin_towns_germany_2017.tsv"), which the import records
// and the records' sources keep.
const Prefix = "demo:"

// IsDemo reports whether an imported file's name is one of the demo's,
// with Prefix or (stores filled before the prefix) without it.
func IsDemo(file string) bool {
	name := strings.TrimPrefix(file, Prefix)
	for _, s := range specs {
		if s.name == name {
			return true
		}
	}
	return false
}

// Files returns the bundled files in the order they are imported.
func Files() ([]File, error) {
	out := make([]File, 0, len(specs))
	for _, s := range specs {
		b, err := data.ReadFile(path.Join("data", s.name))
		if err != nil {
			return nil, err
		}
		out = append(out, File{Name: Prefix + s.name, Kind: s.kind, Map: s.cols, Set: s.set, Data: b})
	}
	return out, nil
}

// Import reads every bundled file with im and applies it to st, each file
// in its own transaction, in order; after each file, done (when not nil)
// gets the file, what was read and what the store did.
func Import(ctx context.Context, im *importer.Importer, st graph.Store, done func(File, *importer.Result, graph.ApplyStats)) error {
	files, err := Files()
	if err != nil {
		return err
	}
	for _, f := range files {
		res, err := im.Read(ctx, f.Name, bytes.NewReader(f.Data), importer.Options{Kind: f.Kind, Map: f.Map, Set: f.Set, Size: int64(len(f.Data))})
		if err != nil {
			return fmt.Errorf("demo data %s: %w", f.Name, err)
		}
		stats, err := st.Apply(ctx, res.Batch)
		if err != nil {
			return fmt.Errorf("demo data %s: %w", f.Name, err)
		}
		if done != nil {
			done(f, res, stats)
		}
	}
	return nil
}

// Notice returns the sources and licences of the bundled data.
func Notice() string {
	b, _ := data.ReadFile("data/NOTICE.md")
	return string(b)
}
