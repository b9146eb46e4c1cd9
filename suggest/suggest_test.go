package suggest

import (
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3},
		{"betweeness", "betweenness", 1},
		{"contries", "countries", 1},
		{"Manheim", "Mannheim", 1},
		{"ab", "ba", 1},
		{"kitten", "sitting", 3},
		{"München", "Munchen", 1},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := Distance(tc.b, tc.a); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestNearest(t *testing.T) {
	metrics := []string{"degree", "betweenness", "closeness", "harmonic", "pagerank", "eigenvector", "kcore"}
	for _, tc := range []struct {
		word string
		want string
	}{
		{"betweeness", "betweenness"},
		{"BETWEENES", "betweenness"},
		{"pagernak", "pagerank"},
		{"degre", "degree"},
		{"size", ""}, // nothing close
		{"", ""},     // nothing asked
		{"kcor", "kcore"},
		{"xyzzy", ""},
	} {
		if got := Nearest(tc.word, metrics); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	if got := DidYouMean("contries", []string{"format", "countries", "city"}); got != " (did you mean countries?)" {
		t.Errorf("DidYouMean = %q", got)
	}
	if got := DidYouMean("XX", []string{"DE", "UA"}); got != "" {
		t.Errorf("two-letter codes are all one or two edits apart, want no guess; got %q", got)
	}
}

func TestNear(t *testing.T) {
	names := []string{"Mannheim", "Raunheim", "München", "Manheim-Süd", "Mainz"}
	fold := strings.ToLower
	got := Near("manheim", fold, 3, func(yield func(int, string) bool) {
		for i, n := range names {
			if !yield(i, n) {
				return
			}
		}
	})
	// Mannheim is one edit away, Raunheim two; Mainz and the rest are farther.
	if len(got) != 2 || got[0] != 0 || got[1] != 1 {
		t.Errorf("Near = %v, want [0 1]", got)
	}
	if got := Near("x", fold, 3, func(yield func(int, string) bool) { yield(0, "Mannheim") }); got != nil {
		t.Errorf("Near(x) = %v", got)
	}
}
