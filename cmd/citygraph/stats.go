package main

import (
	"context"
	"fmt"
	"sort"
	"text/tabwriter"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
)

const statsDescription = `Summarises what the store holds: links in all, per kind, per Land (links
with an end in that Land) and per country (links with an end in that country;
DE counts every link with a German end once), and the places with at least one
link.`

func (a *app) runStats(ctx context.Context, args []string) error {
	fs := a.newFlagSet("stats", "stats [--json] [--store PATH | --neo4j URI]", statsDescription)
	so := a.storeFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "stats", "")
	if err := parseFlags(fs, args); err != nil {
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
	sum := analytics.Summarize(snap)
	p := analytics.NewProjection(snap) // for the provenance
	if *asJSON {
		return a.writeCited(cite, p, sum)
	}
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintf(w, "store\t%s (version %d)\n", so.describe(), sum.Version)
	fmt.Fprintf(w, "partnerships\t%d\n", sum.Partnerships)
	fmt.Fprintf(w, "linked municipalities\t%d of %d\n", sum.LinkedMunicipalities, sum.Municipalities)
	fmt.Fprintf(w, "networks / memberships\t%d / %d\n", sum.Networks, sum.Memberships)
	fmt.Fprintf(w, "organisations / links\t%d / %d\n", sum.Organisations, sum.OrgLinks)
	for _, k := range graph.Kinds {
		fmt.Fprintf(w, "  %s\t%d\n", k, sum.PartnershipsByKind[k])
	}
	fmt.Fprintln(w, "by Land\tlinks\treported")
	for _, k := range sortedKeys(sum.PartnershipsByState, sum.ReportedByState) {
		fmt.Fprintf(w, "  %s\t%d\t%s\n", k, sum.PartnershipsByState[k], reported(sum.ReportedByState, k))
	}
	fmt.Fprintln(w, "top countries\tlinks")
	countries := sortedKeys(sum.PartnershipsByCountry, nil)
	sort.SliceStable(countries, func(i, j int) bool {
		return sum.PartnershipsByCountry[countries[i]] > sum.PartnershipsByCountry[countries[j]]
	})
	for i, c := range countries {
		if i == 15 {
			break
		}
		fmt.Fprintf(w, "  %s\t%d\n", c, sum.PartnershipsByCountry[c])
	}
	if err := w.Flush(); err != nil {
		return err
	}
	a.printCitation(cite, p)
	return nil
}

func reported(m map[string]int, k string) string {
	if v, ok := m[k]; ok {
		return fmt.Sprint(v)
	}
	return "-"
}

func sortedKeys(a, b map[string]int) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]int{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}
