package load

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/model"
)

// loadFiles writes files into a temporary directory and loads it.
func loadFiles(t *testing.T, files map[string]string, opts Options) (*model.Model, string) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, err := Load([]string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return m, filepath.ToSlash(dir) + "/"
}

// at is "line:col" of a location.
func at(l model.Loc) string { return l.String()[len(l.File)+1:] }

const cfnUnresolved = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Consumer: {Type: String}
Resources:
  SomeRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: bedrock-agentcore.amazonaws.com}
            Action: sts:AssumeRole
            Condition:
              StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}
  Memory:
    Type: AWS::BedrockAgentCore::Memory
    Properties:
      Name: m
      MemoryExecutionRoleArn: !GetAtt SomeRole.Arn
  Policy:
    Type: AWS::BedrockAgentCore::ResourcePolicy
    Properties:
      ResourceArn: !GetAtt Memory.MemoryArn
      Policy: !Sub |
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::${Consumer}:root"},
          "Action": "bedrock-agentcore:GetEvent",
          "Resource": "${Memory.MemoryArn}"}]}
`

// TestCFNUnknowns checks that values that cannot resolve are unknown, that
// logical IDs link memory, role and resource policy, and that a !Sub policy
// keeps positions in the template.
func TestCFNUnknowns(t *testing.T) {
	m, _ := loadFiles(t, map[string]string{"t.yaml": cfnUnresolved}, Options{})
	if len(m.Memories) != 1 || m.Memories[0].Definition == nil || m.Memories[0].Policy == nil {
		t.Fatalf("want one memory with definition and policy, got %+v", m.Memories)
	}
	mem := m.Memories[0]
	d := mem.Definition
	if !d.RoleARN.Unknown || d.RoleARN.Value != "!GetAtt SomeRole.Arn" {
		t.Errorf("RoleARN = %+v, want unknown !GetAtt SomeRole.Arn", d.RoleARN)
	}
	if d.Role == nil || d.Role.Trust == nil {
		t.Fatalf("definition not linked to SomeRole by logical ID: %+v", d.Role)
	}
	cond := d.Role.Trust.Statements[0].Conditions[0].Values[0]
	if !cond.Unknown {
		t.Errorf("aws:SourceAccount = %+v, want unknown", cond)
	}
	p := mem.Policy
	s := p.Statements[0]
	got := map[string]string{
		"attached":  p.Attached.Value,
		"principal": s.Principal.Values[0].Value + " " + at(s.Principal.Values[0].Loc),
		"resource":  s.Resource.Values[0].Value + " " + at(s.Resource.Values[0].Loc),
		"action":    s.Action.Values[0].Value + " " + at(s.Action.Values[0].Loc),
	}
	want := map[string]string{
		"attached":  "!GetAtt Memory.MemoryArn",
		"principal": "!Sub arn:aws:iam::${Consumer}:root 26:32",
		"resource":  "!Sub ${Memory.MemoryArn} 28:23",
		"action":    "bedrock-agentcore:GetEvent 27:21",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resource policy (-want +got):\n%s", diff)
	}
	if !p.Attached.Unknown || !s.Principal.Values[0].Unknown || !s.Resource.Values[0].Unknown || s.Action.Values[0].Unknown {
		t.Errorf("unknown flags wrong: attached %v principal %v resource %v action %v",
			p.Attached.Unknown, s.Principal.Values[0].Unknown, s.Resource.Values[0].Unknown, s.Action.Values[0].Unknown)
	}
}

// TestCFNResolve checks intrinsics that resolve: parameters (defaults and
// --cfn-param), pseudo parameters, !Join, !Select, !If with equal branches,
// long forms, and role ARNs derived from RoleName.
func TestCFNResolve(t *testing.T) {
	tmpl := `{
  "Parameters": {"Acct": {"Type": "String", "Default": "111122223333"}},
  "Resources": {
    "R": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "exec", "AssumeRolePolicyDocument": {"Statement": []}}},
    "M": {"Type": "AWS::BedrockAgentCore::Memory", "Properties": {"Name": "m",
      "MemoryExecutionRoleArn": {"Fn::GetAtt": ["R", "Arn"]},
      "EncryptionKeyArn": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":kms:", {"Ref": "AWS::Region"}, ":", {"Ref": "Acct"}, ":key/k"]]},
      "StreamDeliveryResources": {"Resources": [{"Kinesis": {
        "DataStreamArn": {"Fn::Select": [1, ["x", {"Fn::Sub": "arn:aws:kinesis:us-east-1:${Acct}:stream/s"}]]},
        "ContentConfigurations": [{"Type": "MEMORY_RECORDS", "Level": {"Fn::If": ["C", "FULL_CONTENT", "FULL_CONTENT"]}}]}}]}}}
  }
}`
	tests := []struct {
		name   string
		params map[string]string
		want   []string
	}{
		{"no params", nil, []string{"UNKNOWN !GetAtt R.Arn", "UNKNOWN !Join …", "arn:aws:kinesis:us-east-1:111122223333:stream/s", "FULL_CONTENT"}},
		{"params", map[string]string{"AWS::AccountId": "111122223333", "AWS::Region": "eu-west-1", "Acct": "999988887777"},
			[]string{"arn:aws:iam::111122223333:role/exec", "arn:aws:kms:eu-west-1:999988887777:key/k", "arn:aws:kinesis:us-east-1:999988887777:stream/s", "FULL_CONTENT"}},
	}
	show := func(s *model.Str) string {
		if s == nil {
			return "<nil>"
		}
		if s.Unknown {
			return "UNKNOWN " + s.Expr
		}
		return s.Value
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := loadFiles(t, map[string]string{"t.template": tmpl}, Options{CFNParams: tt.params})
			var d *model.Definition
			for _, mem := range m.Memories {
				if mem.Definition != nil {
					d = mem.Definition
				}
			}
			if d == nil || len(d.Deliveries) != 1 {
				t.Fatalf("no definition with one delivery: %+v", d)
			}
			got := []string{show(d.RoleARN), show(d.EncryptionKeyARN), show(&d.Deliveries[0].Target), show(d.Deliveries[0].Level)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestShellPositions checks that positions inside quoted JSON map to the
// script's own lines and columns, through every kind of shell quoting.
func TestShellPositions(t *testing.T) {
	script := "#!/bin/bash\n" +
		"ACCT=444455556666\n" +
		"aws s3api put-bucket-policy --bucket b1 --policy '{\"Statement\": [{\"Sid\": \"Single\", \"Effect\": \"Allow\"}]}'\n" +
		"aws s3api put-bucket-policy --bucket b2 \\\n  --policy \"{\\\"Statement\\\": [{\\\"Sid\\\": \\\"Double\\\", \\\"Principal\\\": {\\\"AWS\\\": \\\"$ACCT\\\"}}]}\"\n" +
		"f() { aws s3api put-bucket-policy --bucket=b3 --policy=$'{\"Statement\": [{\"Sid\": \"Ansi\"}]}' | cat; }\n" +
		"aws s3api put-bucket-policy --bucket \"$BUCKET\" --policy \"$(cat <<'EOF'\n{\"Statement\": [{\"Sid\": \"Heredoc\"}]}\nEOF\n)\"\n" +
		"aws s3api put-bucket-policy --bucket b5 --policy file://p.json\n"
	m, _ := loadFiles(t, map[string]string{"s.sh": script, "p.json": `{"Statement": [{"Sid": "File"}]}`}, Options{})
	var got []string
	for _, p := range m.Policies {
		s := p.Statements[0]
		got = append(got, s.Sid.Value+" "+filepath.Base(s.Sid.Loc.File)+":"+at(s.Sid.Loc)+" attached "+p.Attached.Value)
	}
	want := []string{
		"Single s.sh:3:74 attached arn:aws:s3:::b1",
		"Double s.sh:5:40 attached arn:aws:s3:::b2",
		"Ansi s.sh:6:81 attached arn:aws:s3:::b3",
		"Heredoc s.sh:8:24 attached \"$BUCKET\"",
		"File p.json:1:24 attached arn:aws:s3:::b5",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// $ACCT resolves from the script's own assignment.
	for _, p := range m.Policies {
		if p.Statements[0].Sid.Value == "Double" {
			pr := p.Statements[0].Principal.Values[0]
			if pr.Unknown || pr.Value != "444455556666" {
				t.Errorf("principal = %+v, want 444455556666 from ACCT", pr)
			}
		}
	}
}

// TestTFPlanUnknownsAndModules checks after_unknown, nested modules and
// the resource address on policies.
func TestTFPlanUnknownsAndModules(t *testing.T) {
	plan := `{"format_version": "1.2",
 "planned_values": {"root_module": {}},
 "resource_changes": [
  {"address": "module.b.aws_s3_bucket_policy.p", "mode": "managed", "type": "aws_s3_bucket_policy", "name": "p",
   "change": {"actions": ["create"], "after": {"bucket": "bk", "policy": "{\"Statement\":[{\"Sid\":\"S\",\"Effect\":\"Allow\"}]}"}, "after_unknown": {"id": true}}},
  {"address": "aws_bedrockagentcore_memory.m", "mode": "managed", "type": "aws_bedrockagentcore_memory", "name": "m",
   "change": {"actions": ["create"], "after": {"name": "m", "memory_execution_role_arn": null}, "after_unknown": {"arn": true, "memory_execution_role_arn": true}}},
  {"address": "aws_bedrockagentcore_resource_policy.r", "mode": "managed", "type": "aws_bedrockagentcore_resource_policy", "name": "r",
   "change": {"actions": ["create"], "after": {}, "after_unknown": {"resource_arn": true, "policy": true}}}
 ]}`
	m, _ := loadFiles(t, map[string]string{"plan.json": plan}, Options{})
	if len(m.Policies) != 1 {
		t.Fatalf("want 1 policy, got %d", len(m.Policies))
	}
	p := m.Policies[0]
	if got := p.Address + " " + at(p.Statements[0].Sid.Loc); got != "module.b.aws_s3_bucket_policy.p 5:100" {
		t.Errorf("policy = %q", got)
	}
	var d *model.Definition
	for _, mem := range m.Memories {
		if mem.Definition != nil {
			d = mem.Definition
		}
	}
	if d == nil || d.RoleARN == nil || !d.RoleARN.Unknown {
		t.Errorf("memory_execution_role_arn should be unknown: %+v", d)
	}
	if len(m.Notes) == 0 {
		t.Errorf("want a note for the policy known only after apply")
	}
}

// TestMalformed checks that broken templates, plans and scripts give a
// positioned ML001 and that the rest of the input is still read.
func TestMalformed(t *testing.T) {
	files := map[string]string{
		"a.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  P:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument: |\n        {\"Statement\": [}\n",
		"b.json": `{"format_version": "1.2", "resource_changes": [{"address": "aws_sns_topic_policy.t", "type": "aws_sns_topic_policy",
 "change": {"after": {"arn": "arn:aws:sns:us-east-1:111122223333:t", "policy": "{\"Statement\": [1,}"}}}]}`,
		"c.sh":   "#!/bin/bash\naws iam put-role-policy --role-name r --policy-document '{\"Statement\": }'\naws iam create-role --role-name ok --assume-role-policy-document '{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"bedrock-agentcore.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}'\n",
		"d.sh":   "#!/bin/bash\nif aws s3 ls; then\n",
		"e.json": `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`,
		"f.sh":   "#!/bin/bash\nif true; then\n", // no aws call: skipped quietly in a walk
	}
	m, dir := loadFiles(t, files, Options{})
	var got []string
	for _, p := range m.Problems {
		got = append(got, p.Rule+" "+p.Loc.String()[len(dir):])
	}
	want := []string{ // scripts are read first
		"ML001 c.sh:2:72",   // the } where a value should be, inside '…'
		"ML001 d.sh:2:15",   // then without a statement list
		"ML001 a.yaml:8:24", // inside the literal block
		"ML001 b.json:2:99", // inside the plan's policy string
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if len(m.Policies) != 2 {
		t.Errorf("want the create-role trust policy and e.json still read, got %d policies", len(m.Policies))
	}
}

// TestCFNConditions checks !If between statements and AWS::NoValue.
func TestCFNConditions(t *testing.T) {
	tmpl := `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - !If
            - IsProd
            - Sid: Prod
              Effect: Allow
              Action: s3:GetObject
              Resource: "*"
              Condition: !Ref AWS::NoValue
            - !Ref AWS::NoValue
          - !If [IsProd, !Ref AWS::NoValue, !Ref AWS::NoValue]
  Q:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Version: !Ref PolicyVersion
        Statement:
          - Effect: Allow
            Principal: !Ref WhoParam
            Action: s3:GetObject
