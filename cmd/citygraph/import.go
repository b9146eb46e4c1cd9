package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/citygraph/citygraph/export"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/importer"
	"github.com/citygraph/citygraph/suggest"
)

const importDescription = `Imports one or more files into the store. The kind of each file is detected
from its header (--kind forces it):

  rgre         RGRE-style partnership table: Kommune, Bundesland, Partnerkommune, Land,
               Art (Partnerschaft/Freundschaft/Kontakt/Projektpartnerschaft or P/F/K/PP),
               Seit, Bis, Themen, Quelle (German or English headers, any order)
  pairs        any pair list; map its columns with --map city_a=COL --map country_a=COL
               --map city_b=COL --map country_b=COL (optional lat_a lon_a lat_b lon_b
               kind since until)
  memberships  municipality, country, network, since, role
  orglinks     municipality, country, organisation, since, topic
  counts       reported partnerships per Land (state, partnerships)

Files may be comma, semicolon or tab separated, UTF-8 (with or without BOM) or
Windows-1252. A file with any invalid row imports nothing and every problem is
printed as FILE:LINE: column: what is wrong; --skip-invalid imports the valid
rows and writes the rejected ones to --rejects. Each file is one transaction;
re-importing a file changes nothing.`

// mapFlag collects repeated --map key=COL flags.
type mapFlag map[string]string

func (m mapFlag) String() string {
	parts := make([]string, 0, len(m))
	for k, v := range m {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, ",")
}

func (m mapFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	k, v = strings.TrimSpace(k), strings.TrimSpace(v)
	if !ok || k == "" || v == "" {
		return fmt.Errorf("want key=COLUMN, e.g. city_a=Stadt")
	}
	m[k] = v
	return nil
}

// importSummary is what an import reports per file, also as JSON.
type importSummary struct {
	File      string `json:"file"`
	Kind      string `json:"kind"`
	Read      int    `json:"read"`
	Imported  int    `json:"imported"`
	Created   int    `json:"created"`
	Merged    int    `json:"merged"`
	Unchanged int    `json:"unchanged"`
	Rejected  int    `json:"rejected"`
	DryRun    bool   `json:"dryRun,omitempty"`
	Version   int64  `json:"version,omitempty"`
}

func (a *app) runImport(ctx context.Context, args []string) error {
	fs := a.newFlagSet("import", "import [flags] FILE...", importDescription)
	so := a.writeStoreFlags(fs)
	kind := fs.String("kind", "", "force the input `kind`: rgre, pairs, memberships, orglinks, counts")
	mapping := mapFlag{}
	fs.Var(mapping, "map", "map an input field to a column: `key=COLUMN` (a header name or a 1-based number; repeatable)")
	set := mapFlag{}
	fs.Var(set, "set", "give a field the same value on every row, e.g. \"network=Covenant of Mayors\": `key=VALUE` (repeatable)")
	skip := fs.Bool("skip-invalid", false, "import the valid rows and report the rejected ones")
	rejects := fs.String("rejects", "", "write rejected rows with their reasons to this CSV `file` (with --skip-invalid)")
	rejectsCSV := fs.String("rejects-csv", "excel", "CSV `dialect` of --rejects: excel (German Excel: BOM, ';', formula cells neutralised) or rfc4180")
	dry := fs.Bool("dry-run", false, "read and check the files, report, write nothing")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError("no file to import")
	}
	if *rejects != "" && !*skip {
		return usageError("--rejects needs --skip-invalid")
	}
	rejectsDialect, err := export.ParseDialect(*rejectsCSV)
	if err != nil {
		return usageError("--rejects-csv: %s", graph.ErrorMessage(err))
	}
	switch importer.Kind(*kind) {
	case importer.KindAuto, importer.KindRGRE, importer.KindPairs, importer.KindMemberships, importer.KindOrgLinks, importer.KindCounts:
	default:
		return usageError("unknown --kind %q%s (want rgre, pairs, memberships, orglinks or counts)", *kind,
			suggest.DidYouMean(*kind, []string{"rgre", "pairs", "memberships", "orglinks", "counts"}))
	}

	a.tuneGC(fs.Args())
	im, err := a.newImporter()
	if err != nil {
		return err
	}
	// Read and check every file first: if one is bad, nothing is imported.
	results := make([]*importer.Result, 0, fs.NArg())
	var problems []string
	var allRejected []*importer.Result
	for _, name := range fs.Args() {
		res, err := a.readFile(ctx, im, name, importer.Options{Kind: importer.Kind(*kind), Map: mapping, Set: set, SkipInvalid: *skip})
		if err != nil {
			var pe *importer.ProblemsError
			if errors.As(err, &pe) {
				for _, p := range pe.Problems {
					problems = append(problems, p.String())
				}
				continue
			}
			return err
		}
		results = append(results, res)
		if len(res.Rejected) > 0 {
			allRejected = append(allRejected, res)
		}
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(a.stderr, p)
		}
		fmt.Fprintf(a.stderr, "citygraph import: %d problem(s); nothing imported (use --skip-invalid to import the valid rows)\n", len(problems))
		return &reportedError{graph.Errorf(graph.EINVALID, "%d problem(s) in the input", len(problems))}
	}
	if *skip {
		for _, res := range allRejected {
			for _, p := range res.Problems {
				fmt.Fprintln(a.stderr, p.String())
			}
		}
		if *rejects != "" {
			if err := writeRejects(*rejects, rejectsDialect, allRejected); err != nil {
				return err
			}
		}
	}

	var st graph.Store
	if !*dry {
		st, err = so.open(ctx, a)
		if err != nil {
			return err
		}
		defer st.Close()
		a.noteDemo(ctx, st, so)
	}
	var sums []importSummary
	for _, res := range results {
		s := importSummary{File: res.Batch.Import.File, Kind: string(res.Kind), Read: res.Rows, Rejected: len(res.Rejected), DryRun: *dry}
		s.Imported = res.Rows - s.Rejected
		if !*dry {
			start := time.Now()
			a.log.Info().Str("file", s.File).Int("links", len(res.Batch.Partnerships)).Int("places", len(res.Batch.Municipalities)).
				Msg("writing to " + so.describe() + " in one transaction")
			stats, err := st.Apply(ctx, res.Batch)
			if err != nil {
				return fmt.Errorf("import %s into %s: %w", s.File, so.describe(), err)
			}
			s.Created, s.Merged, s.Unchanged, s.Version = stats.PartnershipsCreated, stats.PartnershipsMerged, stats.PartnershipsUnchanged, stats.Version
			if len(res.Batch.Partnerships) == 0 {
				s.Created, s.Merged, s.Unchanged = stats.Created, stats.Merged, stats.Unchanged
			}
			a.log.Debug().Str("file", s.File).Dur("took", time.Since(start)).Msg("applied")
		}
		sums = append(sums, s)
	}
	if *asJSON {
		return writeJSON(a.stdout, sums)
	}
	for _, s := range sums {
		verb := "imported"
		if s.DryRun {
			verb = "would import"
		}
		fmt.Fprintf(a.stdout, "%s (%s): read %d, %s %d (new %d, merged %d, unchanged %d), rejected %d\n",
			s.File, s.Kind, s.Read, verb, s.Imported, s.Created, s.Merged, s.Unchanged, s.Rejected)
	}
	return nil
}

