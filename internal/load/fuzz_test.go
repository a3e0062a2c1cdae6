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
		if l.Line < 0 || l.Line > lines || (l.Line > 0 && l.Col < 1) {
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
