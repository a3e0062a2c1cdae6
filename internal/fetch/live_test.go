//go:build live

package fetch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLive fetches a real memory (MEMLINT_LIVE_MEMORY, with the standard
// credentials, and MEMLINT_LIVE_ACCOUNT_ROLE=ACCOUNT=ROLE_ARN for a second
// account) and checks the snapshot: go test -tags live ./internal/fetch/.
func TestLive(t *testing.T) {
	mem := os.Getenv("MEMLINT_LIVE_MEMORY")
	if mem == "" {
		t.Skip("MEMLINT_LIVE_MEMORY is not set")
	}
	args := []string{"--memory", mem, "--out", filepath.Join(t.TempDir(), "snap")}
	if r := os.Getenv("MEMLINT_LIVE_ACCOUNT_ROLE"); r != "" {
		args = append(args, "--account-role", r)
	}
	stdout, stderr, code := runFetch(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	t.Log(stdout, stderr)
	for _, f := range check(t, args[3]) {
		if !strings.Contains(f.Location.File, "/") {
			t.Errorf("%s at %s: not a fetched document", f.RuleID, f.Location.File)
		}
		t.Logf("%s %s %s:%d:%d %s", f.RuleID, f.Severity, f.Location.File, f.Location.Line, f.Location.Column, f.Message)
	}
	if _, err := os.Stat(filepath.Join(args[3], ManifestFile)); err != nil {
		t.Fatal(err)
	}
}
