package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/cli"
)

const (
	acctA = "111122223333" // the memory's account
	acctB = "444455556666" // destinations and the consumer
)

// root is the repository (tests change directory to check snapshots).
var root, _ = filepath.Abs(filepath.Join("..", ".."))

func guideFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "fixtures", "examples", "guide", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// seedRole creates a role with a trust policy and inline policies.
func seedRole(ctx context.Context, t *testing.T, cfg aws.Config, name, trust string, inline map[string]string) string {
	t.Helper()
	c := iam.NewFromConfig(cfg)
	out, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatal(err)
	}
	for n, doc := range inline {
		if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(n), PolicyDocument: aws.String(doc)}); err != nil {
			t.Fatal(err)
		}
	}
	return aws.ToString(out.Role.Arn)
}

// seedGuideAccountB creates the guide's destinations and consumer role in
// account B.
func seedGuideAccountB(ctx context.Context, t *testing.T, e *emulator) {
	t.Helper()
	b := e.account(ctx, acctB)
	s3c := s3.NewFromConfig(b, func(o *s3.Options) { o.UsePathStyle = true })
	bucket := "memory-payloads-" + acctB
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s3c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(guideFile(t, "destinations/bucket-policy.json"))}); err != nil {
		t.Fatal(err)
	}
	snsc := sns.NewFromConfig(b)
	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("memory-notifications")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := snsc.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: topic.TopicArn, AttributeName: aws.String("Policy"), AttributeValue: aws.String(guideFile(t, "destinations/topic-policy.json"))}); err != nil {
		t.Fatal(err)
	}
	kc := kinesis.NewFromConfig(b)
	if _, err := kc.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("memory-record-stream"), ShardCount: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	stream := "arn:aws:kinesis:us-east-1:" + acctB + ":stream/memory-record-stream"
	if _, err := kc.PutResourcePolicy(ctx, &kinesis.PutResourcePolicyInput{ResourceARN: aws.String(stream), Policy: aws.String(guideFile(t, "destinations/stream-policy.json"))}); err != nil {
		t.Fatal(err)
	}
	seedRole(ctx, t, b, "AgentMemoryReaderRole", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+acctB+`:root"},"Action":"sts:AssumeRole"}]}`,
		map[string]string{"reader": guideFile(t, "consumer/reader-identity-policy.json")})
}

// guideMemories makes the proxy answer AgentCore's GetMemory and
// GetResourcePolicy for the guide's two memories from fixtures/live/guide
// (moto drops a memory's strategy configuration and stream delivery, and
// has no AgentCore resource policies).
func guideMemories(e *emulator) {
	for _, id := range []string{"cross_account_memory-a1b2c3d4e5", "cross_account_streaming_memory-f6g7h8i9j0"} {
		e.on(func(op operation) bool { return op.name == "GetMemory" && strings.Contains(op.path, "/"+id+"/") }, 200, "guide/get-memory-"+id+".json", 0)
	}
	e.on(func(op operation) bool {
		return op.name == "GetResourcePolicy" && op.service == "bedrock-agentcore" && strings.Contains(op.path, "cross_account_memory-a1b2c3d4e5")
	}, 200, "guide/get-resource-policy.json", 0)
	e.on(func(op operation) bool {
		return op.name == "GetResourcePolicy" && op.service == "bedrock-agentcore"
	}, 404, "errors/agentcore-resource-policy-not-found.json", 0)
}

// bucketOwner makes the proxy answer GetBucketPolicy on bucket as S3
// does and moto does not: AccessDenied when the request's expected bucket
// owner is another account.
func bucketOwner(e *emulator, bucket, owner string) {
	e.on(func(op operation) bool {
		return op.name == "GetBucketPolicy" && strings.Contains(op.path, bucket) && op.header.Get("X-Amz-Expected-Bucket-Owner") != owner
	}, 403, "errors/s3-access-denied.xml", 0)
}

