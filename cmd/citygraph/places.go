package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/citygraph/citygraph/identity"
)

const placesDescription = `Checks the places of the store ("places check"): suspected duplicates (two
places of one country, under 5 km apart, with one name once folded, "Vejle" and
"Vejle Municipality") and suspected wrong coordinates (a place the directory or
the world gazetteer knows, stored more than 50 km from where they put it), so
that the data can be fixed and re-imported.`

func (a *app) runPlaces(ctx context.Context, args []string) error {
	fs := a.newFlagSet("places", "places check [--json] [--store PATH | --neo4j URI]", placesDescription)
	so := a.storeFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if len(args) == 0 || args[0] != "check" {
		if err := parseFlags(fs, args); err != nil { // --help
			return err
		}
		return usageError("want: citygraph places check")
	}
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected arguments %v", fs.Args())
	}
	st, snap, err := a.openSnapshot(ctx, so)
	if err != nil {
		return err
	}
	defer st.Close()
	ref, err := a.reference()
	if err != nil {
		return err
	}
	sus := identity.Check(snap.Municipalities, ref)
	if *asJSON {
		if sus == nil {
			sus = []identity.Suspect{}
		}
		return writeJSON(a.stdout, sus)
	}
	fmt.Fprintf(a.stdout, "%d places, %d suspects\n", len(snap.Municipalities), len(sus))
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	for _, s := range sus {
		fmt.Fprintf(w, "%s\t%s\t%s\n", s.Kind, s.ID, s.Reason)
	}
	return w.Flush()
}
