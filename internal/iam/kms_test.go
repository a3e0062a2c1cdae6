package iam_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

const (
	keyA = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	keyB = "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

func TestKeyARN(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ ref, partition, region, account, want string }{
		{keyB, "", "", "", keyB},
		{"1234abcd-12ab-34cd-56ef-1234567890ab", "aws", "us-east-1", "444455556666", keyB},
		{"mrk-1234abcd12ab34cd56ef1234567890ab", "aws", "eu-west-1", "444455556666", "arn:aws:kms:eu-west-1:444455556666:key/mrk-1234abcd12ab34cd56ef1234567890ab"},
		{"1234abcd-12ab-34cd-56ef-1234567890ab", "aws", "", "", ""}, // S3: no region or account in the bucket ARN
		{"alias/my-key", "aws", "us-east-1", "444455556666", ""},
		{"arn:aws:kms:us-east-1:444455556666:alias/my-key", "", "", "", ""},
		{"arn:aws:sns:us-east-1:444455556666:t", "", "", "", ""},
		{"not-a-key", "aws", "us-east-1", "444455556666", ""},
	} {
		if got := iam.KeyARN(tt.ref, tt.partition, tt.region, tt.account); got != tt.want {
			t.Errorf("KeyARN(%q) = %q, want %q", tt.ref, got, tt.want)
		}
	}
}

func TestIsAWSManagedKey(t *testing.T) {
	t.Parallel()
	for ref, want := range map[string]bool{
		"alias/aws/sns": true, "alias/aws/s3": true, "alias/aws/kinesis": true,
		"arn:aws:kms:us-east-1:444455556666:alias/aws/sns": true,
		"alias/awsome": false, "alias/my-key": false, keyB: false,
		"arn:aws:kms:us-east-1:444455556666:key/alias/aws/sns": false,
	} {
		if got := iam.IsAWSManagedKey(ref); got != want {
			t.Errorf("IsAWSManagedKey(%q) = %v, want %v", ref, got, want)
		}
	}
}

// TestKeyActions pins what delivery needs of a destination's key (the AWS
// reference §5.4; see kms.go for the catalog discrepancy on Kinesis).
func TestKeyActions(t *testing.T) {
	t.Parallel()
	got := map[string][]string{}
	for _, s := range []string{"sns", "s3", "kinesis", "sqs"} {
		got[s] = iam.KeyActions(s)
	}
	want := map[string][]string{
		"sns":     {"kms:GenerateDataKey", "kms:Decrypt"},
		"s3":      {"kms:GenerateDataKey"},
		"kinesis": {"kms:GenerateDataKey"},
		"sqs":     nil,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("KeyActions (-want +got):\n%s", diff)
	}
}

func TestResolveKey(t *testing.T) {
	t.Parallel()
	pol := &model.Policy{Kind: model.KindKMS}
	keys := iam.KeyIndex([]*model.Key{
		{ARN: model.Str{Value: keyB}, Policy: pol},
		{ARN: model.Str{Value: "arn:aws:kms:us-east-1:444455556666:alias/topic-key"}, Policy: pol},
	})
	resolve := func(ref string, unknown bool) *iam.DestinationKey {
		d := &model.Destination{Key: &model.Str{Value: ref, Unknown: unknown, Expr: ref}}
		return iam.ResolveKey(d, keys, "aws", "us-east-1", "444455556666")
	}
	if k := resolve(keyB, false); k.ARN != keyB || k.Account != "444455556666" || k.Key == nil || k.Managed {
		t.Errorf("key ARN: %+v", k)
	}
	if k := resolve("1234abcd-12ab-34cd-56ef-1234567890ab", false); k.ARN != keyB || k.Key == nil {
		t.Errorf("key ID resolves in the destination's account: %+v", k)
	}
	if k := resolve("alias/topic-key", false); k.ARN != "" || k.Key == nil || k.Account != "444455556666" {
		t.Errorf("alias name links the key supplied under its alias ARN: %+v", k)
	}
	aliased := iam.KeyIndex([]*model.Key{{ARN: model.Str{Value: keyB}, Aliases: []model.Str{{Value: "alias/orders"}}}})
	d := &model.Destination{Key: &model.Str{Value: "arn:aws:kms:us-east-1:444455556666:alias/orders"}}
	if k := iam.ResolveKey(d, aliased, "aws", "us-east-1", "444455556666"); k.Key == nil || k.ARN != keyB || k.Account != "444455556666" {
		t.Errorf("an alias of a supplied key resolves to the key's ARN: %+v", k)
	}
	if k := resolve("alias/aws/sns", false); !k.Managed || k.Key != nil {
		t.Errorf("AWS managed alias: %+v", k)
	}
	if k := resolve("!GetAtt Key.Arn", true); k.ARN != "" || k.Managed || k.Key != nil || !k.Ref.Unknown {
		t.Errorf("deploy-time key stays unknown: %+v", k)
	}
	if iam.ResolveKey(&model.Destination{}, keys, "aws", "", "") != nil {
		t.Error("a destination without a key resolves to a key")
	}
}

