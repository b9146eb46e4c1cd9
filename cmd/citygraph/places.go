package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/identity"
)

const placesDescription = `Checks the places of the store ("places check"): suspected duplicates (two
places of one country, under 5 km apart, with one name once folded, "Vejle" and
"Vejle Municipality") and suspected wrong coordinates (a place the directory or
the world gazetteer knows, stored more than 50 km from where they put it), so
that the data can be fixed and re-imported. "places aliases" lists the ids that
alias files merged into other places (id;same_as: the first id is merged into
the second, which is kept), with the file and line that said so.`

func (a *app) runPlaces(ctx context.Context, args []string) error {
	fs := a.newFlagSet("places", "places check|aliases [--json] [--store PATH | --neo4j URI]", placesDescription)
	so := a.storeFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if len(args) == 0 || (args[0] != "check" && args[0] != "aliases") {
		if err := parseFlags(fs, args); err != nil { // --help
			return err
		}
		return usageError("want: citygraph places check, or citygraph places aliases")
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
	if args[0] == "aliases" {
		return a.printAliases(snap, *asJSON)
	}
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

// printAliases lists the store's aliases: the merged id, the kept place
// and the sources that said so.
func (a *app) printAliases(snap *graph.Snapshot, asJSON bool) error {
	if asJSON {
		as := snap.Aliases
		if as == nil {
			as = []graph.Alias{}
		}
		return writeJSON(a.stdout, as)
	}
	names := make(map[string]string, len(snap.Municipalities))
	for _, m := range snap.Municipalities {
		names[m.ID] = m.Name
	}
	fmt.Fprintf(a.stdout, "%d aliases\n", len(snap.Aliases))
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	for _, al := range snap.Aliases {
		src := ""
		for i, s := range al.Sources {
			if i > 0 {
				src += ", "
			}
			src += fmt.Sprintf("%s:%d", s.File, s.Line)
		}
		fmt.Fprintf(w, "%s\tis\t%s (%s)\t%s\n", al.Alias, al.Place, names[al.Place], src)
	}
	return w.Flush()
}
