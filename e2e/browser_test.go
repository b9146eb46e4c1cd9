package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// The web application walked in a real headless browser (Debian's
// chromium through the DevTools protocol) the way its three users would:
// a state chancellery (map, Land dashboard, CSV), a researcher (German-
// Ukrainian links per year, the network view, central and bridging
// places) and a network office (partner finder, city page). Every check
// compares what the page shows with what the API answers.

// chromiumPath returns Debian's chromium; without it the test fails in CI
// and is skipped elsewhere.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (apt-get install -y chromium); CI must run the browser tests")
	}
	t.Skip("chromium is not installed (apt-get install -y chromium)")
	return ""
}

// page is one browser tab on a server.
type page struct {
	t        *testing.T
	ctx      context.Context
	base     string
	shots    string // folder for screenshots
	download string // folder for downloads
}

// newPage starts a headless chromium (software WebGL) on base.
func newPage(t *testing.T, base string) *page {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("lang", "en-GB"),
		chromedp.WindowSize(1400, 1000),
		chromedp.UserDataDir(t.TempDir()),
	)
	// Bounded so that a hung browser cannot hang the suite; not a speed check.
	tctx, cancelT := context.WithTimeout(context.Background(), 40*time.Minute)
	actx, cancelA := chromedp.NewExecAllocator(tctx, opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA(); cancelT() })
	p := &page{t: t, ctx: ctx, base: base, shots: screenshotDir(t), download: t.TempDir()}
	// The first call starts the browser, on the page's own context (a
	// shorter one would end the browser with it).
	err := chromedp.Do(ctx, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: p.download})
		return chromedp.Void{}, err
	})
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return p
}