// TestEvaluateKeyPolicy checks ResourceRequired, the KMS key-policy
// semantics: the key policy must allow even in the key's own account, and
// naming the account root delegates to the caller's identity policies.
func TestEvaluateKeyPolicy(t *testing.T) {
	t.Parallel()
	rootA := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`
	roleA := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + execA + `"},"Action":"kms:GenerateDataKey*","Resource":"*"}]}`
	other := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Other"},"Action":"kms:*","Resource":"*"}]}`
	idpKMS := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:GenerateDataKey","Resource":"*"}]}`
	req := func(key string) iam.Request {
		return iam.Request{Principal: execA, Action: "kms:GenerateDataKey", Resource: key, ResourceRequired: true}
	}
	for _, tt := range []struct {
		name     string
		req      iam.Request
		identity []string
		key      string
		want     iam.Decision
	}{
		{"same account/root delegates, identity allows", req(keyA), []string{idpKMS}, rootA, iam.Allow},
		{"same account/root delegates, identity silent", req(keyA), nil, rootA, iam.ImplicitDeny},
		{"same account/key policy names the role", req(keyA), nil, roleA, iam.Allow},
		{"same account/key policy silent, identity allows", req(keyA), []string{idpKMS}, other, iam.ImplicitDeny},
		{"cross account/names the role, identity allows", req(keyB), []string{idpKMS}, roleA, iam.Allow},
		{"cross account/names the role, identity silent", req(keyB), nil, roleA, iam.ImplicitDeny},
		{"cross account/root of the role's account", req(keyB), []string{idpKMS}, rootA, iam.Allow},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var idp []*model.Policy
			for _, s := range tt.identity {
				idp = append(idp, doc(t, model.KindIdentity, s))
			}
			r := iam.Evaluate(tt.req, idp, doc(t, model.KindKMS, tt.key))
			if r.Decision != tt.want || r.Unknown {
				t.Errorf("decision %v (unknown %v), want %v", r.Decision, r.Unknown, tt.want)
			}
		})
	}
	// A key policy not supplied may name the role itself: in the key's
	// account the role's silence is not a denial; in another account it is.
	u := req(keyA)
	u.ResourceUnknown = true
	if r := iam.Evaluate(u, nil, nil); r.Decision != iam.Allow || !r.Unknown {
		t.Errorf("same account, key policy not supplied: %v (unknown %v), want an unknown Allow", r.Decision, r.Unknown)
	}
	u = req(keyB)
	u.ResourceUnknown = true
	if r := iam.Evaluate(u, nil, nil); r.Decision != iam.ImplicitDeny {
		t.Errorf("cross account, key policy not supplied, identity silent: %v, want ImplicitDeny", r.Decision)
	}
	// Without ResourceRequired the same-account identity grant suffices (an
	// ordinary resource policy).
	r := iam.Evaluate(iam.Request{Principal: execA, Action: "kms:GenerateDataKey", Resource: keyA}, []*model.Policy{doc(t, model.KindIdentity, idpKMS)}, doc(t, model.KindKMS, other))
	if r.Decision != iam.Allow {
		t.Errorf("ordinary same-account evaluation: %v, want Allow", r.Decision)
	}
}
