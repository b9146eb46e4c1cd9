package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

const countsDescription = `Partnerships as reported over time (counts files with a date column, e.g.
"German-Ukrainian partnerships: 73 before the war, 107 in 10.2022"), each set
against the links the graph knows on the count's date (its last day: 10.2022
is 31 October 2022): known are the links certainly active then, uncertain
those whose dates are too coarse to tell (or paused), undated those without a
since date. Without --state the counts for Germany as a whole.`

func (a *app) runCounts(ctx context.Context, args []string) error {
	fs := a.newFlagSet("analyze counts", "analyze counts [--country UA] [--state BY] [--json]", countsDescription)
	so := a.storeFlags(fs)
	country := fs.String("country", "", "the partner `country` (code or name; default every count)")
	state := fs.String("state", "", "the `Land` of the counts (default Germany as a whole)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected arguments %v", fs.Args())
	}
	var code, land string
	if *country != "" {
		countries, err := gazetteer.LoadCountries()
		if err != nil {
			return fmt.Errorf("load country names: %w", err)
		}
		if code, err = resolveCountry(countries, "--country", *country); err != nil {
			return err
		}
	}
	if *state != "" {
		var err error
		if land, err = resolveState("--state", *state); err != nil {
			return err
		}
	}
	st, snap, err := a.openSnapshot(ctx, so)
	if err != nil {
		return err
	}
	defer st.Close()
	rc := analytics.ReportedCounts(snap, code, land, graph.DateOf(time.Now()))
	if *asJSON {
		if rc == nil {
			rc = []analytics.ReportedVsKnown{}
		}
		return writeJSON(a.stdout, rc)
	}
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "scope\tcountry\tas of\treported\tknown\tuncertain\tundated\twhat\tsources")
	for _, c := range rc {
		rep := fmt.Sprint(c.Reported)
		if c.AtLeast {
			rep = "over " + rep
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\n", c.Scope, orDash(c.Country), dateOrDash(c.AsOf), rep, c.Known, c.Uncertain, c.Undated, orDash(c.What), sourcesString(c.Sources, "; "))
	}
	fmt.Fprintf(w, "%d reported count(s)\n", len(rc))
	return w.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
