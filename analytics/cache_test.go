package analytics

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/citygraph/citygraph/graph"
)

func TestCacheComputesOnceUnderConcurrency(t *testing.T) {
	c := NewCache(0)
	var runs atomic.Int64
	release := make(chan struct{})
	const callers = 50
	results := make([]any, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := c.Do(context.Background(), "betweenness", 1, func() (any, error) {
				runs.Add(1)
				<-release // hold the computation until every caller waits on it
				return []float64{1, 2, 3}, nil
			})
			if err != nil {
				t.Error(err)
			}
			results[i] = v
		}()
	}
	// Wait until 49 callers found the running computation (no clock: the
	// hit counter is the signal), then let it finish.
	for c.Stats().Hits < callers-1 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := runs.Load(); n != 1 {
		t.Fatalf("the function ran %d times, want once", n)
	}
	for i, v := range results {
		if s, ok := v.([]float64); !ok || len(s) != 3 || &s[0] != &results[0].([]float64)[0] {
			t.Fatalf("caller %d got %v, not the shared result", i, v)
		}
	}
	// Later callers are answered from the cache.
	if _, err := c.Do(context.Background(), "betweenness", 1, func() (any, error) { runs.Add(1); return nil, nil }); err != nil || runs.Load() != 1 {
		t.Errorf("a later call ran the function again (%d runs, %v)", runs.Load(), err)
	}
	st := c.Stats()
	if st.Misses != 1 || st.Hits != callers || st.Computations != 1 || st.Entries != 1 || st.Version != 1 {
		t.Errorf("stats %+v", st)
	}
}

