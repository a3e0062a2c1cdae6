package cli

import (
	"runtime/debug"
	"testing"
)

// TestBuildVersion checks where the one version comes from: the stamped
// value, the module version, the VCS revision, else devel.
func TestBuildVersion(t *testing.T) {
	t.Parallel()
	rev := []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}
	for _, c := range []struct {
		name    string
		stamped string
		bi      *debug.BuildInfo
		want    string
	}{
		{"stamped wins", "v0.1.0", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.9"}}, "0.1.0"},
		{"module version", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}, Settings: rev}, "0.1.0"},
		{"pseudo-version", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261202180000-0123456789ab+dirty"}}, "0.0.0-20261202180000-0123456789ab+dirty"},
		{"revision", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: rev}, "0.0.0-0123456789ab+dirty"},
		{"devel", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "0.0.0-devel"},
		{"no build info", "", nil, "0.0.0-devel"},
	} {
		if got := buildVersion(c.stamped, c.bi); got != c.want {
			t.Errorf("%s: buildVersion = %q, want %q", c.name, got, c.want)
		}
	}
}
