package export

import (
	"encoding/csv"
	"io"
	"strings"
)

// WriteLinksCSV writes one row per link with a header: source,
// source_name, source_country, source_state, target, target_name,
// target_country, target_state, kind, since, until, status, topics (topics
// joined by ";"). UTF-8 without BOM, comma-separated, RFC 4180 quoting.
func WriteLinksCSV(w io.Writer, g Graph) error {
	nodes, idx := complete(g)
	cw := csv.NewWriter(w)
	rec := []string{"source", "source_name", "source_country", "source_state", "target", "target_name",
		"target_country", "target_state", "kind", "since", "until", "status", "topics"}
	if err := cw.Write(rec); err != nil {
		return errWrite("csv", err)
	}
	for _, l := range g.Links {
		a, b := nodes[idx[l.A]], nodes[idx[l.B]]
		rec = append(rec[:0], a.ID, a.Name, a.Country, a.State, b.ID, b.Name, b.Country, b.State,
			string(l.Kind), l.Since.String(), l.Until.String(), string(status(l)), strings.Join(l.Topics, ";"))
		if err := cw.Write(rec); err != nil {
			return errWrite("csv", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return errWrite("csv", err)
	}
	return nil
}

// WriteNodesCSV writes one row per place with a header: id, name,
// alt_names (joined by ";"), country, state, region, ags, kreis,
// population, lat, lon, level.
func WriteNodesCSV(w io.Writer, g Graph) error {
	nodes, _ := complete(g)
	cw := csv.NewWriter(w)
	rec := []string{"id", "name", "alt_names", "country", "state", "region", "ags", "kreis", "population", "lat", "lon", "level"}
	if err := cw.Write(rec); err != nil {
		return errWrite("csv", err)
	}
	for _, n := range nodes {
		rec = append(rec[:0], n.ID, n.Name, strings.Join(n.AltNames, ";"), n.Country, n.State, n.Region, n.AGS, n.Kreis,
			itoa0(n.Population), coord(n, n.Lat), coord(n, n.Lon), n.Level)
		if err := cw.Write(rec); err != nil {
			return errWrite("csv", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return errWrite("csv", err)
	}
	return nil
}
