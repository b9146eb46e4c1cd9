package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/rs/zerolog"
	"zombiezen.com/go/sqlite"
)

// The reader pool hands out distinct connections up to its size, waits
// beyond it, gives the most recently returned connection first and
// interrupts the connections in use when it closes.
func TestReaderPool(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "pool.db"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	p := s.pool
	var conns []*sqlite.Conn
	for range readers {
		c, err := p.take(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range conns {
			if d == c {
				t.Fatalf("take handed out a connection in use")
			}
		}
		conns = append(conns, c)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := p.take(done); !errors.Is(err, context.Canceled) {
		t.Fatalf("take with all %d connections in use and an ended context: %v, want context.Canceled", readers, err)
	}
	for _, c := range conns[1:] {
		p.put(c)
	}
	p.put(conns[0])
	got, err := p.take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != conns[0] {
		t.Errorf("take after puts: not the connection returned last")
	}
	p.put(got)
	got, err = p.take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != conns[0] {
		t.Errorf("take again: not the connection returned last")
	}

	// A statement running when the pool closes is interrupted; close
	// waits for its connection.
	var wg sync.WaitGroup
	wg.Add(1)
	var qerr error
	started := make(chan struct{})
	go func() {
		defer wg.Done()
		defer p.put(got)
		close(started)
		_, qerr = queryInt(got, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")
	}()
	<-started
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if qerr == nil {
		t.Errorf("an endless query survived Close")
	}
	if _, err := p.take(ctx); !errors.Is(err, errPoolClosed) {
		t.Errorf("take after close: %v, want errPoolClosed", err)
	}
}
