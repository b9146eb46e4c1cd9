package main

import (
	"bytes"
	"context"
	"fmt"

	"github.com/citygraph/citygraph/demo"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/importer"
)

const demoDescription = `Imports the bundled demo data into the store: German town twinnings from
Wikidata (2017), the partnership counts per Land reported by the RGRE, the German
signatories of the Covenant of Mayors (JRC 2024) and Mannheim's partner cities
named in the project's source documents. The default embedded store receives
it by itself when it is empty; use this command to load it into another store,
e.g. Neo4j. --notice prints the sources and licences.`

func (a *app) runDemo(ctx context.Context, args []string) error {
	fs := a.newFlagSet("demo", "demo [--store PATH | --neo4j URI] [--notice]", demoDescription)
	so := a.storeFlags(fs)
	notice := fs.Bool("notice", false, "print the sources and licences of the demo data")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *notice {
		fmt.Fprint(a.stdout, demo.Notice())
		return nil
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
	files, err := demo.Files()
	if err != nil {
		return 0, err
	}
	im, err := a.newImporter()
	if err != nil {
		return 0, err
	}
	links := 0
	for _, f := range files {
		res, err := im.Read(ctx, f.Name, bytes.NewReader(f.Data), importer.Options{Kind: f.Kind, Map: f.Map, Size: int64(len(f.Data))})
		if err != nil {
			return 0, fmt.Errorf("demo data %s: %w", f.Name, err)
		}
		stats, err := st.Apply(ctx, res.Batch)
		if err != nil {
			return 0, fmt.Errorf("demo data %s: %w", f.Name, err)
		}
		links += stats.PartnershipsCreated
		a.log.Debug().Str("file", f.Name).Int("rows", res.Rows).Msg("demo data imported")
	}
	return links, nil
}
