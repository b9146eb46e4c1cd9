package graph

import (
	"strconv"
	"strings"
	"unicode"
)

// sdgPrefixes are the words that may stand before a Sustainable
// Development Goal's number, folded to lower case without spaces.
var sdgPrefixes = []string{"sdg", "sdgs", "ziel", "goal", "nachhaltigkeitsziel", "entwicklungsziel", "odd", "ods"}

// NormalizeTopic returns the normal form of a topic tag: a Sustainable
// Development Goal in any common spelling ("SDG 11", "sdg11", "SDG-11",
// "SDG_11", "Ziel 11", "Goal 11", "SDG 11: Nachhaltige Städte") is
// "SDG11"; any other tag is returned trimmed, with runs of white space made
// one space. ok is false for "SDG" with a number that is not 1 to 17
// ("SDG 18"); the tag is then returned trimmed. Other words ("Ziel",
// "Goal") make an SDG only with a number from 1 to 17 ("Ziel 2030" stays).
func NormalizeTopic(t string) (norm string, ok bool) {
	t = strings.Join(strings.Fields(t), " ")
	n, isSDG, valid := sdgNumber(t)
	switch {
	case !isSDG:
		return t, true
	case !valid:
		return t, false
	}
	return "SDG" + strconv.Itoa(n), true
}

// sdgNumber reads a tag as an SDG: a prefix word, optional separators
// (space, hyphen, underscore, dot, '#'), one or two digits, then the end or
// a non-digit separator and any title.
func sdgNumber(t string) (n int, isSDG, valid bool) {
	low := strings.ToLower(t)
	for _, p := range sdgPrefixes {
		if !strings.HasPrefix(low, p) {
			continue
		}
		rest := strings.TrimLeft(low[len(p):], " -_.#:")
		if rest == low[len(p):] && len(rest) > 0 && !unicode.IsDigit(rune(rest[0])) {
			continue // "goals", "zielgruppe": another word
		}
		digits := 0
		for digits < len(rest) && rest[digits] >= '0' && rest[digits] <= '9' {
			digits++
		}
		if digits == 0 {
			continue // "SDGs", "Ziel": a tag of its own
		}
		if digits < len(rest) {
			if r := rune(rest[digits]); r != ' ' && r != ':' && r != '-' && r != ',' && r != '.' && r != ')' {
				continue
			}
		}
		v, _ := strconv.Atoi(rest[:digits])
		if inRange := v >= 1 && v <= 17; inRange || strings.HasPrefix(p, "sdg") {
			return v, true, inRange
		}
		return 0, false, false // "Ziel 2030": not a goal number

	}
	return 0, false, false
}

// NormalizeTopics returns the normal forms of topics, each once, in first
// appearance order, leaving out empty ones; invalid SDG spellings are kept
// trimmed.
func NormalizeTopics(ts []string) []string {
	out := make([]string, 0, len(ts))
	seen := make(map[string]bool, len(ts))
	for _, t := range ts {
		n, _ := NormalizeTopic(t)
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	return out
}