func TestCacheVersionsErrorsAndBounds(t *testing.T) {
	ctx := context.Background()
	c := NewCache(2)
	var runs atomic.Int64
	fn := func(v string) func() (any, error) {
		return func() (any, error) { runs.Add(1); return v, nil }
	}
	get := func(key string, version int64, v string) any {
		t.Helper()
		got, err := c.Do(ctx, key, version, fn(v))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	get("a", 1, "a1")
	if got := get("a", 2, "a2"); got != "a2" {
		t.Errorf("version 2 got %v", got)
	}
	if st := c.Stats(); st.Entries != 1 || st.Version != 2 {
		t.Errorf("after version 2: %+v; the version 1 result should be gone", st)
	}
	// An older version is still answered, computed afresh and not kept.
	if got := get("a", 1, "a1 again"); got != "a1 again" || c.Stats().Entries != 1 {
		t.Errorf("old version: %v, %+v", got, c.Stats())
	}
	if got := get("a", 1, "a1 third"); got != "a1 third" {
		t.Errorf("old version kept: %v", got)
	}

	// Least recently used goes beyond the capacity of 2.
	get("b", 2, "b")
	get("a", 2, "unused") // touch a
	get("c", 2, "c")      // evicts b
	before := runs.Load()
	if get("a", 2, "x") != "a2" || runs.Load() != before {
		t.Error("a should still be cached")
	}
	if get("b", 2, "b again") != "b again" {
		t.Error("b should have been evicted")
	}

	// Errors reach every waiter and are not kept; panics become errors.
	boom := errors.New("boom")
	if _, err := c.Do(ctx, "e", 2, func() (any, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("error: %v", err)
	}
	if v, err := c.Do(ctx, "e", 2, fn("fine")); err != nil || v != "fine" {
		t.Errorf("after an error: %v, %v", v, err)
	}
	if _, err := c.Do(ctx, "p", 2, func() (any, error) { panic("kaboom") }); err == nil {
		t.Error("panic: no error")
	}

	// A waiter whose context ends gives up; the computation goes on.
	release := make(chan struct{})
	done := make(chan struct{})
	misses := c.Stats().Misses
	go func() {
		defer close(done)
		v, err := c.Do(ctx, "slow", 2, func() (any, error) { <-release; return "slow", nil })
		if err != nil || v != "slow" {
			t.Errorf("slow: %v, %v", v, err)
		}
	}()
	for c.Stats().Misses == misses { // wait until the slow computation has started
		runtime.Gosched()
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.Do(cctx, "slow", 2, fn("never")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled waiter: %v", err)
	}
	close(release)
	<-done
}

func TestCachedKeysByProjectionAndParams(t *testing.T) {
	ctx := context.Background()
	c := NewCache(0)
	p := NewProjection(covSnapshot())
	var runs atomic.Int64
	count := func(q *Projection) func() (int, error) {
		return func() (int, error) { runs.Add(1); return len(q.links), nil }
	}
	ua := p.View(Filter{Countries: []string{"DE", "UA"}, Kinds: []graph.Kind{graph.KindFriendship, graph.KindPartnership}})
	ua2 := p.View(Filter{Countries: []string{"UA", "DE"}, Kinds: []graph.Kind{graph.KindPartnership, graph.KindFriendship}})
	n1, _ := Cached(ctx, c, p, "links", nil, count(p))
	n2, _ := Cached(ctx, c, ua, "links", nil, count(ua))
	n3, _ := Cached(ctx, c, ua2, "links", nil, count(ua2))
	n4, _ := Cached(ctx, c, p, "links", RecommendOptions{Top: 3}, count(p))
	if n1 != 10 || n2 != 4 || n3 != 4 || n4 != 10 {
		t.Errorf("counts %d %d %d %d, want 10 4 4 10", n1, n2, n3, n4)
	}
	if runs.Load() != 3 {
		t.Errorf("%d computations, want 3 (the two equal views share one)", runs.Load())
	}
	// Parameters count by value, also behind pointers.
	w1, w2 := DefaultWeights(), DefaultWeights()
	Cached(ctx, c, p, "links", RecommendOptions{Weights: &w1}, count(p))
	Cached(ctx, c, p, "links", RecommendOptions{Weights: &w2}, count(p))
	w2.Size = 2
	Cached(ctx, c, p, "links", RecommendOptions{Weights: &w2}, count(p))
	if runs.Load() != 5 {
		t.Errorf("%d computations, want 5 (equal weights share one, other weights do not)", runs.Load())
	}
	if p.Key() != "7" || ua.Key() != ua2.Key() || ua.Key() != "7|kinds=FRIENDSHIP,PARTNERSHIP;countries=DE,UA;" {
		t.Errorf("keys %q %q %q", p.Key(), ua.Key(), ua2.Key())
	}
}

func TestCacheStopsAComputationNobodyWaitsFor(t *testing.T) {
	c := NewCache(0)
	started := make(chan struct{})
	sawDone := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := c.DoCancel(ctx, "k", 1, true, func(done <-chan struct{}) (any, error) {
			close(started)
			<-done
			close(sawDone)
			return nil, ErrCanceled
		})
		errc <- err
	}()
	<-started
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("caller got %v, want context.Canceled", err)
	}
	<-sawDone // the computation was told (a hang here is the failure)
	waitForCache(t, func() bool { return c.Stats().Canceled == 1 })
	// Nothing was kept: the next caller computes again.
	v, err := c.DoCancel(context.Background(), "k", 1, true, func(<-chan struct{}) (any, error) { return 42, nil })
	if err != nil || v != 42 {
		t.Fatalf("after a stopped computation: %v %v", v, err)
	}
}

func TestCacheKeepsAComputationSomeoneStillWaitsFor(t *testing.T) {
	c := NewCache(0)
	release := make(chan struct{})
	stopped := make(chan bool, 1)
	fn := func(done <-chan struct{}) (any, error) {
		select {
		case <-done:
			stopped <- true
			return nil, ErrCanceled
		case <-release:
			stopped <- false
			return "result", nil
		}
	}
	ctx1, cancel1 := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() { _, err := c.DoCancel(ctx1, "k", 1, true, fn); first <- err }()
	waitForCache(t, func() bool { return c.Stats().Misses == 1 })
	second := make(chan any, 1)
	go func() { v, _ := c.DoCancel(context.Background(), "k", 1, true, fn); second <- v }()
	waitForCache(t, func() bool { return c.Stats().Hits == 1 })
	cancel1()
	<-first
	close(release)
	if v := <-second; v != "result" {
		t.Fatalf("the remaining caller got %v", v)
	}
	if <-stopped {
		t.Fatalf("the computation was stopped while a caller still waited")
	}
}

func TestCacheBoundsExpensiveComputations(t *testing.T) {
	c := NewCache(0)
	c.SetLimits(DefaultCacheBytes, 1, 1)
	release := make(chan struct{})
	block := func(<-chan struct{}) (any, error) { <-release; return 1, nil }
	results := make(chan error, 2)
	go func() { _, err := c.DoCancel(context.Background(), "a", 1, true, block); results <- err }()
	waitForCache(t, func() bool { return len(c.slots) == 1 })
	go func() { _, err := c.DoCancel(context.Background(), "b", 1, true, block); results <- err }()
	waitForCache(t, func() bool { return c.queued.Load() == 1 })
	// Slot and queue taken: the third is refused at once with BUSY.
	_, err := c.DoCancel(context.Background(), "c", 1, true, block)
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Code != graph.EBUSY || c.Stats().Busy != 1 {
		t.Fatalf("third computation: %v", err)
	}
	// Cheap computations are not bounded.
	if v, err := c.Do(context.Background(), "cheap", 1, func() (any, error) { return 2, nil }); err != nil || v != 2 {
		t.Fatalf("cheap computation: %v %v", v, err)
	}
	close(release)
	for range 2 {
		if err := <-results; err != nil {
			t.Fatal(err)
		}
	}
}

func TestCacheIsBoundedInBytes(t *testing.T) {
	c := NewCache(100)
	c.SetLimits(3000, 2, 2)
	for i := range 10 {
		if _, err := c.Do(context.Background(), fmt.Sprint(i), 1, func() (any, error) { return make([]float64, 100), nil }); err != nil {
			t.Fatal(err)
		}
	}
	st := c.Stats()
	if st.Bytes > 3000 || st.Entries != 3 {
		t.Fatalf("%d entries of %d bytes; want 3 within 3000", st.Entries, st.Bytes)
	}
}

func TestCachedExecStopsAKernel(t *testing.T) {
	p := NewProjection(SyntheticTwinGraph(100_000, 1))
	c := NewCache(0)
	ctx, cancel := context.WithCancel(context.Background())
	var kernelErr error
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		_, err := CachedExec(ctx, c, p, "betweenness", nil, func(done <-chan struct{}) ([]float64, error) {
			v, err := Exec{Workers: 2, Done: done}.Betweenness(p)
			kernelErr = err
			return v, err
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("caller: %v", err)
		}
	}()
	waitForCache(t, func() bool { return c.Stats().Misses == 1 })
	cancel()
	<-finished
	waitForCache(t, func() bool { return c.Stats().Computations == 1 })
	if !errors.Is(kernelErr, ErrCanceled) {
		t.Fatalf("the kernel returned %v, want ErrCanceled", kernelErr)
	}
}

// waitForCache polls cond; it guards against hangs, it does not time.
func waitForCache(t *testing.T, cond func() bool) {
	t.Helper()
	for range 60000 {
		if cond() {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("condition never held")
}
