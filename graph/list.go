package graph

import "strings"

// SplitList returns the values of a comma-separated list argument
// ("DE,UA", "PARTNERSHIP, FRIENDSHIP"), trimmed, empty ones dropped: the
// one reading of list arguments for the CLI and the HTTP endpoints.
func SplitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
