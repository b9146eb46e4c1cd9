package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Accessibility: "keyboard-usable, readable contrast" (issue 11, item 6)
// made checkable. axe-core (vendored under testdata/axe, see its README)
// runs with the WCAG 2.0/2.1/2.2 A and AA rules on every view of the web
// application on the demo data, in English and in German; a keyboard-only
// journey reaches the partner finder's candidates; at a phone's width the
// pages do not scroll sideways.

// axeTags are the axe-core rule tags run: WCAG 2.0, 2.1 and 2.2, levels A
// and AA (color-contrast among them).
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// a11yView is one view of the web application, opened from its URL.
type a11yView struct {
	name string // for messages and screenshots
	hash string // the URL's hash, without lang
	view string // the view's ready mark
	// wait is what must be on the page before it is checked (besides the
	// view's ready mark), as a CSS selector.
	wait string
	// act, when set, brings the view into the state checked (after wait).
	act func(p *page)
}

// a11yViews is every view of the application, each in a state that shows
// what it can show: the map with its points, the map of the links with
// Ukraine (the reported counts), the world view, the Land dashboard with
// its charts, the network drawn, the central places, a city page, the
// partner finder with candidates; and states on the way: the dashboard
// with every gap listed, a place found in the network, a place's
// neighbourhood, a foreign place's page, the finder before a search and
// with an empty answer.
var a11yViews = []a11yView{
	{name: "map", hash: "#/map", view: "map", wait: `#map[data-points]:not([data-points=""])`},
	{name: "map-ukraine", hash: "#/map?country=UA", view: "map", wait: `#reportedchart svg`},
	{name: "map-world", hash: "#/map?view=world&country=UA", view: "map", wait: `#map[data-points]:not([data-points=""])`},
	{name: "land", hash: "#/land/DE-NW", view: "land", wait: `[data-chart][data-drawn]`},
	{name: "land-ukraine-gaps", hash: "#/land/DE-SL?country=UA", view: "land", wait: `[data-chart][data-drawn]`, act: func(p *page) {
		p.do(chromedp.Click(chromedp.CSS(`#moregaps`)), chromedp.WaitNotPresent(chromedp.CSS(`#moregaps`)))
	}},
	{name: "network", hash: "#/network", view: "network", wait: `#graph[data-layout=done]`, act: func(p *page) {
		p.do(chromedp.SendKeys(chromedp.CSS(`#netsearch`), "Kyiv"), selectValue(`#netsearch`, "Kyiv"), chromedp.WaitVisible(chromedp.CSS(`#selected`)))
	}},
	{name: "network-place", hash: "#/network?sel=city&city=Mannheim&depth=1", view: "network", wait: `#graph[data-layout=done]`},
	{name: "central", hash: "#/central", view: "central", wait: `table[data-table=bridging] tbody tr`},
	{name: "city", hash: "#/city/DE%3A08222000", view: "city", wait: `table[data-table=ranks] tbody tr`},
	{name: "city-kyiv", hash: "#/city/UA%3Akyiv", view: "city", wait: `table[data-table=partners] tbody tr`},
	{name: "finder-start", hash: "#/finder", view: "finder", wait: `#findergo`},
	{name: "finder", hash: "#/finder?city=Mannheim&country=PL", view: "finder", wait: `#candidates > li`},
	{name: "finder-empty", hash: "#/finder?city=Mannheim&country=PL&topics=Wasserstoff", view: "finder", wait: `#alternative .candname`},
}

// openView opens a view in a language and brings it into its state.
func (p *page) openView(v a11yView, lang string) {
	p.t.Helper()
	sep := "?"
	if strings.Contains(v.hash, "?") {
		sep = "&"
	}
	p.open(v.hash+sep+"lang="+lang, v.view)
	p.do(chromedp.WaitVisible(chromedp.CSS(v.wait)))
	if v.act != nil {
		v.act(p)
	}
}

// axeViolation is one axe-core rule broken on a page, with the elements
// that break it.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target, Summary string }
}

// injectAxe loads axe-core into the page (once per document).
func (p *page) injectAxe(src string) {
	p.t.Helper()
	if !evalJS[bool](p, `typeof window.axe === 'object'`) {
		evalJS[bool](p, src+"\n;true")
	}
	if v := evalJS[string](p, `window.axe.version`); v != "4.14.1" {
		p.t.Fatalf("axe-core %q injected, want 4.14.1", v)
	}
}

