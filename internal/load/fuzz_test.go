package load

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// checkLocs fails when a problem or statement points outside the input.
func checkLocs(t *testing.T, data []byte, m *model.Model) {
	t.Helper()
	lines := strings.Count(string(data), "\n") + 1
	check := func(what string, l model.Loc) {
		if l.Line < 0 || int(l.Line) > lines || (l.Line > 0 && l.Col < 1) {
			t.Fatalf("%s at %v is outside the %d-line input", what, l, lines)
		}
	}
	for _, p := range m.Problems {
		check("problem "+p.Msg, p.Loc)
	}
	for _, p := range m.Policies {
		for _, pr := range p.Problems {
			check("problem "+pr.Msg, pr.Loc)
		}
		for _, s := range p.Statements {
			check("statement", s.Loc)
		}
	}
}

// FuzzPolicyDocument feeds arbitrary bytes to the JSON parser and the policy
// decoder as a loose policy file.
func FuzzPolicyDocument(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","*"]},"Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":["1",2,true]}}}]}`,
		`{"Statement":{"Effect":"Deny","NotPrincipal":"*","NotAction":[],"NotResource":{}}}`,
		`{"Version":1,"Statement":[1,{"Sid":null,"Condition":{"Bogus":{"k":{}}}}]}`,
		`[]`, `{`, `{"Statement":[{"Principal":{"Service":"bedrock-agentcore.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := newLoader(Options{})
		n, err := source.ParseJSON("p.json", data)
		if err != nil {
			return
		}
		l.document("p.json", n, string(data), true, true)
		checkLocs(t, data, l.finish())
	})
}

// FuzzCLIInput feeds AWS CLI input files, whose policies are JSON strings.
func FuzzCLIInput(f *testing.F) {
	for _, s := range []string{
		`{"resourceArn":"arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5","policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\"}]}"}`,
		`{"RoleName":"r","AssumeRolePolicyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"x\"},\"Action\":\"sts:AssumeRole\"}]}"}`,
		`{"RoleName":"r","PolicyName":"p","PolicyDocument":{"Statement":[]}}`,
		`{"Bucket":"b","Policy":"{\\u0022Statement\\u0022: 1}"}`,
		`{"TopicArn":"arn:aws:sns:us-east-1:1:t","AttributeName":"Policy","AttributeValue":"{"}`,
		`{"ResourceARN":"arn:aws:kinesis:us-east-1:1:stream/s","Policy":7}`,
		`{"memory":{"arn":"arn:aws:bedrock-agentcore:us-east-1:1:memory/m","strategies":[{"configuration":{"selfManagedConfiguration":{"invocationConfiguration":{"topicArn":"t","payloadDeliveryBucketName":"b"}}}}]}}`,
		`{"name":"n","memoryExecutionRoleArn":"arn:aws:iam::1:role/r","streamDeliveryResources":{"resources":[{"kinesis":{"dataStreamArn":"a","contentConfigurations":[{"level":"FULL_CONTENT"}]}}]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := newLoader(Options{})
		n, err := source.ParseJSON("in.json", data)
		if err != nil || n.Kind != source.Object {
			return
		}
		l.cliInput("in.json", n)
		checkLocs(t, data, l.finish())
	})
}

// FuzzManifest feeds manifests; the files they name do not exist, so every
// path is the error path, which must still never panic.
func FuzzManifest(f *testing.F) {
	for _, s := range []string{
		"version: 1\nmemories:\n  - arn: arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5\n    resource_policy: p.json\n",
		"version: 1\nroles:\n  - arn: arn:aws:iam::111122223333:role/r\n    policies: [a.json, {x: 1}]\n",
		"version: 2\ndestinations: {}\n", "- 1\n- 2\n", "version: 1\nmemories: [[]]\nbogus: 1\n", "a: &a [*a]\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		l := newLoader(Options{})
		_ = l.manifestData(filepath.Join(dir, ManifestName), data)
		l.finish()
	})
}

// FuzzCFN feeds CloudFormation templates, YAML and JSON, with intrinsics.
func FuzzCFN(f *testing.F) {
	for _, s := range []string{
		cfnUnresolved,
		"Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Ref R\n      AssumeRolePolicyDocument: !Sub |\n        {\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"${AWS::AccountId}\"}}]}\n",
		`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Fn::Join": ["", [{"Ref": "B"}, {"Fn::Select": [0, ["x"]]}]]}, "PolicyDocument": {"Fn::Sub": "{\"Statement\":[]}"}}}, "B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::If": ["c", "a", "a"]}}}}}`,
		"Resources:\n  P:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics: [!GetAtt [T, TopicArn]]\n      PolicyDocument: \"{\\\"Statement\\\": [}\"\n",
		"AWSTemplateFormatVersion: x\nResources: []\n",
		"Resources:\n  S:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Type: SERVICE_CONTROL_POLICY\n      TargetIds: [r-ab12, !Ref OU, x]\n      Content: {Statement: [{Effect: Deny, Action: \"*\", Resource: \"*\"}]}\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: r\n      PermissionsBoundary: !Ref B\n  B:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {Statement: [{Effect: Allow, Action: \"s3:*\", Resource: \"*\"}]}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := newLoader(Options{CFNParams: map[string]string{"AWS::AccountId": "111122223333"}})
		docs, err := source.ParseYAML("t.yaml", data)
		if err != nil {
			return
		}
		for _, n := range docs {
			if isCFN(n) {
				l.cloudFormation("t.yaml", n)
			}
		}
		checkLocs(t, data, l.finish())
	})
}

