// Command pairlist writes the synthetic pair list of the import benchmarks
// (fixture.PairList: German places by name and coordinates, foreign
// places, every kind, dates) to standard output or a file.
//
//	go run ./scripts/pairlist --rows 1000000 --seed 7 --out /tmp/pairs.csv
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/citygraph/citygraph/internal/fixture"
)

func main() {
	rows := flag.Int("rows", 1_000_000, "number of data rows")
	seed := flag.Int64("seed", 7, "random seed (the same seed gives the same file)")
	out := flag.String("out", "", "file to write (default: standard output)")
	flag.Parse()
	data, err := fixture.PairList(*rows, *seed)
	if err == nil {
		if *out == "" {
			_, err = os.Stdout.Write(data)
		} else {
			err = os.WriteFile(*out, data, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pairlist:", err)
		os.Exit(1)
	}
}
