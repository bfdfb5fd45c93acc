package cmd

import (
	"runtime/debug"
	"strings"
)

// versionString is what `income --version` prints after "income version ":
// the module version (set with -ldflags "-X …/cmd.Version=v1.2.3", else the
// one `go install …@v1.2.3` records, else "dev") and, when the binary was
// built from a git checkout, its commit, commit time and whether the tree
// had changes.
func versionString(ldflags string, info *debug.BuildInfo, ok bool) string {
	v := ldflags
	if !ok {
		return v
	}
	if (v == "" || v == "dev") && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	if v == "" {
		v = "dev"
	}
	var rev, at string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	parts := []string{"commit " + rev}
	if at != "" {
		parts = append(parts, at)
	}
	if modified {
		parts = append(parts, "modified")
	}
	return v + " (" + strings.Join(parts, ", ") + ")"
}

// buildVersion is versionString of this binary.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	return versionString(Version, info, ok)
}
