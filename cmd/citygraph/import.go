package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/export"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/snapcache"
	"github.com/citygraph/citygraph/graph/sqlite"
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
               population_a population_b kind since until)
  memberships  municipality, country, network, since, role
  orglinks     municipality, country, organisation, since, topic
  counts       reported partnerships per Land (state, partnerships)
  actors       local actors of a municipality's alliance: Akteur or actor (the name; an
               id column may give the id), Typ or type, Kommune or municipality (home)
  cooperations cooperations between actors: Akteur A;Akteur B (or actor_a;actor_b, an
               actor's id or name), Art or kind, Seit or since, Themen or topics;
               import the actors first
  aliases      id;same_as: the first id is one place with the second, given by its
               id or by its name ("Senden, Nordrhein-Westfalen"); the first is merged

Files may be comma, semicolon or tab separated, UTF-8 (with or without BOM),
UTF-16 with BOM or Windows-1252 (told line by line; lines that disagree are an
error unless --encoding says which). Every line is accounted for: imported,
merged into an earlier row, skipped as header, title or blank, or rejected.
A file with any invalid row imports nothing and every problem is printed as
FILE:LINE:COLUMN: column: what is wrong; --skip-invalid imports the valid rows
and writes the rejected ones to --rejects, and keeps a link whose German end it
cannot place without coordinates (an ambiguous or unknown name) with an
unresolved place of its own ("places check" lists them with their candidates).
Into the embedded store the files are written while they are read, in chunks,
all in one transaction, so that memory stays bounded whatever the size of the
file (with Neo4j each file is read whole, then written in a transaction of its
own); re-importing a file changes nothing.`

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

// importSummary is what an import reports per file, also as JSON: the
// account of its lines and what the store made of its records.
type importSummary struct {
	File      string         `json:"file"`
	Kind      string         `json:"kind"`
	Encoding  string         `json:"encoding"`
	LineEnds  string         `json:"lineEnds,omitempty"`
	Read      int            `json:"read"` // data rows
	Imported  int            `json:"imported"`
	Created   int            `json:"created"`
	Merged    int            `json:"merged"`
	Unchanged int            `json:"unchanged"`
	Rejected  int            `json:"rejected"`
	Lines     importer.Lines `json:"lines"`
	Ignored   []string       `json:"ignoredColumns,omitempty"`
	DryRun    bool           `json:"dryRun,omitempty"`
	Version   int64          `json:"version,omitempty"`
	// Identity counts the distinct place names read and how they resolved.
	Identity importer.IdentityCounts `json:"identity"`
	// Settles says the file was imported to settle disagreements
	// (--settles): its statements win over earlier ones.
	Settles bool `json:"settles,omitempty"`
	// Conflicts are the open disagreements between the file's statements
	// and earlier sources, after the import.
	Conflicts []analytics.LinkConflict `json:"conflicts,omitempty"`
}

// importFlags are the flags of citygraph import.
type importFlags struct {
	so       *storeOptions
	kind     importer.Kind
	encoding string
	mapping  mapFlag
	set      mapFlag
	skip     bool
	rejects  string
	// rejectsDialect is the CSV dialect of --rejects
	rejectsDialect export.Dialect
	dry            bool
	settles        bool
	asJSON         bool
	identity       string // --identity: the identity report's file
}

// runImport imports the files. Into the embedded store it streams them
// (streamFiles): each file is written while it is read, all files in one
// transaction, so that memory stays bounded and a bad file changes
// nothing. Otherwise (Neo4j, --dry-run) it reads and checks every file
// first (if one is bad, nothing is imported), then applies each file's
// batch in a transaction of its own. Then it reports.
func (a *app) runImport(ctx context.Context, args []string) error {
	f, files, err := a.importFlags(args)
	if err != nil {
		return err
	}
	_, neo := f.so.useNeo4j()
	stream := !f.dry && !neo
	a.tuneGC(files, stream)
	im, err := a.newImporter()
	if err != nil {
		return err
	}
	// The summary needs only the report's counts; the list, sorted by
	// line, only --identity.
	im.NoIdentityList = f.identity == ""
	var sums []importSummary
	var results []*importer.Result
	if stream {
		sums, results, err = a.streamFiles(ctx, im, files, f)
		if err != nil {
			return err
		}
	} else {
		var open func() (graph.Store, error) // nil with --dry-run
		if !f.dry {
			open = a.openEarly(ctx, f)
		}
		if results, err = a.readFiles(ctx, im, files, f); err != nil {
			if open != nil {
				// Not waited for: a server that does not answer would
				// hold the problems' report up.
				go func() {
					if st, err := open(); err == nil {
						st.Close()
					}
				}()
			}
			return err
		}
		if sums, err = a.applyFiles(ctx, results, f, open); err != nil {
			return err
		}
	}
	if f.identity != "" {
		if err := writeIdentity(f.identity, results); err != nil {
			return err
		}
	}
	return a.printImport(sums, f.asJSON)
}

// importFlags parses the command line of citygraph import.
func (a *app) importFlags(args []string) (*importFlags, []string, error) {
	fs := a.newFlagSet("import", "import [flags] FILE...", importDescription)
	f := &importFlags{so: a.writeStoreFlags(fs), mapping: mapFlag{}, set: mapFlag{}}
	kind := fs.String("kind", "", "force the input `kind`: rgre, pairs, memberships, orglinks, counts, aliases, actors, cooperations")
	fs.StringVar(&f.encoding, "encoding", "", "read every line in this `encoding` (utf-8, windows-1252, iso-8859-15, utf-16le, ...) instead of telling it line by line")
	fs.Var(f.mapping, "map", "map an input field to a column: `key=COLUMN` (a header name or a 1-based number; repeatable)")
	fs.Var(f.set, "set", "give a field the same value on every row, e.g. \"network=Covenant of Mayors\": `key=VALUE` (repeatable)")
	fs.BoolVar(&f.skip, "skip-invalid", false, "import the valid rows and report the rejected ones")
	fs.StringVar(&f.identity, "identity", "", "write the identity report (which input name was taken for which place, and why) to this CSV `file`")
	fs.StringVar(&f.rejects, "rejects", "", "write rejected rows with their line and reason to this CSV `file` (with --skip-invalid)")
	rejectsCSV := fs.String("rejects-csv", "excel", "CSV `dialect` of --rejects: excel (German Excel: BOM, ';', formula cells neutralised) or rfc4180")
	fs.BoolVar(&f.dry, "dry-run", false, "read and check the files, report, write nothing")
	fs.BoolVar(&f.settles, "settles", false, "the files settle disagreements: their statements win over earlier sources for the fields they state (citygraph conflicts)")
	fs.BoolVar(&f.asJSON, "json", false, "print the summary as JSON")
	if err := parseFlags(fs, args); err != nil {
		return nil, nil, err
	}
	switch {
	case fs.NArg() == 0:
		return nil, nil, usageError("no file to import")
	case f.rejects != "" && !f.skip:
		return nil, nil, usageError("--rejects needs --skip-invalid")
	}
	k, err := importer.ParseKind(*kind)
	if err != nil {
		return nil, nil, usageError("unknown --kind %q%s (want rgre, pairs, memberships, orglinks, counts, aliases, actors or cooperations)", *kind,
			suggest.DidYouMean(*kind, []string{"rgre", "pairs", "memberships", "orglinks", "counts", "aliases", "actors", "cooperations"}))
	}
	f.kind = k
	if f.rejectsDialect, err = export.ParseDialect(*rejectsCSV); err != nil {
		return nil, nil, usageError("--rejects-csv: %s", graph.ErrorMessage(err))
	}
	return f, fs.Args(), nil
}

// readOptions returns the importer's options for the flags: problems are
// printed as they are found, rejected rows go to --rejects (the file is
// returned, to be closed).
func (a *app) readOptions(f *importFlags) (importer.Options, *rejectsFile, error) {
	opt := importer.Options{Kind: f.kind, Map: f.mapping, Set: f.set, SkipInvalid: f.skip, Encoding: f.encoding,
		OnProblem: func(p importer.Problem) { fmt.Fprintln(a.stderr, p.String()) }}
	if f.rejects == "" {
		return opt, nil, nil
	}
	rejects, err := createRejects(f.rejects, f.rejectsDialect)
	if err != nil {
		return opt, nil, err
	}
	opt.OnReject = rejects.add
	return opt, rejects, nil
}

// problemsFailed reports the problems of an import that imported nothing.
func (a *app) problemsFailed(problems int, f *importFlags) error {
	hint := " (use --skip-invalid to import the valid rows)"
	if f.skip {
		hint = ""
	}
	fmt.Fprintf(a.stderr, "citygraph import: %d problem(s); nothing imported%s\n", problems, hint)
	return &reportedError{graph.Errorf(graph.EINVALID, "%d problem(s) in the input", problems)}
}

// readFiles reads and checks every file, printing each problem as it is
// found and writing the rejected rows to --rejects. It fails when any file
// has problems, unless --skip-invalid keeps the valid rows of files whose
// problems are with single rows.
func (a *app) readFiles(ctx context.Context, im *importer.Importer, files []string, f *importFlags) ([]*importer.Result, error) {
	opt, rejects, err := a.readOptions(f)
	if err != nil {
		return nil, err
	}
	if rejects != nil {
		defer rejects.close()
	}
	results := make([]*importer.Result, 0, len(files))
	problems, failed := 0, false
	for _, name := range files {
		res, err := a.readFile(ctx, im, name, opt)
		var pe *importer.ProblemsError
		switch {
		case errors.As(err, &pe):
			problems += pe.Count
			failed = true
			continue
		case err != nil:
			return nil, err
		}
		problems += res.ProblemCount
		results = append(results, res)
	}
	if rejects != nil {
		if err := rejects.close(); err != nil {
			return nil, err
		}
	}
	if failed {
		return nil, a.problemsFailed(problems, f)
	}
	return results, nil
}

// streamFiles imports the files into the embedded store in one
// transaction, each written while it is read: the importer hands the
// links over in chunks (importer.Options.Links, a sqlite.FileImport), the
// rest of the file's batch (places, other records) at its end. Memory
// stays bounded by a chunk of links, the file's places and the keys of
// its links. Problems are printed as they are found; a file with problems
// (without --skip-invalid) rolls everything back, after the other files
// were read for their problems, so that nothing is imported. A store with
// aliases takes each file's whole batch instead (sqlite.Import.Apply).
// CITYGRAPH_IMPORT_CHUNK sets how many links go to the store at a time
// (importer.LinkChunk by default).
func (a *app) streamFiles(ctx context.Context, im *importer.Importer, files []string, f *importFlags) ([]importSummary, []*importer.Result, error) {
	st, err := f.so.open(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	a.noteDemo(ctx, st, f.so)
	store, ok := st.(*sqlite.Store)
	if !ok {
		return nil, nil, fmt.Errorf("import: %s is not an embedded store", f.so.describe())
	}
	opt, rejects, err := a.readOptions(f)
	if err != nil {
		return nil, nil, err
	}
	if rejects != nil {
		defer rejects.close()
	}
	if n, err := strconv.Atoi(a.getenv("CITYGRAPH_IMPORT_CHUNK")); err == nil && n > 0 {
		opt.ChunkLinks = n
	}
	tx, err := store.BeginImport(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("import into %s: %w", f.so.describe(), err)
	}
	defer tx.Rollback()
	results := make([]*importer.Result, 0, len(files))
	sums := make([]importSummary, 0, len(files))
	stored := make([]map[string]bool, 0, len(files)) // per file, the keys of its links stored before
	problems, failed := 0, false
	for _, name := range files {
		fi, err := tx.File(f.settles)
		if err != nil {
			return nil, nil, fmt.Errorf("import %s into %s: %w", name, f.so.describe(), err)
		}
		o := opt
		if fi != nil {
			o.Links = fi
		}
		start := time.Now()
		a.log.Info().Str("file", filepath.Base(name)).Bool("streamed", fi != nil).
			Msg("reading and writing to " + f.so.describe() + " in one transaction")
		res, err := a.readFile(ctx, im, name, o)
		var pe *importer.ProblemsError
		switch {
		case errors.As(err, &pe):
			problems += pe.Count
			failed = true
			continue
		case err != nil:
			return nil, nil, err
		}
		problems += res.ProblemCount
		if failed {
			continue // nothing is imported: the rest is read for its problems
		}
		s := newSummary(res, f)
		var stats graph.ApplyStats
		var keys map[string]bool
		if fi != nil {
			var ks []string
			stats, ks, err = fi.Finish(res.Batch)
			keys = make(map[string]bool, len(ks))
			for _, k := range ks {
				keys[k] = true
			}
		} else {
			if f.settles {
				res.Batch.Settling()
			}
			keys = analytics.BatchKeys(res.Batch)
			stats, err = tx.Apply(res.Batch)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("import %s into %s: %w", s.File, f.so.describe(), err)
		}
		s.setStats(stats)
		a.log.Debug().Str("file", s.File).Dur("took", time.Since(start)).Msg("read and written")
		res.Batch = &graph.Batch{Import: res.Batch.Import} // what is left to keep
		results = append(results, res)
		sums = append(sums, s)
		stored = append(stored, keys)
	}
	if rejects != nil {
		if err := rejects.close(); err != nil {
			return nil, nil, err
		}
	}
	if failed {
		tx.Rollback()
		return nil, nil, a.problemsFailed(problems, f)
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, fmt.Errorf("import into %s: %w", f.so.describe(), err)
	}
	if err := a.importConflicts(ctx, st, sums, stored); err != nil {
		return nil, nil, err
	}
	return sums, results, nil
}

// newSummary starts the summary of a file read.
func newSummary(res *importer.Result, f *importFlags) importSummary {
	s := importSummary{File: res.Batch.Import.File, Kind: string(res.Kind), Encoding: res.Encoding, LineEnds: res.LineEnds,
		Read: res.Rows, Rejected: res.RejectedRows, Lines: res.Lines, Ignored: res.Ignored, DryRun: f.dry,
		Identity: res.IdentityCounts, Settles: f.settles}
	s.Imported = res.Rows - s.Rejected
	return s
}

// setStats puts what the store made of a file's records on its summary:
// the counts of its links, or of all its records when it has no links.
func (s *importSummary) setStats(stats graph.ApplyStats) {
	s.Created, s.Merged, s.Unchanged, s.Version = stats.PartnershipsCreated, stats.PartnershipsMerged, stats.PartnershipsUnchanged, stats.Version
	if stats.PartnershipsCreated+stats.PartnershipsMerged+stats.PartnershipsUnchanged == 0 {
		s.Created, s.Merged, s.Unchanged = stats.Created, stats.Merged, stats.Unchanged
	}
}

// openEarly starts opening the store (Neo4j) while the files are read:
// connecting and checking the schema are round trips to the server that
// the reading need not wait for. The function it returns waits for the
// store; the caller closes it.
func (a *app) openEarly(ctx context.Context, f *importFlags) func() (graph.Store, error) {
	type opened struct {
		st  graph.Store
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		st, err := f.so.open(ctx, a)
		ch <- opened{st, err}
	}()
	return sync.OnceValues(func() (graph.Store, error) {
		o := <-ch
		return o.st, o.err
	})
}

// applyFiles writes each file's batch to the store open returns, each in
// a transaction of its own (nothing with --dry-run, where open is nil),
// and sums up.
func (a *app) applyFiles(ctx context.Context, results []*importer.Result, f *importFlags, open func() (graph.Store, error)) ([]importSummary, error) {
	var st graph.Store
	if !f.dry {
		var err error
		if st, err = open(); err != nil {
			return nil, err
		}
		defer st.Close()
		a.noteDemo(ctx, st, f.so)
	}
	sums := make([]importSummary, 0, len(results))
	keys := make([]map[string]bool, 0, len(results))
	for _, res := range results {
		s := newSummary(res, f)
		if f.settles {
			res.Batch.Settling()
		}
		if !f.dry {
			start := time.Now()
			a.log.Info().Str("file", s.File).Int("links", len(res.Batch.Partnerships)).Int("places", len(res.Batch.Municipalities)).
				Msg("writing to " + f.so.describe() + " in one transaction")
			stats, err := st.Apply(ctx, res.Batch)
			if err != nil {
				return nil, fmt.Errorf("import %s into %s: %w", s.File, f.so.describe(), err)
			}
			s.setStats(stats)
			a.log.Debug().Str("file", s.File).Dur("took", time.Since(start)).Msg("applied")
		}
		sums = append(sums, s)
		keys = append(keys, analytics.BatchKeys(res.Batch))
	}
	if err := a.importConflicts(ctx, st, sums, keys); err != nil {
		return nil, err
	}
	return sums, nil
}

// importConflicts fills in the conflicts of each file's statements with
// earlier sources; keys are, per file, the keys of its links that can
// have any. Only a link that merged with one already stored can, so the
// store is read only when some did.
func (a *app) importConflicts(ctx context.Context, st graph.Store, sums []importSummary, keys []map[string]bool) error {
	if st == nil || !slices.ContainsFunc(sums, func(s importSummary) bool { return s.Merged > 0 }) {
		return nil
	}
	// Not through the snapshot cache for an embedded store: closing it
	// after the import checkpoints its log, which changes the file's stamp,
	// so a snapshot cached now would never be used.
	read := a.snapshot
	if _, ok := st.(snapcache.Stamped); ok {
		read = func(ctx context.Context, st graph.Store) (*graph.Snapshot, error) { return st.Snapshot(ctx) }
	}
	snap, err := read(ctx, st)
	if err != nil {
		return fmt.Errorf("read the conflicts: %w", err)
	}
	for i := range sums {
		if sums[i].Merged == 0 {
			continue
		}
		sums[i].Conflicts = analytics.Conflicts(snap, analytics.ConflictQuery{Keys: keys[i], File: sums[i].File})
	}
	return nil
}

// printImport prints the summaries: per file, the rows and what the store
// made of them, then the account of the file's lines.
func (a *app) printImport(sums []importSummary, asJSON bool) error {
	if asJSON {
		return writeJSON(a.stdout, sums)
	}
	for _, s := range sums {
		verb := "imported"
		if s.DryRun {
			verb = "would import"
		}
		fmt.Fprintf(a.stdout, "%s (%s, %s): read %d, %s %d (new %d, merged %d, unchanged %d), rejected %d\n",
			s.File, s.Kind, s.Encoding, s.Read, verb, s.Imported, s.Created, s.Merged, s.Unchanged, s.Rejected)
		l := s.Lines
		fmt.Fprintf(a.stdout, "  %d line(s): %d header, %d title, %d blank, %d imported, %d merged into an earlier row, %d rejected\n",
			l.Total, l.Header, l.Title, l.Blank, l.Imported, l.Merged, l.Rejected)
		if len(s.Ignored) > 0 {
			fmt.Fprintf(a.stdout, "  ignored column(s): %s (no field reads them; --map names one)\n", strings.Join(s.Ignored, ", "))
		}
		if s.Settles {
			fmt.Fprintln(a.stdout, "  settles: its statements win over earlier sources for the fields they state")
		}
		printConflicts(a.stdout, s.Conflicts)
		if id := s.Identity; id.Names > 0 {
			fmt.Fprintf(a.stdout, "  places: %d names, %d known (directory or gazetteer), %d new to the gazetteer, %d with a warning (--identity FILE lists them)\n",
				id.Names, id.Known, id.Unknown, id.Warnings)
			if id.Unresolved > 0 {
				fmt.Fprintf(a.stdout, "  unresolved: %d German places the directory cannot place (ambiguous or unknown names, %d rows) imported without AGS or Land; citygraph places check lists them with their candidates, an alias file attaches them\n",
					id.Unresolved, id.UnresolvedRows)
			}
		}
	}
	return nil
}

// writeIdentity writes the identity reports of the files to path.
func writeIdentity(path string, results []*importer.Result) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write identity report: %w", err)
	}
	for _, res := range results {
		if err := importer.WriteIdentity(f, res); err != nil {
			f.Close()
			return fmt.Errorf("write identity report %s: %w", path, err)
		}
	}
	return f.Close()
}

// tuneGC trades some memory for speed during an import, unless GOGC or
// GOMEMLIMIT are set: an import allocates a lot of short-lived memory, so
// the collector runs at GOGC=300 (instead of 100), under a soft memory
// limit past which it works harder rather than letting the heap grow.
// Streamed into the embedded store (stream), an import holds a chunk of
// links, the places and the keys of the links, not the whole batch: the
// limit is 128 MiB and 5 times the input size, at most 192 MiB and 3/4 of
// the input size. The collector keeps its pace while the limit lies about
// 70 MiB above the live heap (the reference data, about 50 MiB, and the
// caches, which grow with the distinct places): on the synthetic pair
// lists (scripts/pairlist), 25,914 rows (2.4 MB, live about 65 MiB), 140
// MiB; 100,000 rows (9.2 MB, live about 105 MiB), 172 MiB, where 144 MiB
// cost a quarter more CPU and 110 MiB twice as much; 1,000,000 rows (91.7
// MB, live up to about 170 MiB), 257 MiB, where 224 MiB cost a third more
// CPU and 448 MiB (the limit before) no less.
// Otherwise (Neo4j, --dry-run: the whole batch in memory) it is 24 times
// the input size, at least 256 MiB and at most 768 MiB; on the
// 100,000-row benchmark this was about a fifth faster than GOGC=100.
func (a *app) tuneGC(files []string, stream bool) {
	if a.getenv("GOGC") != "" || a.getenv("GOMEMLIMIT") != "" {
		return
	}
	var size int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			size += fi.Size()
		}
	}
	debug.SetGCPercent(300)
	if stream {
		debug.SetMemoryLimit(min(128<<20+5*size, 192<<20+size*3/4))
		return
	}
	debug.SetMemoryLimit(min(max(256<<20, 24*size), 768<<20))
}

// readFile reads one file with the importer as a stream, showing a
// progress bar on a terminal when reading takes longer than a second.
func (a *app) readFile(ctx context.Context, im *importer.Importer, name string, opt importer.Options) (*importer.Result, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, graph.Errorf(graph.EINVALID, "%s: %v", name, errors.Unwrap(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		opt.Size = fi.Size()
	}
	if a.isTerminal {
		bar := newProgressBar(a.stderr, filepath.Base(name), opt.Size)
		opt.Progress = bar.update
		defer bar.finish()
	}
	return im.Read(ctx, name, f, opt)
}

// rejectsFile is the --rejects file: the rows each file rejected, under
// that file's header with "line" and "reason", in the CSV dialect asked
// for (for Excel, cells it would run as formulas are neutralised).
type rejectsFile struct {
	path   string
	f      *os.File
	d      export.Dialect
	t      *export.Table
	header []string // the header of the file whose rows come now
	err    error
	closed bool
}

func createRejects(path string, d export.Dialect) (*rejectsFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("write rejects: %w", err)
	}
	return &rejectsFile{path: path, f: f, d: d}, nil
}

// add writes a rejected row, after its file's header when the file
// changed.
func (rf *rejectsFile) add(header []string, r importer.Rejected) {
	if rf.err != nil {
		return
	}
	if rf.t == nil || !slices.Equal(header, rf.header) {
		head := importer.RejectsHeader(header)
		if rf.t == nil {
			rf.t, rf.err = export.NewTable(rf.f, rf.d, head...)
		} else {
			rf.err = rf.t.Row(head...)
		}
		rf.header = header
	}
	if rf.err == nil {
		rf.err = rf.t.Row(r.Row(len(header))...)
	}
}

// close finishes the file, once, and returns the first error.
func (rf *rejectsFile) close() error {
	if rf.closed {
		return rf.err
	}
	rf.closed = true
	if rf.t != nil {
		if err := rf.t.Close(); rf.err == nil {
			rf.err = err
		}
	}
	if err := rf.f.Close(); rf.err == nil {
		rf.err = err
	}
	if rf.err != nil {
		rf.err = fmt.Errorf("write rejects %s: %w", rf.path, rf.err)
	}
	return rf.err
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
