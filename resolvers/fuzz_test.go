package resolvers

import (
	"testing"
)

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
