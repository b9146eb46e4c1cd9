package importer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// otherDelimiter names a character in s that looks like a delimiter other
// than the three understood, for the "wrong delimiter" message.
func otherDelimiter(s string) string {
	for _, c := range []string{"|", ":", "^", "#", "~"} {
		if strings.Count(s, c) >= 2 {
			return c
		}
	}
	return ""
}

// parseDate reads 1957, 05.1990, 5.1990, 01.05.1990, 1990-05-01, 1990-05,
// 05/1990 and 1990/05/01.
func parseDate(s string) (graph.Date, error) {
	if s == "" {
		return graph.Date{}, nil
	}
	d, ok := scanDate(s)
	if !ok {
		return graph.Date{}, fmt.Errorf("bad date %q (want 1957, 05.1990, 01.05.1990 or 1990-05-01)", s)
	}
	if d.Month == 0 && strings.ContainsAny(s, ".-/") || !d.Valid() || d.IsZero() {
		return graph.Date{}, fmt.Errorf("bad date %q: no such day, month or year", s)
	}
	return d, nil
}

// scanDate splits a date into its parts by the forms parseDate reads; it
// does not check that the day exists.
func scanDate(s string) (graph.Date, bool) {
	var parts [3]int
	n, cur, digits := 0, 0, 0
	var sep byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			cur = cur*10 + int(c-'0')
			digits++
			if digits > 4 {
				return graph.Date{}, false
			}
		case c == '.' || c == '-' || c == '/':
			if digits == 0 || n == 2 || (sep != 0 && c != sep) {
				return graph.Date{}, false
			}
			sep = c
			parts[n] = cur
			n++
			cur, digits = 0, 0
		default:
			return graph.Date{}, false
		}
	}
	if digits == 0 {
		return graph.Date{}, false
	}
	parts[n] = cur
	n++
	var d graph.Date
	switch {
	case n == 1 && digits == 4:
		d = graph.NewDate(parts[0], 0, 0)
	case sep == '-' && len(s) >= 7 && s[4] == '-': // ISO: 1990-05, 1990-05-01
		if n == 2 {
			d = graph.NewDate(parts[0], parts[1], 0)
		} else {
			d = graph.NewDate(parts[0], parts[1], parts[2])
		}
	case sep == '/' && len(s) >= 7 && s[4] == '/': // 1990/05/01
		if n == 2 {
			d = graph.NewDate(parts[0], parts[1], 0)
		} else {
			d = graph.NewDate(parts[0], parts[1], parts[2])
		}
	case (sep == '.' || sep == '/') && n == 2 && digits == 4: // 05.1990
		d = graph.NewDate(parts[1], parts[0], 0)
	case sep == '.' && n == 3 && digits == 4: // 01.05.1990
		d = graph.NewDate(parts[2], parts[1], parts[0])
	default:
		return graph.Date{}, false
	}
	return d, true
}

// parseKind reads a partnership kind; the empty cell is a partnership.
func parseKind(s string) (graph.Kind, error) {
	switch gazetteer.Fold(s) {
	case "", "p", "partnerschaft", "partnership", "staedtepartnerschaft", "partnerstadt", "twinning", "twin town", "twin towns",
		"sister city", "sister cities", "town twinning", "jumelage", "gemeindepartnerschaft", "kreispartnerschaft":
		return graph.KindPartnership, nil
	case "f", "freundschaft", "friendship", "freundschaftsstadt", "freundschaftsvertrag", "staedtefreundschaft", "friendship city":
		return graph.KindFriendship, nil
	case "k", "kontakt", "kontakte", "contact", "contacts", "staedtekontakt":
		return graph.KindContact, nil
	case "pp", "projektpartnerschaft", "project", "projekt", "project partnership", "projektpartner", "projektkooperation",
		"kooperation", "staedtekooperation", "cooperation":
		return graph.KindProject, nil
	}
	return "", fmt.Errorf("unknown kind %q (want Partnerschaft, Freundschaft, Kontakt, Projektpartnerschaft or P, F, K, PP)", s)
}

