package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync/atomic"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/graph/neo4j"
	"github.com/citygraph/citygraph/graph/snapcache"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/importer"
	"github.com/citygraph/citygraph/suggest"
)

// storeOptions selects the store: the embedded SQLite file (default) or a
// Neo4j server.
type storeOptions struct {
	path  string // --store
	neo4j string // --neo4j
	// create lets a command make a new embedded store at a path that does
	// not exist: --create on read commands, always for import and demo.
	create bool
	a      *app
	// opened is the store openProjection opened, for writing scores back.
	opened graph.Store
}

// storeFlags registers --store, --neo4j and --create on fs, for commands
// that read the store: they refuse a --store path that does not exist (a
// typo would otherwise give an empty store and zeros) unless --create.
func (a *app) storeFlags(fs *flag.FlagSet) *storeOptions {
	so := a.writeStoreFlags(fs)
	so.create = false
	fs.BoolVar(&so.create, "create", false, "create the embedded store if the --store file does not exist (otherwise that is an error)")
	return so
}

// writeStoreFlags registers --store and --neo4j on fs, for commands that
// write (import, demo): they create the embedded store when it is missing.
func (a *app) writeStoreFlags(fs *flag.FlagSet) *storeOptions {
	so := &storeOptions{a: a, create: true}
	fs.StringVar(&so.path, "store", "", "embedded store `file` (env CITYGRAPH_STORE; default $XDG_DATA_HOME/citygraph/citygraph.db or ~/.local/share/citygraph/citygraph.db)")
	fs.StringVar(&so.neo4j, "neo4j", "", "Neo4j `URI`, e.g. bolt://127.0.0.1:7687 (env NEO4J_URI; credentials from NEO4J_USERNAME, NEO4J_PASSWORD, database NEO4J_DATABASE)")
	return so
}

// mustExist returns an error when a store path given with --store or
// CITYGRAPH_STORE does not exist and the command may not create it. The
// default store is created on first use (with the demo data).
func (so *storeOptions) mustExist() error {
	if so.create || so.isDefault() {
		return nil
	}
	path := so.filePath()
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var near string
	if entries, err := os.ReadDir(filepath.Dir(path)); err == nil {
		var names []string
		for _, e := range entries {
			if !e.IsDir() {
				names = append(names, e.Name())
			}
		}
		if n := suggest.Nearest(filepath.Base(path), names); n != "" {
			near = " (did you mean " + filepath.Join(filepath.Dir(path), n) + "?)"
		}
	}
	return graph.Errorf(graph.ENOTFOUND, "embedded store %s does not exist%s; give --create to start an empty store there, "+
		"or fill one with citygraph import --store %s", path, near, path)
}

// useNeo4j reports whether the options select Neo4j: --neo4j, or NEO4J_URI
// when no --store is given.
func (so *storeOptions) useNeo4j() (string, bool) {
	if so.neo4j != "" {
		return so.neo4j, true
	}
	if so.path == "" {
		if u := so.a.getenv("NEO4J_URI"); u != "" {
			return u, true
		}
	}
	return "", false
}

// isDefault reports whether no store was chosen explicitly, so the default
// embedded store is used (which gets the demo data when it is empty).
func (so *storeOptions) isDefault() bool {
	_, neo := so.useNeo4j()
	return !neo && so.path == "" && so.a.getenv("CITYGRAPH_STORE") == ""
}

// describe names the store for messages.
func (so *storeOptions) describe() string {
	if uri, ok := so.useNeo4j(); ok {
		return "Neo4j at " + uri
	}
	return "embedded store " + so.filePath()
}

func (so *storeOptions) filePath() string {
	if so.path != "" {
		return so.path
	}
	return sqlite.DefaultPath(so.a.getenv)
}

// open opens the chosen store.
func (so *storeOptions) open(ctx context.Context, a *app) (graph.Store, error) {
	if uri, ok := so.useNeo4j(); ok {
		cfg := neo4j.ConfigFromEnv(a.getenv)
		cfg.URI = uri
		st, err := neo4j.Open(ctx, cfg, a.log)
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	if err := so.mustExist(); err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, so.filePath(), a.log)
	if err != nil {
		return nil, err
	}
	return st, nil
}

// openWithDemo opens the store; the default embedded store, when empty,
// first receives the bundled demo data, so a fresh machine has real data
// to look at with no flags.
func (so *storeOptions) openWithDemo(ctx context.Context, a *app) (graph.Store, error) {
	st, err := so.open(ctx, a)
	if err != nil {
		return nil, err
	}
	if so.isDefault() {
		if err := a.ensureDemo(ctx, st); err != nil {
			st.Close()
			return nil, err
		}
	}
	return st, nil
}

