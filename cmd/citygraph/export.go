package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/export"
	"github.com/citygraph/citygraph/graph"
)

const exportDescription = `Writes the graph, or the part the scope flags select, in the formats the
tools people use open:

  graphml            Gephi, yEd, Cytoscape, NetworkX (read_graphml), igraph (Read_GraphML)
  gexf               Gephi (with the timeline), NetworkX (read_gexf): GEXF 1.3
  geojson-places     QGIS, ogr2ogr: places as points
  geojson-links      QGIS, ogr2ogr: partnerships as lines
  csv-partnerships   Excel, LibreOffice, R, pandas: one row per partnership
  csv-places         one row per place
  csv-memberships    one row per city-network membership
  csv-orglinks       one row per link to an international organisation

GraphML and GEXF hold every layer: municipalities, networks and
organisations as nodes (attribute "type"), partnerships, memberships and
links to organisations as edges. --format takes a comma-separated list or
"all". Files are named for what they hold (citygraph_DE-UA_partnerships.csv)
and written to --dir; --out FILE (or - for standard output) writes one
format. CSV is for Excel with German settings by default (UTF-8 with BOM,
semicolons, decimal commas, formula cells neutralised); --csv rfc4180 writes
plain comma-separated CSV.

With a scope (--kind, --country, --state, --as-of) only the links it keeps
are written, with their ends and those places' memberships and links to
organisations.`

func (a *app) runExport(ctx context.Context, args []string) error {
	fs := a.newFlagSet("export", "export --format F[,F...]|all [--dir DIR | --out FILE|-] [--csv excel|rfc4180] [scope flags]", exportDescription)
	so := a.storeFlags(fs)
	scope := scopeFlags(fs)
	formats := fs.String("format", "", "export `formats`, comma-separated, or all (required)")
	dir := fs.String("dir", ".", "write the files to this `directory`")
	out := fs.String("out", "", "write one format to this `file` (- for standard output) instead of --dir")
	dialect := fs.String("csv", "excel", "CSV `dialect`: excel (German Excel: BOM, ';', decimal comma, formulas neutralised) or rfc4180")
	layer := fs.String("layer", "", "write a projection instead of the partnerships: shared-networks or shared-organisations (the places sharing groups: one link of kind SHARED_NETWORKS / SHARED_ORGANISATIONS per pair, its topics the shared groups, whose number is the pair's weight), or actors (the local actors as nodes, their cooperations as links of kind COOPERATION); empty: the partnerships")
	cite := citeFlags(fs, "export", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected arguments %v", fs.Args())
	}
	list, err := parseFormats(*formats)
	if err != nil {
		return err
	}
	if *out != "" && len(list) != 1 {
		return usageError("--out writes one format; give --dir for %d", len(list))
	}
	d, err := export.ParseDialect(*dialect)
	if err != nil {
		return usageError("--csv: %s", graph.ErrorMessage(err))
	}
	p, closeStore, err := a.openView(ctx, so, scope)
	if err != nil {
		return err
	}
	defer closeStore()
	q, err := layerProjection(p, *layer)
	if err != nil {
		return err
	}
	g, counts := exportGraph(q)
	if *layer == analytics.LayerActors {
		g.PlaceType, g.LinkType = export.TypeActor, export.TypeCooperation
	}
	subject := scope.subject()
	if q != p {
		subject += "_" + *layer
	}
	for _, f := range list {
		path := *out
		if path == "" {
			path = filepath.Join(*dir, export.FileName(subject, f))
		}
		if err := writeExport(path, a.stdout, f, g, export.Options{CSV: d}); err != nil {
			return err
		}
		if path != "-" {
			fmt.Fprintf(a.stderr, "wrote %s (%s)\n", path, counts)
		}
	}
	return a.writeExportProvenance(cite, p, *out, filepath.Join(*dir, "citygraph_"+subject+"_provenance.json"))
}

// writeExportProvenance writes the provenance of an export beside its
// files (dir/<subject>.provenance.json, or FILE.provenance.json for --out
// FILE); for --out - it prints the citation to stderr when --cite is given.
func (a *app) writeExportProvenance(cite *citeOptions, p *analytics.Projection, out, inDir string) error {
	pr := cite.provenance(p)
	if out == "-" {
		if *cite.cite {
			fmt.Fprintf(a.stderr, "Cite as: %s\n", pr.Citation())
		}
		return nil
	}
	path := inDir
	if out != "" {
		path = out + ".provenance.json"
	}
	b, err := json.MarshalIndent(struct {
		Provenance analytics.Provenance `json:"provenance"`
		Citation   string               `json:"citation"`
	}{pr, pr.Citation()}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	fmt.Fprintf(a.stderr, "wrote %s\n", path)
	if *cite.cite {
		fmt.Fprintf(a.stdout, "Cite as: %s\n", pr.Citation())
	}
	return nil
}

// parseFormats reads --format: names separated by commas, or "all".
func parseFormats(s string) ([]export.Format, error) {
	if strings.TrimSpace(s) == "" {
		return nil, usageError("--format is required: %s or all", formatNames())
	}
	if strings.EqualFold(strings.TrimSpace(s), "all") {
		return export.Formats(), nil
	}
	var list []export.Format
	for _, name := range graph.SplitList(s) {
		f, err := export.ParseFormat(name)
		if err != nil {
			return nil, usageError("--format: %s", graph.ErrorMessage(err))
		}
		if !slices.Contains(list, f) {
			list = append(list, f)
		}
	}
	return list, nil
}

func formatNames() string {
	var names []string
	for _, f := range export.Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// writeExport writes one format to path ("-": stdout) through a buffer;
// a file is written under a temporary name and renamed when complete, so
// an interrupted export leaves no half file under the real name.
func writeExport(path string, stdout io.Writer, f export.Format, g export.Graph, o export.Options) error {
	if path == "-" {
		bw := bufio.NewWriter(stdout)
		if err := export.Write(bw, f, g, o); err != nil {
			return err
		}
		return bw.Flush()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<16)
	err = export.Write(bw, f, g, o)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	return nil
}

// subject names what the scope selects, for file names: "DE-UA",
// "PARTNERSHIP_DE-NW_2022-02-24" or "all".
func (s *scopeOptions) subject() string {
	var parts []string
	for _, v := range []string{s.kinds, s.countries, s.states} {
		if l := graph.SplitList(strings.ToUpper(v)); len(l) > 0 {
			parts = append(parts, strings.Join(l, "-"))
		}
	}
	if s.asOf != "" {
		parts = append(parts, "as-of-"+s.asOf)
	}
	if len(parts) == 0 {
		return "all"
	}
	return strings.Join(parts, "_")
}

// exportGraph streams projection p as an export.Graph: the whole snapshot
// when p keeps every link; otherwise the links p keeps, their ends, and
// the memberships and links to organisations of those places with the
// networks and organisations they name. It also describes the counts.
func exportGraph(p *analytics.Projection) (export.Graph, string) {
	g := analytics.PartnershipNetwork(p, analytics.Filter{}, false)
	if p.Filter().IsZero() {
		g.Nodes = make([]int32, p.N())
		for i := range g.Nodes {
			g.Nodes[i] = int32(i)
		}
	}
	eg := export.OfSubgraph(p, g)
	n := eg.Sizes
	what := "partnerships"
	if p.Layer() != "" {
		what = "pairs sharing groups"
	}
	desc := fmt.Sprintf("%d places, %d %s, %d networks, %d memberships, %d organisations, %d links to them",
		n.Places, n.Partnerships, what, n.Networks, n.Memberships, n.Organisations, n.OrgLinks)
	return eg, desc
}
