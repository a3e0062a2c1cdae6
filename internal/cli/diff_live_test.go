package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/cli"
)

// TestDiffCloudTrailLive: --cloudtrail-live runs memlint fetch cloudtrail
// (here a stand-in on PATH that records its arguments and writes one record
// to its --out file) for the memories of the setup and the window, and
// reads what it wrote as evidence.
func TestDiffCloudTrailLive(t *testing.T) {
	bin := t.TempDir()
	argsFile := filepath.Join(t.TempDir(), "args")
	const record = `{"Records": [{"eventTime": "2026-11-30T12:00:00Z", "eventSource": "bedrock-agentcore.amazonaws.com", "eventName": "GetEvent", ` +
		`"userIdentity": {"type": "AssumedRole", "accountId": "444455556666", "sessionContext": {"sessionIssuer": {"arn": "arn:aws:iam::444455556666:role/Agent", "accountId": "444455556666"}}}, ` +
		`"requestParameters": {"memoryId": "m-a1b2c3d4e5"}}]}`
	script := "#!/bin/sh\necho \"$@\" >" + argsFile + "\nwhile [ $# -gt 0 ]; do [ \"$1\" = --out ] && printf '%s\\n' '" + record + "' >\"$2\"; shift; done\n"
	if err := os.WriteFile(filepath.Join(bin, "memlint-fetch"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	dir := t.TempDir()
	const mem = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5"
	os.WriteFile(filepath.Join(dir, "memlint.yaml"), []byte("version: 1\nmemories:\n  - arn: "+mem+"\n    resource_policy: rbp.json\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "rbp.json"), []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "bedrock-agentcore:GetEvent", "Resource": "`+mem+`"}]}`), 0o644)
	t.Chdir(dir)
	out, stderr, code := run(t, "audit", "--remove", "rbp.json", "--cloudtrail-live", "--event-data-store", "eds-1", "--now", "2026-12-01", "--since", "30d")
	if code != cli.ExitFindings {
		t.Fatalf("exit %d, want 1 (the record shows the grant in use)\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
	if !strings.Contains(out, "high ML701") || !strings.Contains(out, "by 'arn:aws:iam::444455556666:role/Agent'") {
		t.Errorf("no ML701 from the live evidence:\n%s", out)
	}
	args, _ := os.ReadFile(argsFile)
	for _, want := range []string{"cloudtrail --out ", "--since 2026-11-01T00:00:00Z --until 2026-12-01T00:00:00Z", "--memory " + mem, "--event-data-store=eds-1"} {
		if !strings.Contains(string(args), want) {
			t.Errorf("memlint fetch was run with %q, lacking %q", args, want)
		}
	}
}
