package iam_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/iam"
)

func TestParseARN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    iam.ARN
		wantErr string // substring of the error; "" for success
	}{
		{
			in:   "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/mem-AbCdEf1234",
			want: iam.ARN{"aws", "bedrock-agentcore", "us-east-1", "111122223333", "memory/mem-AbCdEf1234"},
		},
		{
			in:   "arn:aws:iam::111122223333:role/path/to/Role",
			want: iam.ARN{"aws", "iam", "", "111122223333", "role/path/to/Role"},
		},
		{
			in:   "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s/x",
			want: iam.ARN{"aws", "logs", "us-east-1", "111122223333", "log-group:g:log-stream:s/x"},
		},
		{in: "arn:aws:s3:::b", want: iam.ARN{"aws", "s3", "", "", "b"}},
		{in: "arn:aws:s3:::", want: iam.ARN{"aws", "s3", "", "", ""}}, // structure only
		{in: "arn:::::", want: iam.ARN{}},
		{
			// A colon inside a policy variable does not split fields.
			in:   "arn:aws:iam::${aws:PrincipalAccount}:role/r",
			want: iam.ARN{"aws", "iam", "", "${aws:PrincipalAccount}", "role/r"},
		},
		{
			// An unclosed variable is plain text.
			in:   "arn:aws:iam::${aws:x:role/r",
			want: iam.ARN{"aws", "iam", "", "${aws", "x:role/r"},
		},
		{in: "", wantErr: `does not start with "arn:"`},
		{in: "ARN:aws:s3:::b", wantErr: `does not start with "arn:"`},
		{in: "111122223333", wantErr: `does not start with "arn:"`},
		{in: "arn:aws:s3::b", wantErr: "5 colon-separated fields, want 6"},
		{in: "arn:aws", wantErr: "2 colon-separated fields, want 6"},
		{in: "arn:", wantErr: "2 colon-separated fields, want 6"},
	}
	for _, tt := range tests {
		got, err := iam.ParseARN(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseARN(%q) error = %v, want it to contain %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseARN(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseARN(%q) (-want +got):\n%s", tt.in, diff)
		}
		if s := got.String(); s != tt.in {
			t.Errorf("ParseARN(%q).String() = %q", tt.in, s)
		}
	}
}

func TestResourceTypeAndID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		arn, typ, id string
	}{
		{"arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/mem-AbCdEf1234", "memory", "mem-AbCdEf1234"},
		{"arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/r-1/runtime-endpoint/e", "runtime", "r-1/runtime-endpoint/e"},
		{"arn:aws:iam::111122223333:role/path/name", "role", "path/name"},
		{"arn:aws:iam::111122223333:root", "", "root"},
		{"arn:aws:sts::111122223333:assumed-role/R/S", "assumed-role", "R/S"},
		{"arn:aws:kinesis:us-east-1:111122223333:stream/s", "stream", "s"},
		{"arn:aws:sns:us-east-1:111122223333:topic-name", "", "topic-name"},
		{"arn:aws:logs:us-east-1:111122223333:log-group:g:*", "log-group", "g:*"},
		{"arn:aws:s3:::bucket", "bucket", "bucket"},
		{"arn:aws:s3:::bucket/key/x", "object", "bucket/key/x"},
		{"arn:aws:s3:::job/x", "object", "job/x"}, // a bucket named "job"
		{"arn:aws:s3:us-east-1:111122223333:accesspoint/ap", "accesspoint", "ap"},
		{"arn:aws:s3::111122223333:accesspoint/mrap.mrap", "accesspoint", "mrap.mrap"},
	}
	for _, tt := range tests {
		a, err := iam.ParseARN(tt.arn)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.ResourceType(); got != tt.typ {
			t.Errorf("ResourceType(%q) = %q, want %q", tt.arn, got, tt.typ)
		}
		if got := a.ResourceID(); got != tt.id {
			t.Errorf("ResourceID(%q) = %q, want %q", tt.arn, got, tt.id)
		}
	}
}

