package main

import (
	"strings"
	"testing"
)

// FuzzMapFlag: --map and --set parsing never panics, and what it accepts
// has a non-empty key and value without surrounding space.
func FuzzMapFlag(f *testing.F) {
	for _, s := range []string{"city_a=Stadt", "network=Covenant of Mayors", "=x", "x=", " = ", "a==b", "k= v ", "ä=ö", "a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := mapFlag{}
		if err := m.Set(s); err != nil {
			if len(m) != 0 {
				t.Fatalf("Set(%q) failed but kept %v", s, m)
			}
			return
		}
		if len(m) != 1 {
			t.Fatalf("Set(%q) kept %v", s, m)
		}
		for k, v := range m {
			if k == "" || v == "" || k != strings.TrimSpace(k) || v != strings.TrimSpace(v) {
				t.Fatalf("Set(%q) kept %q=%q", s, k, v)
			}
		}
	})
}
