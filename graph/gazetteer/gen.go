//go:build ignore

// gen.go trims the Destatis municipality directory to the columns citygraph
// uses and writes it gzipped to data/gemeinden.csv.gz:
//
//	go run gen.go ../../../shared/data/de_gemeinden_destatis_2023q1.csv
//
// Run it from graph/gazetteer (go generate does). The output is
// deterministic: the gzip header carries no name and no time.
package main

import (
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"log"
	"os"
)

var keep = []string{"ags", "name", "name_plain", "municipality_type", "state_iso",
	"kreis_code", "kreis_name", "kreis_type", "area_km2", "population", "lon", "lat", "verband_ars", "verband_name", "verband_type"}

func main() {
	log.SetFlags(0)
	if len(os.Args) != 2 {
		log.Fatal("usage: go run gen.go DESTATIS.csv")
	}
	if err := run(os.Args[1], "data/gemeinden.csv.gz"); err != nil {
		log.Fatal(err)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("read header: %w", err)
	}
	idx := make([]int, len(keep))
	for i, k := range keep {
		idx[i] = -1
		for j, h := range head {
			if h == k {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return fmt.Errorf("%s: no column %q", in, k)
		}
	}
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(o, gzip.BestCompression)
	if err != nil {
		return err
	}
	w := csv.NewWriter(zw)
	if err := w.Write(keep); err != nil {
		return err
	}
	rec := make([]string, len(keep))
	n := 0
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		for i, j := range idx {
			rec[i] = row[j]
		}
		if err := w.Write(rec); err != nil {
			return err
		}
		n++
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := o.Close(); err != nil {
		return err
	}
	log.Printf("%s: %d municipalities", out, n)
	return nil
}