func TestValidateARN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		arn  string
		use  iam.ARNUse
		want []string // problem codes
	}{
		// Valid ARNs.
		{arn: "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/mem-AbCdEf1234"},
		{arn: "arn:aws-cn:bedrock-agentcore:cn-north-1:111122223333:memory/m"},
		{arn: "arn:aws-eusc:sns:eusc-de-east-1:111122223333:t"},
		{arn: "arn:aws:iam::111122223333:role/r"},
		{arn: "arn:aws:iam::aws:policy/AdministratorAccess"}, // AWS managed policy
		{arn: "arn:aws:bedrock-agentcore:us-east-1:aws:browser/aws.browser.v1"},
		{arn: "arn:aws:sts::111122223333:assumed-role/R/S"},
		{arn: "arn:aws:s3:::bucket"},
		{arn: "arn:aws:s3:::bucket/key"},
		{arn: "arn:aws:s3:us-east-1:111122223333:accesspoint/ap"},
		{arn: "arn:aws:s3::111122223333:accesspoint/mrap.mrap"},
		{arn: "arn:aws:route53:::hostedzone/Z1"},
		{arn: "arn:aws:cloudfront::111122223333:distribution/D1"},
		{arn: "arn:aws:ec2:us-east-1::image/ami-1"},                    // empty account, unlisted service
		{arn: "arn:aws:apigateway:us-east-1::/restapis/a"},             // idem
		{arn: "arn:aws:bedrock:us-east-1::foundation-model/anthropic"}, // idem

		// Patterns.
		{arn: "*", use: iam.ARNResource},
		{arn: "*", want: []string{"syntax"}},
		{arn: "arn:aws:bedrock-agentcore:*:*:memory/*", use: iam.ARNResource},
		{arn: "arn:aws:bedrock-agentcore:*:*:memory/*", want: []string{"account"}},
		{arn: "arn:*:s3:::b/*", use: iam.ARNResource},
		{arn: "arn:aws*:s3:::b", use: iam.ARNResource},
		{arn: "arn:aws-?n:s3:::b", use: iam.ARNResource},
		{arn: "arn:gcp*:s3:::b", use: iam.ARNResource, want: []string{"partition"}},
		{arn: "arn:aws:sns:us-east-1:1111222233*:t", use: iam.ARNResource},
		{arn: "arn:aws:sns:us-east-1:11112222333?:t", use: iam.ARNResource},
		{arn: "arn:aws:sns:us-east-1:1111222233?:t", use: iam.ARNResource, want: []string{"account"}},    // 11 characters
		{arn: "arn:aws:sns:us-east-1:1111222233334*:t", use: iam.ARNResource, want: []string{"account"}}, // 13 digits
		{arn: "arn:aws:sns:us-east-1:abc*:t", use: iam.ARNResource, want: []string{"account"}},
		{arn: "arn:aws:iam:*:111122223333:role/r", use: iam.ARNResource}, // * can be empty
		{arn: "arn:aws:iam:*:111122223333:role/r", want: []string{"region-not-allowed"}},
		{arn: "arn:aws:s3:*:*:b/*", use: iam.ARNResource},
		{arn: "arn:aws:s3:us-east-1:*:*", use: iam.ARNResource}, // may be an access point
		{arn: "arn:aws:s3:us-*:111122223333:accesspoint/*", use: iam.ARNResource},
		{arn: "arn:aws:s3:us-east-1:111122223333:bucket/*", use: iam.ARNResource, want: []string{"region-not-allowed", "account-not-allowed"}},
		{arn: "arn:aws:iam::${aws:PrincipalAccount}:role/r", use: iam.ARNResource},
		{arn: "arn:aws:iam::${aws:PrincipalAccount}:role/r", want: []string{"account"}},
		{arn: "arn:aws:s3:::b/${aws:username}/*", use: iam.ARNResource},

		// A * that ends a Resource field may stand for the fields after it
		// (AWS managed policies: AWSCodePipeline_ReadOnlyAccess,
		// AWSRefactoringToolkitFullAccess, AmazonBedrockFullAccess,
		// AmazonDevOpsGuruOrganizationsAccess).
		{arn: "arn:aws:codepipeline:*", use: iam.ARNResource},
		{arn: "arn:aws:iam::*", use: iam.ARNResource},
		{arn: "arn:aws:kms:*::*", use: iam.ARNResource},
		{arn: "arn:*:kms:*:::*", use: iam.ARNResource},
		{arn: "arn:aws:organizations::*:", use: iam.ARNResource},
		{arn: "arn:aws:sns:*:abc:t", use: iam.ARNResource},                                 // after a spanning *: not checked
		{arn: "arn:aws:sns:us-*-1:abc:t", use: iam.ARNResource, want: []string{"account"}}, // a * inside a field stays there
		{arn: "arn:aws:*", use: iam.ARNResource, want: []string{"service-wildcard"}},
		{arn: "arn:*", use: iam.ARNResource, want: []string{"syntax"}},
		{arn: "arn:aws:codepipeline:us-east-1", use: iam.ARNResource, want: []string{"syntax"}},
		{arn: "arn:aws:codepipeline:*", use: iam.ARNCondition, want: []string{"syntax"}},
		{arn: "arn:aws:codepipeline:*", want: []string{"syntax"}},
		{arn: "arn:aws:kms:*::*", use: iam.ARNCondition, want: []string{"account-missing"}},
		// An empty field where every ARN of the service has one matches
		// nothing, in a pattern too.
		{arn: "arn:aws:logs:::log-group:Name*", use: iam.ARNResource, want: []string{"region-missing", "account-missing"}},
		{arn: "arn:aws:ec2:*::image/*", use: iam.ARNResource},
		{arn: "arn:aws:identitystore:::user/*", use: iam.ARNResource},

		// Reserved owners in the account field.
		{arn: "arn:aws:iam::partner:policy/permissions-boundary/example.com/Boundary"},
		{arn: "arn:aws:sns:us-east-1:partner:t", want: []string{"account"}},

		// Conditions: wildcards and variables, six fields.
		{arn: "arn:aws:bedrock-agentcore:*:*:memory/*", use: iam.ARNCondition},
		{arn: "arn:aws:iam::${aws:PrincipalAccount}:role/r", use: iam.ARNCondition},
		{arn: "arn:aws:sns:*:abc:t", use: iam.ARNCondition, want: []string{"account"}},

		// String operators on ARN keys compare text: any * crosses colons.
		{arn: "arn:aws:codepipeline:*", use: iam.ARNString},
		{arn: "arn:aws:sns:u*:abc:t", use: iam.ARNString},
		{arn: "arn:aws:sns:us-east-1:abc:t", use: iam.ARNString, want: []string{"account"}},
		{arn: "arn:aws:codepipeline:us-east-1", use: iam.ARNString, want: []string{"syntax"}},
		{arn: "arn:aws:bedrock-*:us-east-1:111122223333:memory/*", use: iam.ARNString, want: []string{"service-wildcard"}},

		// Principals: no wildcard, no variable.
		{arn: "arn:aws:iam::111122223333:role/r", use: iam.ARNPrincipal},
		{arn: "arn:aws:iam::111122223333:role/*", use: iam.ARNPrincipal, want: []string{"principal-wildcard"}},
		{arn: "arn:aws:iam::*:root", use: iam.ARNPrincipal, want: []string{"principal-wildcard"}},
		{arn: "arn:aws:iam::11112222333?:root", use: iam.ARNPrincipal, want: []string{"principal-wildcard"}},
		{arn: "arn:aws:iam::${aws:PrincipalAccount}:root", use: iam.ARNPrincipal, want: []string{"principal-variable"}},
		{arn: "arn:aws:iam:us-east-1:111122223333:role/r", use: iam.ARNPrincipal, want: []string{"region-not-allowed"}},
		{arn: "arn:aws:iam:::role/r", use: iam.ARNPrincipal, want: []string{"account-missing"}},

		// Defects.
		{arn: "bucket", want: []string{"syntax"}},
		{arn: "arn:aws:s3::b", want: []string{"syntax"}},
		{arn: "arn:aws:bedrock-agentcore:us-east-1:111122223333", want: []string{"syntax"}},
		{arn: "arn:aws-foo:sns:us-east-1:111122223333:t", want: []string{"partition"}},
		{arn: "arn:AWS:sns:us-east-1:111122223333:t", want: []string{"partition"}},
		{arn: "arn::sns:us-east-1:111122223333:t", want: []string{"partition"}},
		{arn: "arn:aws:sns:us-east-1:11112222333:t", want: []string{"account"}},
		{arn: "arn:aws:sns:us-east-1:1111-2222-3333:t", want: []string{"account"}},
		{arn: "arn:aws:sns:us-east-1:*:t", want: []string{"account"}},
		{arn: "arn:aws:unknown-svc:us-east-1:12345:x", want: []string{"account"}},
		{arn: "arn:aws:s3:us-east-1::b", want: []string{"region-not-allowed"}},
		{arn: "arn:aws:s3::111122223333:b/k", want: []string{"account-not-allowed"}},
		{arn: "arn:aws:s3:us-east-1:111122223333:b/k", want: []string{"region-not-allowed", "account-not-allowed"}},
		{arn: "arn:aws:iam:us-east-1:111122223333:role/r", want: []string{"region-not-allowed"}},
		{arn: "arn:aws:iam:::role/r", want: []string{"account-missing"}},
		{arn: "arn:aws:bedrock-agentcore::111122223333:memory/m", want: []string{"region-missing"}},
		{arn: "arn:aws:bedrock-agentcore:us-east-1::memory/m", want: []string{"account-missing"}},
		{arn: "arn:aws:*:us-east-1:111122223333:memory/m", use: iam.ARNResource, want: []string{"service-wildcard"}},
		{arn: "arn:aws:bedrock-agent?ore:us-east-1:111122223333:memory/m", use: iam.ARNResource, want: []string{"service-wildcard"}},
		{arn: "arn:aws:S3:::b", want: []string{"service-case"}},
		{arn: "arn:aws::us-east-1:111122223333:x", want: []string{"service-missing"}},
		{arn: "arn:aws:sns:us-east-1:111122223333:", want: []string{"resource-missing"}},
		{arn: "arn:aws-foo:S3:us-east-1:1:", want: []string{"partition", "service-case", "account", "resource-missing"}},
	}
	for _, tt := range tests {
		ps := iam.ValidateARN(tt.arn, tt.use)
		var got []string
		for _, p := range ps {
			got = append(got, p.Code)
			if !strings.HasPrefix(p.Msg, "The ") || !strings.HasSuffix(p.Msg, ".") || !strings.Contains(p.Msg, "'") {
				t.Errorf("ValidateARN(%q): message %q is not a sentence quoting its subject", tt.arn, p.Msg)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ValidateARN(%q, %v) = %v, want %v\n%v", tt.arn, tt.use, got, tt.want, ps)
		}
	}
}

func TestValidateARNMessage(t *testing.T) {
	t.Parallel()
	got := iam.ValidateARN("arn:aws:s3:us-east-1::b", iam.ARNValue)
	want := []iam.ARNProblem{{
		Code: iam.ProblemRegionNotAllowed,
		Msg:  "The region 'us-east-1' is not allowed in the ARN 'arn:aws:s3:us-east-1::b': S3 bucket and object ARNs have an empty region.",
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestIsAccountID(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"111122223333":  true,
		"000000000000":  true,
		"11112222333":   false,
		"1111222233334": false,
		"11112222333a":  false,
		"１１１１２２２２３３３３":  false, // full-width digits
		"":              false,
		"*":             false,
	} {
		if got := iam.IsAccountID(s); got != want {
			t.Errorf("IsAccountID(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestPartitions(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"} {
		if !iam.IsPartition(p) {
			t.Errorf("IsPartition(%q) = false", p)
		}
	}
	for _, p := range []string{"", "AWS", "aws-gov", "*"} {
		if iam.IsPartition(p) {
			t.Errorf("IsPartition(%q) = true", p)
		}
	}
}
