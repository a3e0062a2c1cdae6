package load

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNearestManifest checks that a file given alone (as pre-commit passes
// it) is read with the manifest above it, which links it to the memory and
// brings in the manifest's other files.
func TestNearestManifest(t *testing.T) {
	root := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const memARN = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/mem-a1b2c3d4e5"
	write(".git/HEAD", "ref: refs/heads/main\n")
	write("infra/memlint.yaml", `version: 1
memories:
  - arn: `+memARN+`
    resource_policy: memory/policy.json
roles:
  - arn: arn:aws:iam::111122223333:role/exec
    trust_policy: role/trust.json
`)
	write("infra/memory/policy.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/r"}, "Action": "bedrock-agentcore:GetMemoryRecord", "Resource": "`+memARN+`"}]}`)
	write("infra/role/trust.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock-agentcore.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`)
	write("other/policy.json", `{"Version": "2012-10-17", "Statement": []}`)
	t.Chdir(root)

	tests := []struct {
		name      string
		path      string
		memory    string // ARN of the memory the policy is attached to
		files     []string
		wantFound string
	}{
		{"below manifest", "infra/memory/policy.json", memARN, []string{"infra/memory/policy.json", "infra/role/trust.json"}, "infra/memlint.yaml"},
		{"no manifest up to the repository root", "other/policy.json", "", []string{"other/policy.json"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nearestManifest(tt.path); got != filepath.FromSlash(tt.wantFound) {
				t.Errorf("nearestManifest(%q) = %q, want %q", tt.path, got, tt.wantFound)
			}
			m, err := Load([]string{tt.path}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var files []string
			for _, p := range m.Policies {
				files = append(files, p.File)
			}
			if diff := cmp.Diff(tt.files, files); diff != "" {
				t.Errorf("policies read (-want +got):\n%s", diff)
			}
			var mem string
			for _, x := range m.Memories {
				if x.Policy != nil && x.Policy.File == tt.path {
					mem = x.ARN.Value
				}
			}
			if mem != tt.memory {
				t.Errorf("policy attached to memory %q, want %q", mem, tt.memory)
			}
		})
	}
}
