package suppress_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/config"
	"github.com/memlint/memlint/internal/suppress"
	"github.com/memlint/memlint/rules"
)

var files = map[string]string{
	"p.yaml": `Statement:
  # memlint:ignore ML101,public-principal above (T-1).
  - Principal: x
  - Principal: y # memlint:ignore ML101 trailing (T-2).
  - Principal: z # memlint:ignore ML101 trailing on the line above is not for the next line.
  - Principal: w
  - Principal: v # memlint:ignore ML101
  - Note: "# memlint:ignore ML101 inside a string value (T-3)."
`,
	"p.json": `{"Statement": [{"Sid": "# memlint:ignore ML101 JSON has no comments"}]}`,
	"stack.yaml": `Resources:
  MemoryPolicy:
    Type: AWS::BedrockAgentCore::MemoryPolicy
    Properties:
      # Reviewed with the security team.
      # memlint:ignore ML101 Account B's root until its roles exist (T-4).
      PolicyDocument: |
        {
          "Statement": [{
            "Principal": {"AWS": "arn:aws:iam::444455556666:root"}
          }]
        }
      Other: x
`,
	"setup.sh": `#!/bin/sh
# memlint:ignore ML101 Account B's root until its roles exist (T-5).
aws bedrock-agentcore-control put-resource-policy \
  --resource-arn "$MEMORY_ARN" \
  --policy '{
    "Statement": [{
      "Principal": {"AWS": "arn:aws:iam::444455556666:root"}
    }]
  }'

aws bedrock-agentcore-control put-resource-policy \
  --policy '{
    "Statement": [{"Principal": {"AWS": "arn:aws:iam::777788889999:root"}}]
  }'
`,
}

func readFile(name string) ([]byte, error) {
	if s, ok := files[name]; ok {
		return []byte(s), nil
	}
	return nil, fmt.Errorf("no file %s", name)
}

func TestApply(t *testing.T) {
	cfg, err := config.Parse(".memlint.yaml", []byte(`ignore:
  - rule: ML102
    sid: S1
    reason: in force
    expires: 2026-06-30
  - rule: ML103
    reason: expired
    expires: 2026-05-31
  - path: "other/**"
    reason: by path
`))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Dir = "."
	cat, err := rules.NewCatalog([]*rules.Meta{{ID: "ML102", Slug: "public-principal", Category: "rbp", Title: "T", Description: "D", Remediation: "R", Severity: rules.Critical}})
	if err != nil {
		t.Fatal(err)
	}
	f := func(rule, file string, line int, anchor string) rules.Finding {
		return rules.Finding{RuleID: rule, Loc: rules.Location{File: file, Line: int32(line)}, Anchor: anchor}
	}
	ext := func(line int, reason string) *rules.Suppression {
		return &rules.Suppression{Kind: rules.SuppressExternal, Justification: reason, Source: fmt.Sprintf(".memlint.yaml:%d", line)}
	}
	src := func(where, reason string) *rules.Suppression {
		return &rules.Suppression{Kind: rules.SuppressInSource, Justification: reason, Source: where}
	}
	tests := []struct {
		name string
		in   rules.Finding
		want *rules.Suppression
	}{
		{"comment above", f("ML101", "p.yaml", 3, ""), src("p.yaml:2", "above (T-1).")},
		{"comment above, second rule", f("ML102", "p.yaml", 3, ""), src("p.yaml:2", "above (T-1).")},
		{"comment above, other rule", f("ML103", "p.yaml", 3, ""), nil},
		{"trailing comment", f("ML101", "p.yaml", 4, ""), src("p.yaml:4", "trailing (T-2).")},
		{"trailing comment of the line above", f("ML101", "p.yaml", 6, ""), nil},
		{"no reason", f("ML101", "p.yaml", 7, ""), nil},
		{"marker inside a string", f("ML101", "p.yaml", 8, ""), nil},
		{"JSON has no comments", f("ML101", "p.json", 1, ""), nil},
		{"CloudFormation literal block, comment above its key", f("ML101", "stack.yaml", 10, ""), src("stack.yaml:6", "Account B's root until its roles exist (T-4).")},
		{"CloudFormation sibling key not covered", f("ML101", "stack.yaml", 13, ""), nil},
		{"shell argument, comment above the command", f("ML101", "setup.sh", 7, ""), src("setup.sh:2", "Account B's root until its roles exist (T-5).")},
		{"shell, the next command not covered", f("ML101", "setup.sh", 13, ""), nil},
		{"config by sid", f("ML102", "p.json", 1, "S1"), ext(2, "in force")},
		{"config, other sid", f("ML102", "p.json", 1, "S2"), nil},
		{"config expired", f("ML103", "p.json", 1, ""), nil},
		{"config by path", f("ML005", "other/a/p.json", 1, ""), ext(9, "by path")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := suppress.Apply([]rules.Finding{tt.in}, suppress.Options{
				Config: cfg, Catalog: cat, Now: time.Date(2026, 6, 30, 23, 0, 0, 0, time.UTC), ReadFile: readFile,
			})
			if diff := cmp.Diff(tt.want, got[0].Suppression); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestNotes(t *testing.T) {
	cfg, err := config.Parse(".memlint.yaml", []byte("ignore:\n  - rule: ML103\n    reason: r\n    expires: 2026-05-31\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Dir = "."
	in := []rules.Finding{
		{RuleID: "ML103", Loc: rules.Location{File: "p.json", Line: 1}},
		{RuleID: "ML101", Loc: rules.Location{File: "p.yaml", Line: 7}},
	}
	_, notes := suppress.Apply(in, suppress.Options{Config: cfg, Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), ReadFile: readFile})
	want := []string{
		"p.yaml:7: a memlint:ignore comment needs rule IDs or slugs and a reason (# memlint:ignore ML101 reason); it was not honoured.",
		".memlint.yaml:2: the ignore entry expired on 2026-05-31 and no longer suppresses; 1 finding is reported again.",
	}
	if diff := cmp.Diff(want, notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}
