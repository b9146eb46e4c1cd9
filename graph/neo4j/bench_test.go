package neo4j

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/graphtest"
)

// The two benchmarks import the same 100,000-link synthetic pair list
// (graphtest.SyntheticBatch(100000, 1), about 67,000 places) into an empty
// database with the store's constraints and indexes: once through
// Store.Apply, once with a hand-written LOAD CSV of the same rows, the
// usual way to bulk-load with Cypher. Both report rows/s (links per
// second). Run them side by side:
//
//	scripts/neo4j.sh start && eval "$(scripts/neo4j.sh env)"
//	go test ./graph/neo4j/ -run '^$' -bench 'Import100k|LoadCSV100k' -benchtime 1x -count 3
//
// LOAD CSV needs the server's import directory (NEO4J_IMPORT_DIR, printed
// by scripts/neo4j.sh env) to write its file into.

const benchLinks = 100000

func BenchmarkNeo4jImport100k(b *testing.B) {
	cfg := testConfig(b)
	batch := graphtest.SyntheticBatch(benchLinks, 1)
	ctx := context.Background()
	log := zerolog.Nop()
	if os.Getenv("CITYGRAPH_BENCH_LOG") != "" { // the phases of every import
		log = testLogger(b).Level(zerolog.DebugLevel)
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		emptyDatabase(b, cfg)
		s, err := Open(ctx, cfg, log)
		if err != nil {
			b.Fatal(err)
		}
		in := batch.Clone()
		b.StartTimer()
		st, err := s.Apply(ctx, in)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if st.PartnershipsCreated != benchLinks {
			b.Fatalf("created %d links, want %d", st.PartnershipsCreated, benchLinks)
		}
		s.Close()
	}
	b.ReportMetric(float64(benchLinks*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// loadCSV is the reference: every row merges both ends (with their
// properties when new) and the link, committed every 5,000 rows.
const loadCSV = `
LOAD CSV WITH HEADERS FROM 'file:///citygraph-bench-100k.csv' AS row
CALL {
  WITH row
  MERGE (a:Municipality {id: row.a_id})
    ON CREATE SET a.name = row.a_name, a.altNames = split(row.a_altNames, ';'), a.country = row.a_country,
      a.region = row.a_region, a.ags = row.a_ags, a.state = row.a_state, a.kreisCode = row.a_kreisCode,
      a.kreis = row.a_kreis, a.population = toInteger(row.a_population), a.level = row.a_level,
      a.lat = toFloat(row.a_lat), a.lon = toFloat(row.a_lon),
      a.location = CASE WHEN row.a_lat IS NULL THEN null ELSE point({latitude: toFloat(row.a_lat), longitude: toFloat(row.a_lon)}) END,
      a.sources = split(row.a_sources, '|')
  MERGE (b:Municipality {id: row.b_id})
    ON CREATE SET b.name = row.b_name, b.altNames = split(row.b_altNames, ';'), b.country = row.b_country,
      b.region = row.b_region, b.ags = row.b_ags, b.state = row.b_state, b.kreisCode = row.b_kreisCode,
      b.kreis = row.b_kreis, b.population = toInteger(row.b_population), b.level = row.b_level,
      b.lat = toFloat(row.b_lat), b.lon = toFloat(row.b_lon),
      b.location = CASE WHEN row.b_lat IS NULL THEN null ELSE point({latitude: toFloat(row.b_lat), longitude: toFloat(row.b_lon)}) END,
      b.sources = split(row.b_sources, '|')
  MERGE (a)-[r:PARTNER_OF {key: row.key}]->(b)
    SET r.kind = row.kind, r.since = row.since, r.sinceYear = toInteger(row.sinceYear),
      r.until = row.until, r.untilYear = toInteger(row.untilYear), r.status = row.status,
      r.topics = split(row.topics, ';'), r.sources = split(row.sources, '|')
} IN TRANSACTIONS OF 5000 ROWS`

func BenchmarkLoadCSV100k(b *testing.B) {
	cfg := testConfig(b)
	dir := os.Getenv("NEO4J_IMPORT_DIR")
	if dir == "" {
		b.Skip(`NEO4J_IMPORT_DIR is not set (eval "$(scripts/neo4j.sh env)")`)
	}
	batch := graphtest.SyntheticBatch(benchLinks, 1)
	batch.Normalize()
	if err := writeBenchCSV(filepath.Join(dir, "citygraph-bench-100k.csv"), batch); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	drv, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""))
	if err != nil {
		b.Fatal(err)
	}
	defer drv.Close(ctx)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		emptyDatabase(b, cfg)
		s, err := Open(ctx, cfg, zerolog.Nop()) // the same constraints and indexes
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
		sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: cfg.Database})
		b.StartTimer()
		res, err := sess.Run(ctx, loadCSV, nil) // IN TRANSACTIONS needs an auto-commit transaction
		if err == nil {
			_, err = res.Consume(ctx)
		}
		b.StopTimer()
		sess.Close(ctx)
		if err != nil {
			b.Fatal(err)
		}
		r, err := neo4j.ExecuteQuery(ctx, drv, "MATCH ()-[r:PARTNER_OF]->() RETURN count(r)", nil,
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(cfg.Database))
		if err != nil {
			b.Fatal(err)
		}
		if n := r.Records[0].Values[0].(int64); n != benchLinks {
			b.Fatalf("LOAD CSV made %d links, want %d", n, benchLinks)
		}
	}
	b.ReportMetric(float64(benchLinks*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// writeBenchCSV writes one row per link with both ends' properties, as a
// pair list exported from a spreadsheet would have them.
func writeBenchCSV(path string, batch *graph.Batch) error {
	munis := make(map[string]graph.Municipality, len(batch.Municipalities))
	for _, m := range batch.Municipalities {
		munis[m.ID] = m
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	end := []string{"id", "name", "altNames", "country", "region", "ags", "state", "kreisCode", "kreis", "population", "level", "lat", "lon", "sources"}
	var head []string
	for _, p := range []string{"a_", "b_"} {
		for _, c := range end {
			head = append(head, p+c)
		}
	}
	head = append(head, "key", "kind", "since", "sinceYear", "until", "untilYear", "status", "topics", "sources")
	if err := w.Write(head); err != nil {
		return err
	}
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	srcs := func(s []graph.Source) string {
		var out []string
		for _, x := range s {
			j, _ := json.Marshal(x)
			out = append(out, string(j))
		}
		return strings.Join(out, "|")
	}
	row := make([]string, 0, len(head))
	for _, p := range batch.Partnerships {
		row = row[:0]
		for _, id := range []string{p.A, p.B} {
			m := munis[id]
			lat, lon := "", ""
			if m.HasCoords {
				lat, lon = strconv.FormatFloat(m.Lat, 'g', -1, 64), strconv.FormatFloat(m.Lon, 'g', -1, 64)
			}
			row = append(row, m.ID, m.Name, strings.Join(m.AltNames, ";"), m.Country, m.Region, m.AGS, m.State,
				m.KreisCode, m.Kreis, num(m.Population), m.Level, lat, lon, srcs(m.Sources))
		}
		row = append(row, p.Key(), string(p.Kind), p.Since.String(), num(p.Since.Year), p.Until.String(), num(p.Until.Year),
			string(p.Status), strings.Join(p.Topics, ";"), srcs(p.Sources))
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return f.Close()
}
