// Package snapcache keeps the last snapshot of a store that lives elsewhere
// (Neo4j) in a local file, and answers from that file while the store's
// version marker is unchanged: a command then pays one small query instead
// of reading the whole graph over the network.
//
// A file holds one store's snapshot: a header (format, the shape of the
// graph types, the store's id and version) and the snapshot in encoding/gob.
// It is used only when all of the header matches: another store, another
// version, or a citygraph whose graph types differ (graph.Snapshot gained a
// field) reads the store and writes the file anew. Files are written whole
// (a temporary file renamed), readable by the user only (the graph may be
// private), one per store.
//
// The marker is the store's version, which grows with every change citygraph
// makes. Changes made by hand in Neo4j Browser do not move it; such a
// database is read fresh by turning the cache off (Options.Off, or
// CITYGRAPH_SNAPSHOT_CACHE=off in the CLI).
package snapcache

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
)

// Source is a store with a cheap version marker.
type Source interface {
	// Snapshot reads the whole graph (graph.Store).
	Snapshot(ctx context.Context) (*graph.Snapshot, error)
	// Marker returns the store's identity and its current version; an
	// empty id means the store cannot be cached.
	Marker(ctx context.Context) (id string, version int64, err error)
}

// Cache is a directory of snapshot files.
type Cache struct {
	Dir string
	Log zerolog.Logger
}

// format names the file layout; a change of it makes every file a miss.
const format = "citygraph snapshot cache 1"

// header is the first value of a file.
type header struct {
	Format  string
	Shape   string // fingerprint of graph.Snapshot's type
	Store   string
	Version int64
}

// Snapshot returns the store's snapshot: from the file when it holds the
// store's current version, else read from the store (and written to the
// file). hit reports which. A file that cannot be read or written is
// logged and skipped: the cache never makes a read fail.
func (c *Cache) Snapshot(ctx context.Context, src Source) (snap *graph.Snapshot, hit bool, err error) {
	id, version, err := src.Marker(ctx)
	if err != nil {
		return nil, false, err
	}
	shape := Shape()
	if id == "" || shape == "" || c.Dir == "" {
		snap, err := src.Snapshot(ctx)
		return snap, false, err
	}
	path := c.path(id)
	want := header{Format: format, Shape: shape, Store: id, Version: version}
	if snap, err := c.read(path, want); err == nil {
		return snap, true, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		c.Log.Debug().Err(err).Str("file", path).Msg("snapshot cache: not used")
	}
	snap, err = src.Snapshot(ctx)
	if err != nil {
		return nil, false, err
	}
	// The snapshot carries the version it was read at (it may be newer
	// than the marker).
	want.Version = snap.Version
	if err := c.write(path, want, snap); err != nil {
		c.Log.Warn().Err(err).Str("file", path).Msg("snapshot cache: could not write")
	}
	return snap, false, nil
}

func (c *Cache) path(id string) string {
	sum := sha256.Sum256([]byte(id))
	return filepath.Join(c.Dir, hex.EncodeToString(sum[:12])+".snapshot")
}

func (c *Cache) read(path string, want header) (*graph.Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16))
	var h header
	if err := dec.Decode(&h); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if h != want {
		return nil, fmt.Errorf("holds %s version %d (shape %.8s), want version %d (shape %.8s)", h.Store, h.Version, h.Shape, want.Version, want.Shape)
	}
	snap := &graph.Snapshot{}
	if err := dec.Decode(snap); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	return snap, nil
}

func (c *Cache) write(path string, h header, snap *graph.Snapshot) error {
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.Dir, ".snapshot-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename: nothing
	w := bufio.NewWriterSize(tmp, 1<<16)
	enc := gob.NewEncoder(w)
	if err := enc.Encode(h); err != nil {
		tmp.Close()
		return err
	}
	if err := enc.Encode(snap); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Shape returns a fingerprint of graph.Snapshot's type: every field's name
// and type, recursively. It is "" when a type holds unexported fields,
// which encoding/gob would drop: such a snapshot is not cached.
func Shape() string {
	var b strings.Builder
	if !describe(&b, reflect.TypeOf(graph.Snapshot{}), map[reflect.Type]bool{}) {
		return ""
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

var gobEncoder = reflect.TypeFor[gob.GobEncoder]()

func describe(b *strings.Builder, t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Pointer:
		b.WriteString(t.Kind().String() + " ")
		return describe(b, t.Elem(), seen)
	case reflect.Map:
		b.WriteString("map ")
		return describe(b, t.Key(), seen) && describe(b, t.Elem(), seen)
	case reflect.Struct:
		if t.Implements(gobEncoder) || reflect.PointerTo(t).Implements(gobEncoder) {
			b.WriteString(t.PkgPath() + "." + t.Name() + " ") // encodes itself (time.Time)
			return true
		}
		b.WriteString(t.PkgPath() + "." + t.Name() + "{")
		if seen[t] {
			b.WriteString("}")
			return true
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				return false
			}
			b.WriteString(f.Name + ":")
			if !describe(b, f.Type, seen) {
				return false
			}
			b.WriteString(";")
		}
		b.WriteString("}")
		return true
	case reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return false
	}
	b.WriteString(t.String() + " ")
	return true
}
