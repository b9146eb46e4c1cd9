package resolvers

import (
	"testing"
	"unicode/utf8"
)

// FuzzFoldKeys checks that folding never fails and is stable: a folded key
// folds to itself.
func FuzzFoldKeys(f *testing.F) {
	for _, s := range []string{"München", "Muenchen", "Київ", "Frankfurt (Oder)", "St. Gallen", "ẞ", "Ærø", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		for _, k := range foldKeys(s) {
			if k == "" {
				t.Fatalf("foldKeys(%q) has an empty key", s)
			}
			if again := fold(k, false); again != k {
				t.Fatalf("fold(%q) = %q, not stable (from %q)", k, again, s)
			}
		}
	})
}

// FuzzCursor checks that cursors round-trip and that anything else is
// refused without a panic.
func FuzzCursor(f *testing.F) {
	f.Add("DE:09162000")
	f.Add("a|b|PARTNERSHIP")
	f.Fuzz(func(t *testing.T, key string) {
		got, err := decodeCursor("city", encodeCursor("city", key))
		if err != nil || got != key {
			t.Fatalf("round trip of %q: %q, %v", key, got, err)
		}
		_, _ = decodeCursor("link", key)
	})
}
