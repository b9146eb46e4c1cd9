package analytics

import (
	"errors"
	"sync"
	"sync/atomic"
)

// ErrCanceled is returned by a kernel run with Exec.Done when Done was
// closed before the kernel finished; the partial result is dropped.
var ErrCanceled = errors.New("analytics: canceled")

// Exec says how an expensive kernel runs: on how many goroutines, and
// until when. The zero Exec uses one goroutine per CPU and runs to the end.
//
// A server passes its request's ctx.Done() as Done: the kernels check it
// between small units of work (a few milliseconds each on graphs of
// 100,000 links) and return ErrCanceled soon after it is closed. Results
// do not depend on Workers: every kernel adds its parts up in a fixed
// order, so they are the same to the bit for any number of workers.
type Exec struct {
	Workers int             // goroutines; <= 0: one per CPU
	Done    <-chan struct{} // closed: stop and return ErrCanceled; nil: never
}

// stopped reports whether Done is closed.
func (e Exec) stopped() bool {
	select {
	case <-e.Done:
		return true
	default:
		return false
	}
}

// orderedJobs runs work(w, buf, j) for every job j in [0, jobs) on up to
// workers goroutines, w in [0, workers) naming the goroutine (for its
// scratch buffers) and buf a result buffer from newBuf, then merge(buf, j)
// for the jobs strictly in the order 0, 1, 2, ..., whichever goroutine
// finished which job first: floating-point sums come out the same to the
// bit for every number of workers. At most workers+2 result buffers exist.
// It checks e.Done before every job and returns ErrCanceled when closed.
func orderedJobs[B any](e Exec, workers, jobs int, newBuf func() B, work func(w int, buf B, j int), merge func(buf B, j int)) error {
	if workers <= 1 {
		buf := newBuf()
		for j := 0; j < jobs; j++ {
			if e.stopped() {
				return ErrCanceled
			}
			work(0, buf, j)
			merge(buf, j)
		}
		return nil
	}
	q := &jobQueue[B]{e: e, jobs: jobs, merge: merge, pending: make(map[int]B), free: make(chan B, workers+2)}
	for range cap(q.free) {
		q.free <- newBuf()
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				buf, j, ok := q.take()
				if !ok {
					return
				}
				work(w, buf, j)
				q.done(buf, j)
			}
		}(w)
	}
	wg.Wait()
	if q.canceled.Load() {
		return ErrCanceled
	}
	return nil
}

// jobQueue hands out the jobs of orderedJobs and merges their results in
// job order.
type jobQueue[B any] struct {
	e     Exec
	jobs  int
	merge func(buf B, j int)

	next     atomic.Int64
	canceled atomic.Bool
	free     chan B // result buffers not in use

	mu      sync.Mutex
	merged  int       // jobs 0 .. merged-1 are merged
	pending map[int]B // finished jobs waiting for their turn
}

// take returns a free buffer and the next job; ok is false when there are
// no more jobs or the run was canceled. It takes the buffer before the
// job: the goroutine holding the lowest unmerged job always has one, so
// merging never stalls.
func (q *jobQueue[B]) take() (buf B, j int, ok bool) {
	buf = <-q.free
	j = int(q.next.Add(1)) - 1
	if j >= q.jobs || q.canceled.Load() {
		q.free <- buf
		return buf, j, false
	}
	if q.e.stopped() {
		q.canceled.Store(true)
		q.free <- buf
		return buf, j, false
	}
	return buf, j, true
}

// done records job j's result in buf and merges every job whose turn has
// come, freeing their buffers.
func (q *jobQueue[B]) done(buf B, j int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pending[j] = buf
	for {
		b, ok := q.pending[q.merged]
		if !ok {
			return
		}
		delete(q.pending, q.merged)
		q.merge(b, q.merged)
		q.merged++
		q.free <- b
	}
}

// parallelFor calls work(w, j) for every job j in [0, jobs) on up to
// workers goroutines, w naming the goroutine, for kernels whose jobs write
// disjoint results (nothing to add up). It checks e.Done before every job
// and returns ErrCanceled when closed.
func parallelFor(e Exec, workers, jobs int, work func(w, j int)) error {
	return orderedJobs(e, workers, jobs, func() struct{} { return struct{}{} },
		func(w int, _ struct{}, j int) { work(w, j) }, func(struct{}, int) {})
}
