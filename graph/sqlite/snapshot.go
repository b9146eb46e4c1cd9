package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"zombiezen.com/go/sqlite"

	"github.com/citygraph/citygraph/graph"
)

// Snapshot reads the whole graph in one read transaction, so that it shows
// one version even while an Apply runs; rows are streamed in key order.
// Errors: EUNAVAILABLE when the file cannot be read.
func (s *Store) Snapshot(ctx context.Context) (*graph.Snapshot, error) {
	const op = "sqlite: snapshot"
	c, err := s.reader(ctx)
	if err != nil {
		return nil, wrap(op, "", err)
	}
	defer s.release(c) // rolls the read transaction back
	if err := execAll(c, "BEGIN"); err != nil {
		return nil, wrap(op, "", ctxErr(ctx, err))
	}
	snap, err := readSnapshot(ctx, c)
	if err != nil {
		return nil, wrap(op, "", ctxErr(ctx, err))
	}
	return snap, nil
}

func readSnapshot(ctx context.Context, c *sqlite.Conn) (*graph.Snapshot, error) {
	snap := &graph.Snapshot{}
	var err error
	// The first read fixes the transaction's view of the database.
	if snap.Version, err = queryInt(c, versionSQL); err != nil {
		return nil, fmt.Errorf("read version: %w", err)
	}
	// The interner holds every place id and the few values of the other
	// shared columns; sized once, it does not grow row by row.
	places, err := queryInt(c, "SELECT count(*) FROM municipality")
	if err != nil {
		return nil, fmt.Errorf("read municipality: %w", err)
	}
	in := make(interner, places+1024)
	if snap.Municipalities, err = readAll(ctx, c, municipalities(), in); err != nil {
		return nil, err
	}
	// Links, memberships and organisation links are ordered by a place id
	// first: row.place finds it by walking the places.
	withPlaces := func(r *row) { r.places = snap.Municipalities }
	if snap.Partnerships, err = readAll(ctx, c, partnerships(0), in, withPlaces); err != nil {
		return nil, err
	}
	if snap.Networks, err = readAll(ctx, c, networks(), in); err != nil {
		return nil, err
	}
	if snap.Memberships, err = readAll(ctx, c, memberships(), in, withPlaces); err != nil {
		return nil, err
	}
	if snap.Organisations, err = readAll(ctx, c, organisations(), in); err != nil {
		return nil, err
	}
	if snap.OrgLinks, err = readAll(ctx, c, orgLinks(), in, withPlaces); err != nil {
		return nil, err
	}
	if snap.Cooperations, err = readAll(ctx, c, cooperations(), in); err != nil {
		return nil, err
	}
	sortFunc(snap.Cooperations, func(x, y graph.Cooperation) int {
		return compareJoined(x.A, x.B, "", y.A, y.B, "")
	})
	if snap.StateCounts, err = readAll(ctx, c, stateCounts(), in); err != nil {
		return nil, err
	}
	if snap.Aliases, err = readAll(ctx, c, aliases(), in); err != nil {
		return nil, err
	}
	if snap.ReportedCounts, err = readAll(ctx, c, reportedCounts(), in); err != nil {
		return nil, err
	}
	slices.SortFunc(snap.ReportedCounts, func(x, y graph.ReportedCount) int { return strings.Compare(x.Key(), y.Key()) })
	// SQL orders by columns, graph keys join them with "|"; the two orders
	// differ only where an id is a prefix of another, so these sorts have
	// little to do. (Snapshot.Sort would build every key in every
	// comparison.) Mostly they are sorted already, which one pass finds.
	sortFunc(snap.Partnerships, func(x, y graph.Partnership) int {
		return compareJoined(x.A, x.B, string(x.Kind), y.A, y.B, string(y.Kind))
	})
	sortFunc(snap.Memberships, func(x, y graph.Membership) int {
		return compareJoined(x.Municipality, x.Network, "", y.Municipality, y.Network, "")
	})
	sortFunc(snap.OrgLinks, func(x, y graph.OrgLink) int {
		return compareJoined(x.Municipality, x.Organisation, "", y.Municipality, y.Organisation, "")
	})
	return snap, nil
}

// sortFunc sorts s by cmp unless it is sorted already: on sorted input
// one pass of comparisons, where slices.SortFunc needs about three.
func sortFunc[T any](s []T, cmp func(x, y T) int) {
	if !slices.IsSortedFunc(s, cmp) {
		slices.SortFunc(s, cmp)
	}
}

// compareJoined compares x1+"|"+x2+"|"+x3 with y1+"|"+y2+"|"+y3 (the
// third parts left out when both are empty) without building them.
func compareJoined(x1, x2, x3, y1, y2, y3 string) int {
	// Where neither of two differing parts is a prefix of the other, the
	// first differing byte lies inside them and decides.
	if x1 != y1 {
		if differInside(x1, y1) {
			return strings.Compare(x1, y1)
		}
	} else if x3 == "" && y3 == "" {
		return strings.Compare(x2, y2)
	} else if x2 != y2 {
		if differInside(x2, y2) {
			return strings.Compare(x2, y2)
		}
	} else {
		return strings.Compare(x3, y3)
	}
	var xb, yb [5]string
	x, y := xb[:0], yb[:0]
	x = append(x, x1, "|", x2)
	y = append(y, y1, "|", y2)
	if x3 != "" || y3 != "" {
		x = append(x, "|", x3)
		y = append(y, "|", y3)
	}
	i, j, xi, yj := 0, 0, 0, 0 // part and byte positions
	for {
		for i < len(x) && xi == len(x[i]) {
			i, xi = i+1, 0
		}
		for j < len(y) && yj == len(y[j]) {
			j, yj = j+1, 0
		}
		switch {
		case i == len(x) && j == len(y):
			return 0
		case i == len(x):
			return -1
		case j == len(y):
			return 1
		}
		if c, d := x[i][xi], y[j][yj]; c != d {
			if c < d {
				return -1
			}
			return 1
		}
		xi++
		yj++
	}
}

// differInside reports whether x and y differ within the shorter one.
func differInside(x, y string) bool {
	n := min(len(x), len(y))
	return x[:n] != y[:n]
}

// readAll reads the whole table t in key order; setUp, if given, prepares
// the row reader.
func readAll[T any](ctx context.Context, c *sqlite.Conn, t table[T], in interner, setUp ...func(*row)) ([]T, error) {
	n, err := queryInt(c, "SELECT count(*) FROM "+t.name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	st, err := prepare(c, t.selectAll())
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	out := make([]T, 0, n)
	r := &row{st: st}
	for _, f := range setUp {
		f(r)
	}
	err = eachRow(r, ctx.Err, func(r *row) error {
		v, err := t.scan(r, in)
		out = append(out, v)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	return out, nil
}
