package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
)

const conflictsDescription = `Lists the links whose sources disagree: on the since or until date (two dates
neither of which lies within the other: 1990 and 1991, not 1990 and 1990-05-01)
or on the status (ACTIVE, PAUSED, ENDED). Each conflict shows every value with
the sources (file:line) that claim it and the value the link took by the rule
(the most specific date, then the most recent source; the status of the latest
statement). A file imported with --settles, or the GraphQL mutation
settleConflict, decides a conflict; decided ones are listed with --settled.`

func (a *app) runConflicts(ctx context.Context, args []string) error {
	fs := a.newFlagSet("conflicts", "conflicts [--settled] [--field since|until|status] [--json] [--store PATH | --neo4j URI]", conflictsDescription)
	so := a.storeFlags(fs)
	settled := fs.Bool("settled", false, "list the settled conflicts too")
	field := fs.String("field", "", "only conflicts on this `field`: since, until or status")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usageError("unexpected arguments %v", fs.Args())
	case *field != "" && !slices.Contains(graph.ConflictFields, *field):
		return usageError("--field %q: want since, until or status", *field)
	}
	st, snap, err := a.openSnapshot(ctx, so)
	if err != nil {
		return err
	}
	defer st.Close()
	cs := analytics.Conflicts(snap, analytics.ConflictQuery{Settled: *settled, Field: *field})
	if *asJSON {
		return writeJSON(a.stdout, cs)
	}
	for _, c := range cs {
		fmt.Fprintln(a.stdout, conflictLine(c))
	}
	fmt.Fprintf(a.stdout, "%d conflict(s)\n", len(cs))
	return nil
}

// conflictLine is one conflict in a line: "Mannheim – Lublin (PARTNERSHIP):
// since 1957 (a.csv:2) | 1958 (b.csv:3); taken 1958".
func conflictLine(c analytics.LinkConflict) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s – %s (%s): %s ", c.AName, c.BName, c.Kind, c.Field)
	for i, v := range c.Values {
		if i > 0 {
			b.WriteString(" | ")
		}
		fmt.Fprintf(&b, "%s (%s)", v.Value, sourcesString(v.Sources, ", "))
	}
	fmt.Fprintf(&b, "; taken %s", c.Chosen)
	if c.Settled {
		b.WriteString(" (settled)")
	}
	return b.String()
}

// sourceString is file:line, with the source's own id in brackets.
func sourceString(s graph.Source) string {
	out := s.File
	if s.Line > 0 {
		out += fmt.Sprintf(":%d", s.Line)
	}
	if s.SourceID != "" {
		out += " [" + s.SourceID + "]"
	}
	return out
}

// sourcesString is the sources' sourceString, joined by sep.
func sourcesString(ss []graph.Source, sep string) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = sourceString(s)
	}
	return strings.Join(parts, sep)
}

// maxImportConflicts is how many conflicts an import lists per file.
const maxImportConflicts = 10

// printConflicts lists the first conflicts of an import.
func printConflicts(w io.Writer, cs []analytics.LinkConflict) {
	if len(cs) == 0 {
		return
	}
	fmt.Fprintf(w, "  %d conflict(s) with earlier sources (citygraph conflicts lists them all):\n", len(cs))
	for i, c := range cs {
		if i == maxImportConflicts {
			fmt.Fprintf(w, "    ... and %d more\n", len(cs)-i)
			break
		}
		fmt.Fprintf(w, "    %s\n", conflictLine(c))
	}
}