// screenshotDir is where screenshots go: $CITYGRAPH_SCREENSHOT_DIR, else a
// folder under the system's temporary folder (logged), kept after the test.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("CITYGRAPH_SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "citygraph-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// do runs browser steps; a failure ends the test.
func (p *page) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	// Each step list is bounded so that a wrong selector fails in minutes,
	// not at the suite's end (generous: a shared machine may be loaded);
	// not a speed check.
	ctx, cancel := context.WithTimeout(p.ctx, 12*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

// evalJS evaluates a JavaScript expression (awaiting a promise) in the page.
func evalJS[T any](p *page, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// open loads a view from scratch and waits until it has rendered; it
// returns the time from opening the page to the view's first render.
func (p *page) open(hash, view string) time.Duration {
	p.t.Helper()
	p.do(chromedp.Navigate("about:blank"), chromedp.Navigate(p.base+"/"+hash))
	return p.waitView(view)
}

// waitView waits for a view's ready mark and returns readyAt.
func (p *page) waitView(view string) time.Duration {
	p.t.Helper()
	p.do(chromedp.WaitVisible(chromedp.CSS(`main[data-ready="` + view + `"]`)))
	return time.Duration(evalJS[float64](p, `window.citygraphReadyAt`) * float64(time.Millisecond))
}

// waitPainted waits for the end of the first frame drawn after a view's
// ready mark and returns its time from opening the page.
func (p *page) waitPainted(view string) time.Duration {
	p.t.Helper()
	p.do(chromedp.WaitVisible(chromedp.CSS(`main[data-painted="` + view + `"]`)))
	return time.Duration(evalJS[float64](p, `window.citygraphPaintedAt`) * float64(time.Millisecond))
}

// waitCharts waits until every chart drawn after the first frame
// ([data-chart]) is drawn and returns the time from opening the page.
func (p *page) waitCharts() time.Duration {
	p.t.Helper()
	p.do(chromedp.WaitVisible(chromedp.CSS(`[data-chart]`)), chromedp.WaitNotPresent(chromedp.CSS(`[data-chart]:not([data-drawn])`)))
	return time.Duration(evalJS[float64](p, `performance.now()`) * float64(time.Millisecond))
}

// waitPoints waits until the map has drawn its points (after the first
// frame) and returns how many.
func (p *page) waitPoints() int {
	p.t.Helper()
	p.do(chromedp.WaitVisible(chromedp.CSS(`#map[data-points]:not([data-points=""])`)))
	return digits(p.attr(`#map`, "data-points"))
}

// drawnShot saves a screenshot and fails the test when the element sel is
// blank in it: fewer than 0.25% of its pixels differ from its commonest colour
// (a WebGL drawing that did not make it to the screen).
func (p *page) drawnShot(name, sel string) {
	p.t.Helper()
	p.shot(name)
	type box struct{ X, Y, W, H float64 }
	b := evalJS[box](p, `(() => { const r = document.querySelector(`+strconv.Quote(sel)+`).getBoundingClientRect();
		return {X: r.left + scrollX, Y: r.top + scrollY, W: r.width, H: r.height}; })()`)
	f, err := os.Open(filepath.Join(p.shots, name+".png"))
	if err != nil {
		p.t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	counts := map[color.RGBA]int{}
	rect := image.Rect(int(b.X)+2, int(b.Y)+2, int(b.X+b.W)-2, int(b.Y+b.H)-2).Intersect(img.Bounds())
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			counts[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	common, most := color.RGBA{}, 0
	for c, n := range counts {
		if n > most {
			common, most = c, n
		}
	}
	area := rect.Dx() * rect.Dy()
	if area == 0 || float64(area-most) < 0.0025*float64(area) {
		p.t.Errorf("screenshot %s: %s is blank (%d of %d pixels differ from %v)", name, sel, area-most, area, common)
	}
	p.t.Logf("screenshot %s: %d of %d pixels of %s drawn", name, area-most, area, sel)
}

// goTo changes the hash (as a link would) and waits for the view.
func (p *page) goTo(hash, view string) {
	p.t.Helper()
	evalJS[string](p, `location.hash = `+strconv.Quote(hash))
	p.waitView(view)
}

func (p *page) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (p *page) count(sel string) int {
	p.t.Helper()
	return evalJS[int](p, `document.querySelectorAll(`+strconv.Quote(sel)+`).length`)
}

func (p *page) attr(sel, name string) string {
	p.t.Helper()
	a, err := chromedp.Run(p.ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil {
		p.t.Fatalf("attribute %s of %s: %v", name, sel, err)
	}
	return a.Value
}

// shot saves a full-page screenshot.
func (p *page) shot(name string) {
	p.t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	if len(png) < 20_000 {
		p.t.Errorf("screenshot %s is only %d bytes", name, len(png))
	}
	path := filepath.Join(p.shots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot %s", path)
}

// noMissingTexts checks that every text shown had a translation.
func (p *page) noMissingTexts() {
	p.t.Helper()
	if missing := evalJS[[]string](p, `[...window.citygraph.missing]`); len(missing) > 0 {
		p.t.Errorf("texts without translation: %v", missing)
	}
}

// downloaded waits for a file name in the download folder.
func (p *page) downloaded(name string) []byte {
	p.t.Helper()
	path := filepath.Join(p.download, name)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return b
		}
		time.Sleep(100 * time.Millisecond)
	}
	entries, _ := os.ReadDir(p.download)
	p.t.Fatalf("no download %s (folder holds %v)", name, entries)
	return nil
}

// selectValue sets a select's value and fires its change event.
func selectValue(sel, value string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector(`+strconv.Quote(sel)+`); e.value = `+
			strconv.Quote(value)+`; e.dispatchEvent(new Event('change', {bubbles: true})); })()`)(ctx, t)
		return chromedp.Void{}, err
	}
}

// digits reads the integer out of a displayed number ("1,952" -> 1952).
func digits(s string) int {
	n, _ := strconv.Atoi(regexp.MustCompile(`\D`).ReplaceAllString(s, ""))
	return n
}

// data decodes the data of a GraphQL answer.
func data[T any](t *testing.T, r gql) T {
	t.Helper()
	var v T
	if len(r.Errors) > 0 {
		t.Fatalf("query failed: %s", r.body)
	}
	if err := json.Unmarshal(r.Data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBrowserStateChancellery: how well is my Land covered, and against
// what? The map, the Länder table, the Land dashboard with its tables and
// gaps, a CSV for German Excel.
func TestBrowserStateChancellery(t *testing.T) {
	srv := serve(t, nil, false, "--store", demoCopy(t))
	p := newPage(t, srv.base)
	want := data[struct {
		Coverage []struct {
			Key                                  string
			Municipalities, LinkedMunicipalities int
			Links, Reported                      int
			Share                                float64
		}
		Kreise []struct{ Key string }
		Gaps   []struct{ ID string }
	}](t, srv.query(t, `{ coverage(groupBy: STATE) { key municipalities linkedMunicipalities links reported share }
		kreise: coverage(groupBy: KREIS, state: "DE-NW") { key }
		gaps: municipalityCoverage(state: "DE-NW", linked: false) { id } }`, nil))
	links, linked, munis, reported := 0, 0, 0, 0
	var nw struct {
		links, linked, munis, reported int
		share                          float64
	}
	for _, c := range want.Coverage {
		links += c.Links
		linked += c.LinkedMunicipalities
		munis += c.Municipalities
		reported += c.Reported
		if c.Key == "DE-NW" {
			nw.links, nw.linked, nw.munis, nw.reported, nw.share = c.Links, c.LinkedMunicipalities, c.Municipalities, c.Reported, c.Share
		}
	}

	p.open("#/map?lang=en", "map")
	if got := digits(p.text(`[data-kpi=links]`)); got != links {
		t.Errorf("map: %d links shown, the API counts %d", got, links)
	}
	if got := p.text(`[data-kpi=linked]`); !strings.HasPrefix(got, fmt.Sprintf("%s / %s", commas(linked), commas(munis))) {
		t.Errorf("map: linked municipalities %q, want %d / %d", got, linked, munis)
	}
	if got := digits(p.text(`[data-kpi=reported]`)); got != reported || reported != 6694 {
		t.Errorf("map: reported %d, want %d (the RGRE's 6,694)", got, reported)
	}
	if n := p.count(`table[data-table=laender] tbody tr`); n != 16 {
		t.Errorf("map: %d Länder in the table", n)
	}
	if n := p.count(`#map path.leaflet-interactive`); n != 16 {
		t.Errorf("map: %d Länder drawn, want 16", n)
	}
	points := data[struct{ MunicipalityCoverage []struct{ ID string } }](t, srv.query(t, `{ municipalityCoverage(linked: true) { id } }`, nil))
	if n := p.waitPoints(); n != len(points.MunicipalityCoverage) || n != linked {
		t.Errorf("map: %d municipality points, the API lists %d linked municipalities (%d in the coverage)", n, len(points.MunicipalityCoverage), linked)
	}
	p.shot("map-coverage")

	// Keyboard: the Länder table's links lead to the dashboards.
	p.do(chromedp.Focus(chromedp.CSS(`table[data-table=laender] a[href*="DE-NW"]`)), chromedp.KeyEvent("\r"))
	p.waitView("land")
	if h := p.text("h1"); !strings.Contains(h, "Nordrhein-Westfalen") {
		t.Errorf("dashboard heading %q", h)
	}
	if got := p.text(`[data-kpi=linked]`); got != commas(nw.linked)+" / "+commas(nw.munis) {
		t.Errorf("dashboard: linked %q, want %d / %d", got, nw.linked, nw.munis)
	}
	if got, wantPct := p.text(`[data-kpi=share]`), fmt.Sprintf("%.1f%%", 100*nw.share); got != wantPct {
		t.Errorf("dashboard: share %q, want %q", got, wantPct)
	}
	if got := digits(p.text(`[data-kpi=reported]`)); got != nw.reported {
		t.Errorf("dashboard: reported %d, want %d", got, nw.reported)
	}
	if n := p.count(`table[data-table=kreise] tbody tr`); n != len(want.Kreise) {
		t.Errorf("dashboard: %d Kreise, the API has %d", n, len(want.Kreise))
	}
	if n := p.count(`table[data-table=sizes] tbody tr`); n != 8 {
		t.Errorf("dashboard: %d size classes", n)
	}
	if n := p.count(`table[data-table=against] tbody tr`); n != 16 {
		t.Errorf("dashboard: %d Länder to compare with", n)
	}
	if got := digits(p.text(`#gaps h2`)); got != len(want.Gaps) || len(want.Gaps) == 0 {
		t.Errorf("dashboard: gaps heading says %d, the API lists %d", got, len(want.Gaps))
	}
	p.do(chromedp.Click(chromedp.CSS(`#moregaps`)))
	if n := p.count(`table[data-table=gaps] tbody tr`); n != len(want.Gaps) {
		t.Errorf("dashboard: %d gaps listed after 'show all', want %d", n, len(want.Gaps))
	}
	if n := p.count(`[data-svg]`) + p.count(`[data-png]`); n < 8 {
		t.Errorf("dashboard: %d chart download buttons", n)
	}
	p.waitCharts()
	if n := p.count(`[data-chart] svg`); n < 5 {
		t.Errorf("dashboard: %d charts drawn", n)
	}
	p.shot("land-dashboard")

	// The Kreise as CSV for German Excel.
	p.do(chromedp.Click(chromedp.CSS(`section [data-csv="DE-NW-kreise.csv"]`)))
	csv := string(p.downloaded("DE-NW-kreise.csv"))
	lines := strings.Split(strings.TrimSuffix(csv, "\r\n"), "\r\n")
	if !strings.HasPrefix(csv, "\uFEFF") || len(lines) != len(want.Kreise)+1 || !strings.Contains(lines[0], ";") {
		t.Errorf("Kreise CSV: BOM %v, %d lines, header %q", strings.HasPrefix(csv, "\uFEFF"), len(lines), lines[0])
	}
	if len(lines) > 1 && !regexp.MustCompile(`^\d{5};[^;]+;\d+;\d+;\d+(,\d+)?;\d+;\d+(,\d+)?;`).MatchString(lines[1]) {
		t.Errorf("Kreise CSV row %q: want semicolons and decimal commas", lines[1])
	}
	// A chart as SVG and as PNG (the charts are drawn after the first frame).
	p.waitCharts()
	p.do(chromedp.Click(chromedp.CSS(`[data-svg="kreise-share"]`)), chromedp.Click(chromedp.CSS(`[data-png="kreise-share"]`)))
	if svg := string(p.downloaded("kreise-share.svg")); !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, `xmlns="http://www.w3.org/2000/svg"`) || !strings.Contains(svg, "Düsseldorf") {
		t.Errorf("chart SVG: %.200q", svg)
	}
	if png := p.downloaded("kreise-share.png"); !strings.HasPrefix(string(png), "\x89PNG") || len(png) < 5000 {
		t.Errorf("chart PNG: %d bytes", len(png))
	}

	// Cells Excel would run as formulas are neutralised.
	got := evalJS[string](p, `window.citygraph.csv(['a', 'b'], [['=HYPERLINK("x")', 1.5], ['+1', '-2'], ['@SUM(A1)', 'ok;"q"']])`)
	if want := "\uFEFFa;b\r\n'=HYPERLINK(\"\"x\"\")\";1,5\r\n'+1;'-2\r\n'@SUM(A1);\"ok;\"\"q\"\"\"\r\n"; got != want {
		// The first cell holds a quote, so it is quoted as a whole.
		if want2 := "\uFEFFa;b\r\n\"'=HYPERLINK(\"\"x\"\")\";1,5\r\n'+1;'-2\r\n'@SUM(A1);\"ok;\"\"q\"\"\"\r\n"; got != want2 {
			t.Errorf("csv() = %q", got)
		}
	}

	// German, from the switch; the URL keeps the state.
	p.do(selectValue(`#langsel`, "de"))
	p.waitView("land")
	if h := p.text("h1"); !strings.Contains(h, "Abdeckung") {
		t.Errorf("German heading %q", h)
	}
	hash := evalJS[string](p, `location.hash`)
	if !strings.Contains(hash, "land/DE-NW") || !strings.Contains(hash, "lang=de") {
		t.Errorf("URL after switching language: %s", hash)
	}
	p.shot("land-dashboard-de")
	p.noMissingTexts()
}

