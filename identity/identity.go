// Package identity answers "which place is this?" for citygraph: it owns
// the ranked lookup (Rank) that the importer, the CLI, the GraphQL API and
// the export filters all use, over the reference data of graph/gazetteer
// (the Destatis directory with every German level, the GeoNames world
// gazetteer, the countries) and over the places of a graph (Index).
//
// Ids stay readable and stable: DE:08222000 (a Gemeinde, its AGS),
// DE:08226 (a Kreis), DE:073375001 (a Gemeindeverband, its 9-digit
// Regionalschlüssel), DE:11000000-04 (a Berlin Bezirk), UA:kyiv (a place
// of the world gazetteer: country and folded GeoNames name, with the
// region after "~" when the country has a bigger place of that name),
// and the same form for places the gazetteer does not know.
package identity

import (
	"sync"

	"github.com/citygraph/citygraph/graph/gazetteer"
)

// Reference is the reference data a lookup asks: the German directory,
// the countries and, loaded on first use, the world gazetteer. It is safe
// for concurrent use.
type Reference struct {
	dir       *gazetteer.Directory
	countries *gazetteer.Countries

	once     sync.Once
	world    *gazetteer.World
	worldErr error

	countryCells sync.Map // country cell -> countryRead, the readings so far
}

// New returns a Reference over dir and countries (both not nil); the world
// gazetteer is loaded when first needed.
func New(dir *gazetteer.Directory, countries *gazetteer.Countries) *Reference {
	return &Reference{dir: dir, countries: countries}
}

// Load loads the directory and the countries.
func Load() (*Reference, error) {
	dir, err := gazetteer.LoadGermany()
	if err != nil {
		return nil, err
	}
	c, err := gazetteer.LoadCountries()
	if err != nil {
		return nil, err
	}
	return New(dir, c), nil
}

// Directory returns the German municipality directory.
func (r *Reference) Directory() *gazetteer.Directory { return r.dir }

// Countries returns the country table.
func (r *Reference) Countries() *gazetteer.Countries { return r.countries }

// World returns the world gazetteer, loading it on the first call.
func (r *Reference) World() (*gazetteer.World, error) {
	r.once.Do(func() { r.world, r.worldErr = gazetteer.LoadWorld() })
	return r.world, r.worldErr
}
