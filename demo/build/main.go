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
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
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

	// 3. The RGRE counts per Land and the reported German-Ukrainian counts
	// over time, unchanged.
	for _, name := range []string{"rgre_counts_by_state.csv", "de_ua_partnership_counts_timeline.csv"} {
		b, err := os.ReadFile(filepath.Join(shared, name))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return err
		}
	}

	// 4. The dated German-Ukrainian links (RGRE style) and the German
	// UNESCO Creative Cities (organisation links), rows that import.
	for _, f := range []struct {
		name string
		kind importer.Kind
	}{
		{"de_ua_partnerships_dated_2022_2024.csv", importer.KindRGRE},
		{"unesco_creative_cities_germany.csv", importer.KindOrgLinks},
	} {
		b, err := os.ReadFile(filepath.Join(shared, f.name))
		if err != nil {
			return err
		}
		kept, err := keepValid(ctx, im, f.name, b, importer.Options{Kind: f.kind}, log)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, f.name), kept, 0o644); err != nil {
			return err
		}
	}

	// 5. The Eurocities members (Wikidata matches) as memberships.
	ec, err := eurocitiesMemberships(filepath.Join(shared, "eurocities_members_wikidata.json"))
	if err != nil {
		return err
	}
	kept, err = keepValid(ctx, im, "eurocities_members_2025.csv", ec, importer.Options{Kind: importer.KindMemberships}, log)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "eurocities_members_2025.csv"), kept, 0o644)
}

// eurocitiesMemberships turns the Eurocities member list matched to
// Wikidata into a membership table (name, country, coordinates).
func eurocitiesMemberships(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var list struct {
		Members []struct {
			Name        string  `json:"wikidata_name"`
			OnWebsite   string  `json:"name_on_website"`
			QID         string  `json:"wikidata_id"`
			Lat         float64 `json:"latitude"`
			Lon         float64 `json:"longitude"`
			CountryName string  `json:"country_name"`
		} `json:"members"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"municipality", "country", "lat", "lon", "network", "since", "role", "source"})
	for _, m := range list.Members {
		name := m.Name
		if m.CountryName == "Germany" {
			name = m.OnWebsite // the German directory knows "Munich" and "Cologne" as well
		}
		w.Write([]string{name, m.CountryName, strconv.FormatFloat(m.Lat, 'f', -1, 64), strconv.FormatFloat(m.Lon, 'f', -1, 64),
			"Eurocities", "", "member", "Wikidata " + m.QID})
	}
	w.Flush()
	return buf.Bytes(), w.Error()
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
