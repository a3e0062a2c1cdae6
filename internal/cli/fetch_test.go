package cli_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/cli"
)

// TestFetchDispatch: memlint fetch runs memlint-fetch from PATH (the test
// binary has none beside it), passing the arguments and the exit status
// through; without one it says how to get it.
func TestFetchDispatch(t *testing.T) {
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin, "../../cmd/memlint-fetch")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Setenv("PATH", bin)
	_, stderr, code := run(t, "fetch", "--out", filepath.Join(t.TempDir(), "snap"))
	if code != cli.ExitUsage || !strings.Contains(stderr, "memlint fetch: name a memory with --memory ARN") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = run(t, "check", "--live", "--all", "--profile", "x", "--live-out", t.TempDir()+"/x/y")
	if code != cli.ExitUsage || !strings.Contains(stderr, "memlint: check --live: memlint fetch exited with status 2") {
		t.Errorf("check --live: exit %d, stderr %q", code, stderr)
	}
	t.Setenv("PATH", t.TempDir())
	_, stderr, code = run(t, "fetch", "--all")
	if code != cli.ExitUsage || !strings.Contains(stderr, "memlint: fetch: memlint-fetch is neither beside memlint nor on PATH") {
		t.Errorf("no memlint-fetch: exit %d, stderr %q", code, stderr)
	}
}
