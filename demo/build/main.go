// Command build rebuilds the bundled demo data in demo/data from the public
// files in ../shared/data (see demo/data/NOTICE.md for sources and
// licences). It keeps only rows that import cleanly, so the bundled files
// import with no rejects:
//
//	go run ./demo/build -shared ../shared/data -out demo/data
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/importer"
)

func main() {
	shared := flag.String("shared", "../shared/data", "folder with the public source files")
	out := flag.String("out", "demo/data", "output folder")
	flag.Parse()
	if err := run(context.Background(), *shared, *out, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, shared, out string, log io.Writer) error {
	dir, err := gazetteer.LoadGermany()
	if err != nil {
		return err
	}
	countries, err := gazetteer.LoadCountries()
	if err != nil {
		return err
	}
	im := importer.New(dir, countries)

	// 1. Wikidata twin towns of German places (CC0): keep the rows that resolve.
	twins, err := os.ReadFile(filepath.Join(shared, "sister_cities_germany_wikidata_2017.tsv"))
	if err != nil {
		return err
	}
	cols := map[string]string{
		"city_a": "origincityLabel", "country_a": "origincountry", "lat_a": "originlat", "lon_a": "originlong",
		"city_b": "sistercityLabel", "country_b": "destination_countryLabel", "lat_b": "destinationlat", "lon_b": "destinationlong",
	}
	kept, err := keepValid(ctx, im, "wikidata_twin_towns_germany_2017.tsv", twins, importer.Options{Kind: importer.KindPairs, Map: cols}, log)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "wikidata_twin_towns_germany_2017.tsv"), kept, 0o644); err != nil {
		return err
	}

	// 2. Covenant of Mayors, German signatories (JRC, CC BY 4.0) as memberships.
	com, err := comMemberships(filepath.Join(shared, "covenant_of_mayors_signatories_jrc_2024.csv"))
	if err != nil {
		return err
	}
	kept, err = keepValid(ctx, im, "covenant_of_mayors_germany_2024.csv", com, importer.Options{Kind: importer.KindMemberships}, log)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "covenant_of_mayors_germany_2024.csv"), kept, 0o644); err != nil {
		return err
	}

	// 3. The RGRE counts per Land, unchanged.
	counts, err := os.ReadFile(filepath.Join(shared, "rgre_counts_by_state.csv"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "rgre_counts_by_state.csv"), counts, 0o644)
}

// keepValid imports data with --skip-invalid semantics and returns the
// header and the lines that were accepted, unchanged.
func keepValid(ctx context.Context, im *importer.Importer, name string, data []byte, opt importer.Options, log io.Writer) ([]byte, error) {
	opt.SkipInvalid = true
	res, err := im.Read(ctx, name, bytes.NewReader(data), opt)
	if err != nil {
		return nil, err
	}
	rejected := map[int]bool{}
	for _, r := range res.Rejected {
		rejected[r.Line] = true
	}
	for _, p := range res.Problems {
		fmt.Fprintln(log, "  dropped", p.String())
	}
	var buf bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if rejected[line] {
			continue
		}
		buf.Write(sc.Bytes())
		buf.WriteByte('\n')
	}
	fmt.Fprintf(log, "%s: %d rows read, %d kept, %d dropped\n", name, res.Rows, res.Rows-len(res.Rejected), len(res.Rejected))
	return buf.Bytes(), sc.Err()
}

// comMemberships turns the German rows of the JRC signatory list into a
// membership table.
func comMemberships(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"municipality", "country", "lat", "lon", "network", "since", "role", "source"})
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if rec[col["country_code"]] != "de" || strings.Contains(rec[col["adhesion_type"]], "group") {
			continue
		}
		role := "signatory"
		if rec[col["signatory_status"]] == "on_hold" {
			role = "signatory (on hold)"
		}
		w.Write([]string{rec[col["organisation_name"]], "DE", rec[col["organisation_latitude"]], rec[col["organisation_longitude"]], "Covenant of Mayors", rec[col["date_of_adhesion_iso"]], role, "MyCovenant " + rec[col["organisation_id"]]})
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
