// Command neo4jimportbench is the Go half of scripts/bench_neo4j_import.sh:
// it writes a synthetic pair list shaped like the twin-town list, empties
// the Neo4j database between runs, and runs the reference the script times
// citygraph's import against: a minimal LOAD CSV that MERGEs both ends and
// the link of every row under the same uniqueness constraints citygraph
// creates.
//
//	neo4jimportbench gen --rows 25914 --seed 1 --out pairs.csv
//	neo4jimportbench wipe              # delete every node, keep the schema, create citygraph's
//	neo4jimportbench loadcsv --file pairs.csv
//	neo4jimportbench count             # places and links in the database
//
// The connection comes from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and
// NEO4J_DATABASE (scripts/neo4j.sh env). loadcsv prints the seconds the
// query took, from sending it to the end of its commit.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/graph/neo4j"
	"github.com/citygraph/citygraph/internal/fixture"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: neo4jimportbench gen|wipe|loadcsv|count [flags]")
		os.Exit(2)
	}
	ctx := context.Background()
	cfg := neo4j.ConfigFromEnv(os.Getenv)
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	var err error
	switch os.Args[1] {
	case "gen":
		rows := fs.Int("rows", 25914, "rows of the pair list")
		seed := fs.Int64("seed", 1, "random seed")
		out := fs.String("out", "", "file to write")
		_ = fs.Parse(os.Args[2:])
		var data []byte
		if data, err = pairList(*rows, *seed); err == nil {
			err = os.WriteFile(*out, data, 0o644)
		}
	case "wipe":
		_ = fs.Parse(os.Args[2:])
		err = wipe(ctx, cfg)
	case "loadcsv":
		file := fs.String("file", "", "file name in Neo4j's import directory")
		_ = fs.Parse(os.Args[2:])
		var took time.Duration
		if took, err = loadCSV(ctx, cfg, *file); err == nil {
			fmt.Printf("%.3f\n", took.Seconds())
		}
	case "count":
		_ = fs.Parse(os.Args[2:])
		var places, links int64
		if places, links, err = count(ctx, cfg); err == nil {
			fmt.Printf("%d places, %d links\n", places, links)
		}
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "neo4jimportbench:", err)
		os.Exit(1)
	}
}

// pairList is a pair list shaped like the twin-town list: German places
// (fixture.GermanPlaces) paired with foreign places (four in five) or other German
// ones, a kind and a start year; columns city_a, country_a, lat_a, lon_a,
// city_b, country_b, lat_b, lon_b, kind, since. Every German name resolves
// in citygraph's directory, so citygraph imports every row.
func pairList(n int, seed int64) ([]byte, error) {
	dir, err := gazetteer.LoadGermany()
	if err != nil {
		return nil, err
	}
	german := fixture.GermanPlaces(dir)
	countries := []string{"France", "Poland", "Italy", "United Kingdom", "Ukraine", "Hungary", "Austria", "United States", "Czech Republic", "Türkei", "Spanien", "NL"}
	kinds := []string{"Partnerschaft", "Freundschaft", "Kontakt", "Projektpartnerschaft"}
	rnd := rand.New(rand.NewSource(seed))
	// Foreign places: about as many as the twin-town graph has places.
	foreign := max(1000, n/2)
	var buf bytes.Buffer
	buf.Grow(n * 110)
	buf.WriteString("city_a,country_a,lat_a,lon_a,city_b,country_b,lat_b,lon_b,kind,since\n")
	for range n {
		a := german[rnd.Intn(len(german))]
		fmt.Fprintf(&buf, "%s,Germany,%.5f,%.5f,", a.NamePlain, a.Lat, a.Lon)
		var b string
		if rnd.Intn(5) == 0 {
			g := german[rnd.Intn(len(german))]
			for g.AGS == a.AGS {
				g = german[rnd.Intn(len(german))]
			}
			b = g.NamePlain
			fmt.Fprintf(&buf, "%s,Germany,%.5f,%.5f,", g.NamePlain, g.Lat, g.Lon)
		} else {
			c := rnd.Intn(len(countries))
			b = fmt.Sprintf("Place %d", rnd.Intn(foreign))
			fmt.Fprintf(&buf, "%s,%s,%.3f,%.3f,", b, countries[c], 40+rnd.Float64()*20, rnd.Float64()*30)
		}
		kind := kinds[rnd.Intn(len(kinds))]
		// A link named twice has one start, as a file that states each
		// link once gives it.
		fmt.Fprintf(&buf, "%s,%d\n", kind, 1950+int(pairHash(a.NamePlain, b, kind)%75))
	}
	return buf.Bytes(), nil
}

