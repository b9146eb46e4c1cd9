package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/suggest"
)

const checkDescription = `Data-quality checks: doubts about the data, each with the places, links and
sources involved (--list prints them; --json has them all):

  cross-level           a Kreis and one of its municipalities both linked to the same partner
  kinds-disagree        two places linked with two kinds, each kind from other files
                        (one source's Partnerschaft, another's Freundschaft)
  former-municipality   a German place whose AGS is not in the directory (merged away or
                        renamed), with its successor where the directory's names say so
  network-as-twinnings  a place of under 100,000 inhabitants with at least 8 partners, most
                        (60 %) of them members of one network (a town network entered as twinnings)
  coverage-over-100     a Land with more known links than it reported, and why (links to
                        places in other Länder count in both)
  unlinked              the municipalities without any link, per Land and per Kreis

The checks run on the whole graph; the exit status is 0 whatever they find.`

func (a *app) runCheck(ctx context.Context, args []string) error {
	fs := a.newFlagSet("check", "check [--check NAME,...] [--state LAND] [--list] [--json]", checkDescription)
	so := a.storeFlags(fs)
	checks := fs.String("check", "", "run only these `checks` (comma-separated): "+strings.Join(analytics.Checks, ", "))
	state := fs.String("state", "", "only the findings of this `Land` (DE-NW, NW or Nordrhein-Westfalen)")
	list := fs.Bool("list", false, "print the places, links and sources of each finding")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected arguments %v", fs.Args())
	}
	q := analytics.CheckQuery{}
	for _, c := range graph.SplitList(*checks) {
		if !slices.Contains(analytics.Checks, c) {
			return usageError("--check %q: not a check%s (want %s)", c, suggest.DidYouMean(c, analytics.Checks), strings.Join(analytics.Checks, ", "))
		}
		q.Checks = append(q.Checks, c)
	}
	if *state != "" {
		code, err := resolveState("--state", *state)
		if err != nil {
			return err
		}
		q.State = code
	}
	dir, err := a.loadGermany()
	if err != nil {
		return err
	}
	p, closeStore, err := a.openProjection(ctx, so)
	if err != nil {
		return err
	}
	defer closeStore()
	fs2 := analytics.QualityChecks(p, dir, q)
	if *asJSON {
		return writeJSON(a.stdout, fs2)
	}
	counts := map[string]int{}
	for _, f := range fs2 {
		counts[f.Check]++
		fmt.Fprintf(a.stdout, "%s: %s\n", f.Check, f.Message)
		if !*list {
			continue
		}
		if len(f.Places) > 0 {
			fmt.Fprintf(a.stdout, "  places: %s\n", strings.Join(f.Places, ", "))
		}
		if len(f.Links) > 0 {
			fmt.Fprintf(a.stdout, "  links: %s\n", strings.Join(f.Links, ", "))
		}
		if len(f.Sources) > 0 {
			fmt.Fprintf(a.stdout, "  sources: %s\n", sourcesString(f.Sources, ", "))
		}
	}
	parts := []string{}
	for _, c := range analytics.Checks {
		if len(q.Checks) == 0 || slices.Contains(q.Checks, c) {
			parts = append(parts, fmt.Sprintf("%s %d", c, counts[c]))
		}
	}
	fmt.Fprintf(a.stdout, "%d finding(s): %s\n", len(fs2), strings.Join(parts, ", "))
	return nil
}
