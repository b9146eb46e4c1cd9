// Package buildinfo tells which citygraph is running: the module version,
// the VCS revision and whether the checkout had uncommitted changes, and the
// Go version, as the Go toolchain records them in the binary.
package buildinfo

import "runtime/debug"

// Info is the build information of the running binary.
type Info struct {
	Module    string `json:"module,omitempty"`
	Version   string `json:"version"`            // v1.2.3, a pseudo-version, or (devel)
	Revision  string `json:"revision,omitempty"` // vcs.revision
	Modified  bool   `json:"modified,omitempty"` // vcs.modified: uncommitted changes
	GoVersion string `json:"goVersion,omitempty"`
}

// Read returns the build information of the running binary; Version is
// "(unknown)" when the binary carries none.
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{Version: "(unknown)"}
	}
	b := Info{Module: bi.Main.Path, Version: bi.Main.Version, GoVersion: bi.GoVersion}
	if b.Version == "" {
		b.Version = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// Short is the version and the first 12 characters of the revision, with
// "+dirty" for uncommitted changes: "(devel) 1a2b3c4d5e6f+dirty".
func (b Info) Short() string {
	s := b.Version
	if b.Revision != "" {
		rev := b.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if b.Modified {
			rev += "+dirty"
		}
		s += " " + rev
	}
	return s
}