// openProjection opens the store, reads a snapshot and builds the
// projection. The returned closer closes the store.
func (a *app) openProjection(ctx context.Context, so *storeOptions) (*analytics.Projection, func() error, error) {
	// What is read from an embedded store (or its snapshot cache) is what
	// the command keeps: the collector's cycles while the heap grows from
	// nothing to the snapshot and projection find next to nothing to free,
	// and make every pointer written pay a barrier. Paused until the
	// projection is built (a warm analyze on the twin-town graph: 40 -> 30
	// ms of CPU; peak memory the same on 25,914 and 200,000 links, read
	// from the store or from the cache). At 1,000,000 links a collector
	// left running frees next to nothing either (424 -> 426 MB live in its
	// last cycle) and the peak is the same with and without the pause (810
	// MB read from the store, 620 MB from the cache): the pause needs no
	// memory cap. Not for Neo4j: its driver's records are garbage the
	// collector must keep up with. GOGC or GOMEMLIMIT set by the user win.
	if _, neo := so.useNeo4j(); !neo && a.getenv("GOGC") == "" && a.getenv("GOMEMLIMIT") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(-1))
	}
	st, snap, err := a.openSnapshot(ctx, so)
	if err != nil {
		return nil, nil, err
	}
	so.opened = st
	return analytics.NewProjection(snap), st.Close, nil
}

// openSnapshot opens the store (openWithDemo) and reads its snapshot
// (a.snapshot); the caller closes the store.
func (a *app) openSnapshot(ctx context.Context, so *storeOptions) (graph.Store, *graph.Snapshot, error) {
	st, err := so.openWithDemo(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	snap, err := a.snapshot(ctx, st)
	if err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("read %s: %w", so.describe(), err)
	}
	return st, snap, nil
}

// loadGermany loads the built-in municipality directory.
func (a *app) loadGermany() (*gazetteer.Directory, error) {
	return gazetteer.LoadGermany()
}

// reference loads the built-in reference data the identity layer asks
// (the directory and the countries; the world gazetteer on first use).
func (a *app) reference() (*identity.Reference, error) {
	return identity.Load()
}

// newImporter builds an importer over the built-in reference data.
func (a *app) newImporter() (*importer.Importer, error) {
	ref, err := a.reference()
	if err != nil {
		return nil, err
	}
	return importer.NewWith(ref), nil
}

// writeJSON writes v as indented JSON and a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// snapshot reads the store's snapshot; it comes from the local snapshot
// cache while the store's version marker (and an embedded store's file
// stamp) is unchanged (package snapcache; CITYGRAPH_SNAPSHOT_CACHE=off reads
// the store every time, CITYGRAPH_SNAPSHOT_CACHE=DIR keeps the files in
// DIR).
func (a *app) snapshot(ctx context.Context, st graph.Store) (*graph.Snapshot, error) {
	src, ok := st.(snapcache.Source)
	dir := a.snapshotCacheDir()
	if !ok || dir == "" {
		return st.Snapshot(ctx)
	}
	c := &snapcache.Cache{Dir: dir, Log: a.log}
	snap, hit, err := c.Snapshot(ctx, src)
	if err == nil {
		a.log.Debug().Bool("cached", hit).Int64("version", snap.Version).Str("dir", dir).Msg("snapshot")
	}
	return snap, err
}

// firstFromCache is a store whose first Snapshot comes through the
// snapshot cache (app.snapshot), for serve: the reloads after that follow
// writes, which the cache would only miss and write anew.
type firstFromCache struct {
	graph.Store
	a    *app
	used atomic.Bool
}

// Snapshot reads the snapshot, the first time through the cache.
func (s *firstFromCache) Snapshot(ctx context.Context) (*graph.Snapshot, error) {
	if s.used.Swap(true) {
		return s.Store.Snapshot(ctx)
	}
	return s.a.snapshot(ctx, s.Store)
}

// snapshotCacheDir is where snapshots of stores are kept:
// $CITYGRAPH_SNAPSHOT_CACHE, else $XDG_CACHE_HOME/citygraph/snapshots, else
// ~/.cache/citygraph/snapshots; "" (no cache) for
// CITYGRAPH_SNAPSHOT_CACHE=off or without a home.
func (a *app) snapshotCacheDir() string {
	switch v := a.getenv("CITYGRAPH_SNAPSHOT_CACHE"); v {
	case "off", "0", "false", "no":
		return ""
	case "":
	default:
		return v
	}
	if x := a.getenv("XDG_CACHE_HOME"); x != "" {
		return filepath.Join(x, "citygraph", "snapshots")
	}
	if h := a.getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache", "citygraph", "snapshots")
	}
	return ""
}
