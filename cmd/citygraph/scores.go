package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/suggest"
)

// This file writes analysis results onto the places in the store
// (analyze ... --write PROPERTY) and lists and removes them (citygraph
// scores).

const scoresUsage = `Usage: citygraph scores <list|remove> [flags]

  list             the score sets in the store: property, metric, parameters, data version, places
  remove PROPERTY  remove a score set from every place (e.g. citygraph scores remove betweenness)

Score sets are written by the analyses with --write PROPERTY, e.g.
  citygraph analyze centrality --metric betweenness --write betweenness
Each takes --json, --help and the store flags.
`

// writeFlag registers --write on an analysis's flags.
func writeFlag(fs *flag.FlagSet) *string {
	return fs.String("write", "", "also write every place's value onto the place in the store under this `property` "+
		"(Neo4j: a node property such as m.betweenness; embedded store: table place_score); 'citygraph scores remove PROPERTY' removes it")
}

// checkWriteFlag validates the property of --write before any work.
func checkWriteFlag(property string) error {
	if property == "" {
		return nil
	}
	if err := graph.ValidScoreProperty(property); err != nil {
		return usageError("--write: %s", graph.ErrorMessage(err))
	}
	return nil
}

// scoreWrite is one analysis's result to write onto the places.
type scoreWrite struct {
	property string
	metric   string
	params   map[string]any // besides the scope
	values   []float64      // per node of the projection
	integer  bool
	// skip leaves a node out (no value), e.g. places without links in a
	// community set.
	skip func(i int32) bool
}

// scopeParams records the scope of an analysis for a score set.
func scopeParams(f analytics.Filter) map[string]any {
	m := map[string]any{}
	if len(f.Kinds) > 0 {
		m["kinds"] = f.Kinds
	}
	if len(f.Countries) > 0 {
		m["countries"] = f.Countries
	}
	if len(f.States) > 0 {
		m["states"] = f.States
	}
	if !f.AsOf.IsZero() {
		m["asOf"] = f.AsOf.String()
	}
	return m
}

// writeScores writes w onto the places of the store the projection p was
// read from (so.opened) and returns what was recorded.
func (a *app) writeScores(ctx context.Context, so *storeOptions, p *analytics.Projection, w scoreWrite) (*graph.ScoreInfo, error) {
	ss, ok := so.opened.(graph.ScoreStore)
	if !ok {
		return nil, graph.Errorf(graph.EINVALID, "%s cannot keep scores", so.describe())
	}
	params := scopeParams(p.Filter())
	for k, v := range w.params {
		params[k] = v
	}
	pj, err := json.Marshal(params) // maps marshal with sorted keys
	if err != nil {
		return nil, err
	}
	set := &graph.ScoreSet{Property: w.property, Metric: w.metric, Params: string(pj), DataVersion: p.Version(),
		Software: versionLine(readBuildInfo()), Integer: w.integer, Scores: make([]graph.Score, 0, p.N())}
	for i, v := range w.values {
		if w.skip != nil && w.skip(int32(i)) {
			continue
		}
		set.Scores = append(set.Scores, graph.Score{Place: p.Node(int32(i)).ID, Value: v})
	}
	info, err := ss.WriteScores(ctx, set)
	if err != nil {
		return nil, fmt.Errorf("write scores to %s: %w", so.describe(), err)
	}
	fmt.Fprintf(a.stderr, "wrote %s onto %d places of %s (data version %d); remove with: citygraph scores remove %s\n",
		info.Property, info.Places, so.describe(), info.DataVersion, info.Property)
	return &info, nil
}

func (a *app) runScores(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(a.stderr, scoresUsage)
		return usageError("scores needs list or remove")
	}
	switch args[0] {
	case "list":
		return a.runScoresList(ctx, args[1:])
	case "remove":
		return a.runScoresRemove(ctx, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(a.stdout, scoresUsage)
		return nil
	}
	fmt.Fprint(a.stderr, scoresUsage)
	return usageError("unknown scores command %q%s", args[0], suggest.DidYouMean(args[0], []string{"list", "remove"}))
}

// openScoreStore opens the chosen store as a ScoreStore.
func (a *app) openScoreStore(ctx context.Context, so *storeOptions) (graph.ScoreStore, error) {
	st, err := so.open(ctx, a)
	if err != nil {
		return nil, err
	}
	ss, ok := st.(graph.ScoreStore)
	if !ok {
		st.Close()
		return nil, graph.Errorf(graph.EINVALID, "%s cannot keep scores", so.describe())
	}
	return ss, nil
}

func (a *app) runScoresList(ctx context.Context, args []string) error {
	fs := a.newFlagSet("scores list", "scores list [--json]", "Lists the score sets written onto the places with analyze ... --write.")
	so := a.storeFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	ss, err := a.openScoreStore(ctx, so)
	if err != nil {
		return err
	}
	defer ss.Close()
	sets, err := ss.ScoreSets(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if sets == nil {
			sets = []graph.ScoreInfo{}
		}
		return writeJSON(a.stdout, sets)
	}
	if len(sets) == 0 {
		fmt.Fprintf(a.stdout, "no score sets in %s (write one with: citygraph analyze centrality --metric betweenness --write betweenness)\n", so.describe())
		return nil
	}
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "property\tmetric\tplaces\tdata version\twritten\tparameters")
	for _, s := range sets {
		state := s.WrittenAt.Format("2006-01-02 15:04:05Z")
		if !s.Complete {
			state += " (incomplete: write it again)"
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\t%s\n", s.Property, s.Metric, s.Places, s.DataVersion, state, s.Params)
	}
	return w.Flush()
}

func (a *app) runScoresRemove(ctx context.Context, args []string) error {
	fs := a.newFlagSet("scores remove", "scores remove PROPERTY [--json]", "Removes a score set from every place in the store.")
	so := a.storeFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("scores remove needs one property, e.g. citygraph scores remove betweenness")
	}
	property := fs.Arg(0)
	ss, err := a.openScoreStore(ctx, so)
	if err != nil {
		return err
	}
	defer ss.Close()
	n, err := ss.RemoveScores(ctx, property)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		var names []string
		if sets, lerr := ss.ScoreSets(ctx); lerr == nil {
			for _, s := range sets {
				names = append(names, s.Property)
			}
		}
		return graph.Errorf(graph.ENOTFOUND, "no score set %q in %s%s", property, so.describe(), suggest.DidYouMean(property, names))
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(a.stdout, map[string]any{"property": property, "places": n})
	}
	fmt.Fprintf(a.stdout, "removed %s from %d places\n", property, n)
	return nil
}
