package lint

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/memlint/memlint/internal/load"
)

// FuzzLint runs every rule on a fuzzed policy document (and the same
// document as a memory resource policy and a trust policy, through a
// manifest): evaluation must not fail (a rule's finding that
// data.lib.result did not build, an evaluation error), and every finding
// must point into the file at a line it has.
func FuzzLint(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Sid":"A b","Effect":"Allow","Principal":{"AWS":["111122223333","*"]},"Action":["s3:GetObject","s3:Get*","s3:getobject"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"ForAllValues:StringEquals":{"aws:SourceAccount":["1*"]}}}]}`,
		`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:role/R"},"NotAction":"iam:PassRole","NotResource":"arn:aws:iam::*:role/*"}}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"bedrock-agentcore.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:bedrock-agentcore:us-east-1:*:memory/*"}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"bedrock-agentcore:*","Resource":"*"},{"Sid":"X","Effect":"Allow","Principal":"*","Action":["bedrock-agentcore:GetEvent","bedrock-agentcore:CreateEvent"],"Resource":"arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5","Condition":{"StringEquals":{"bedrock-agentcore:namespace":"a/*"}}}]}`,
	} {
		f.Add([]byte(s))
	}
	eng, cat := loadedEngine(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		for name, content := range map[string]string{
			"policy.json": string(data),
			"memory.json": string(data),
			"trust.json":  string(data),
			"memlint.yaml": "version: 1\nmemories:\n  - arn: arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5\n" +
				"    resource_policy: memory.json\nroles:\n  - arn: arn:aws:iam::111122223333:role/R\n    trust_policy: trust.json\n    policies: [policy.json]\n",
		} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		m, err := load.Load([]string{dir}, load.Options{})
		if err != nil {
			return // a manifest problem with this input is a usage error, tested elsewhere
		}
		fs, err := Run(context.Background(), eng, cat, m)
		if err != nil {
			t.Fatalf("lint: %v", err)
		}
		lines := 1
		for _, b := range data {
			if b == '\n' {
				lines++
			}
		}
		for _, f := range fs {
			if f.Loc.File == "" || f.Loc.Line < 0 || int(f.Loc.Line) > lines+6 {
				t.Errorf("%s at %+v: outside the files (%d lines)", f.RuleID, f.Loc, lines)
			}
		}
	})
}