const (
	memory1 = "arn:aws:bedrock-agentcore:us-east-1:" + acctA + ":memory/cross_account_memory-a1b2c3d4e5"
	memory2 = "arn:aws:bedrock-agentcore:us-east-1:" + acctA + ":memory/cross_account_streaming_memory-f6g7h8i9j0"
	auditor = "arn:aws:iam::" + acctB + ":role/MemlintAuditor"
)

// runFetch runs memlint fetch with args and returns stdout, stderr and the
// exit status.
func runFetch(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := mainWith(context.Background(), args, &out, &errb, func(o *Options) {
		o.APIOptions = append(o.APIOptions, recordCalls)
		o.MaxBackoff = 5e6 // 5ms: the tests' throttling is injected
	})
	return out.String(), errb.String(), code
}

// finding is one finding of memlint check --format json.
type finding struct {
	RuleID   string `json:"ruleId"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Location struct {
		File   string `json:"file"`
		Line   int    `json:"line"`
		Column int    `json:"column"`
	} `json:"location"`
}

// check runs memlint check on dir and returns its findings.
func check(t *testing.T, dir string) []finding {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), []string{"check", "--format", "json", "--fail-on", "none", "."}, strings.NewReader(""), &out, &errb)
	if code != cli.ExitOK {
		t.Fatalf("memlint check: exit %d\n%s", code, errb.String())
	}
	var rep struct{ Findings []finding }
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	return rep.Findings
}

// TestFetchTrustWithoutSourceCondition is the first case of the issue: a
// memory whose execution role trusts bedrock-agentcore.amazonaws.com
// without a source condition, created in moto (account MOTO_ACCOUNT_ID,
// by default 123456789012), fetched through moto's own AgentCore API; the
// snapshot checks to ML202 at the fetched trust policy.
func TestFetchTrustWithoutSourceCondition(t *testing.T) {
	e := newEmulator(t)
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	acct := aws.ToString(id.Account)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"bedrock-agentcore.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	roleARN := seedRole(ctx, t, cfg, "MemoryExecutionRole", trust, map[string]string{"deliver": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"*"}]}`})
	mem, err := bedrockagentcorecontrol.NewFromConfig(cfg).CreateMemory(ctx, &bedrockagentcorecontrol.CreateMemoryInput{
		Name: aws.String("support_memory"), EventExpiryDuration: aws.Int32(30), MemoryExecutionRoleArn: aws.String(roleARN)})
	if err != nil {
		t.Fatal(err)
	}
	_ = e
	out := filepath.Join(t.TempDir(), "snap")
	stdout, stderr, code := runFetch(t, "--memory", aws.ToString(mem.Memory.Arn), "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "memlint: wrote "+out) {
		t.Errorf("stdout: %s", stdout)
	}
	trustFile := acct + "/iam/role/MemoryExecutionRole/trust-policy.json"
	var got []string
	for _, f := range check(t, out) {
		if f.RuleID == "ML202" {
			got = append(got, f.Location.File)
		}
	}
	if want := []string{trustFile}; !slices.Equal(got, want) {
		t.Errorf("ML202 at %v, want %v", got, want)
	}
	// The trust policy is decoded (moto, like IAM, URL-encodes it) and
	// indented for a reviewer.
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(trustFile)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\n  \"Statement\": [\n") || strings.Contains(string(data), "%22") {
		t.Errorf("trust policy not decoded and indented:\n%s", data)
	}
}