// FuzzTFPlan feeds terraform show -json plans.
func FuzzTFPlan(f *testing.F) {
	for _, s := range []string{
		`{"format_version":"1.2","resource_changes":[{"address":"module.a.aws_iam_role.r","type":"aws_iam_role","change":{"after":{"name":"r","assume_role_policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"x\"},\"Action\":\"sts:AssumeRole\"}]}","inline_policy":[{"name":"i","policy":"{"}]},"after_unknown":{"arn":true,"inline_policy":[{"policy":true}]}}}],"configuration":{"root_module":{"module_calls":{"a":{"module":{"resources":[{"address":"aws_iam_role.r","expressions":{"name":{"references":["var.x"]}}}]}}}}}}`,
		`{"format_version":"1.0","planned_values":{"root_module":{"resources":[{"address":"aws_sns_topic_policy.p","type":"aws_sns_topic_policy","values":{"arn":"arn:aws:sns:us-east-1:111122223333:t","policy":"{\"Statement\":{}}"}}],"child_modules":[{"resources":[{"type":"aws_kinesis_resource_policy","values":{"policy":7}}]}]}}}`,
		`{"format_version":"1.2","resource_changes":[{"address":"aws_bedrockagentcore_memory_strategy.s","type":"aws_bedrockagentcore_memory_strategy","change":{"after":{"configuration":[{"self_managed_configuration":[{"invocation_configuration":[{"topic_arn":"t"}]}]}]},"after_unknown":{"memory_id":true}}},{"type":"aws_iam_role_policy_attachment","change":{"after":{"role":"r","policy_arn":"a"}}}]}`,
		`{"format_version":"9.0","planned_values":{}}`,
		`{"format_version":"1.2","resource_changes":[{"address":"aws_organizations_policy.s","type":"aws_organizations_policy","change":{"after":{"type":"SERVICE_CONTROL_POLICY","id":"p-1","content":"{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}}},{"address":"aws_organizations_policy_attachment.a","type":"aws_organizations_policy_attachment","change":{"after":{"policy_id":"p-1","target_id":"r-ab12"}}},{"address":"aws_iam_role.r","type":"aws_iam_role","change":{"after":{"name":"r","permissions_boundary":"arn:aws:iam::111122223333:policy/b"}}},{"address":"aws_iam_policy.b","type":"aws_iam_policy","change":{"after":{"arn":"arn:aws:iam::111122223333:policy/b","policy":"{\"Statement\":[]}"}}}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := newLoader(Options{})
		n, err := source.ParseJSON("plan.json", data)
		if err != nil || !isTFPlan(n) {
			return
		}
		l.terraformPlan("plan.json", n)
		checkLocs(t, data, l.finish())
	})
}

// FuzzShell feeds shell scripts with aws command lines in every quoting.
func FuzzShell(f *testing.F) {
	for _, s := range []string{
		"#!/bin/sh\naws iam create-role --role-name r --assume-role-policy-document '{\"Statement\": [{\"Effect\": \"Allow\"}]}'\n",
		"A=1\naws --region us-east-1 s3api put-bucket-policy --bucket \"$B\" --policy \"{\\\"Statement\\\": [{\\\"Sid\\\": \\\"$A\\\"}]}\"\n",
		"f() { aws bedrock-agentcore-control create-memory --name=m --memory-strategies=$'[{\"customMemoryStrategy\": {}}]' | tee x; }\n",
		"aws kinesis put-resource-policy --resource-arn a --policy \"$(cat <<'EOF'\n{\"Statement\": [\nEOF\n)\"\n",
		"aws sns set-topic-attributes --topic-arn t --attribute-name Policy --attribute-value '{'\nif then\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := newLoader(Options{})
		l.shell("s.sh", data, true)
		m := l.finish()
		// file:// arguments may name other files; only the script's own
		// positions are checked against it.
		own := &model.Model{Problems: m.Problems}
		for _, p := range m.Policies {
			if p.File == "s.sh" {
				own.Policies = append(own.Policies, p)
			}
		}
		var kept []model.Problem
		for _, p := range own.Problems {
			if p.Loc.File == "s.sh" {
				kept = append(kept, p)
			}
		}
		own.Problems = kept
		checkLocs(t, data, own)
	})
}