// tuneGC trades some memory for speed during an import, unless GOGC or
// GOMEMLIMIT are set: an import allocates a lot of short-lived memory, so
// the collector runs at GOGC=300 (instead of 100), bounded by a soft memory
// limit of 256 MiB or 24 times the input size, whichever is larger. On the
// 100,000-row benchmark this is about a fifth faster with peak memory still
// under 300 MB.
func (a *app) tuneGC(files []string) {
	if a.getenv("GOGC") != "" || a.getenv("GOMEMLIMIT") != "" {
		return
	}
	var size int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			size += fi.Size()
		}
	}
	limit := max(int64(256<<20), 24*size)
	debug.SetGCPercent(300)
	debug.SetMemoryLimit(limit)
}

// readFile reads one file with the importer, showing a progress bar on a
// terminal when reading takes longer than a second.
func (a *app) readFile(ctx context.Context, im *importer.Importer, name string, opt importer.Options) (*importer.Result, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, graph.Errorf(graph.EINVALID, "%s: %v", name, errors.Unwrap(err))
	}
	opt.Size = int64(len(data))
	var bar *progressBar
	if a.isTerminal {
		bar = newProgressBar(a.stderr, filepath.Base(name), int64(len(data)))
		opt.Progress = bar.update
		defer bar.finish()
	}
	return im.Read(ctx, name, bytes.NewReader(data), opt)
}

// writeRejects writes the rejected rows of every result with their
// reasons: each file's header (and "reason") and its rows, in the CSV
// dialect d (for Excel, cells it would run as formulas are neutralised).
func writeRejects(path string, d export.Dialect, results []*importer.Result) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write rejects: %w", err)
	}
	var t *export.Table
	for _, res := range results {
		n := len(res.Header)
		head := append(append(make([]string, 0, n+1), res.Header...), "reason")
		if t == nil {
			t, err = export.NewTable(f, d, head...)
		} else {
			err = t.Row(head...)
		}
		for _, r := range res.Rejected {
			if err != nil {
				break
			}
			rec := append(make([]string, 0, max(n, len(r.Fields))+1), r.Fields...)
			for len(rec) < n {
				rec = append(rec, "")
			}
			err = t.Row(append(rec, r.Reason)...)
		}
		if err != nil {
			f.Close()
			return fmt.Errorf("write rejects %s: %w", path, err)
		}
	}
	if t != nil {
		if err := t.Close(); err != nil {
			f.Close()
			return fmt.Errorf("write rejects %s: %w", path, err)
		}
	}
	return f.Close()
}

// progressBar draws "name [=====>    ] 42%" on a terminal, starting only
// after a second so that quick imports stay quiet.
type progressBar struct {
	mu     sync.Mutex
	w      io.Writer
	name   string
	total  int64
	start  time.Time
	shown  bool
	last   time.Time
	closed bool
}

func newProgressBar(w io.Writer, name string, total int64) *progressBar {
	return &progressBar{w: w, name: name, total: total, start: time.Now()}
}

func (p *progressBar) update(done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if total > 0 {
		p.total = total
	}
	now := time.Now()
	if p.closed || now.Sub(p.start) < time.Second || now.Sub(p.last) < 100*time.Millisecond || p.total <= 0 {
		return
	}
	p.last, p.shown = now, true
	frac := float64(done) / float64(p.total)
	if frac > 1 {
		frac = 1
	}
	const width = 30
	n := int(frac * width)
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%%", p.name, strings.Repeat("=", n), strings.Repeat(" ", width-n), frac*100)
}

func (p *progressBar) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown && !p.closed {
		fmt.Fprintf(p.w, "\r%s [%s] 100%%\n", p.name, strings.Repeat("=", 30))
	}
	p.closed = true
}