// TestFetchGuide fetches the guide's setup, memories from the replayed
// AgentCore responses and everything else from moto in two accounts (the
// destinations and the consumer through --account-role), and checks that
// the snapshot gives the same findings as the hand-written files.
func TestFetchGuide(t *testing.T) {
	e := newEmulator(t)
	ctx := context.Background()
	seedGuideAccountB(ctx, t, e)
	a := e.account(ctx, acctA)
	seedRole(ctx, t, a, "MemoryCrossAccountRole", guideFile(t, "role/trust-policy.json"),
		map[string]string{"permissions": guideFile(t, "role/permissions-policy.json")})
	guideMemories(e)
	bucketOwner(e, "memory-payloads-"+acctB, acctB)
	creds := e.asAccount(ctx, acctA)

	out := filepath.Join(t.TempDir(), "snap")
	_, stderr, code := runFetch(t, "--memory", memory1+","+memory2, "--account-role", acctB+"="+auditor, "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
	got := check(t, out)

	// The hand-written files of the same setup: the guide's least-privilege
	// memory policy (a memory has one) and everything else as it is.
	ref := t.TempDir()
	for _, f := range []string{"memory/grant-specific-role.json", "memory/create-memory-s3-sns.json", "memory/create-memory-kinesis.json",
		"role/trust-policy.json", "role/permissions-policy.json", "consumer/reader-identity-policy.json",
		"destinations/bucket-policy.json", "destinations/topic-policy.json", "destinations/stream-policy.json"} {
		p := filepath.Join(ref, filepath.FromSlash(f))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(guideFile(t, f)), 0o644)
	}
	os.WriteFile(filepath.Join(ref, "memlint.yaml"), []byte(`version: 1
memories:
  - arn: `+memory1+`
    resource_policy: memory/grant-specific-role.json
    definition: memory/create-memory-s3-sns.json
  - arn: `+memory2+`
    definition: memory/create-memory-kinesis.json
roles:
  - arn: arn:aws:iam::`+acctA+`:role/MemoryCrossAccountRole
    trust_policy: role/trust-policy.json
    policies: [role/permissions-policy.json]
  - arn: arn:aws:iam::`+acctB+`:role/AgentMemoryReaderRole
    policies: [consumer/reader-identity-policy.json]
destinations:
  - arn: arn:aws:s3:::memory-payloads-`+acctB+`
    policy: destinations/bucket-policy.json
  - arn: arn:aws:sns:us-east-1:`+acctB+`:memory-notifications
    policy: destinations/topic-policy.json
  - arn: arn:aws:kinesis:us-east-1:`+acctB+`:stream/memory-record-stream
    policy: destinations/stream-policy.json
`), 0o644)
	want := check(t, ref)
	strip := func(fs []finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.RuleID+" "+f.Severity+" "+f.Message)
		}
		slices.Sort(out)
		return out
	}
	if diff := cmp.Diff(strip(want), strip(got)); diff != "" {
		t.Errorf("snapshot findings differ from the hand-written files' (-want +got):\n%s", diff)
	}
	if len(want) == 0 {
		t.Fatal("no findings to compare")
	}
	// Every finding points into the snapshot's own files.
	for _, f := range got {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f.Location.File))); err != nil || f.Location.Line == 0 {
			t.Errorf("finding %s at %s:%d: not a snapshot file", f.RuleID, f.Location.File, f.Location.Line)
		}
	}
	// The bucket's policy is its owner's; the consumer in account B was
	// read through the assumed role.
	if _, err := os.Stat(filepath.Join(out, acctB, "s3", "memory-payloads-"+acctB, "bucket-policy.json")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(out, acctB, "iam", "role", "AgentMemoryReaderRole", "inline", "reader.json")); err != nil {
		t.Error(err)
	}
	noSecrets(t, out, stderr, creds)
}

// noSecrets fails when a credential appears in the snapshot or in output.
func noSecrets(t *testing.T, dir, output string, creds ...aws.Credentials) {
	t.Helper()
	secrets := []string{os.Getenv("AWS_SECRET_ACCESS_KEY"), "memlint-test-secret-never-printed", "AKIAMEMLINTTESTKEY01"}
	for _, c := range creds {
		secrets = append(secrets, c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		for _, s := range secrets {
			if s != "" && bytes.Contains(data, []byte(s)) {
				t.Errorf("%s holds a credential", p)
			}
		}
		return nil
	})
	for _, s := range secrets {
		if s != "" && strings.Contains(output, s) {
			t.Errorf("output holds a credential")
		}
	}
}
