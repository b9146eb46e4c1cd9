package gazetteer

import (
	"bytes"
	_ "embed" // the alias tables
	"encoding/csv"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

//go:embed data/country_name_aliases_de.csv
var aliasesDE []byte

//go:embed data/country_aliases_extra.csv
var aliasesExtra []byte

//go:embed data/country_variants.csv
var variantsCSV []byte

// Countries knows the countries of the world by ISO 3166-1 alpha-2 and
// alpha-3 code and by their names in German and English (CLDR), other
// common languages, and the spellings of partnership lists ("England",
// "Westjordanland", "USA", "Georgia (country)"). It is not changed after
// LoadCountries and is safe for concurrent use.
type Countries struct {
	codes  []string
	names  map[string][2]string // alpha-2 -> German, English name
	alpha3 map[string]string    // lower-case alpha-3 -> alpha-2
	keys   map[string]place     // folded name -> country and region
	multi  map[string]variant   // folded name -> several countries or a former state
}

// variant is a name that means several countries (Korea, Congo) or a
// state that no longer exists (USSR -> its successors; GDR -> DE).
type variant struct {
	codes []string
	note  string
}

// CountryMatch is what a country cell means.
type CountryMatch struct {
	Code   string // ISO 3166-1 alpha-2 when the cell means one country
	Region string // a region the cell names as well: "England", "Ohio"
	// Candidates are the countries an ambiguous name ("Korea", "Congo") or
	// a former state with several successors (USSR, Yugoslavia) may mean;
	// empty when Code is set.
	Candidates []string
	// Note says what kind of name matched: "historical: one successor",
	// "ambiguous", ... ; empty for a plain name.
	Note string
}

type place struct{ code, region string }

// notISO are region codes CLDR calls countries that ISO 3166-1 reserves for
// other uses.
func notISO(code string) bool {
	switch code {
	case "AC", "CP", "DG", "TA", "EA", "IC", "EZ", "UN", "QO":
		return true
	}
	return false
}

// LoadCountries builds the country table from CLDR (golang.org/x/text) and
// the embedded alias tables. XK (Kosovo, a user-assigned code) is included.
func LoadCountries() (*Countries, error) {
	c := &Countries{
		names:  make(map[string][2]string, 260),
		alpha3: make(map[string]string, 260),
		keys:   make(map[string]place, 4000),
		multi:  make(map[string]variant, 100),
	}
	de, en := display.German.Regions(), display.English.Regions()
	others := []display.Namer{display.French.Regions(), display.Spanish.Regions(), display.Italian.Regions(),
		display.Dutch.Regions(), display.Polish.Regions(), display.Portuguese.Regions()}
	var buf [2]byte
	var regions []language.Region
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			buf[0], buf[1] = a, b
			code := string(buf[:])
			r, err := language.ParseRegion(code)
			if err != nil || !r.IsCountry() || r.String() != code || r.Canonicalize() != r || notISO(code) {
				continue
			}
			nde, nen := de.Name(r), en.Name(r)
			if nde == "" || nen == "" {
				continue
			}
			c.codes = append(c.codes, code)
			c.names[code] = [2]string{nde, nen}
			if a3 := r.ISO3(); len(a3) == 3 && a3 != "ZZZ" {
				c.alpha3[strings.ToLower(a3)] = code
			}
			regions = append(regions, r)
		}
	}
	// Aliases first: they win over CLDR names in other languages.
	if err := c.addAliases(aliasesDE, "country_name_aliases_de.csv", false); err != nil {
		return nil, err
	}
	if err := c.addAliases(aliasesExtra, "country_aliases_extra.csv", true); err != nil {
		return nil, err
	}
	if err := c.addVariants(); err != nil {
		return nil, err
	}
	for _, r := range regions {
		n := c.names[r.String()]
		c.addName(n[0], place{code: r.String()})
		c.addName(n[1], place{code: r.String()})
	}
	// The country's name in its own main language: Україна, Polska, Česko.
	for _, r := range regions {
		tag, _ := language.Compose(r)
		base, conf := tag.Base()
		if conf == language.No {
			continue
		}
		if n := display.Regions(language.Make(base.String())); n != nil {
			c.addName(n.Name(r), place{code: r.String()})
		}
	}
	for _, o := range others {
		for _, r := range regions {
			c.addName(o.Name(r), place{code: r.String()})
		}
	}
	return c, nil
}

