package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/cli"
)

// TestErrorReport checks that a run ending in exit status 2 still writes the
// JSON or SARIF report it was asked for, holding the error — a manifest
// error against fixtures/golden/manifest-error.{json,sarif} (the SARIF one
// is validated in CI like every golden SARIF file), a configuration error
// and a baseline error by their content.
func TestErrorReport(t *testing.T) {
	golden, err := filepath.Abs(filepath.Join("..", "..", "fixtures", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("memlint.yaml", "version: 1\nroles:\n  - arn: arn:aws:iam::111122223333:role/MemoryRole\n    trust_policy: trust.json\n")
	for _, format := range []string{"json", "sarif"} {
		out, errs, code := run(t, "check", "--format", format, ".")
		if code != cli.ExitUsage || !strings.Contains(errs, "memlint.yaml:4:19: file trust.json does not exist") {
			t.Fatalf("%s: exit %d, stderr:\n%s", format, code, errs)
		}
		checkGolden(t, filepath.Join(golden, "manifest-error."+format), out)
		// --output gets the same report.
		if _, _, code := run(t, "check", "--format", format, "--output", "report."+format, "."); code != cli.ExitUsage {
			t.Errorf("%s --output: exit %d", format, code)
		}
		if b, err := os.ReadFile("report." + format); err != nil || string(b) != out {
			t.Errorf("%s --output wrote %q (%v), want the report on stdout", format, b, err)
		}
	}
	if err := os.Remove("memlint.yaml"); err != nil {
		t.Fatal(err)
	}
	write(".memlint.yaml", "version: 1\nbogus: 1\n")
	out, _, code := run(t, "check", "--format", "sarif", ".")
	if code != cli.ExitUsage {
		t.Fatalf("configuration error: exit %d", code)
	}
	var log struct {
		Runs []struct {
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
				Notifications       []struct {
					Level   string `json:"level"`
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("configuration error: not JSON: %v\n%s", err, out)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Invocations) != 1 || log.Runs[0].Invocations[0].ExecutionSuccessful ||
		len(log.Runs[0].Invocations[0].Notifications) == 0 || log.Runs[0].Invocations[0].Notifications[0].Level != "error" ||
		!strings.Contains(log.Runs[0].Invocations[0].Notifications[0].Message.Text, "bogus") {
		t.Errorf("configuration error: SARIF lacks the failed invocation:\n%s", out)
	}
	write(".memlint.yaml", "version: 1\n")
	write("base.sarif", "{}")
	out, _, code = run(t, "check", "--format", "json", "--baseline", "base.sarif", ".")
	var rep struct {
		Errors []string `json:"errors"`
	}
	if code != cli.ExitUsage || json.Unmarshal([]byte(out), &rep) != nil || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0], "not a memlint SARIF baseline") {
		t.Errorf("baseline error: exit %d, report:\n%s", code, out)
	}
	// Text output does not change: the error is on standard error only.
	out, _, code = run(t, "check", "--baseline", "base.sarif", ".")
	if code != cli.ExitUsage || out != "" {
		t.Errorf("text: exit %d, stdout %q", code, out)
	}
}