// runAxe runs axe-core's WCAG A and AA rules on the page and returns the
// violations. The text whose contrast axe leaves undecided (over a chart,
// a map, a sticky table header, too short to tell) is checked here: its
// colour against the backgrounds of it and its ancestors blended down to
// the first opaque one, with WCAG's ratios (4.5:1, 3:1 for large text);
// too low is a violation of the rule "color-contrast-undecided".
func (p *page) runAxe(src string) []axeViolation {
	p.t.Helper()
	p.injectAxe(src)
	tags := `['` + strings.Join(axeTags, `', '`) + `']`
	type result struct {
		Violations []axeViolation
		Undecided  int
	}
	// Excluded: the network view's WebGL canvases (pixels, not text: axe
	// cannot read them; the places they draw are listed in the tables and
	// reachable through the search field).
	r := evalJS[result](p, `(async () => {
		const target = (n) => n.target.map((s) => Array.isArray(s) ? s.join(' >>> ') : s).join(' ');
		const r = await axe.run({ exclude: [['#graph canvas']] }, { runOnly: { type: 'tag', values: `+tags+` },
			resultTypes: ['violations', 'incomplete'], elementRef: true });
		const violations = r.violations.map((v) => ({ ID: v.id, Impact: v.impact || '', Help: v.help,
			Nodes: v.nodes.map((n) => ({ Target: target(n), Summary: (n.failureSummary || '').replace(/\s+/g, ' ') })) }));
		const rgba = (c) => {
			const m = /rgba?\(([^)]*)\)/.exec(c || '');
			if (!m) return null;
			const [r, g, b, a = 1] = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
			return { r, g, b, a };
		};
		const over = (f, b) => ({ r: f.r * f.a + b.r * (1 - f.a), g: f.g * f.a + b.g * (1 - f.a), b: f.b * f.a + b.b * (1 - f.a), a: 1 });
		const lum = (c) => [c.r, c.g, c.b].map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
			.reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
		const background = (el) => {
			const layers = [];
			for (let e = el; e; e = e.parentElement) {
				const c = rgba(getComputedStyle(e).backgroundColor);
				if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
			}
			return layers.reverse().reduce((b, c) => over(c, b), { r: 255, g: 255, b: 255, a: 1 });
		};
		const low = [];
		const undecided = r.incomplete.filter((v) => v.id === 'color-contrast').flatMap((v) => v.nodes);
		for (const n of undecided) {
			const el = n.element, st = getComputedStyle(el);
			const svg = el instanceof SVGElement;
			const fg = rgba(svg ? st.fill : st.color);
			if (!fg) continue; // no paint (fill: none or a pattern)
			const bg = background(el), fgc = over({ ...fg, a: fg.a * Number(svg ? st.fillOpacity : 1) * Number(st.opacity) }, bg);
			const [l1, l2] = [lum(fgc), lum(bg)].sort((a, b) => b - a);
			const ratio = (l1 + 0.05) / (l2 + 0.05), size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
			const need = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
			if (ratio < need) low.push({ Target: target(n), Summary: 'contrast ' + ratio.toFixed(2) + ':1 (needs ' + need + ':1): ' + st.color + ' on ' +
				'rgb(' + [bg.r, bg.g, bg.b].map(Math.round).join(', ') + '), ' + size + 'px ' + st.fontWeight });
		}
		if (low.length) violations.push({ ID: 'color-contrast-undecided', Impact: 'serious',
			Help: 'Text axe could not decide must have sufficient contrast against its backgrounds', Nodes: low });
		return { Violations: violations, Undecided: undecided.length };
	})()`)
	p.t.Logf("contrast axe left undecided, checked here: %d elements", r.Undecided)
	return r.Violations
}

