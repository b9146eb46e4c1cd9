package server

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"runtime"
	rtmetrics "runtime/metrics"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/citygraph/citygraph/export"
	"github.com/citygraph/citygraph/graph/graphtest"
	"github.com/citygraph/citygraph/internal/fixture"
	"github.com/citygraph/citygraph/resolvers"
)

// gatedExporter holds every export in ExportGraph until open is closed,
// so that a test knows which exports are streaming at once.
type gatedExporter struct {
	next    Exporter
	entered chan struct{}
	open    chan struct{}
}

func (g gatedExporter) ExportGraph(ctx context.Context, sel resolvers.Selection) (export.Graph, resolvers.ExportOrigin, error) {
	g.entered <- struct{}{}
	<-g.open
	return g.next.ExportGraph(ctx, sel)
}

// exportOf sends GET path and reads the whole body and the trailers.
func exportOf(t *testing.T, url string) (status int, h http.Header, body []byte, trailer http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Error(err)
		return 0, nil, nil, nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Error(err)
	}
	return resp.StatusCode, resp.Header, b, resp.Trailer
}

// Six concurrent full exports with room for two: two stream a complete
// document, four are told BUSY at once with Retry-After.
func TestExportConcurrencyLimit(t *testing.T) {
	e := newExportEnv(t)
	g := gatedExporter{next: e.srv.cfg.Export, entered: make(chan struct{}, 6), open: make(chan struct{})}
	e2 := startServer(t, Config{Export: g, MaxExports: 2}, startOptions{batch: fixture.Small()})

	type answer struct {
		status  int
		h       http.Header
		body    []byte
		trailer http.Header
	}
	answers := make(chan answer, 6)
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, h, b, tr := exportOf(t, e2.base+"/export?format=graphml")
			answers <- answer{st, h, b, tr}
		}()
	}
	// Four are refused while two wait in ExportGraph.
	busy := 0
	for busy < 4 {
		a := <-answers
		var body struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(a.body, &body); err != nil || a.status != http.StatusServiceUnavailable ||
			body.Error.Code != "BUSY" || a.h.Get("Retry-After") == "" {
			t.Fatalf("over the limit: %d %v %s", a.status, a.h, a.body)
		}
		busy++
	}
	<-g.entered
	<-g.entered
	close(g.open)
	wg.Wait()
	close(answers)
	for a := range answers {
		var doc graphML
		if a.status != 200 || xml.Unmarshal(a.body, &doc) != nil || len(doc.Graph.Nodes) == 0 || a.trailer.Get(exportTrailer) != "complete" {
			t.Errorf("within the limit: %d, trailer %v, %.200s", a.status, a.trailer, a.body)
		}
	}
	// The slots are free again.
	if st, _, _, tr := exportOf(t, e2.base+"/export?format=csv"); st != 200 || tr.Get(exportTrailer) != "complete" {
		t.Errorf("after the burst: %d %v", st, tr)
	}
}

// An export larger than the cap is cut with a marker and the trailer
// says so; one surely larger is refused before it starts.
func TestExportSizeCap(t *testing.T) {
	full := newExportEnv(t)
	_, _, whole, _ := exportOf(t, full.base+"/export?format=graphml")
	_, _, wholeCSV, _ := exportOf(t, full.base+"/export?format=csv-places")

	limit := int64(len(whole) / 2)
	e := startServer(t, Config{MaxExportBytes: limit}, startOptions{batch: fixture.Small()})
	st, _, body, tr := exportOf(t, e.base+"/export?format=graphml")
	var doc graphML
	if st != 200 || !strings.HasPrefix(tr.Get(exportTrailer), "cut") || !strings.Contains(string(body), "<!-- citygraph: export cut here") ||
		xml.Unmarshal(body, &doc) == nil || int64(len(body)) > limit+200 {
		t.Errorf("GraphML over the cap: %d, trailer %v, %d bytes (whole %d), ends %q", st, tr, len(body), len(whole), tail(body))
	}
	if st, _, body, tr := exportOf(t, e.base+"/export?format=csv-places"); int64(len(wholeCSV)) < limit &&
		(st != 200 || tr.Get(exportTrailer) != "complete" || string(body) != string(wholeCSV)) {
		t.Errorf("CSV under the cap: %d %v", st, tr)
	}
	if line := e.logs.lines(t); !strings.Contains(strings.Join(logMessages(line), "\n"), "export cut at the size limit") {
		t.Errorf("no log line for the cut export")
	}

	tiny := startServer(t, Config{MaxExportBytes: 100}, startOptions{batch: fixture.Small()})
	st, _, body, _ = exportOf(t, tiny.base+"/export?format=graphml")
	var eb struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(body, &eb); err != nil || st != http.StatusRequestEntityTooLarge || eb.Error.Code != "REQUEST_TOO_LARGE" ||
		!strings.Contains(eb.Error.Message, "limit of 100 bytes") {
		t.Errorf("surely over the cap: %d %s", st, body)
	}
}

