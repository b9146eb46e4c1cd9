// Package suggest finds the known word nearest to a mistyped one, for error
// messages that say "did you mean ...?": unknown flags, metrics, kinds,
// formats, query parameters, countries and place names.
package suggest

import (
	"strings"
	"unicode/utf8"
)

// Nearest returns the candidate nearest to word by edit distance (case
// ignored), or "" when none is close enough to be a likely typo: at most
// one edit for words of up to 4 letters, two up to 8, three beyond. Ties go
// to the earlier candidate.
func Nearest(word string, candidates []string) string {
	w := strings.ToLower(strings.TrimSpace(word))
	if w == "" {
		return ""
	}
	limit := 3
	switch n := utf8.RuneCountInString(w); {
	case n <= 4:
		limit = 1
	case n <= 8:
		limit = 2
	}
	best, bestD := "", limit+1
	for _, c := range candidates {
		d := Distance(w, strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// DidYouMean returns " (did you mean X?)" for the candidate nearest to
// word, or "" when there is none.
func DidYouMean(word string, candidates []string) string {
	if n := Nearest(word, candidates); n != "" {
		return " (did you mean " + n + "?)"
	}
	return ""
}

// Distance is the optimal string alignment distance between a and b, in
// runes: insertions, deletions, substitutions and transpositions of two
// neighbours count one each ("betweeness" -> "betweenness" is 1,
// "contries" -> "countries" is 1).
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows of the dynamic programme: two back for transpositions.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