// commas formats an integer as the English page does (1,234).
func commas(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestBrowserResearcher: which German municipalities partnered with
// Ukraine since 2022, per year; who are the central and bridging places.
func TestBrowserResearcher(t *testing.T) {
	srv := serve(t, nil, false, "--store", demoCopy(t))
	p := newPage(t, srv.base)
	want := data[struct {
		Partnerships struct{ TotalCount int }
		ByYear       struct {
			Rows []struct{ Year, Started int }
		}
		NetworkView struct {
			Nodes []struct{ ID string }
			Links []struct{ Source, Target string }
		}
		Degree, Betweenness struct {
			Nodes []scoredNode
		}
		Around struct {
			Nodes []struct {
				ID        string
				Community int
			}
		}
		ReportedCounts []struct {
			Date                                *string
			Reported, Known, Uncertain, Undated int
			AtLeast                             bool
		}
	}](t, srv.query(t, `{
		reportedCounts(country: "UA") { date reported atLeast known uncertain undated }
		around: networkView(city: "Mannheim", depth: 1) { nodes { id community } }
		partnerships(filter: {country: "DE", partnerCountry: "UA", since: "2022"}) { totalCount }
		byYear: coverageByYear(partnerCountry: "UA", from: 1990) { rows { year started } }
		networkView(countries: ["DE", "UA"]) { nodes { id } links { source target } }
		degree: networkView(countries: ["DE", "UA"], metric: DEGREE) { nodes { name score } }
		betweenness: networkView(countries: ["DE", "UA"], metric: BETWEENNESS) { nodes { name score } }
	}`, nil))
	if want.Partnerships.TotalCount < 10 {
		t.Fatalf("the demo has %d German-Ukrainian links since 2022", want.Partnerships.TotalCount)
	}

	p.open("#/map?country=UA&lang=en", "map")
	// "12 links between German places and Ukraine began in 2022 or later."
	if got := p.text(`#sincecount`); !strings.HasPrefix(got, strconv.Itoa(want.Partnerships.TotalCount)+" ") {
		t.Errorf("since 2022: %q, the API counts %d", got, want.Partnerships.TotalCount)
	}
	if n := p.count(`table[data-table=since] tbody tr`); n != want.Partnerships.TotalCount {
		t.Errorf("%d links listed, want %d", n, want.Partnerships.TotalCount)
	}
	started2022 := 0
	for _, r := range want.ByYear.Rows {
		if r.Year == 2022 {
			started2022 = r.Started
		}
	}
	bars := p.count(`#yearchart svg rect`)
	if started2022 == 0 || bars == 0 {
		t.Errorf("per-year chart: %d bars; the API has %d links begun in 2022", bars, started2022)
	}
	// Reported partnerships over time against the links known at each date.
	if n := p.count(`table[data-table=reported] tbody tr`); n != len(want.ReportedCounts) || n == 0 {
		t.Errorf("reported counts: %d rows, the API has %d", n, len(want.ReportedCounts))
	}
	oct2022 := false
	for _, r := range want.ReportedCounts {
		if r.Date == nil {
			continue
		}
		row := `table[data-table=reported] tr[data-date="` + *r.Date + `"] `
		wantReported := commas(r.Reported)
		if r.AtLeast {
			wantReported = "over " + wantReported
		}
		if got := p.text(row + `[data-col=reported]`); got != wantReported {
			t.Errorf("reported %s: %q, the API says %q", *r.Date, got, wantReported)
		}
		for col, n := range map[string]int{"known": r.Known, "uncertain": r.Uncertain, "undated": r.Undated} {
			if got := p.text(row + `[data-col=` + col + `]`); got != commas(n) {
				t.Errorf("%s %s: %q, the API says %d", col, *r.Date, got, n)
			}
		}
		if *r.Date == "2022-10" {
			oct2022 = r.Reported == 107 && r.Known > 0
		}
	}
	if !oct2022 {
		t.Errorf("reported counts: no row 2022-10 with 107 reported and links known: %+v", want.ReportedCounts)
	}
	if n := p.count(`#reportedchart svg circle`); n == 0 {
		t.Errorf("reported counts: no dots in the chart")
	}
	// A lower bound is plotted as one: "≥250" and an arrow up, per such count.
	var bounds []string
	for _, r := range want.ReportedCounts {
		if r.AtLeast && r.Date != nil {
			bounds = append(bounds, "≥"+commas(r.Reported))
		}
	}
	if len(bounds) == 0 {
		t.Errorf("the demo's counts have no lower bound ('over 250'): %+v", want.ReportedCounts)
	}
	if got := evalJS[[]string](p, `[...document.querySelectorAll('#reportedchart g.lowerbound text')].map(e => e.textContent)`); strings.Join(got, " ") != strings.Join(bounds, " ") {
		t.Errorf("lower-bound labels %q, want %q", got, bounds)
	}
	if n := p.count(`#reportedchart g.lowerbound path`); n != len(bounds) {
		t.Errorf("%d lower-bound arrows, want %d", n, len(bounds))
	}
	p.shot("ukraine-since-2022")

	// The same panel in German: "über 250", German number format, German headings.
	p.goTo("#/map?country=UA&lang=de", "map")
	for _, r := range want.ReportedCounts {
		if r.Date == nil {
			continue
		}
		row := `table[data-table=reported] tr[data-date="` + *r.Date + `"] `
		wantReported := strings.ReplaceAll(commas(r.Reported), ",", ".")
		if r.AtLeast {
			wantReported = "über " + wantReported
		}
		if got := p.text(row + `[data-col=reported]`); got != wantReported {
			t.Errorf("German: reported %s: %q, want %q", *r.Date, got, wantReported)
		}
		if got := p.text(row + `[data-col=known]`); got != strings.ReplaceAll(commas(r.Known), ",", ".") {
			t.Errorf("German: known %s: %q, the API says %d", *r.Date, got, r.Known)
		}
	}
	if h := p.text(`table[data-table=reported] thead`); !strings.Contains(h, "Gemeldet") || !strings.Contains(h, "Bekannte Verbindungen") {
		t.Errorf("German headings of the reported counts: %q", h)
	}
	var deBounds []string
	for _, b := range bounds {
		deBounds = append(deBounds, strings.ReplaceAll(b, ",", "."))
	}
	if got := evalJS[[]string](p, `[...document.querySelectorAll('#reportedchart g.lowerbound text')].map(e => e.textContent)`); strings.Join(got, " ") != strings.Join(deBounds, " ") {
		t.Errorf("German lower-bound labels %q, want %q", got, deBounds)
	}
	if note := p.text(`#reportednote`); !strings.Contains(note, "Untergrenze") {
		t.Errorf("German note does not explain the lower bound: %q", note)
	}
	evalJS[any](p, `document.getElementById('reportedchart').scrollIntoView()`)
	p.shot("ukraine-reported-de")
	p.goTo("#/map?country=UA&lang=en", "map")

	// The year slider: the network as of the end of 2021 has fewer links.
	p.goTo("#/map?country=UA&year=2021&lang=en", "map")
	before := digits(p.text(`[data-kpi=links]`))
	p.goTo("#/map?country=UA&lang=en", "map")
	now := digits(p.text(`[data-kpi=links]`))
	if before >= now {
		t.Errorf("links with Ukraine: %d at the end of 2021, %d today", before, now)
	}
	p.goTo("#/map?view=world&country=UA&lang=en", "map")
	if n := p.waitPoints(); n == 0 {
		t.Error("world view: no points")
	}
	p.shot("world-ukraine")

	// The German-Ukrainian network, central and bridging places.
	p.open("#/network?lang=en", "network")
	nodes := p.attr(`#graph`, "data-nodes")
	if digits(nodes) != len(want.NetworkView.Nodes) || digits(p.text(`#netcounts`)) == 0 {
		t.Errorf("network: %s nodes drawn, the API has %d", nodes, len(want.NetworkView.Nodes))
	}
	// One WebGL context draws places and links (its point and line counts
	// are data-nodes and data-edges), one 2D canvas the labels.
	if n := p.count(`#graph canvas`); n != 2 || !evalJS[bool](p, `!!document.querySelector('#graph canvas[data-layer=graph]').getContext('webgl2')`) {
		t.Errorf("network: %d canvases, or the drawing's is not WebGL 2", n)
	}
	pairs := map[[2]string]bool{} // links of several kinds between two places are drawn as one line
	for _, l := range want.NetworkView.Links {
		pairs[[2]string{min(l.Source, l.Target), max(l.Source, l.Target)}] = true
	}
	if got := digits(p.attr(`#graph`, "data-edges")); got != len(pairs) || got == 0 {
		t.Errorf("network: %d links drawn, the API has %d between distinct pairs of places", got, len(pairs))
	}
	if got, first := p.text(`table[data-table=central] tbody tr:first-child td:nth-child(2)`), best(want.Degree.Nodes); got != first {
		t.Errorf("most partners: %q, the API ranks %q first", got, first)
	}
	if got, first := p.text(`table[data-table=bridging] tbody tr:first-child td:nth-child(2)`), best(want.Betweenness.Nodes); got != first {
		t.Errorf("bridges: %q, the API ranks %q first", got, first)
	}
	// Search finds a place and opens its card; the card opens the place.
	p.do(chromedp.SendKeys(chromedp.CSS(`#netsearch`), "Mannheim"), selectValue(`#netsearch`, "Mannheim"),
		chromedp.WaitVisible(chromedp.CSS(`#selected`)))
	if h := p.text(`#selected h2`); h != "Mannheim" {
		t.Errorf("search selected %q", h)
	}
	// Sized by partners (degree), a whole number: shown without decimals.
	if card := p.text(`#selected p:nth-of-type(2)`); !regexp.MustCompile(`\(degree\): [0-9,]+$`).MatchString(card) || strings.HasPrefix(card, "1 partners") {
		t.Errorf("the card's centrality line %q: want the degree as a whole number", card)
	}
	// The drawing's accessible name says how many places and links it shows.
	if label, say := p.attr(`#graph`, "aria-label"), fmt.Sprintf("(%s places, ", commas(len(want.NetworkView.Nodes))); !strings.Contains(label, say) {
		t.Errorf("the drawing's accessible name %q does not say %q", label, say)
	}
	exports := evalJS[int](p, `[...document.querySelectorAll('#netexport a')].filter(a => a.href.includes('countries=DE%2CUA')).length`)
	if exports != 6 {
		t.Errorf("%d export links for the same subgraph", exports)
	}
	// Every export link answers (HEAD: the headers of the download), one
	// after the other as a person clicks them: the server streams at most
	// --max-exports (2) at once and tells a third to retry (503 BUSY).
	if bad := evalJS[[]string](p, `(async () => { const bad = []; for (const a of document.querySelectorAll('#netexport a')) { const r = await fetch(a.href, {method: 'HEAD'}); if (r.status !== 200) bad.push(a.dataset.format + ': ' + r.status); } return bad; })()`); len(bad) > 0 {
		t.Errorf("export links that fail: %v", bad)
	}
	if evalJS[bool](p, `document.getElementById('netkind').disabled || document.getElementById('netyear').disabled`) {
		t.Error("network between countries: the kind and as-of filters are switched off")
	}
	p.do(chromedp.WaitVisible(chromedp.CSS(`#graph[data-layout=done]`)))
	p.drawnShot("network-de-ua", "#graph")
	// A click on a drawn place selects it (found under the pointer through
	// the grid index); on the drawing, + zooms in and 0 shows all again.
	type point struct{ X, Y float64 }
	kyiv := evalJS[point](p, `window.citygraphPlaceAt('Kyiv')`)
	p.do(chromedp.MouseClickXY(kyiv.X, kyiv.Y))
	if h := p.text(`#selected h2`); h != "Kyiv" {
		t.Errorf("a click on Kyiv in the drawing selected %q", h)
	}
	spread := `(() => { const a = window.citygraphPlaceAt('Kyiv'), b = window.citygraphPlaceAt('Lviv'); return Math.hypot(a.x - b.x, a.y - b.y); })()`
	apart := evalJS[float64](p, spread)
	evalJS[any](p, `document.getElementById('graph').focus()`)
	p.do(chromedp.KeyEvent("+"))
	// Waits (bounded, not a speed check) until the zoom animation has ended.
	zoomed := evalJS[float64](p, `new Promise((resolve) => { const t0 = performance.now(); const f = () => { const d = `+spread+`;
		if (d > `+strconv.FormatFloat(apart*1.4, 'f', 3, 64)+` || performance.now() - t0 > 60000) resolve(d); else setTimeout(f, 100); }; f(); })`)
	if zoomed <= apart*1.4 {
		t.Errorf("+ on the drawing: Kyiv and Lviv %.0f px apart, before %.0f", zoomed, apart)
	}
	p.do(chromedp.KeyEvent("0"))
	// The card of the place clicked opens its page.
	evalJS[any](p, `document.querySelector('#openplace').click()`)
	p.waitView("city")
	if h := p.text("#cityname"); h != "Kyiv" {
		t.Errorf("opened %q", h)
	}
	// A community: drawn, and exported as drawn (the places file lists the places drawn).
	mannheim := -1
	for _, n := range want.Around.Nodes {
		if n.ID == "DE:08222000" {
			mannheim = n.Community
		}
	}
	p.open("#/network?sel=community&community="+strconv.Itoa(mannheim)+"&kind=FRIENDSHIP&year=2010&lang=en", "network")
	drawn := digits(p.attr(`#graph`, "data-nodes"))
	// A community is drawn whole: kind and as-of are switched off, say why,
	// and the drawing ignores them (the API's community has as many places).
	if !evalJS[bool](p, `document.getElementById('netkind').disabled && document.getElementById('netyear').disabled`) {
		t.Error("community: the kind and as-of filters are not switched off")
	}
	if note := p.text(`#netwhole`); !strings.Contains(note, "drawn whole") {
		t.Errorf("community: no note why kind and as-of are off: %q", note)
	}
	community := data[struct {
		NetworkView struct{ Nodes []struct{ ID string } }
	}](t, srv.query(t, `query($c: Int) { networkView(community: $c) { nodes { id } } }`, map[string]any{"c": mannheim}))
	if drawn != len(community.NetworkView.Nodes) {
		t.Errorf("community %d: %d places drawn, the API has %d", mannheim, drawn, len(community.NetworkView.Nodes))
	}
	placesCSV := evalJS[string](p, `fetch(document.querySelector('#netexport a[data-format="csv-places"]').href).then(r => r.text())`)
	if rows := strings.Count(strings.TrimSpace(placesCSV), "\n"); drawn < 2 || rows != drawn {
		t.Errorf("community %d: %d places drawn, the export lists %d", mannheim, drawn, rows)
	}
	if !strings.Contains(placesCSV, "Mannheim") {
		t.Error("Mannheim's community exported without Mannheim")
	}

	// Size by betweenness: the bridges.
	p.open("#/network?size=BETWEENNESS&lang=en", "network")
	p.do(chromedp.WaitVisible(chromedp.CSS(`#graph[data-layout=done]`)))
	p.drawnShot("network-bridges", "#graph")
	p.noMissingTexts()
}

type scoredNode struct {
	Name  string
	Score float64
}

// best is the name of the highest score (ties: the first name).
func best(nodes []scoredNode) string {
	b := scoredNode{Score: -1}
	for _, n := range nodes {
		if n.Score > b.Score || (n.Score == b.Score && n.Name < b.Name) {
			b = n
		}
	}
	return b.Name
}

// TestBrowserNetworkOffice: which cities could Mannheim approach in
// Poland, and why? The partner finder and the city page.
func TestBrowserNetworkOffice(t *testing.T) {
	srv := serve(t, nil, false, "--store", demoCopy(t))
	p := newPage(t, srv.base)
	type candidate struct {
		City   struct{ Name, Country string }
		Score  float64
		Reason string
		Parts  map[string]float64
	}
	want := data[struct {
		FindPartners struct{ Candidates []candidate }
		Domestic     struct{ Candidates []candidate }
		Empty        struct {
			Why         string
			Alternative struct {
				Dropped   string
				Candidate candidate
			}
			Candidates []candidate
		}
		German      struct{ Candidates []candidate }
		EmptyGerman struct {
			Why         string
			Alternative struct{ Dropped string }
		}
		City struct {
			Partnerships []struct{ Kind string }
			Networks     []struct{ Network struct{ Name string } }
		}
	}](t, srv.query(t, `{
		findPartners(city: "Mannheim", countries: ["PL"], limit: 10) { candidates { city { name country } score reason
			parts { adamicAdar resourceAllocation neighbours networks topics country size distance } } }
		domestic: findPartners(city: "Mannheim", where: DOMESTIC, limit: 10) { candidates { city { name country } } }
		empty: findPartners(city: "Mannheim", countries: ["PL"], topics: ["Wasserstoff"], limit: 10) { why candidates { city { name } }
			alternative { dropped candidate { city { name } reason } } }
		german: findPartners(city: "Mannheim", countries: ["PL"], limit: 10, lang: DE) { candidates { city { name country } score reason } }
		emptyGerman: findPartners(city: "Mannheim", countries: ["PL"], topics: ["Wasserstoff"], limit: 10, lang: DE) { why alternative { dropped } }
		city(name: "Mannheim") { partnerships { kind } networks { network { name } } }
	}`, nil))
	cands := want.FindPartners.Candidates
	if len(cands) == 0 {
		t.Fatal("no candidates in Poland for Mannheim")
	}

	p.open("#/finder?lang=en", "finder")
	p.do(chromedp.SendKeys(chromedp.CSS(`#findercity`), "Mannheim"),
		chromedp.SetValue(chromedp.CSS(`#finderwhere`), "PL"),
		chromedp.Click(chromedp.CSS(`#findergo`)))
	p.waitView("finder")
	if n := p.count(`#candidates > li`); n != len(cands) {
		t.Errorf("%d candidates shown, the API gives %d", n, len(cands))
	}
	if got := p.text(`#candidates > li:first-child .candname`); got != cands[0].City.Name {
		t.Errorf("first candidate %q, want %q", got, cands[0].City.Name)
	}
	if got := p.text(`#candidates > li:first-child .reason`); got != cands[0].Reason {
		t.Errorf("first reason %q, want %q", got, cands[0].Reason)
	}
	// The score parts shown are the API's non-zero parts, with their values.
	shown := evalJS[map[string]string](p, `Object.fromEntries([...document.querySelectorAll('#candidates > li:first-child .parts li')].map(e => [e.dataset.part, e.querySelector('.pv').textContent]))`)
	nonZero := 0
	for k, v := range cands[0].Parts {
		if v <= 0 {
			if _, ok := shown[k]; ok {
				t.Errorf("part %s is 0 but shown", k)
			}
			continue
		}
		nonZero++
		if got, want := shown[k], strconv.FormatFloat(v, 'f', 2, 64); got != want {
			t.Errorf("part %s shown as %q, the API gives %s", k, got, want)
		}
	}
	if nonZero == 0 || len(shown) != nonZero {
		t.Errorf("%d parts shown, the API has %d non-zero: %v", len(shown), nonZero, shown)
	}
	if got := p.text(`#candidates > li:first-child .scorenum`); got != strconv.FormatFloat(cands[0].Score, 'f', 2, 64) {
		t.Errorf("score shown %q, the API gives %.4f", got, cands[0].Score)
	}
	hash := evalJS[string](p, `location.hash`)
	if !strings.Contains(hash, "city=Mannheim") || !strings.Contains(hash, "country=PL") {
		t.Errorf("the finder's state is not in the URL: %s", hash)
	}
	p.shot("finder-mannheim-poland")

	// A region group keeps candidates in its countries.
	p.open("#/finder?city=Mannheim&region=V4&lang=en", "finder")
	countries := evalJS[[]string](p, `[...document.querySelectorAll('#candidates .candhead .muted')].map(e => e.textContent.split(' · ')[0])`)
	if len(countries) == 0 {
		t.Error("no candidates in the Visegrád group")
	}
	for _, c := range countries {
		if c != "Poland" && c != "Czechia" && c != "Slovakia" && c != "Hungary" {
			t.Errorf("candidate in %s, outside the group", c)
		}
	}

	// The domestic toggle: candidates in Germany, as the API gives them.
	p.open("#/finder?city=Mannheim&where=domestic&lang=en", "finder")
	names := evalJS[[]string](p, `[...document.querySelectorAll('#candidates .candname')].map(e => e.textContent)`)
	if len(names) != len(want.Domestic.Candidates) || len(names) == 0 {
		t.Errorf("%d domestic candidates shown, the API gives %d", len(names), len(want.Domestic.Candidates))
	}
	for i, c := range want.Domestic.Candidates {
		if c.City.Country != "DE" {
			t.Errorf("domestic candidate %s in %s", c.City.Name, c.City.Country)
		}
		if i < len(names) && names[i] != c.City.Name {
			t.Errorf("domestic candidate %d: %q shown, the API gives %q", i+1, names[i], c.City.Name)
		}
	}
	if !evalJS[bool](p, `document.getElementById('finderscope-domestic').checked`) {
		t.Error("the domestic toggle is not checked for where=domestic")
	}

	// An empty answer says why and names the nearest alternative.
	if len(want.Empty.Candidates) != 0 || want.Empty.Why == "" || want.Empty.Alternative.Candidate.City.Name == "" {
		t.Fatalf("the API's empty answer changed: %+v", want.Empty)
	}
	p.open("#/finder?city=Mannheim&country=PL&topics=Wasserstoff&lang=en", "finder")
	if got := p.text(`#nocandidates .whyempty`); got != want.Empty.Why {
		t.Errorf("why empty: %q, the API says %q", got, want.Empty.Why)
	}
	if got := p.text(`#alternative .candname`); got != want.Empty.Alternative.Candidate.City.Name {
		t.Errorf("alternative %q, the API names %q", got, want.Empty.Alternative.Candidate.City.Name)
	}
	if got := p.text(`#nocandidates .alternative`); !strings.Contains(got, want.Empty.Alternative.Dropped) {
		t.Errorf("the alternative does not say which filter it dropped (%q): %q", want.Empty.Alternative.Dropped, got)
	}
	p.shot("finder-empty-alternative")

	// In German the sentences are German: the page asks findPartners with
	// lang: DE (the same candidates, the reasons and the empty answer's
	// explanation in German).
	if g := want.German.Candidates; len(g) != len(cands) || len(g) == 0 || g[0].City.Name != cands[0].City.Name || g[0].Reason == cands[0].Reason {
		t.Fatalf("the API's German answer: %+v, English %+v", want.German.Candidates, cands)
	}
	p.open("#/finder?city=Mannheim&country=PL&lang=de", "finder")
	if got := p.text(`#candidates > li:first-child .reason`); got != want.German.Candidates[0].Reason {
		t.Errorf("first reason on the German page %q, want the API's German %q (English: %q)", got, want.German.Candidates[0].Reason, cands[0].Reason)
	}
	p.open("#/finder?city=Mannheim&country=PL&topics=Wasserstoff&lang=de", "finder")
	if got := p.text(`#nocandidates .whyempty`); got != want.EmptyGerman.Why || !strings.HasPrefix(got, "kein Ort") {
		t.Errorf("why empty on the German page: %q, the API's German %q", got, want.EmptyGerman.Why)
	}
	if got := p.text(`#nocandidates .alternative`); !strings.Contains(got, want.EmptyGerman.Alternative.Dropped) || !strings.Contains(got, "Themen ") {
		t.Errorf("the German alternative does not name the filter dropped (%q): %q", want.EmptyGerman.Alternative.Dropped, got)
	}

	// The city page: partners with kind and dates, networks, ranks.
	p.open("#/city/DE%3A08222000?lang=en", "city")
	if got := digits(p.text(`section h2`)); got != len(want.City.Partnerships) {
		t.Errorf("partners heading %q, the API has %d links", p.text(`section h2`), len(want.City.Partnerships))
	}
	if n := p.count(`table[data-table=ranks] tbody tr`); n != 7 {
		t.Errorf("%d centrality ranks", n)
	}
	if n := p.count(`table[data-table=networks] tbody tr`); n != len(want.City.Networks) || n < 2 {
		t.Errorf("%d networks shown, the API has %d", n, len(want.City.Networks))
	}
	if !strings.Contains(p.text(`table[data-table=partners]`), "2022-06-28") {
		t.Error("Mannheim-Chernivtsi's date (28.06.2022) is not shown")
	}
	p.shot("city-mannheim")
	// A place without other names (Kyiv in the demo): nothing printed for
	// them (a null once showed as the text "null"); whole-number scores
	// (degree, k-core) without decimals.
	p.open("#/city/UA%3Akyiv?lang=en", "city")
	p.do(chromedp.WaitVisible(chromedp.CSS(`table[data-table=ranks] tbody tr`)))
	if main := p.text(`main`); regexp.MustCompile(`\bnull\b|\bundefined\b`).MatchString(main) {
		t.Errorf("Kyiv's page prints null or undefined: %q", main[:min(len(main), 300)])
	}
	if got := evalJS[[]string](p, `[...document.querySelectorAll('table[data-table=ranks] tbody tr')].filter(r => /degree|k-core/.test(r.cells[0].textContent)).map(r => r.cells[2].textContent)`); len(got) != 2 || !regexp.MustCompile(`^[0-9,]+$`).MatchString(got[0]) || !regexp.MustCompile(`^[0-9,]+$`).MatchString(got[1]) {
		t.Errorf("Kyiv's degree and k-core scores %q: want whole numbers", got)
	}
	p.noMissingTexts()
}
