// Package snapcache keeps the last snapshot of a store in a local file, and
// answers from that file while the store's version marker is unchanged: a
// command then pays one small query instead of reading the whole graph over
// the network (Neo4j) or decoding every row of every table (the embedded
// store, whose file stamp, Stamped, also catches changes made by other
// programs).
//
// A file holds one store's snapshot: a header (format, the shape of the
// graph types, the store's id, version and stamp), the snapshot in a
// compact layout of its own (codec.go) and a checksum. It is used only when
// all of the header matches: another store, another version or stamp, or a
// citygraph whose graph types differ (graph.Snapshot gained a field) reads
// the store and writes the file anew. Files are written whole
// (a temporary file renamed), readable by the user only (the graph may be
// private), one per store.
//
// The marker is the store's version, which grows with every change citygraph
// makes. Changes made by hand in Neo4j Browser do not move it; such a
// database is read fresh by turning the cache off (Options.Off, or
// CITYGRAPH_SNAPSHOT_CACHE=off in the CLI).
package snapcache

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"unsafe"

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

// Stamped is a Source whose content other programs can change without
// moving its version (an embedded store's file, which sqlite3 can edit or
// another file can replace). Stamp describes the state of its files; a
// cached snapshot is used only while the stamp is the one it was read
// under. An error means the store cannot be cached.
type Stamped interface {
	Stamp() (string, error)
}

// Cache is a directory of snapshot files.
type Cache struct {
	Dir string
	Log zerolog.Logger
}

// format names the file layout; a change of it makes every file a miss.
const format = "citygraph snapshot cache 2"

// header is the first value of a file.
type header struct {
	Format  string
	Shape   string // fingerprint of graph.Snapshot's type
	Store   string
	Version int64
	Stamp   string // a Stamped source's stamp, taken before the read
}

// Snapshot returns the store's snapshot: from the file when it holds the
// store's current version, else read from the store (and written to the
// file). hit reports which. A file that cannot be read or written is
// logged and skipped: the cache never makes a read fail.
func (c *Cache) Snapshot(ctx context.Context, src Source) (snap *graph.Snapshot, hit bool, err error) {
	// The stamp comes first: a change after it makes the stamp stored
	// with the snapshot an old one, which never matches again.
	var stamp string
	if st, ok := src.(Stamped); ok && c.Dir != "" {
		if stamp, err = st.Stamp(); err != nil {
			c.Log.Debug().Err(err).Msg("snapshot cache: not used")
			return c.fresh(ctx, src)
		}
	}
	id, version, err := src.Marker(ctx)
	if err != nil {
		return nil, false, err
	}
	shape := Shape()
	if id == "" || shape != codecShape || c.Dir == "" {
		return c.fresh(ctx, src)
	}
	path := c.path(id)
	want := header{Format: format, Shape: shape, Store: id, Version: version, Stamp: stamp}
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

// fresh reads the store, without the cache.
func (c *Cache) fresh(ctx context.Context, src Source) (*graph.Snapshot, bool, error) {
	snap, err := src.Snapshot(ctx)
	return snap, false, err
}

func (c *Cache) path(id string) string {
	sum := sha256.Sum256([]byte(id))
	return filepath.Join(c.Dir, hex.EncodeToString(sum[:12])+".snapshot")
}

func (c *Cache) read(path string, want header) (*graph.Snapshot, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 4 {
		return nil, errors.New("damaged: too short")
	}
	body := b[:len(b)-4]
	// The snapshot's strings are pieces of the file's bytes, which nothing
	// changes after this point (b is not used elsewhere): no copy of them.
	d := &decoder{s: unsafe.String(&body[0], len(body))}
	var h header
	d.header(&h)
	if d.err != nil {
		return nil, fmt.Errorf("header: %w", d.err)
	}
	if h != want {
		return nil, fmt.Errorf("holds %s version %d (shape %.8s, stamp %q), want version %d (shape %.8s, stamp %q)",
			h.Store, h.Version, h.Shape, h.Stamp, want.Version, want.Shape, want.Stamp)
	}
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, errors.New("damaged: the checksum differs")
	}
	snap := &graph.Snapshot{}
	d.snapshot(snap)
	if err := d.done(); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	return snap, nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func (c *Cache) write(path string, h header, snap *graph.Snapshot) error {
	// About 40 bytes a link and 80 a place on the twin-town graph.
	e := &encoder{b: make([]byte, 0, 64*len(snap.Partnerships)+96*len(snap.Municipalities)+4096)}
	e.header(&h)
	e.snapshot(snap)
	e.b = binary.LittleEndian.AppendUint32(e.b, crc32.Checksum(e.b, castagnoli))
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(c.Dir, ".snapshot-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename: nothing
	if _, err := tmp.Write(e.b); err != nil {
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
// which an encoder cannot see: such a snapshot is not cached (nor is one
// whose shape is not the one codec.go encodes).
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