`
	m, _ := loadFiles(t, map[string]string{"t.yaml": tmpl}, Options{})
	if len(m.Policies) != 2 {
		t.Fatalf("want 2 policies, got %d", len(m.Policies))
	}
	p := m.Policies[0]
	if len(p.Problems) != 0 || len(p.Statements) != 1 || p.Statements[0].Sid.Value != "Prod" || !p.Managed {
		t.Errorf("policy = %+v, problems %v", p, p.Problems)
	}
	// Grammar problems of unknown values (a Principal: !Ref that is not
	// "*", a Version from a parameter) are not reported.
	if q := m.Policies[1]; len(q.Problems) != 0 || !q.Version.Unknown || q.Attached == nil || !q.Attached.Unknown {
		t.Errorf("bucket policy = %+v, problems %v", q, q.Problems)
	}
}

// TestTFPlanReferences checks links a plan's configuration block gives:
// memory → role, resource policy → memory, policy attachment → role.
func TestTFPlanReferences(t *testing.T) {
	pol := `"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"bedrock-agentcore:GetEvent\",\"Resource\":\"*\"}]}"`
	trust := `"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"bedrock-agentcore.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"`
	perm := `"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}]}"`
	plan := `{"format_version": "1.2", "resource_changes": [
  {"address": "aws_iam_role.exec", "type": "aws_iam_role", "change": {"after": {"assume_role_policy": ` + trust + `}, "after_unknown": {"name": true, "arn": true}}},
  {"address": "aws_iam_policy.p", "type": "aws_iam_policy", "change": {"after": {"name": "p", "policy": ` + perm + `}, "after_unknown": {"arn": true}}},
  {"address": "aws_iam_role_policy_attachment.a", "type": "aws_iam_role_policy_attachment", "change": {"after": {}, "after_unknown": {"role": true, "policy_arn": true}}},
  {"address": "aws_bedrockagentcore_memory.m", "type": "aws_bedrockagentcore_memory", "change": {"after": {"name": "m"}, "after_unknown": {"arn": true, "memory_execution_role_arn": true}}},
  {"address": "aws_bedrockagentcore_resource_policy.r", "type": "aws_bedrockagentcore_resource_policy", "change": {"after": {"policy": ` + pol + `}, "after_unknown": {"resource_arn": true}}}
 ],
 "configuration": {"root_module": {"resources": [
  {"address": "aws_iam_role_policy_attachment.a", "expressions": {"role": {"references": ["aws_iam_role.exec.name", "aws_iam_role.exec"]}, "policy_arn": {"references": ["aws_iam_policy.p.arn", "aws_iam_policy.p"]}}},
  {"address": "aws_bedrockagentcore_memory.m", "expressions": {"memory_execution_role_arn": {"references": ["aws_iam_role.exec.arn", "aws_iam_role.exec"]}}},
  {"address": "aws_bedrockagentcore_resource_policy.r", "expressions": {"resource_arn": {"references": ["aws_bedrockagentcore_memory.m.arn", "aws_bedrockagentcore_memory.m"]}}}
 ]}}}`
	m, _ := loadFiles(t, map[string]string{"plan.json": plan}, Options{})
	if len(m.Memories) != 1 {
		t.Fatalf("want 1 memory, got %d", len(m.Memories))
	}
	mem := m.Memories[0]
	if mem.Policy == nil || mem.Policy.Kind != model.KindMemory || mem.Policy.Address != "aws_bedrockagentcore_resource_policy.r" {
		t.Errorf("resource policy not linked to the memory by reference: %+v", mem.Policy)
	}
	r := mem.Definition.Role
	if r == nil || r.Trust == nil || len(r.Policies) != 1 || r.Policies[0].Name != "p" {
		t.Errorf("execution role not linked with its trust and attached policy: %+v", r)
	}
}
