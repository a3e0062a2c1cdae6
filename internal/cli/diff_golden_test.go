package cli_test

import (
	"path/filepath"
	"testing"

	"github.com/memlint/memlint/internal/cli"
)

// TestDiffGolden runs memlint diff on fixtures/examples/audit (an old and a
// new version of a memory policy, and a CloudTrail log file) in every format
// and compares with fixtures/golden/audit-diff.* (go test ./internal/cli
// -update rewrites them); a second run must be byte-identical.
func TestDiffGolden(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	args := []string{"diff", "--cloudtrail", "fixtures/examples/audit/cloudtrail", "--now", "2026-12-01",
		"fixtures/examples/audit/old", "fixtures/examples/audit/new"}
	for format, ext := range map[string]string{"text": "txt", "json": "json", "sarif": "sarif", "markdown": "md"} {
		t.Run(format, func(t *testing.T) {
			out, errs, code := run(t, append(args, "--format", format)...)
			if code != cli.ExitFindings {
				t.Fatalf("exit %d, want %d (ML701 fails the run); stderr:\n%s", code, cli.ExitFindings, errs)
			}
			if !checkGolden(t, filepath.Join("fixtures", "golden", "audit-diff."+ext), out) {
				return
			}
			if again, _, _ := run(t, append(args, "--format", format)...); again != out {
				t.Error("two runs gave different output")
			}
		})
	}
}
