package graph

import "testing"

// FuzzParseDate: ParseDate never panics, and what it accepts is a valid
// date written canonically, so that parsing its text gives it back.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"", "1957", "1990-05", "1990-05-01", "2024-02-29", "2023-02-29", "1990-5", "1990-+5",
		"+957", "0000", "9999-12-31", "1990-05-1x", "1990_05_01", "١٩٩٠"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) failed but returned %v", s, d)
			}
			return
		}
		if !d.Valid() {
			t.Fatalf("ParseDate(%q) = %#v, not a valid date", s, d)
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) accepted a non-canonical form (canonical %q)", s, d.String())
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v; its text %q parses to %v, %v", s, d, d.String(), back, err)
		}
	})
}
