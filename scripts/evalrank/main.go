// Command evalrank measures the partner recommender against the link
// prediction baselines (Adamic-Adar, preferential attachment, random) by
// hiding links and asking for them back (package analytics/linkpred), on
// the Wikidata P190 graph (analytics/testdata) and on the bundled demo
// data, and prints the Markdown table of the README (or JSON).
//
//	go run ./scripts/evalrank                     # from the repository root
//	go run ./scripts/evalrank -seeds 5 -json
//
// Splits: a random 10 % of the linked pairs (one split per seed, the
// figures are means over the seeds) and, on the data that carries dates,
// every pair that began since -since. Modes: "all" (every end of a hidden
// link asks, every place is a candidate) and, on the demo data, "abroad"
// (German places ask, only their hidden links abroad count, only foreign
// places are candidates).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/analytics/linkpred"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/internal/fixture"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "evalrank:", err)
		os.Exit(1)
	}
}

// row is one line of the table.
type row struct {
	Data  string `json:"data"`
	Split string `json:"split"`
	Mode  string `json:"mode"`
	linkpred.Result
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("evalrank", flag.ContinueOnError)
	seeds := fs.Int("seeds", 3, "random splits (seeds 1..N); figures are means over them")
	share := fs.Float64("share", 0.1, "share of the linked pairs hidden by a random split")
	since := fs.String("since", "2022", "the time split hides the pairs that began on or after this date")
	today := fs.String("today", "2025-01-01", "the day the evaluation pretends it is (ended links)")
	data := fs.String("data", "p190,demo", "data sets: p190 (analytics/testdata), demo (the bundled demo data)")
	asJSON := fs.Bool("json", false, "print JSON instead of the Markdown table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sinceDate, err := graph.ParseDate(*since)
	if err != nil {
		return fmt.Errorf("-since: %w", err)
	}
	todayDate, err := graph.ParseDate(*today)
	if err != nil {
		return fmt.Errorf("-today: %w", err)
	}
	var rows []row
	for _, d := range strings.Split(*data, ",") {
		s, modes, err := load(d)
		if err != nil {
			return err
		}
		for _, mode := range modes {
			rs, err := evaluate(s, mode, *seeds, *share, sinceDate, todayDate)
			if err != nil {
				return fmt.Errorf("%s: %w", d, err)
			}
			for _, r := range rs {
				r.Data = d
				rows = append(rows, r)
			}
		}
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	return table(out, rows)
}

// load reads a data set and says which modes apply to it: "abroad" needs
// countries.
func load(name string) (*graph.Snapshot, []string, error) {
	switch name {
	case "p190":
		s, err := fixture.P190("analytics/testdata")
		return s, []string{"all"}, err
	case "demo":
		dir, err := os.MkdirTemp("", "evalrank")
		if err != nil {
			return nil, nil, err
		}
		defer os.RemoveAll(dir)
		s, err := fixture.Demo(context.Background(), dir)
		return s, []string{"all", "abroad"}, err
	}
	return nil, nil, fmt.Errorf("unknown data set %q: want p190 or demo", name)
}

// classic are the weights of the recommender before the partner finder
// (no neighbourhood, no country share), measured beside it.
var classic = analytics.Weights{AdamicAdar: 1, ResourceAllocation: 1, Networks: 0.5, Topics: 1, Size: 0.25, Distance: 0.25}

// methods returns the methods measured: the partner finder as shipped
// (candidates anywhere in mode "all", its default, abroad for German
// places, in mode "abroad"), the recommender's classic weights and the
// baselines.
func methods(mode string, seed uint64) []linkpred.Method {
	where := analytics.WhereAny
	if mode == "abroad" {
		where = ""
	}
	return []linkpred.Method{
		linkpred.Recommender{Label: "partner finder", Options: analytics.RecommendOptions{Where: where}},
		linkpred.Recommender{Label: "classic weights", Options: analytics.RecommendOptions{Where: where, Weights: &classic}},
		linkpred.AdamicAdar{},
		linkpred.PreferentialAttachment{},
		linkpred.Random{Seed: seed},
	}
}

// evaluate runs the random splits (averaged over the seeds) and the time
// split (when any pair is dated since) in one mode.
func evaluate(s *graph.Snapshot, mode string, seeds int, share float64, since, today graph.Date) ([]row, error) {
	opt := linkpred.Options{Today: today}
	if mode == "abroad" {
		opt.Home = "DE"
	}
	var out []row
	var sum []linkpred.Result
	for seed := 1; seed <= seeds; seed++ {
		sp, err := linkpred.RandomSplit(s, share, uint64(seed))
		if err != nil {
			return nil, err
		}
		opt.Seed = uint64(seed)
		rs, err := linkpred.Evaluate(sp, methods(mode, uint64(seed)), opt)
		if err != nil {
			return nil, err
		}
		sum = add(sum, rs)
	}
	for _, r := range mean(sum, seeds) {
		out = append(out, row{Split: fmt.Sprintf("random %g%% (%d seeds)", share*100, seeds), Mode: mode, Result: r})
	}
	sp := linkpred.TimeSplit(s, since)
	if len(sp.Hidden) == 0 {
		return out, nil
	}
	opt.Seed = 1
	rs, err := linkpred.Evaluate(sp, methods(mode, 1), opt)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		out = append(out, row{Split: sp.Name, Mode: mode, Result: r})
	}
	return out, nil
}

func add(sum, rs []linkpred.Result) []linkpred.Result {
	if sum == nil {
		return append([]linkpred.Result(nil), rs...)
	}
	for i, r := range rs {
		s := &sum[i]
		s.Queries += r.Queries
		s.Hidden += r.Hidden
		s.PrecisionAt10 += r.PrecisionAt10
		s.RecallAt50 += r.RecallAt50
		s.AUC += r.AUC
		s.Answered += r.Answered
		s.Seconds += r.Seconds
	}
	return sum
}

func mean(sum []linkpred.Result, n int) []linkpred.Result {
	f := float64(n)
	for i := range sum {
		s := &sum[i]
		s.Queries /= n
		s.Hidden /= n
		s.PrecisionAt10 /= f
		s.RecallAt50 /= f
		s.AUC /= f
		s.Answered /= f
		s.Seconds /= f
	}
	return sum
}

func table(out io.Writer, rows []row) error {
	fmt.Fprintln(out, "| data | split | mode | method | queries | hidden links | precision@10 | recall@50 | AUC | answered | seconds |")
	fmt.Fprintln(out, "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range rows {
		fmt.Fprintf(out, "| %s | %s | %s | %s | %d | %d | %.4f | %.4f | %.3f | %.2f | %.2f |\n",
			r.Data, r.Split, r.Mode, r.Method, r.Queries, r.Hidden, r.PrecisionAt10, r.RecallAt50, r.AUC, r.Answered, r.Seconds)
	}
	return nil
}
