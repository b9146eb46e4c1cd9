package analytics_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/internal/fixture"
	"github.com/rs/zerolog"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/topo"
)

// openFixtureStore returns a snapshot of an embedded store holding the
// small hand-drawn graph of package fixture (München, Berlin, Kyiv,
// Kharkiv, ...), as `citygraph import` would have left it.
func openFixtureStore() (*sqlite.Store, func()) {
	dir, err := os.MkdirTemp("", "citygraph-example")
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "citygraph.db"), zerolog.Nop())
	if err != nil {
		panic(err)
	}
	if _, err := store.Apply(ctx, fixture.Small()); err != nil {
		panic(err)
	}
	return store, func() { store.Close(); os.RemoveAll(dir) }
}

// The projection of a store as a gonum graph: gonum's Yen k shortest
// paths answer "how else are München and Kharkiv connected?".
func ExampleProjection_Gonum() {
	store, done := openFixtureStore()
	defer done()

	snap, _ := store.Snapshot(context.Background())
	g := analytics.NewProjection(snap).Gonum(analytics.GonumOptions{})
	from, _ := g.NodeOf("DE:09162000") // München
	to, _ := g.NodeOf("UA:kharkiv")
	for _, p := range path.YenKShortestPaths(g, 3, math.Inf(1), from, to) {
		var names []string
		for _, n := range p {
			names = append(names, g.Place(n).Name)
		}
		fmt.Println(strings.Join(names, " - "))
	}
	// Output:
	// München - Kyiv - Kharkiv
	// München - Berlin - Kyiv - Kharkiv
}

// A view (here the German-Ukrainian links) is a gonum graph too; with
// Linked it holds only the places of the view's links.
func ExampleProjection_Gonum_view() {
	store, done := openFixtureStore()
	defer done()

	snap, _ := store.Snapshot(context.Background())
	p := analytics.NewProjection(snap).View(analytics.Filter{Countries: []string{"DE", "UA"}})
	g := p.Gonum(analytics.GonumOptions{Linked: true})
	for _, c := range topo.ConnectedComponents(g) {
		var names []string
		for _, n := range c {
			names = append(names, g.Place(n).Name)
		}
		slices.Sort(names)
		fmt.Println(len(c), "places:", strings.Join(names, ", "))
	}
	// Unordered output:
	// 5 places: Berlin, Kharkiv, Kyiv, München, Neustadt
	// 2 places: Köln, Odesa
}
