//go:build unix

package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/memlint/memlint/internal/cli"
)

// runTimed runs memlint, failing the test if it does not return within a
// generous deadline (a liveness check: a named pipe blocks a read forever).
func runTimed(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	type result struct {
		out, errs string
		code      int
	}
	done := make(chan result, 1)
	go func() {
		o, e, c := run(t, args...)
		done <- result{o, e, c}
	}()
	select {
	case r := <-done:
		return r.out, r.errs, r.code
	case <-time.After(60 * time.Second):
		t.Fatalf("memlint %v did not return", args)
		return "", "", 0
	}
}

// TestFIFOWorkflowFiles checks that a baseline or a custom rule file that is
// a named pipe is refused (exit 2) rather than read forever.
func TestFIFOWorkflowFiles(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	policy := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`
	if err := os.WriteFile("policy.json", []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo("base.sarif", 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.Mkdir("rules", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join("rules", "r.rego"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code := runTimed(t, "check", "--baseline", "base.sarif", "policy.json")
	if code != cli.ExitUsage || !strings.Contains(errs, "read baseline: base.sarif is a named pipe, not a regular file") {
		t.Errorf("baseline: exit %d, stderr:\n%s", code, errs)
	}
	_, errs, code = runTimed(t, "check", "--rules", "rules", "policy.json")
	if code != cli.ExitUsage || !strings.Contains(errs, "rules/r.rego is a named pipe, not a regular file") {
		t.Errorf("custom rules: exit %d, stderr:\n%s", code, errs)
	}
}
