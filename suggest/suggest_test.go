package suggest

import "testing"

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