// addVariants reads data/country_variants.csv: name, codes separated by
// spaces, note. One code maps the name; several make it ambiguous.
func (c *Countries) addVariants() error {
	r := csv.NewReader(bytes.NewReader(variantsCSV))
	recs, err := r.ReadAll()
	if err != nil {
		return fmt.Errorf("load countries: country_variants.csv: %w", err)
	}
	for _, rec := range recs[1:] {
		codes := strings.Fields(rec[1])
		for _, code := range codes {
			if _, ok := c.names[code]; !ok {
				return fmt.Errorf("load countries: country_variants.csv: %q: unknown code %q", rec[0], code)
			}
		}
		v := variant{codes: codes, note: rec[2]}
		for _, k := range []string{Fold(rec[0]), foldStrip(rec[0]), countryKey(Fold(rec[0]))} {
			if len(codes) == 1 && !strings.HasPrefix(v.note, "historical") {
				if _, taken := c.keys[k]; !taken {
					c.keys[k] = place{code: codes[0]}
				}
				continue
			}
			c.multi[k] = v
		}
	}
	return nil
}

// addName indexes a name under its folded forms unless they are taken.
func (c *Countries) addName(name string, p place) {
	for _, k := range []string{Fold(name), foldStrip(name), countryKey(Fold(name))} {
		if _, taken := c.keys[k]; k != "" && !taken {
			c.keys[k] = p
		}
	}
}

// addAliases reads an alias table: name, alpha-2 code[, region], note.
func (c *Countries) addAliases(data []byte, file string, hasRegion bool) error {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return fmt.Errorf("load countries: %s: %w", file, err)
	}
	for _, rec := range recs[1:] {
		if len(rec) < 2 {
			return fmt.Errorf("load countries: %s: short row %q", file, rec)
		}
		p := place{code: strings.ToUpper(strings.TrimSpace(rec[1]))}
		if _, ok := c.names[p.code]; !ok {
			return fmt.Errorf("load countries: %s: alias %q: unknown code %q", file, rec[0], p.code)
		}
		if hasRegion && len(rec) > 2 {
			p.region = strings.TrimSpace(rec[2])
		}
		for _, k := range []string{Fold(rec[0]), foldStrip(rec[0])} {
			if old, taken := c.keys[k]; taken && old != p && old.code != p.code {
				return fmt.Errorf("load countries: %s: alias %q: %s or %s", file, rec[0], old.code, p.code)
			}
			c.keys[k] = p
		}
	}
	return nil
}

// Codes returns the ISO 3166-1 alpha-2 codes, sorted, with XK for Kosovo.
func (c *Countries) Codes() []string { return slices.Clone(c.codes) }

// Name returns the name of a country in German (lang "de") or English (any
// other lang), or "" for an unknown code.
func (c *Countries) Name(code, lang string) string {
	n, ok := c.names[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return ""
	}
	if strings.EqualFold(lang, "de") {
		return n[0]
	}
	return n[1]
}

// Alpha3 returns the ISO 3166-1 alpha-3 code of an alpha-2 code, or "".
func (c *Countries) Alpha3(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	for a3, a2 := range c.alpha3 {
		if a2 == code {
			return strings.ToUpper(a3)
		}
	}
	return ""
}

// Resolve is Lookup for a cell that means one country: ok is false for an
// unknown name and for an ambiguous one.
func (c *Countries) Resolve(cell string) (code, region string, ok bool) {
	m, ok := c.Lookup(cell)
	if !ok || m.Code == "" {
		return "", "", false
	}
	return m.Code, m.Region, true
}

// Lookup reads a country cell as found in the wild and returns the
// country's ISO 3166-1 alpha-2 code, with a region when the cell names one:
// ISO alpha-2 or alpha-3 codes in any case; German or English names
// ("Türkei", "Czech Republic", "Vereinigte Staaten von Amerika", "the
// Netherlands"); aliases ("USA", "Westjordanland" -> PS, "England" -> GB
// with region England); "Region, Country" ("Wales, United Kingdom" -> GB,
// Wales; "Brandenburg, Germany" -> DE, Brandenburg); qualifiers in
// parentheses ("Georgia (country)"); official variants ("Korea, Rep.",
// "Slovak Republic", "Chinese Taipei", "Republik Polen"); the country's
// own name ("Україна"); former states, mapped when they have one successor
// (GDR -> DE) and with their successors as Candidates otherwise (USSR,
// Yugoslavia, Czechoslovakia); ambiguous names with their Candidates
// ("Korea", "Congo"). ok is false for a cell that means no country.
func (c *Countries) Lookup(cell string) (CountryMatch, bool) {
	s := strings.TrimSpace(cell)
	if s == "" {
		return CountryMatch{}, false
	}
	if v, ok := c.variant(s); ok { // before the names: "Kongo" is CG in some languages
		if len(v.codes) == 1 {
			return CountryMatch{Code: v.codes[0], Note: v.note}, true
		}
		return CountryMatch{Candidates: slices.Clone(v.codes), Note: v.note}, true
	}
	if p, ok := c.lookup(s); ok {
		return CountryMatch{Code: p.code, Region: p.region}, true
	}
	if t, ok := stripForm(s); ok {
		if m, ok := c.Lookup(t); ok {
			return m, true
		}
	}
	code, region, ok := c.resolveParts(s)
	return CountryMatch{Code: code, Region: region}, ok
}

