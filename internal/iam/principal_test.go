package iam_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

func TestClassifyPrincipal(t *testing.T) {
	t.Parallel()
	const acct = "111122223333"
	tests := []struct {
		typ, value string
		want       iam.Principal
	}{
		{"*", "*", iam.Principal{ARN: "*", Class: model.ClassPublic}},
		{"AWS", "*", iam.Principal{ARN: "*", Class: model.ClassPublic}},
		{"*", "x", iam.Principal{ARN: "x", Class: model.ClassOther}},
		{"AWS", acct, iam.Principal{ARN: "arn:aws:iam::111122223333:root", Class: model.ClassAccount, Account: acct, Partition: "aws"}},
		{"AWS", "arn:aws:iam::111122223333:root", iam.Principal{ARN: "arn:aws:iam::111122223333:root", Class: model.ClassAccount, Account: acct, Partition: "aws"}},
		{"AWS", "arn:aws-cn:iam::111122223333:root", iam.Principal{ARN: "arn:aws-cn:iam::111122223333:root", Class: model.ClassAccount, Account: acct, Partition: "aws-cn"}},
		{"AWS", "arn:aws:iam::111122223333:role/R", iam.Principal{ARN: "arn:aws:iam::111122223333:role/R", Class: model.ClassRole, Account: acct, Partition: "aws"}},
		{"AWS", "arn:aws:iam::111122223333:role/path/to/R", iam.Principal{ARN: "arn:aws:iam::111122223333:role/path/to/R", Class: model.ClassRole, Account: acct, Partition: "aws"}},
		{"AWS", "arn:aws:iam::111122223333:user/u", iam.Principal{ARN: "arn:aws:iam::111122223333:user/u", Class: model.ClassUser, Account: acct, Partition: "aws"}},
		{"AWS", "arn:aws:sts::111122223333:assumed-role/R/session@example.com", iam.Principal{ARN: "arn:aws:sts::111122223333:assumed-role/R/session@example.com", Class: model.ClassAssumedRole, Account: acct, Partition: "aws"}},
		{"AWS", "AROA1234567890EXAMPLE", iam.Principal{ARN: "AROA1234567890EXAMPLE", Class: model.ClassUniqueID}},
		{"AWS", "AIDAJQABLZS4A3QDU576Q", iam.Principal{ARN: "AIDAJQABLZS4A3QDU576Q", Class: model.ClassUniqueID}},
		{"Service", "bedrock-agentcore.amazonaws.com", iam.Principal{ARN: "bedrock-agentcore.amazonaws.com", Class: model.ClassService}},
		{"Service", "delivery.logs.amazonaws.com", iam.Principal{ARN: "delivery.logs.amazonaws.com", Class: model.ClassService}},
		{"Service", "ec2.amazonaws.com.cn", iam.Principal{ARN: "ec2.amazonaws.com.cn", Class: model.ClassService}},
		{"Federated", "arn:aws:iam::111122223333:saml-provider/idp", iam.Principal{ARN: "arn:aws:iam::111122223333:saml-provider/idp", Class: model.ClassFederated, Account: acct, Partition: "aws"}},
		{"Federated", "cognito-identity.amazonaws.com", iam.Principal{ARN: "cognito-identity.amazonaws.com", Class: model.ClassFederated}},
		{"CanonicalUser", "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", iam.Principal{ARN: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", Class: model.ClassCanonical}},

		// Malformed or unrecognised values are "other", with what can be read.
		{"AWS", "11112222333", iam.Principal{ARN: "11112222333", Class: model.ClassOther}},
		{"AWS", "arn:aws:iam::*:root", iam.Principal{ARN: "arn:aws:iam::*:root", Class: model.ClassOther, Partition: "aws"}},
		{"AWS", "arn:aws:iam::111122223333:role/*", iam.Principal{ARN: "arn:aws:iam::111122223333:role/*", Class: model.ClassOther, Account: acct, Partition: "aws"}},
		{"AWS", "arn:aws:iam::111122223333:role/", iam.Principal{ARN: "arn:aws:iam::111122223333:role/", Class: model.ClassOther, Account: acct, Partition: "aws"}},
		{"AWS", "arn:aws:iam:us-east-1:111122223333:role/R", iam.Principal{ARN: "arn:aws:iam:us-east-1:111122223333:role/R", Class: model.ClassOther, Account: acct, Partition: "aws"}},
		{"AWS", "arn:aws-foo:iam::111122223333:root", iam.Principal{ARN: "arn:aws-foo:iam::111122223333:root", Class: model.ClassOther, Account: acct}},
		{"AWS", "arn:aws:iam::111122223333:group/g", iam.Principal{ARN: "arn:aws:iam::111122223333:group/g", Class: model.ClassOther, Account: acct, Partition: "aws"}},
		{"AWS", "arn:aws:sts::111122223333:assumed-role/R", iam.Principal{ARN: "arn:aws:sts::111122223333:assumed-role/R", Class: model.ClassOther, Account: acct, Partition: "aws"}},
		{"AWS", "arn:aws:sts::111122223333:assumed-role/R/S/T", iam.Principal{ARN: "arn:aws:sts::111122223333:assumed-role/R/S/T", Class: model.ClassOther, Account: acct, Partition: "aws"}},
		{"AWS", "arn:aws:sts::111122223333:federated-user/u", iam.Principal{ARN: "arn:aws:sts::111122223333:federated-user/u", Class: model.ClassOther, Account: acct, Partition: "aws"}},
		{"AWS", "arn:aws:iam::111122223333:ROOT", iam.Principal{ARN: "arn:aws:iam::111122223333:ROOT", Class: model.ClassOther, Account: acct, Partition: "aws"}},
		{"AWS", "AROA123", iam.Principal{ARN: "AROA123", Class: model.ClassOther}},
		{"AWS", "alice", iam.Principal{ARN: "alice", Class: model.ClassOther}},
		{"Service", "bedrock-agentcore", iam.Principal{ARN: "bedrock-agentcore", Class: model.ClassOther}},
		{"Service", "*", iam.Principal{ARN: "*", Class: model.ClassOther}},
		{"Service", "Bedrock.amazonaws.com", iam.Principal{ARN: "Bedrock.amazonaws.com", Class: model.ClassOther}},
		{"aws", "111122223333", iam.Principal{ARN: "111122223333", Class: model.ClassOther}}, // keys are case-sensitive
	}
	for _, tt := range tests {
		got := iam.ClassifyPrincipal(tt.typ, tt.value)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ClassifyPrincipal(%q, %q) (-want +got):\n%s", tt.typ, tt.value, diff)
		}
	}
}

func TestIsServicePrincipal(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"bedrock-agentcore.amazonaws.com": true,
		"logs.us-east-1.amazonaws.com":    true,
		"ec2.amazonaws.com.cn":            true,
		"alexa-appkit.amazon.com":         true,
		"amazonaws.com":                   false,
		".amazonaws.com":                  false,
		"-x.amazonaws.com":                false,
		"x.amazonaws.com.evil.com":        false,
		"s3.AMAZONAWS.com":                false,
		"s3":                              false,
		"":                                false,
	} {
		if got := iam.IsServicePrincipal(s); got != want {
			t.Errorf("IsServicePrincipal(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestUniqueIDType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		kind string
		ok   bool
	}{
		{"AROA1234567890EXAMPLE", "role", true},
		{"AIDAJQABLZS4A3QDU576Q", "user", true},
		{"AGPA1234567890EXAMPLE", "group", true},
		{"ANPA1234567890EXAMPLE", "managed-policy", true},
		{"AROA123456789012345", "", false},   // 15 after the prefix
		{"AROA1234567890example", "", false}, // lower case
		{"AXXA1234567890EXAMPLE", "", false}, // unknown prefix
		{"arn:aws:iam::1:role/x", "", false},
	}
	for _, tt := range tests {
		kind, ok := iam.UniqueIDType(tt.in)
		if kind != tt.kind || ok != tt.ok {
			t.Errorf("UniqueIDType(%q) = %q, %v; want %q, %v", tt.in, kind, ok, tt.kind, tt.ok)
		}
	}
}

func TestRejectedPrincipal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ, value string
		rejected   bool
		isARN      bool
	}{
		{"*", "*", false, false},
		{"AWS", "*", false, false},
		{"AWS", "111122223333", false, false},
		{"AWS", "arn:aws:iam::111122223333:role/R", false, true},
		{"AWS", "AROA1234567890EXAMPLE", false, false},
		{"Service", "bedrock-agentcore.amazonaws.com", false, false},
		{"Federated", "token.actions.githubusercontent.com", false, false},
		// Wildcards inside a value: IAM rejects the policy.
		{"AWS", "arn:aws:iam::111122223333:role/*", true, true},
		{"AWS", "arn:aws:iam::*:root", true, true},
		{"AWS", "arn:aws:iam::111122223333:role/Ad?in", true, true},
		{"AWS", "arn:aws:sts::111122223333:assumed-role/R/*", true, true},
		{"AWS", "11112222333*", true, false},
		{"Service", "*.amazonaws.com", true, false},
		{"Federated", "arn:aws:iam::111122223333:saml-provider/*", true, true},
		// Not an AWS principal form at all.
		{"AWS", "MyRole", true, false},
		{"AWS", "11112222333", true, false},
		// A malformed ARN without wildcards is the ARN shape check's.
		{"AWS", "arn:aws:iam::11112222333:root", false, true},
	}
	for _, tt := range tests {
		msg, isARN := iam.RejectedPrincipal(tt.typ, tt.value)
		if (msg != "") != tt.rejected || isARN != tt.isARN {
			t.Errorf("RejectedPrincipal(%q, %q) = %q, %v; want rejected %v, isARN %v", tt.typ, tt.value, msg, isARN, tt.rejected, tt.isARN)
		}
	}
}