// readAxe reads the vendored axe-core.
func readAxe(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// reportAxe fails the test with every violation found on a page, counts
// the elements per rule in perRule and logs how many there were.
func reportAxe(t *testing.T, where string, violations []axeViolation, perRule map[string]int) {
	t.Helper()
	nodes := 0
	for _, vi := range violations {
		perRule[vi.ID] += len(vi.Nodes)
		nodes += len(vi.Nodes)
		var b strings.Builder
		fmt.Fprintf(&b, "%s: %s [%s] %s, %d elements:", where, vi.ID, vi.Impact, vi.Help, len(vi.Nodes))
		for _, n := range vi.Nodes {
			fmt.Fprintf(&b, "\n\t%s\n\t\t%s", n.Target, n.Summary)
		}
		t.Error(b.String())
	}
	t.Logf("%s: %d rules violated, %d elements", where, len(violations), nodes)
}

// TestBrowserAccessibility runs axe-core's WCAG 2 A and AA rules on every
// view, in English and in German, and fails listing every violation.
func TestBrowserAccessibility(t *testing.T) {
	srv := serve(t, nil, false, "--store", demoCopy(t))
	p := newPage(t, srv.base)
	src := readAxe(t)
	perRule := map[string]int{}
	for _, lang := range []string{"en", "de"} {
		for _, v := range a11yViews {
			p.openView(v, lang)
			if got := evalJS[string](p, `document.documentElement.lang`); got != lang {
				t.Errorf("%s (%s): the page's lang is %q", v.name, lang, got)
			}
			p.shot("a11y-" + v.name + "-" + lang)
			reportAxe(t, v.name+" ("+lang+")", p.runAxe(src), perRule)
		}
	}
	if len(perRule) > 0 {
		t.Logf("violations per rule (elements, all views): %v", perRule)
	}
}

// focusInfo describes the focused element.
type focusInfo struct {
	Tag, ID, Class, Text, Href string
	// Indicator: a visible focus indicator is drawn (outline or box-shadow).
	Indicator bool
	// InView: the element has a size and lies in the viewport.
	InView bool
}

func (f focusInfo) String() string {
	return fmt.Sprintf("<%s id=%q class=%q href=%q> %q", f.Tag, f.ID, f.Class, f.Href, f.Text)
}

// focused reads the focused element.
func (p *page) focused() focusInfo {
	p.t.Helper()
	return evalJS[focusInfo](p, `(() => {
		const e = document.activeElement;
		if (!e || e === document.body) return { Tag: 'body' };
		const st = getComputedStyle(e), r = e.getBoundingClientRect();
		const outline = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0;
		return { Tag: e.tagName.toLowerCase(), ID: e.id, Class: String(e.className), Text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 60),
			Href: e.getAttribute('href') || '', Indicator: outline || (st.boxShadow !== 'none' && st.boxShadow !== ''),
			InView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth };
	})()`)
}

// tab presses Tab (Shift+Tab with back) and returns the element focused
// then; a focused element without a visible focus indicator, or out of
// view, fails the test.
func (p *page) tab(back bool) focusInfo {
	p.t.Helper()
	var opts []chromedp.KeyOption
	if back {
		opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
	}
	p.do(chromedp.KeyEvent(kb.Tab, opts...))
	f := p.focused()
	if f.Tag != "body" && !f.Indicator {
		p.t.Errorf("focused without a visible focus indicator (outline or box-shadow): %v", f)
	}
	if f.Tag != "body" && !f.InView {
		p.t.Errorf("focused but not in view: %v", f)
	}
	return f
}

// tabTo presses Tab (or Shift+Tab) until match accepts the focused element,
// at most limit times.
func (p *page) tabTo(what string, back bool, limit int, match func(focusInfo) bool) focusInfo {
	p.t.Helper()
	var seen []string
	for range limit {
		f := p.tab(back)
		if match(f) {
			return f
		}
		seen = append(seen, f.String())
	}
	p.t.Fatalf("%s not reached with %d presses of Tab; focused on the way: %s", what, limit, strings.Join(seen, ", "))
	return focusInfo{}
}

// TestBrowserKeyboard: a network office with the keyboard only. From /,
// with Tab, Shift+Tab, Enter, Space and typing, it reaches the partner
// finder, asks for Mannheim and Poland and reads the candidates; every
// element focused on the way shows a focus indicator. Then every view is
// walked with Tab from its top to its end: each stop shows its focus.
func TestBrowserKeyboard(t *testing.T) {
	srv := serve(t, nil, false, "--store", demoCopy(t))
	p := newPage(t, srv.base)
	want := data[struct {
		FindPartners struct {
			Candidates []struct{ City struct{ Name string } }
		}
	}](t, srv.query(t, `{ findPartners(city: "Mannheim", countries: ["PL"], limit: 10) { candidates { city { name } } } }`, nil))
	if len(want.FindPartners.Candidates) == 0 || want.FindPartners.Candidates[0].City.Name != "Gdańsk" {
		t.Fatalf("the API's first candidate for Mannheim in Poland is not Gdańsk: %+v", want.FindPartners.Candidates)
	}

	p.do(chromedp.Navigate(srv.base + "/"))
	p.waitView("map")
	// The first Tab shows the skip link; Enter on it moves the focus to the
	// content and keeps the view (its state is in the hash).
	if f := p.tab(false); f.Class != "skip" || f.Text != "Skip to content" {
		t.Fatalf("the first Tab focuses %v, want the skip link", f)
	}
	p.do(chromedp.KeyEvent(kb.Enter))
	if f := p.focused(); f.ID != "main" {
		t.Errorf("the skip link moved the focus to %v, want main", f)
	}
	if v := evalJS[string](p, `document.querySelector('main').dataset.ready + ' ' + location.hash`); !strings.HasPrefix(v, "map") || strings.Contains(v, "#main") {
		t.Errorf("the skip link changed the view: %q", v)
	}
	// Back up to the header (Shift+Tab), to the partner finder's link.
	p.tabTo("the link to the partner finder", true, 20, func(f focusInfo) bool { return f.Href == "#/finder" })
	p.do(chromedp.KeyEvent(kb.Enter))
	p.waitView("finder")
	if f := p.focused(); f.Href != "#/finder" {
		t.Errorf("after opening the finder from the header the focus is on %v, want the link", f)
	}
	p.tabTo("the city field", false, 10, func(f focusInfo) bool { return f.ID == "findercity" })
	p.do(chromedp.KeyEvent("Mannheim"))
	p.tabTo("the country list", false, 5, func(f focusInfo) bool { return f.ID == "finderwhere" })
	// A closed select picks the option whose name is typed.
	p.do(chromedp.KeyEvent("Poland"))
	if v := evalJS[string](p, `document.getElementById('finderwhere').value`); v != "PL" {
		t.Fatalf("typing Poland on the country list chose %q", v)
	}
	p.tabTo("the search button", false, 10, func(f focusInfo) bool { return f.ID == "findergo" })
	// One back and forth again, then Space presses the button.
	if f := p.tab(true); f.ID != "finderdistance" {
		t.Errorf("Shift+Tab from the search button focuses %v, want the distance list", f)
	}
	p.tab(false)
	p.do(chromedp.KeyEvent(" "))
	p.do(chromedp.WaitVisible(chromedp.CSS(`#candidates > li`)))
	hash := evalJS[string](p, `location.hash`)
	if !strings.Contains(hash, "city=Mannheim") || !strings.Contains(hash, "country=PL") {
		t.Errorf("the search is not in the URL: %s", hash)
	}
	// The redrawn form keeps the focus on its button; the next stops lead to
	// the candidates, Gdańsk first.
	if f := p.focused(); f.ID != "findergo" {
		t.Errorf("after the search the focus is on %v, want the search button", f)
	}
	first := p.tabTo("the first candidate", false, 10, func(f focusInfo) bool { return strings.Contains(f.Class, "candname") })
	if first.Text != "Gdańsk" {
		t.Errorf("the first candidate reached with Tab is %q, want Gdańsk", first.Text)
	}
	p.shot("keyboard-finder-candidate")
	p.do(chromedp.KeyEvent(kb.Enter))
	p.waitView("city")
	if h := p.text("#cityname"); h != "Gdańsk" {
		t.Errorf("Enter on the candidate opened %q", h)
	}
	if f := p.focused(); f.ID != "main" {
		t.Errorf("after opening a place from a link in the page the focus is on %v, want main", f)
	}

	// Every view, from its top through all its stops to the footer.
	for _, v := range a11yViews {
		p.openView(v, "en")
		// From the top of the page: the skip link, then Tab to the end.
		evalJS[any](p, `document.querySelector('.skip').focus()`)
		stops := 0
		for {
			f := p.tab(false)
			if f.Tag == "body" || (stops > 0 && f.Class == "skip") {
				break
			}
			if stops++; stops > 400 {
				t.Errorf("%s: more than 400 stops for Tab", v.name)
				break
			}
		}
		t.Logf("%s: %d stops for Tab, each with a focus indicator", v.name, stops)
	}
}

// TestBrowserNarrow: at a phone's viewport (390 x 844 CSS pixels, scale 2)
// the map, the Land dashboard, the city page and the finder (and the other
// views) do not scroll sideways, and axe-core finds nothing there either
// (what scrolls in its own box must take the focus; targets stay large
// enough); screenshots show them.
func TestBrowserNarrow(t *testing.T) {
	srv := serve(t, nil, false, "--store", demoCopy(t))
	p := newPage(t, srv.base)
	p.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
	src := readAxe(t)
	perRule := map[string]int{}
	for _, lang := range []string{"en", "de"} {
		for _, v := range a11yViews {
			p.openView(v, lang)
			// A phone widens its layout viewport (innerWidth) to fit a page
			// wider than the screen, so both are compared with the 390 pixels.
			type widths struct{ Scroll, Inner int }
			w := evalJS[widths](p, `({ Scroll: document.scrollingElement.scrollWidth, Inner: innerWidth })`)
			if w.Scroll > 390 || w.Inner > 390 {
				wide := evalJS[[]string](p, `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 390.5 &&
					!e.parentElement.closest('.tablewrap, .chart, .leaflet-container')).slice(0, 12).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
					(e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right))`)
				t.Errorf("%s (%s): the page scrolls sideways (%d CSS pixels wide, viewport %d, screen 390); wider than the screen: %v", v.name, lang, w.Scroll, w.Inner, wide)
			}
			if lang == "en" || v.name == "finder" {
				p.shot("narrow-" + v.name + "-" + lang)
			}
			reportAxe(t, v.name+" ("+lang+", 390 px)", p.runAxe(src), perRule)
		}
	}
	if len(perRule) > 0 {
		t.Logf("violations per rule (elements, all views): %v", perRule)
	}
}
