package cli_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/cli"
)

// TestDiffGit builds a git repository with two commits of a memory policy
// and compares the working tree with the first: positions of the old
// version name the repository's paths, not a temporary directory.
func TestDiffGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git binary")
	}
	dir := t.TempDir()
	gitRun := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const mem = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5"
	policy := func(actions string) string {
		return `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
    "Action": ` + actions + `,
    "Resource": "` + mem + `"
  }]
}
`
	}
	gitRun("init", "-q")
	write("infra/memlint.yaml", "version: 1\nmemories:\n  - arn: "+mem+"\n    resource_policy: rbp.json\n")
	write("infra/rbp.json", policy(`["bedrock-agentcore:GetEvent", "bedrock-agentcore:ListEvents"]`))
	gitRun("add", ".")
	gitRun("commit", "-q", "-m", "first")
	write("infra/rbp.json", policy(`"bedrock-agentcore:GetEvent"`))
	t.Chdir(dir)

	out, errs, code := run(t, "diff", "--git", "HEAD", "infra")
	if code != cli.ExitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errs)
	}
	for _, want := range []string{
		"removed  arn:aws:iam::444455556666:root  ListEvents",
		"infra/rbp.json:6:46: medium ML702",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, os.TempDir()) || strings.Contains(out, "memlint-diff-") {
		t.Errorf("output names the temporary directory:\n%s", out)
	}

	_, errs, code = run(t, "diff", "--git", "no-such-rev", "infra")
	if code != cli.ExitUsage || !strings.Contains(errs, "diff --git no-such-rev") {
		t.Errorf("unknown revision: exit %d, stderr %q", code, errs)
	}
}