// variant finds a name that means several countries or a former state.
func (c *Countries) variant(s string) (variant, bool) {
	f := Fold(s)
	for _, k := range []string{f, foldStrip(s), countryKey(f)} {
		if v, ok := c.multi[k]; ok {
			return v, true
		}
	}
	return variant{}, false
}

// stripForm drops the form of state from a country's long name:
// "Republic of Poland", "Republik Österreich", "Poland, Republic of".
func stripForm(s string) (string, bool) {
	f := Fold(s)
	for _, p := range []string{"the ", "republic of ", "kingdom of the ", "kingdom of ", "federal republic of ", "state of ",
		"principality of ", "grand duchy of ", "commonwealth of ", "islamic republic of ", "united republic of ",
		"democratic republic of ", "socialist republic of ", "federal democratic republic of ", "sultanate of ",
		"republik ", "koenigreich ", "bundesrepublik ", "fuerstentum ", "grossherzogtum ", "staat ", "freistaat "} {
		if t, ok := strings.CutPrefix(f, p); ok && t != "" {
			return t, true
		}
	}
	if i := strings.LastIndexByte(s, ','); i > 0 {
		switch Fold(s[i+1:]) {
		case "rep", "republic of", "republic of the", "the", "kingdom of", "state of", "republik", "koenigreich":
			return s[:i], true
		}
	}
	return "", false
}

// resolveParts reads "Region, Country" and "Name (qualifier)".
func (c *Countries) resolveParts(s string) (code, region string, ok bool) {
	if i := strings.LastIndexByte(s, ','); i > 0 {
		before, after := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:])
		if p, ok := c.lookup(after); ok && before != "" {
			if q, ok := c.lookup(before); ok && q.code == p.code {
				// "Wales, United Kingdom": the region is the alias's.
				if q.region != "" {
					return p.code, q.region, true
				}
				return p.code, p.region, true
			}
			return p.code, before, true
		}
	}
	if i := strings.IndexByte(s, '('); i > 0 {
		if p, ok := c.lookup(s[:i]); ok {
			return p.code, p.region, true
		}
	}
	return "", "", false
}

// Successors returns the countries a former state's name maps to (its
// successors), or nil for a name that is not a former state.
func (c *Countries) Successors(cell string) []string {
	v, ok := c.variant(strings.TrimSpace(cell))
	if !ok || !strings.HasPrefix(v.note, "historical") {
		return nil
	}
	return slices.Clone(v.codes)
}

func (c *Countries) lookup(s string) (place, bool) {
	s = strings.TrimSpace(s)
	switch len(s) {
	case 2:
		u := strings.ToUpper(s)
		if _, ok := c.names[u]; ok {
			return place{code: u}, true
		}
		if u == "UK" {
			return place{code: "GB"}, true
		}
	case 3:
		if a2, ok := c.alpha3[strings.ToLower(s)]; ok {
			return place{code: a2}, true
		}
	}
	f := Fold(s)
	if t, ok := strings.CutPrefix(f, "the "); ok {
		f = t
	}
	if p, ok := c.keys[f]; ok {
		return p, true
	}
	if p, ok := c.keys[foldStrip(s)]; ok {
		return p, true
	}
	p, ok := c.keys[countryKey(f)]
	return p, ok
}

// countryKey drops "and", "und" and "&" from a folded name, so that
// "Bosnia & Herzegovina" and "Bosnia and Herzegovina" meet.
func countryKey(f string) string {
	if !strings.Contains(f, " ") {
		return f
	}
	ws := strings.Fields(saintKey(f))
	out := ws[:0]
	for _, w := range ws {
		if w != "and" && w != "und" && w != "the" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
