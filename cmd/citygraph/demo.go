package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/citygraph/citygraph/demo"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/importer"
)

const demoDescription = `Imports the bundled demo data into the store: German town twinnings from
Wikidata (2017), the partnership counts per Land reported by the RGRE, the German
signatories of the Covenant of Mayors (JRC 2024), Mannheim's partner cities
named in the project's source documents, the dated German-Ukrainian links since
2022, the German UNESCO Creative Cities and the Eurocities members. The default
embedded store receives it by itself when it is empty; use this command to load
it into another store, e.g. Neo4j. --notice prints the sources and licences.

The demo is its own source (its files are imported as "demo:<file>"). --remove
takes it out of an embedded store that holds nothing else, and keeps the store
empty from then on (serve will not load the demo into it again).`

func (a *app) runDemo(ctx context.Context, args []string) error {
	fs := a.newFlagSet("demo", "demo [--store PATH | --neo4j URI] [--notice]", demoDescription)
	so := a.writeStoreFlags(fs)
	notice := fs.Bool("notice", false, "print the sources and licences of the demo data")
	remove := fs.Bool("remove", false, "remove the demo data from an embedded store that holds nothing else")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *notice {
		fmt.Fprint(a.stdout, demo.Notice())
		return nil
	}
	if *remove {
		return a.removeDemo(ctx, so)
	}
	st, err := so.open(ctx, a)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := a.importDemo(ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "demo data in %s: %d links\n", so.describe(), n)
	return nil
}

// ensureDemo imports the demo data into st when st has never had an import.
func (a *app) ensureDemo(ctx context.Context, st graph.Store) error {
	imports, err := st.Imports(ctx)
	if err != nil {
		return err
	}
	if len(imports) > 0 {
		return nil
	}
	a.log.Info().Msg("empty store: loading the bundled demo data (see 'citygraph demo --notice')")
	_, err = a.importDemo(ctx, st)
	return err
}

// importDemo imports every bundled file, each in its own transaction, and
// returns the number of links afterwards.
func (a *app) importDemo(ctx context.Context, st graph.Store) (int, error) {
	im, err := a.newImporter()
	if err != nil {
		return 0, err
	}
	links := 0
	err = demo.Import(ctx, im, st, func(f demo.File, res *importer.Result, stats graph.ApplyStats) {
		links += stats.PartnershipsCreated
		a.log.Debug().Str("file", f.Name).Int("rows", res.Rows).Msg("demo data imported")
	})
	return links, err
}

// removedMarker is the import record a store gets when its demo data is
// removed, so that serve does not load the demo into it again.
var removedMarker = graph.ImportRecord{File: demo.Prefix + "removed", SHA256: "demo-removed", Kind: "none"}

// removeDemo empties an embedded store that holds the demo data and
// nothing else, and marks it so that the demo is not loaded again.
func (a *app) removeDemo(ctx context.Context, so *storeOptions) error {
	if _, ok := so.useNeo4j(); ok {
		return errors.New("demo --remove works on the embedded store; in Neo4j, remove the demo's records by their sources (demo:*) with Cypher, or use a fresh database")
	}
	st, err := so.open(ctx, a)
	if err != nil {
		return err
	}
	imports, err := st.Imports(ctx)
	st.Close()
	if err != nil {
		return err
	}
	var own []string
	holdsDemo := false
	for _, im := range imports {
		switch {
		case demo.IsDemo(im.File):
			holdsDemo = true
		case im.File != removedMarker.File:
			own = append(own, im.File)
		}
	}
	if len(own) > 0 {
		return fmt.Errorf("%s holds your own imports as well (%s): citygraph cannot yet take the demo out of them; import into a fresh store (--store PATH) after 'citygraph demo --remove' there", so.describe(), strings.Join(own, ", "))
	}
	if !holdsDemo {
		fmt.Fprintf(a.stdout, "%s holds no demo data\n", so.describe())
		return nil
	}
	path := so.filePath()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove the demo: %w", err)
		}
	}
	st, err = so.open(ctx, a)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Apply(ctx, &graph.Batch{Import: removedMarker}); err != nil {
		return fmt.Errorf("mark %s as without demo: %w", so.describe(), err)
	}
	fmt.Fprintf(a.stdout, "removed the demo data from %s; it is empty now and stays without the demo\n", so.describe())
	return nil
}

// noteDemo tells the user, at their first own import, that the store holds
// the bundled demo data and how to be rid of it.
func (a *app) noteDemo(ctx context.Context, st graph.Store, so *storeOptions) {
	imports, err := st.Imports(ctx)
	if err != nil || len(imports) == 0 {
		return
	}
	for _, im := range imports {
		if !demo.IsDemo(im.File) {
			return
		}
	}
	fmt.Fprintf(a.stderr, "note: %s holds the bundled demo data (%d files, their records sourced \"demo:<file>\"; "+
		"'citygraph demo --notice' lists them). Your data is added beside it. For a store without the demo, "+
		"import into another one (--store PATH), or run 'citygraph demo --remove' on this one before importing.\n", so.describe(), len(imports))
}
