package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
)

const changesDescription = `What changed between two dates: the links that certainly began or ended in
the period, and apart from them the links whose dates are too coarse to tell
(a link known to the year only, "2022", may have begun before or after
2022-02-24), with counts per kind and per partner country; the links certainly
active on each date, those uncertain then, those paused by a dated event, and
the links without a since date, which no as-of count includes. A date of year
or month precision means its first day; --to defaults to today.`

func (a *app) runChanges(ctx context.Context, args []string) error {
	fs := a.newFlagSet("analyze changes", "analyze changes --from DATE [--to DATE] [--list] [--json]", changesDescription)
	so := a.storeFlags(fs)
	scope := scopeFlags(fs)
	from := fs.String("from", "", "the first `date` (YYYY, YYYY-MM or YYYY-MM-DD)")
	to := fs.String("to", "", "the last `date` (default today)")
	list := fs.Bool("list", false, "list the links of each group")
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "analyze changes", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return usageError("--from is needed")
	}
	if scope.asOf != "" {
		return usageError("--as-of does not go with changes (--from and --to are the dates)")
	}
	f, err := graph.ParseDate(*from)
	if err != nil {
		return usageError("--from: %v", err)
	}
	t := graph.DateOf(time.Now())
	if *to != "" {
		if t, err = graph.ParseDate(*to); err != nil {
			return usageError("--to: %v", err)
		}
	} else if err := fs.Set("to", t.String()); err != nil {
		// The provenance and the command that reproduces the result
		// name the date the default stood for, not "today".
		return err
	}
	p, closeStore, err := a.openView(ctx, so, scope)
	if err != nil {
		return err
	}
	defer closeStore()
	ch, err := analytics.Diff(p, f, t)
	if err != nil {
		return err
	}
	if *asJSON {
		return a.writeCited(cite, p, ch)
	}
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintf(w, "from %s to %s\tlinks\tby kind\tby country\n", ch.From, ch.To)
	for _, g := range []struct {
		name           string
		links          []analytics.LinkChange
		kinds, country []analytics.KeyCount
	}{
		{"began", ch.Added, ch.AddedByKind, ch.AddedByCountry},
		{"ended", ch.Ended, ch.EndedByKind, ch.EndedByCountry},
		{"uncertain (dates too coarse)", ch.Uncertain, ch.UncertainByKind, ch.UncertainByCountry},
	} {
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\n", g.name, len(g.links), changeCounts(g.kinds, 0), changeCounts(g.country, 8))
		if *list {
			for _, l := range g.links {
				fmt.Fprintf(w, "  %s – %s (%s, since %s, until %s)\n", l.AName, l.BName, l.Kind, dateOrDash(l.Since), dateOrDash(l.Until))
			}
		}
	}
	fmt.Fprintf(w, "active on %s\t%d\t(uncertain %d, paused %d)\t\n", ch.From, ch.LinksBefore, ch.UncertainBefore, ch.PausedBefore)
	fmt.Fprintf(w, "active on %s\t%d\t(uncertain %d, paused %d)\t\n", ch.To, ch.LinksAfter, ch.UncertainAfter, ch.PausedAfter)
	fmt.Fprintf(w, "without a since date\t%d\t(in no count above)\t\n", ch.Undated)
	if err := w.Flush(); err != nil {
		return err
	}
	a.printCitation(cite, p)
	return nil
}

// changeCounts is "DE 3, UA 2", the first n (all for 0).
func changeCounts(kc []analytics.KeyCount, n int) string {
	parts := make([]string, 0, len(kc))
	for i, k := range kc {
		if n > 0 && i == n {
			parts = append(parts, "...")
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", k.Key, k.Count))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

func dateOrDash(d graph.Date) string {
	if d.IsZero() {
		return "-"
	}
	return d.String()
}
