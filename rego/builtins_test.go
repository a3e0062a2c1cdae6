package rego

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	oparego "github.com/open-policy-agent/opa/v1/rego"

	"github.com/memlint/memlint/internal/iam"
)

func TestRedundant(t *testing.T) {
	fold := func(a, b string) bool { return iam.Covers(a, b, true) }
	tests := []struct {
		name   string
		vals   []string
		covers func(a, b string) bool
		group  func(string) string
		want   [][2]int
	}{
		{"wildcard covers", []string{"s3:GetObject", "s3:Get*"}, fold, actionService, [][2]int{{0, 1}}},
		{"duplicate: later", []string{"s3:GetObject", "sns:Publish", "s3:GetObject"}, fold, actionService, [][2]int{{2, 0}}},
		{"case spellings: later", []string{"s3:getobject", "S3:GetObject"}, fold, actionService, [][2]int{{1, 0}}},
		{"star covers all", []string{"*", "kinesis:PutRecords"}, fold, actionService, [][2]int{{1, 0}}},
		{"chain names the root", []string{"s3:GetObject", "s3:Get*", "s3:*"}, fold, actionService, [][2]int{{0, 2}, {1, 2}}},
		{"other service", []string{"s3:Get*", "sns:GetTopicAttributes"}, fold, actionService, nil},
		{"resources", []string{"arn:aws:s3:::b/x", "arn:aws:s3:::b/*", "arn:aws:s3:::c/*"}, iam.CoversResource, resourceService, [][2]int{{0, 1}}},
		{"bucket not covered by objects", []string{"arn:aws:s3:::b", "arn:aws:s3:::b/*"}, iam.CoversResource, resourceService, nil},
		{"short resource pattern covers", []string{"arn:aws:codepipeline:us-east-1:111122223333:p", "arn:aws:codepipeline:*"}, iam.CoversResource, resourceService, [][2]int{{0, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redundant(tt.vals, tt.group, tt.covers)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestRedundantActionSets(t *testing.T) {
	tests := []struct {
		name string
		vals []string
		want [][]int
	}{
		// Access Analyzer's example: iam:GenerateCredentialReport is left.
		{"not all contents covered", []string{"iam:Get*", "iam:List*", "iam:*CredentialReport"}, nil},
		{"covered together", []string{"iam:Get*", "iam:Generate*", "iam:*CredentialReport"}, [][]int{{2, 0, 1}}},
		{"covered together, any order", []string{"iam:*CredentialReport", "iam:Generate*", "iam:Get*"}, [][]int{{0, 1, 2}}},
		{"a pattern cover is left to redundant", []string{"s3:Get*", "s3:GetObjectAcl"}, nil},
		// As patterns s3:Get* does not cover s3:*BucketPolicyStatus, but the
		// only catalog action of the second is s3:GetBucketPolicyStatus.
		{"one entry, by the catalog", []string{"s3:Get*", "s3:*BucketPolicyStatus"}, [][]int{{1, 0}}},
		{"equal sets: the later goes", []string{"s3:*BucketPolicyStatus", "s3:GetBucketPolicyStat*"}, [][]int{{1, 0}}},
		{"unknown actions take no part", []string{"iam:GetCredentialReportX", "iam:Get*"}, nil},
		{"pattern-redundant entries do not cover", []string{"iam:Get*", "iam:GetCredentialReport", "iam:Generate*", "iam:*CredentialReport"}, [][]int{{3, 0, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redundantActionSets(tt.vals)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// TestGrantsAction pins memlint.grants_action to the Rego it replaced in
// lib.policy (kept here as the reference): both are evaluated on the same
// elements, among them unknown entries, NotAction, wildcards, case
// variants, a non-string value and a truthy non-boolean "not".
func TestGrantsAction(t *testing.T) {
	const ref = `package ref

import rego.v1

grants(stmt, action) if {
	not stmt.action.not
	some a in stmt.action.values
	memlint.match_action(a.value, action)
}

grants(stmt, action) if {
	stmt.action.not
	every a in stmt.action.values {
		not a.unknown
		not memlint.match_action(a.value, action)
	}
}

ref(s, a) := true if grants(s, a)

ref(s, a) := false if not grants(s, a)

cases := [[i, a, ref(s, a), memlint.grants_action(s.action, a)] |
	some i, s in input.stmts
	some a in input.actions
]

cases_missing := [[i, a, ref(s, a)] |
	some i, s in input.stmts
	some a in input.actions
]
`
	input := `{"actions": ["bedrock-agentcore:CreateEvent", "bedrock-agentcore:ListEvents", "s3:GetObject"], "stmts": [
		{"action": {"values": [{"value": "bedrock-agentcore:CreateEvent"}]}},
		{"action": {"values": [{"value": "BEDROCK-AGENTCORE:createevent"}]}},
		{"action": {"values": [{"value": "bedrock-agentcore:*"}, {"value": "s3:Put*"}]}},
		{"action": {"not": false, "values": [{"value": "bedrock-agentcore:List?vents"}]}},
		{"action": {"not": true, "values": [{"value": "bedrock-agentcore:CreateEvent"}]}},
		{"action": {"not": true, "values": [{"value": "s3:*"}]}},
		{"action": {"not": true, "values": [{"value": "s3:*"}, {"value": "${x}", "unknown": true}]}},
		{"action": {"not": true, "values": [{"value": "s3:*", "unknown": false}]}},
		{"action": {"values": [{"value": "bedrock-agentcore:CreateEvent", "unknown": true}]}},
		{"action": {"not": true, "values": []}},
		{"action": {"values": []}},
		{"action": {"values": [{"value": 7}]}},
		{"action": {"not": true, "values": [{"value": 7}]}},
		{"action": {"not": "yes", "values": [{"value": "s3:*"}]}},
		{"action": {"not": true, "values": ["s3:*"]}},
		{}
	]}`
	mods, err := Parse([]Module{{Path: "ref.rego", Src: ref}})
	if err != nil {
		t.Fatal(err)
	}
	c := ast.NewCompiler()
	c.Compile(mods)
	if c.Failed() {
		t.Fatal(c.Errors)
	}
	rs, err := oparego.New(oparego.Query("x = data.ref.cases; y = data.ref.cases_missing"), oparego.Compiler(c),
		oparego.ParsedInput(ast.MustParseTerm(input).Value)).Eval(context.Background())
	if err != nil || len(rs) != 1 {
		t.Fatalf("eval: %v %v", rs, err)
	}
	cases := rs[0].Bindings["x"].([]any)
	// Every statement with an action element is compared; the last one has
	// none, so the builtin is undefined there and the case is absent, as
	// grants(s, a) is false there too (cases_missing has it as false).
	if want := 15 * 3; len(cases) != want {
		t.Fatalf("compared %d cases, want %d", len(cases), want)
	}
	for _, x := range cases {
		c := x.([]any)
		if c[2] != c[3] {
			t.Errorf("statement %v, action %v: Rego says %v, memlint.grants_action says %v", c[0], c[1], c[2], c[3])
		}
	}
	for _, x := range rs[0].Bindings["y"].([]any) {
		if c := x.([]any); fmt.Sprint(c[0]) == "15" && c[2] != false {
			t.Errorf("statement without an action element grants %v", c[1])
		}
	}
}

// TestS3ResourceLevel pins memlint.s3_resource_level to the reading of the
// Rego it replaced in ML302: a "/" after policy variables are blanked is an
// object, no "/" and no wildcard a bucket, anything else no level.
func TestS3ResourceLevel(t *testing.T) {
	for in, want := range map[string]string{
		"payloads":                             "bucket",
		"payloads/*":                           "object",
		"payloads/key":                         "object",
		"payloads*":                            "",
		"*":                                    "",
		"${aws:PrincipalTag/DomainBucketName}": "bucket",
		"${aws:PrincipalTag/Bucket}/*":         "object",
		"b-${aws:username}":                    "bucket",
		"${unclosed/x":                         "object",
		"":                                     "bucket",
	} {
		if got := s3ResourceLevel(in); got != want {
			t.Errorf("s3ResourceLevel(%q) = %q, want %q", in, got, want)
		}
	}
}