// parseStatus reads a partnership status; the empty cell is unknown.
func parseStatus(s string) (graph.Status, error) {
	switch gazetteer.Fold(s) {
	case "":
		return "", nil
	case "active", "aktiv", "a", "besteht", "bestehend", "ja":
		return graph.StatusActive, nil
	case "paused", "ruhend", "ruht", "inactive", "inaktiv", "dormant":
		return graph.StatusPaused, nil
	case "ended", "beendet", "aufgeloest", "aufgehoben", "erloschen", "ehemalig", "former":
		return graph.StatusEnded, nil
	}
	return "", fmt.Errorf("unknown status %q (want aktiv, ruhend or beendet)", s)
}

// parseTopics splits a topics cell on ';' and ',' and writes SDG numbers
// in any common spelling ("SDG 11", "sdg-11", "Ziel 11") as "SDG11"
// (graph.NormalizeTopic).
func parseTopics(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var out []string
	for t := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ';' || r == ',' || r == '|' }) {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		// SDG spellings become "SDG11"; other tags are kept as written.
		n, ok := graph.NormalizeTopic(t)
		switch {
		case ok && isSDGTag(n):
			t = n
		case !ok || strings.HasPrefix(gazetteer.Fold(t), "sdg"):
			return nil, fmt.Errorf("bad SDG %q (want SDG 1 to SDG 17)", t)
		}
		out = append(out, t)
	}
	return out, nil
}

// isSDGTag reports whether t is a normal SDG tag: "SDG" and digits.
func isSDGTag(t string) bool {
	if len(t) <= 3 || !strings.HasPrefix(t, "SDG") {
		return false
	}
	_, err := strconv.Atoi(t[3:])
	return err == nil
}

// parseCoord reads a latitude or longitude; a decimal comma is allowed.
func parseCoord(s string, limit float64) (float64, error) {
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || v < -limit || v > limit || v != v {
		return 0, fmt.Errorf("bad coordinate %q (want a decimal number from %g to %g)", s, -limit, limit)
	}
	return v, nil
}

// parseCount reads a non-negative count; "1.252" and "1 252" are 1252.
// parseBound reads a count that may be a lower bound: "over 250", "über
// 250", "mehr als 250", "mindestens 250", "at least 250", ">250", ">= 250",
// "≥250", "250+".
func parseBound(s string) (n int, atLeast bool, err error) {
	t := strings.TrimSpace(s)
	low := strings.ToLower(t)
	for _, p := range []string{"more than", "at least", "mehr als", "mindestens", "über", "ueber", "over", ">=", "≥", ">"} {
		if rest, ok := strings.CutPrefix(low, p); ok {
			t, atLeast = strings.TrimSpace(t[len(t)-len(rest):]), true
			break
		}
	}
	if !atLeast {
		if rest, ok := strings.CutSuffix(t, "+"); ok {
			t, atLeast = strings.TrimSpace(rest), true
		}
	}
	if n, err = parseCount(t); err != nil {
		return 0, false, fmt.Errorf("bad count %q (want a whole number, 0 or more, or a lower bound such as \"over 250\")", s)
	}
	return n, atLeast, nil
}

// cutBoundMarker takes a trailing "(over)" ("(über)", "(mehr als)",
// "(mindestens)", "(at least)", "(more than)", any case) off a
// what-is-counted cell and reports whether there was one: the figure the
// cell describes is a lower bound.
func cutBoundMarker(what string) (string, bool) {
	t := strings.TrimSpace(what)
	if !strings.HasSuffix(t, ")") {
		return what, false
	}
	i := strings.LastIndex(t, "(")
	if i < 0 {
		return what, false
	}
	switch strings.ToLower(strings.TrimSpace(t[i+1 : len(t)-1])) {
	case "over", "über", "ueber", "mehr als", "mindestens", "at least", "more than":
		return strings.TrimSpace(t[:i]), true
	}
	return what, false
}

func parseCount(s string) (int, error) {
	bad := fmt.Errorf("bad count %q (want a whole number, 0 or more)", s)
	groups := strings.Split(strings.NewReplacer(" ", ".", "\u00a0", ".", "'", ".").Replace(s), ".")
	for i, g := range groups { // thousands separators: 1.252, 12 345
		if g == "" || i > 0 && len(g) != 3 || i == 0 && len(groups) > 1 && len(g) > 3 {
			return 0, bad
		}
	}
	t := strings.Join(groups, "")
	n, err := strconv.Atoi(t)
	if err != nil || n < 0 || strings.HasPrefix(t, "+") {
		return 0, bad
	}
	return n, nil
}