func tail(b []byte) string {
	return string(b[max(0, len(b)-160):])
}

func logMessages(lines []map[string]any) []string {
	var out []string
	for _, l := range lines {
		if m, ok := l["message"].(string); ok {
			out = append(out, m)
		}
	}
	return out
}

// The live heap while a large graph is exported grows by a small part of
// the document: the body is streamed, never built. The client reads the
// body in steps and, after each 2 MiB, collects garbage and reads the live
// heap that collection marked (runtime/metrics /gc/heap/live:bytes, not
// HeapAlloc, which also counts what the server allocates after the
// collection; no timing). What remains is the selection's indices (4 bytes
// a link) and the buffers of the writers.
func TestExportMemoryIndependentOfGraphSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a graph of 60,000 links")
	}
	e := startServer(t, Config{MaxExportBytes: -1}, startOptions{batch: graphtest.SyntheticBatch(60000, 1)})
	for _, format := range []string{"graphml", "csv-partnerships"} {
		// The first export builds what every later one shares (the name
		// index, the gazetteer, the projection's lookups): not part of an
		// export's memory.
		if st, _, _, tr := exportOf(t, e.base+"/export?format="+format); st != 200 || tr.Get(exportTrailer) != "complete" {
			t.Fatalf("warm-up export: %d %v", st, tr)
		}
		heap := func() uint64 {
			// Two collections: while the first runs, the server fills the
			// socket's buffers and stops; the second then marks only what
			// the export holds.
			runtime.GC()
			runtime.GC()
			m := []rtmetrics.Sample{{Name: "/gc/heap/live:bytes"}}
			rtmetrics.Read(m)
			return m[0].Value.Uint64()
		}
		base := heap()
		resp, err := http.Get(e.base + "/export?format=" + format)
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		var grew []int64
		buf := make([]byte, 64<<10)
		next := int64(2 << 20)
		for {
			n, err := resp.Body.Read(buf)
			total += int64(n)
			if total >= next {
				grew = append(grew, int64(heap())-int64(base))
				next += 2 << 20
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		resp.Body.Close()
		// The median of the samples: an export held in memory grows the
		// heap with what was sent (or holds it all from the start), so most
		// samples are large; a streaming one stays flat, and one sample
		// taken while a loaded machine's buffers fill (11 MiB of 27.9 seen
		// once) does not decide.
		slices.Sort(grew)
		median := grew[len(grew)/2]
		t.Logf("%s: %.1f MiB exported, live heap grew by %.2f MiB (median of %d samples), at most %.2f MiB", format, float64(total)/(1<<20), float64(median)/(1<<20), len(grew), float64(grew[len(grew)-1])/(1<<20))
		if resp.Trailer.Get(exportTrailer) != "complete" || total < 4<<20 {
			t.Fatalf("%s: %d bytes, trailer %v", format, total, resp.Trailer)
		}
		if median > total/4 {
			t.Errorf("%s: the live heap grew by %d bytes (median) while %d were exported: the export is held in memory", format, median, total)
		}
	}
}
