package fetch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFetchFaults: account B denies the topic, throttles the stream past
// the retries and has no bucket policy; IAM throttles twice and then
// answers. The fetch goes on, says what it could not read, and the
// snapshot records it: ML408 high for the absent bucket policy, info for
// the two policies it could not read, and nothing claimed about them.
func TestFetchFaults(t *testing.T) {
	e := newEmulator(t)
	ctx := context.Background()
	seedGuideAccountB(ctx, t, e)
	a := e.account(ctx, acctA)
	seedRole(ctx, t, a, "MemoryCrossAccountRole", guideFile(t, "role/trust-policy.json"),
		map[string]string{"permissions": guideFile(t, "role/permissions-policy.json")})
	guideMemories(e)
	bucket := "memory-payloads-" + acctB
	bucketOwner(e, bucket, acctB)
	// No bucket policy: S3 answers NoSuchBucketPolicy (moto does).
	e.on(func(op operation) bool { return op.name == "GetBucketPolicy" }, 404, "errors/s3-no-such-bucket-policy.xml", 0)
	e.on(func(op operation) bool { return op.name == "GetTopicAttributes" }, 403, "errors/sns-authorization-error.xml", 0)
	e.on(func(op operation) bool { return op.name == "GetResourcePolicy" && op.service == "kinesis" }, 400, "errors/kinesis-limit-exceeded.json", 0)
	e.on(func(op operation) bool { return op.name == "GetRole" }, 400, "errors/iam-throttling.xml", 2)
	creds := e.asAccount(ctx, acctA)

	out := filepath.Join(t.TempDir(), "snap")
	stdout, stderr, code := runFetch(t, "--memory", memory1, "--memory", memory2, "--account-role", acctB+"="+auditor, "--out", out, "--concurrency", "2")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"memlint: warning: SNS topic policy of arn:aws:sns:us-east-1:444455556666:memory-notifications not readable (sns:GetTopicAttributes in account 444455556666): AuthorizationError: User: arn:aws:sts::444455556666:assumed-role/MemlintAuditor/memlint-fetch is not authorized",
		"memlint: warning: Kinesis stream policy of arn:aws:kinesis:us-east-1:444455556666:stream/memory-record-stream not readable (kinesis:GetResourcePolicy in account 444455556666): LimitExceededException after 3 attempts",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "bucket") || strings.Contains(stderr, "trust") {
		t.Errorf("stderr warns of a document that is absent or was read after retries:\n%s", stderr)
	}
	if !strings.Contains(stdout, "2 absent, 2 not readable") {
		t.Errorf("stdout: %s", stdout)
	}
	manifest, _ := os.ReadFile(filepath.Join(out, ManifestFile))
	for _, want := range []string{
		"  - arn: arn:aws:s3:::" + bucket + "\n    policy_status: absent\n",
		"  - arn: arn:aws:sns:us-east-1:444455556666:memory-notifications\n    policy_status: not_readable\n",
		"  - arn: arn:aws:kinesis:us-east-1:444455556666:stream/memory-record-stream\n    policy_status: not_readable\n",
		"trust_policy: " + acctA + "/iam/role/MemoryCrossAccountRole/trust-policy.json",
	} {
		if !strings.Contains(string(manifest), want) {
			t.Errorf("manifest lacks %q:\n%s", want, manifest)
		}
	}
	prov, _ := os.ReadFile(filepath.Join(out, ProvenanceFile))
	if !strings.Contains(string(prov), `"reason": "LimitExceededException after 3 attempts"`) {
		t.Errorf("provenance lacks the throttling:\n%s", prov)
	}
	var ml408 []string
	for _, f := range check(t, out) {
		switch f.RuleID {
		case "ML408":
			ml408 = append(ml408, f.Severity+" "+f.Message[:30])
		case "ML401", "ML402", "ML403", "ML404":
			t.Errorf("a gap is claimed against a policy memlint does not have: %s %s", f.RuleID, f.Message)
		}
	}
	slices.Sort(ml408)
	want := []string{
		"high memlint fetch found no resourc",
		"info memlint fetch could not read t",
		"info memlint fetch could not read t",
	}
	if !slices.Equal(ml408, want) {
		t.Errorf("ML408: %q, want %q", ml408, want)
	}
	noSecrets(t, out, stdout+stderr, creds)
}

// TestFetchAll lists the caller's memories through two pages of
// ListMemories and fetches each.
func TestFetchAll(t *testing.T) {
	e := newEmulator(t)
	ctx := context.Background()
	guideMemories(e)
	e.on(func(op operation) bool { return op.name == "ListMemories" && strings.Contains(op.body, "nextToken") }, 200, "pages/list-memories-2.json", 0)
	e.on(func(op operation) bool { return op.name == "ListMemories" }, 200, "pages/list-memories-1.json", 0)
	e.asAccount(ctx, acctA)
	out := filepath.Join(t.TempDir(), "snap")
	_, stderr, code := runFetch(t, "--all", "--region", "us-east-1", "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	manifest, _ := os.ReadFile(filepath.Join(out, ManifestFile))
	for _, m := range []string{memory1, memory2} {
		if !strings.Contains(string(manifest), "  - arn: "+m+"\n    definition: ") {
			t.Errorf("manifest lacks %s:\n%s", m, manifest)
		}
	}
	// The execution role does not exist in this account: recorded as
	// absent, the role left out of the manifest, no warning.
	if strings.Contains(string(manifest), "MemoryCrossAccountRole") || strings.Contains(stderr, "MemoryCrossAccountRole") {
		t.Errorf("absent role in manifest or warnings:\n%s\n%s", manifest, stderr)
	}
}

// TestFetchUsage covers the refusals that need no account.
func TestFetchUsage(t *testing.T) {
	full := t.TempDir()
	os.WriteFile(filepath.Join(full, "x"), nil, 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--out", t.TempDir()}, "name a memory with --memory ARN"},
		{[]string{"--memory", memory1}, "--out DIR is required"},
		{[]string{"--memory", "arn:aws:s3:::bucket", "--out", t.TempDir()}, "not a bedrock-agentcore memory ARN"},
		{[]string{"--memory", memory1, "--out", full}, "is not empty"},
		{[]string{"--account-role", "12=arn:aws:iam::12:role/x"}, "not a 12-digit account ID"},
		{[]string{"extra"}, `unexpected argument "extra"`},
	} {
		_, stderr, code := runFetch(t, tc.args...)
		if code != ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, ExitUsage, tc.want)
		}
	}
}
