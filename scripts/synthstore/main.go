// Command synthstore writes an embedded store holding a synthetic graph
// shaped like the real twin-town graph (analytics.SyntheticTwinGraph), for
// load tests at a chosen size: 25,914 links is the twin-town graph, 305,000
// the large store of issue 13. Places get countries so that the typical
// queries find something: about 35% German (with a Land and a made-up AGS),
// 2% Ukrainian, the rest spread over eight other countries. It prints the
// name of the German place with the most partners, or with --degree N of
// the first German place written with exactly N partners, the closest
// number when none has N (for citygraph-load --city: the same query then
// gives an answer of the same size on stores of any size).
//
//	go run ./scripts/synthstore --links 25914 --out /tmp/twin.db [--degree 14]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/sqlite"
)

func main() {
	links := flag.Int("links", 25914, "number of links")
	seed := flag.Int64("seed", 1, "random seed (the same seed gives the same graph)")
	out := flag.String("out", "", "store file to write (must not exist)")
	degree := flag.Int("degree", 0, "print a German place with this many partners instead of the best-linked one")
	flag.Parse()
	if *out == "" || *links < 10 {
		fmt.Fprintln(os.Stderr, "usage: synthstore --links N --out FILE")
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintln(os.Stderr, "synthstore:", *out, "exists")
		os.Exit(1)
	}
	name, err := write(context.Background(), *out, *links, *seed, *degree)
	if err != nil {
		fmt.Fprintln(os.Stderr, "synthstore:", err)
		os.Exit(1)
	}
	fmt.Println(name)
}

var (
	states  = []string{"DE-BW", "DE-BY", "DE-NW", "DE-NI", "DE-HE", "DE-SN", "DE-RP", "DE-SH"}
	foreign = []string{"FR", "PL", "IT", "GB", "US", "NL", "CZ", "AT"}
)

// write builds the store and returns the best-linked German place's name,
// or with degree > 0 the first with that many partners (the closest).
func write(ctx context.Context, path string, links int, seed int64, degree int) (string, error) {
	snap := analytics.SyntheticTwinGraph(links, seed)
	ids := make(map[string]string, len(snap.Municipalities))
	b := &graph.Batch{Import: graph.ImportRecord{File: fmt.Sprintf("synthetic-%d.csv", links),
		SHA256: fmt.Sprintf("%064x", links), Kind: "pairs", Rows: len(snap.Partnerships)}}
	for i, m := range snap.Municipalities {
		var c graph.Municipality
		switch r := (i * 7919) % 100; {
		case r < 35:
			ags := fmt.Sprintf("99%06d", i)
			c = graph.Municipality{ID: "DE:" + ags, AGS: ags, Country: "DE", State: states[i%len(states)],
				Name: fmt.Sprintf("Ort %d", i), Level: "Gemeinde", Population: 1000 + (i*37)%90000}
		case r < 37:
			c = graph.Municipality{ID: fmt.Sprintf("UA:misto-%d", i), Country: "UA", Name: fmt.Sprintf("Misto %d", i)}
		default:
			cc := foreign[i%len(foreign)]
			c = graph.Municipality{ID: fmt.Sprintf("%s:place-%d", cc, i), Country: cc, Name: fmt.Sprintf("Place %d", i)}
		}
		ids[m.ID] = c.ID
		b.Municipalities = append(b.Municipalities, c)
	}
	want, degrees := degree, map[string]int{}
	for i, p := range snap.Partnerships {
		a, bb := ids[p.A], ids[p.B]
		b.Partnerships = append(b.Partnerships, graph.Partnership{A: a, B: bb, Kind: graph.KindPartnership,
			Since:   graph.NewDate(1950+i%75, 0, 0),
			Sources: []graph.Source{{File: b.Import.File, Line: i + 2}}})
		degrees[a]++
		degrees[bb]++
	}
	best, bestName := -1, ""
	for _, m := range b.Municipalities {
		if m.Country != "DE" {
			continue
		}
		d := degrees[m.ID]
		if want > 0 {
			// The closest to want, the first of them.
			if best < 0 || abs(d-want) < abs(best-want) {
				best, bestName = d, m.Name
			}
		} else if d > best {
			best, bestName = d, m.Name
		}
	}
	st, err := sqlite.Open(ctx, path, zerolog.Nop())
	if err != nil {
		return "", err
	}
	defer st.Close()
	if _, err := st.Apply(ctx, b); err != nil {
		return "", err
	}
	return bestName, nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