// pairHash is a number that depends on a link's names and kind only.
func pairHash(a, b, kind string) uint64 {
	h := fnv.New64a()
	if b < a {
		a, b = b, a
	}
	h.Write([]byte(a + "|" + b + "|" + kind))
	return h.Sum64()
}

func connect(ctx context.Context, cfg neo4j.Config) (driver.DriverWithContext, error) {
	d, err := driver.NewDriverWithContext(cfg.URI, driver.BasicAuth(cfg.Username, cfg.Password, ""))
	if err != nil {
		return nil, err
	}
	return d, d.VerifyConnectivity(ctx)
}

// wipe deletes every node and relationship, then opens a citygraph store
// on the empty database, which creates citygraph's constraints and indexes
// (IF NOT EXISTS): both runs start from an empty database with them.
func wipe(ctx context.Context, cfg neo4j.Config) error {
	d, err := connect(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close(ctx)
	sess := d.NewSession(ctx, driver.SessionConfig{DatabaseName: cfg.Database})
	defer sess.Close(ctx)
	// CALL {} IN TRANSACTIONS needs an auto-commit transaction: Session.Run.
	res, err := sess.Run(ctx, "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return fmt.Errorf("wipe: %w", err)
	}
	st, err := neo4j.Open(ctx, cfg, zerolog.Nop())
	if err != nil {
		return err
	}
	return st.Close()
}

// loadCSVQuery is the minimal reference: both ends MERGEd on the id that
// citygraph's uniqueness constraint covers (country and name), the link
// MERGEd on its key (PARTNER_OF's uniqueness constraint), a few
// properties, all rows in one transaction as citygraph's import is.
const loadCSVQuery = `LOAD CSV WITH HEADERS FROM $url AS row
MERGE (a:Municipality {id: row.country_a + ':' + row.city_a})
  ON CREATE SET a.name = row.city_a, a.country = row.country_a, a.lat = toFloat(row.lat_a), a.lon = toFloat(row.lon_a)
MERGE (b:Municipality {id: row.country_b + ':' + row.city_b})
  ON CREATE SET b.name = row.city_b, b.country = row.country_b, b.lat = toFloat(row.lat_b), b.lon = toFloat(row.lon_b)
MERGE (a)-[r:PARTNER_OF {key: a.id + '|' + b.id + '|' + row.kind}]->(b)
  ON CREATE SET r.kind = row.kind, r.since = row.since`

// loadCSV runs the reference in one managed write transaction and returns
// the time from sending it to the end of the commit.
func loadCSV(ctx context.Context, cfg neo4j.Config, file string) (time.Duration, error) {
	d, err := connect(ctx, cfg)
	if err != nil {
		return 0, err
	}
	defer d.Close(ctx)
	sess := d.NewSession(ctx, driver.SessionConfig{DatabaseName: cfg.Database})
	defer sess.Close(ctx)
	start := time.Now()
	_, err = sess.ExecuteWrite(ctx, func(tx driver.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, loadCSVQuery, map[string]any{"url": "file:///" + file})
		if err != nil {
			return nil, err
		}
		return res.Consume(ctx)
	})
	return time.Since(start), err
}

// count returns the numbers of places and links in the database.
func count(ctx context.Context, cfg neo4j.Config) (places, links int64, err error) {
	d, err := connect(ctx, cfg)
	if err != nil {
		return 0, 0, err
	}
	defer d.Close(ctx)
	r, err := driver.ExecuteQuery(ctx, d, `MATCH (m:Municipality) WITH count(m) AS places
MATCH ()-[r:PARTNER_OF]->() RETURN places, count(r)`, nil, driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(cfg.Database))
	if err != nil {
		return 0, 0, err
	}
	return r.Records[0].Values[0].(int64), r.Records[0].Values[1].(int64), nil
}
