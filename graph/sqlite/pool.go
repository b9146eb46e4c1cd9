package sqlite

import (
	"context"
	"errors"
	"sync"

	"zombiezen.com/go/sqlite"
)

// readerPool hands out up to n reader connections at a time, opened when
// first needed, and the most recently returned one first: its page cache
// and prepared statements are warm. (sqlitex.Pool hands its connections
// out in turn, so that a snapshot of 100,000 links after another one ran
// on a connection that had not read the file for three snapshots, reading
// every page again.)
type readerPool struct {
	open func() (*sqlite.Conn, error)
	sem  chan struct{} // one token per connection in use
	done chan struct{} // closed by close
	wg   sync.WaitGroup

	mu     sync.Mutex
	idle   []*sqlite.Conn // most recently returned last
	busy   map[*sqlite.Conn]context.CancelFunc
	closed bool
}

var errPoolClosed = errors.New("reader pool closed")

func newReaderPool(n int, open func() (*sqlite.Conn, error)) *readerPool {
	return &readerPool{open: open, sem: make(chan struct{}, n), done: make(chan struct{}), busy: map[*sqlite.Conn]context.CancelFunc{}}
}

// take returns a connection whose statements are interrupted when ctx
// ends or the pool closes; it waits while n are in use.
func (p *readerPool) take(ctx context.Context) (*sqlite.Conn, error) {
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-p.done:
		return nil, errPoolClosed
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		<-p.sem
		return nil, errPoolClosed
	}
	var c *sqlite.Conn
	if n := len(p.idle); n > 0 {
		c, p.idle = p.idle[n-1], p.idle[:n-1]
	}
	p.wg.Add(1)
	p.mu.Unlock()
	if c == nil {
		var err error
		if c, err = p.open(); err != nil {
			p.wg.Done()
			<-p.sem
			return nil, err
		}
	}
	rctx, cancel := context.WithCancel(ctx)
	c.SetInterrupt(rctx.Done())
	p.mu.Lock()
	p.busy[c] = cancel
	if p.closed {
		cancel()
	}
	p.mu.Unlock()
	return c, nil
}

// put gives back a connection from take, out of any transaction.
func (p *readerPool) put(c *sqlite.Conn) {
	c.SetInterrupt(nil)
	p.mu.Lock()
	cancel := p.busy[c]
	delete(p.busy, c)
	keep := !p.closed
	if keep {
		p.idle = append(p.idle, c)
	}
	p.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	if !keep {
		c.Close() // the pool closed meanwhile
	}
	p.wg.Done()
	<-p.sem
}

// close interrupts the connections in use, waits for them and closes
// every connection.
func (p *readerPool) close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.done)
	for _, cancel := range p.busy {
		cancel()
	}
	p.mu.Unlock()
	p.wg.Wait()
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	var errs []error
	for _, c := range idle {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}
