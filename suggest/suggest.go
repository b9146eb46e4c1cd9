// Package suggest finds the known word nearest to a mistyped one, for error
// messages that say "did you mean ...?": unknown flags, metrics, kinds,
// formats, query parameters, countries and place names.
package suggest

import (
	"sort"
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
	limit := Limit(utf8.RuneCountInString(w))
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

// Limit is the largest edit distance Nearest and Near accept for a word of
// n runes: 1 up to 4, 2 up to 8, 3 beyond.
func Limit(n int) int {
	switch {
	case n <= 4:
		return 1
	case n <= 8:
		return 2
	}
	return 3
}

// Near returns the candidates within Limit edits of word, nearest first
// (ties keep the candidates' order): candidates yields an index and one
// name (an index may come several times, for other names; its nearest
// counts). Both sides are compared after fold (nil: as they are), e.g. the
// place-name fold of the gazetteer, so that "Manheim" meets "Mannheim" and
// "Muenchen" "München". It returns at most max indices.
func Near(word string, fold func(string) string, max int, candidates func(yield func(i int, name string) bool)) []int {
	if fold == nil {
		fold = func(s string) string { return s }
	}
	w := fold(word)
	n := utf8.RuneCountInString(w)
	if n == 0 || max < 1 {
		return nil
	}
	limit := Limit(n)
	best := map[int]int{}
	var order []int
	candidates(func(i int, name string) bool {
		f := fold(name)
		if d := utf8.RuneCountInString(f) - n; d > limit || -d > limit {
			return true
		}
		d := Distance(w, f)
		if d > limit {
			return true
		}
		if old, ok := best[i]; !ok {
			best[i] = d
			order = append(order, i)
		} else if d < old {
			best[i] = d
		}
		return true
	})
	sort.SliceStable(order, func(a, b int) bool { return best[order[a]] < best[order[b]] })
	if len(order) > max {
		order = order[:max]
	}
	return order
}
