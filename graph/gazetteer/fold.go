package gazetteer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the search key of a name: the NFKD form in lower case, with
// ä, ö, ü written ae, oe, ue and ß as ss, other diacritics stripped, every
// run of punctuation and white space made one space, and trimmed. Spellings
// of one name fold alike: Fold("München") == Fold("Muenchen") == "muenchen".
func Fold(s string) string { return fold(s, true) }

// foldStrip is Fold but drops the umlaut's e as well (ü -> u), so that
// "Dusseldorf" finds "Düsseldorf".
func foldStrip(s string) string { return fold(s, false) }

// special returns the Latin base of letters that NFKD does not decompose.
func special(r rune) (string, bool) {
	switch r {
	case 'ß', 'ẞ':
		return "ss", true
	case 'æ', 'Æ':
		return "ae", true
	case 'œ', 'Œ':
		return "oe", true
	case 'ø', 'Ø':
		return "o", true
	case 'ł', 'Ł', 'ŀ', 'Ŀ':
		return "l", true
	case 'đ', 'Đ', 'ð', 'Ð':
		return "d", true
	case 'þ', 'Þ':
		return "th", true
	case 'ħ', 'Ħ':
		return "h", true
	case 'ı':
		return "i", true
	}
	return "", false
}

func fold(s string, umlautE bool) string {
	if isPlainASCII(s) {
		return foldASCII(s)
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	space := false // a space is pending
	var prev rune  // the last letter written
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		if unicode.Is(unicode.Mn, r) {
			if umlautE && r == '\u0308' && (prev == 'a' || prev == 'o' || prev == 'u') {
				b.WriteByte('e')
				prev = 'e'
			}
			continue
		}
		if rep, ok := special(r); ok {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(rep)
			prev = 0
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			r = unicode.ToLower(r)
			b.WriteRune(r)
			prev = r
			continue
		}
		space = true
		prev = 0
	}
	return b.String()
}

// isPlainASCII reports whether s is ASCII without characters that need care.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func foldASCII(s string) string {
	// Fast path: already folded?
	ok := len(s) > 0 && s[0] != ' ' && s[len(s)-1] != ' '
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == ' ' && s[i-1] != ' ':
		default:
			ok = false
		}
	}
	if ok {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		default:
			space = true
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, c)
	}
	return string(b)
}

// ForeignID returns the ID of a place outside Germany that the world
// gazetteer does not know: PlaceID of the country, the name and the region.
func ForeignID(country, name, region string) string { return PlaceID(country, name, region) }

// PlaceID returns a readable place ID: the ISO country code, a colon and
// the name folded without umlaut e's (PlaceSlug), so that Malmö and Malmo,
// Zürich and Zurich get one ID; a region, when given, follows after a '~':
// PlaceID("UA", "Chernivtsi", "") == "UA:chernivtsi",
// PlaceID("GB", "Swansea", "Wales") == "GB:swansea~wales",
// PlaceID("SE", "Malmö", "") == "SE:malmo".
func PlaceID(country, name, region string) string {
	id := strings.ToUpper(strings.TrimSpace(country)) + ":" + PlaceSlug(name)
	if r := PlaceSlug(region); r != "" {
		id += "~" + r
	}
	return id
}

// UnknownPlaceID returns the id of a place the world gazetteer does not
// know: PlaceID with the words for "saint" written one way (Saint, Sankt,
// St. -> st; Sainte -> ste), so that the spellings of such a place meet as
// the gazetteer's names do: UnknownPlaceID("FR", "Sankt Xyzzy", "") ==
// UnknownPlaceID("FR", "St. Xyzzy", "") == "FR:st-xyzzy".
func UnknownPlaceID(country, name, region string) string {
	id := strings.ToUpper(strings.TrimSpace(country)) + ":" + strings.ReplaceAll(saintKey(foldStrip(name)), " ", "-")
	if r := PlaceSlug(region); r != "" {
		id += "~" + r
	}
	return id
}

// PlaceSlug returns a name folded with umlauts stripped (ä -> a) and
// spaces written as '-': PlaceSlug("Jyväskylä") == "jyvaskyla".
func PlaceSlug(name string) string {
	return strings.ReplaceAll(foldStrip(name), " ", "-")
}

// Slug returns the folded name with spaces written as '-', for the IDs of
// networks and organisations: Slug("Covenant of Mayors") == "covenant-of-mayors".
func Slug(name string) string {
	return strings.ReplaceAll(Fold(name), " ", "-")
}

// NameKeys returns the search keys of a place name: the name folded with
// umlauts stripped and with umlauts spelt out (ä -> a and ä -> ae, so that
// Malmö, Malmo and Malmoe, München, Munchen and Muenchen meet), with
// "Saint", "Sankt", "San" abbreviated as written in short ("St. Gallen",
// "Sankt Gallen" and "Saint Gallen" meet). Both sides of every name lookup
// use these keys; an empty name has none.
func NameKeys(name string) []string {
	a := saintKey(foldStrip(name))
	if a == "" {
		return nil
	}
	b := saintKey(Fold(name))
	if b == a {
		return []string{a}
	}
	return []string{a, b}
}

// saintWord writes a folded word for "saint" in one way: saint, sankt ->
// st; sainte -> ste; any other word stays.
func saintWord(w string) string {
	switch w {
	case "saint", "sankt":
		return "st"
	case "sainte":
		return "ste"
	}
	return w
}

// saintKey writes the words for "saint" in one way: saint, sankt, st -> st;
// sainte, ste -> ste.
func saintKey(f string) string {
	if !strings.Contains(f, "s") {
		return f
	}
	ws := strings.Split(f, " ")
	changed := false
	for i, w := range ws {
		if s := saintWord(w); s != w {
			ws[i], changed = s, true
		}
	}
	if !changed {
		return f
	}
	return strings.Join(ws, " ")
}
