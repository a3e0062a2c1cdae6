package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/cli"
)

// TestSuppressionGolden runs the suppressions example with its configuration
// and a fixed date, and compares with fixtures/golden/suppressions.* (go test
// ./internal/cli -update rewrites). The SARIF golden is also checked by the
// SARIF validator in CI, suppressions included.
func TestSuppressionGolden(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			out, errs, code := run(t, "check", "--config", "fixtures/examples/suppressions/.memlint.yaml",
				"--now", "2026-06-01", "--format", format, "--show-suppressed", "fixtures/examples/suppressions")
			if code != cli.ExitFindings {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, cli.ExitFindings, errs)
			}
			golden := filepath.Join("fixtures", "golden", "suppressions."+format)
			if !checkGolden(t, golden, out) {
				return
			}
		})
	}
}

// TestCustomRulesExample runs the tests of the example custom rules and
// lints the suppressions example with them.
func TestCustomRulesExample(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	out, errs, code := run(t, "rules", "--test", "fixtures/custom-rules")
	if code != cli.ExitOK {
		t.Fatalf("rules --test: exit %d\n%s%s", code, out, errs)
	}
	out, errs, code = run(t, "explain", "--rules", "fixtures/custom-rules", "statement-needs-sid")
	if code != cli.ExitOK {
		t.Fatalf("explain: exit %d\n%s%s", code, out, errs)
	}

	// The example's generated page is current.
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS("fixtures/custom-rules")); err != nil {
		t.Fatal(err)
	}
	if out, errs, code := run(t, "rules", "--rules", tmp, "--docs"); code != cli.ExitOK {
		t.Fatalf("rules --docs: exit %d\n%s%s", code, out, errs)
	}
	page := filepath.Join("org", "statement-needs-sid", "README.md")
	want, err := os.ReadFile(filepath.Join(tmp, page))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("fixtures", "custom-rules", page))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("fixtures/custom-rules/%s is stale (-generated +on disk); run go run ./cmd/memlint rules --rules fixtures/custom-rules --docs:\n%s", page, diff)
	}
}
