package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// buildInfo is what `citygraph version` tells: the module version, the VCS
// revision and time, whether the checkout had uncommitted changes, and the
// Go version. The Go toolchain records all of it in the binary
// (debug.ReadBuildInfo): `go install module@version` sets the module
// version, a build inside a git checkout the VCS settings.
type buildInfo struct {
	Module    string // module path
	Version   string // module version: v1.2.3, a pseudo-version, or (devel)
	Revision  string // vcs.revision
	Time      string // vcs.time
	Modified  bool   // vcs.modified: uncommitted changes
	GoVersion string
}

// readBuildInfo reads the build information of the running binary.
func readBuildInfo() buildInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return buildInfo{Version: "(unknown)"}
	}
	return fromDebug(bi)
}

func fromDebug(bi *debug.BuildInfo) buildInfo {
	b := buildInfo{Module: bi.Main.Path, Version: bi.Main.Version, GoVersion: bi.GoVersion}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// versionLine formats b for `citygraph version`:
//
//	citygraph v0.3.1 (github.com/citygraph/citygraph, revision 1a2b3c4d5e6f, 2026-12-02T10:00:00Z, go1.26.0)
//	citygraph (devel) (github.com/citygraph/citygraph, revision 1a2b3c4d5e6f+dirty, ..., go1.26.0)
func versionLine(b buildInfo) string {
	v := b.Version
	if v == "" {
		v = "(devel)"
	}
	var parts []string
	if b.Module != "" {
		parts = append(parts, b.Module)
	}
	if b.Revision != "" {
		rev := b.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if b.Modified {
			rev += "+dirty"
		}
		parts = append(parts, "revision "+rev)
	} else if b.Version == "(devel)" || b.Version == "" {
		parts = append(parts, "no VCS information: built outside a git checkout or with -buildvcs=false")
	}
	if b.Time != "" {
		parts = append(parts, b.Time)
	}
	if b.GoVersion != "" {
		parts = append(parts, b.GoVersion)
	}
	return fmt.Sprintf("citygraph %s (%s)", v, strings.Join(parts, ", "))
}
