package iam_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// doc decodes a policy document into the model without positions (the
// loader's job); enough for evaluation.
func doc(t *testing.T, kind model.Kind, src string) *model.Policy {
	t.Helper()
	var raw struct {
		Version   string
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(src), &raw); err != nil {
		t.Fatalf("policy: %v", err)
	}
	var stmts []map[string]json.RawMessage
	if err := json.Unmarshal(raw.Statement, &stmts); err != nil {
		var one map[string]json.RawMessage
		if err := json.Unmarshal(raw.Statement, &one); err != nil {
			t.Fatalf("statement: %v", err)
		}
		stmts = []map[string]json.RawMessage{one}
	}
	list := func(m json.RawMessage) []model.Str {
		var ss []string
		if json.Unmarshal(m, &ss) != nil {
			var s string
			if err := json.Unmarshal(m, &s); err != nil {
				t.Fatalf("value %s: %v", m, err)
			}
			ss = []string{s}
		}
		out := make([]model.Str, len(ss))
		for i, s := range ss {
			out[i] = model.Str{Value: s}
		}
		return out
	}
	p := &model.Policy{Kind: kind}
	if raw.Version != "" {
		p.Version = &model.Str{Value: raw.Version}
	}
	for i, m := range stmts {
		s := &model.Statement{Index: i}
		var eff string
		_ = json.Unmarshal(m["Effect"], &eff)
		s.Effect = &model.Str{Value: eff}
		for _, k := range []string{"Action", "NotAction"} {
			if v, ok := m[k]; ok {
				s.Action = &model.Values{Not: k == "NotAction", Values: list(v)}
			}
		}
		for _, k := range []string{"Resource", "NotResource"} {
			if v, ok := m[k]; ok {
				s.Resource = &model.Values{Not: k == "NotResource", Values: list(v)}
			}
		}
		for _, k := range []string{"Principal", "NotPrincipal"} {
			v, ok := m[k]
			if !ok {
				continue
			}
			ps := &model.Principals{Not: k == "NotPrincipal"}
			var star string
			if json.Unmarshal(v, &star) == nil {
				ps.Values = append(ps.Values, &model.Principal{Type: "*", Value: star})
			} else {
				var typed map[string]json.RawMessage
				if err := json.Unmarshal(v, &typed); err != nil {
					t.Fatal(err)
				}
				var types []string
				for typ := range typed {
					types = append(types, typ)
				}
				sort.Strings(types)
				for _, typ := range types {
					for _, val := range list(typed[typ]) {
						ps.Values = append(ps.Values, &model.Principal{Type: typ, Value: val.Value})
					}
				}
			}
			s.Principal = ps
		}
		if c, ok := m["Condition"]; ok {
			var block map[string]map[string]json.RawMessage
			if err := json.Unmarshal(c, &block); err != nil {
				t.Fatal(err)
			}
			var ops []string
			for op := range block {
				ops = append(ops, op)
			}
			sort.Strings(ops)
			for _, op := range ops {
				var keys []string
				for k := range block[op] {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					var vals []model.Str
					var items []any
					if json.Unmarshal(block[op][k], &items) != nil {
						var one any
						_ = json.Unmarshal(block[op][k], &one)
						items = []any{one}
					}
					for _, v := range items {
						vals = append(vals, model.Str{Value: fmt.Sprint(v)})
					}
					s.Conditions = append(s.Conditions, &model.Condition{Operator: model.Str{Value: op}, Key: model.Str{Value: k}, Values: vals})
				}
			}
		}
		p.Statements = append(p.Statements, s)
	}
	return p
}

// cond builds a one-condition request check: the condition block cnd on an
// identity statement that allows s3:GetObject on everything.
func condPolicy(t *testing.T, cnd string) *model.Policy {
	return doc(t, model.KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":`+cnd+`}}`)
}

const (
	acctA   = "111122223333"
	acctB   = "444455556666"
	roleB   = "arn:aws:iam::444455556666:role/AgentMemoryReaderRole"
	memory  = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/cross_account_memory-a1b2c3d4e5"
	execA   = "arn:aws:iam::111122223333:role/MemoryCrossAccountRole"
	topicB  = "arn:aws:sns:us-east-1:444455556666:memory-notifications"
	bucketB = "arn:aws:s3:::memory-payloads-444455556666"
)

// TestConditionOperators covers each operator family with the examples of
// the IAM User Guide, reference_policies_elements_condition_operators.html
// (cited per case) and reference_policies_multi-value-conditions.html.
func TestConditionOperators(t *testing.T) {
	t.Parallel()
	type ctx = map[string][]string
	tests := []struct {
		name   string
		cond   string
		ctx    ctx
		absent []string
		want   iam.Tri
	}{
		// String condition operators: "StringEquals" example (aws:PrincipalTag/job-category = iamuser-admin).
		{"string/StringEquals match", `{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}`, ctx{"aws:PrincipalTag/job-category": {"iamuser-admin"}}, nil, iam.Yes},
		{"string/StringEquals case-sensitive", `{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}`, ctx{"aws:principaltag/job-category": {"IAMUser-Admin"}}, nil, iam.No},
		{"string/StringEquals key absent", `{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}`, nil, []string{"aws:PrincipalTag/job-category"}, iam.No},
		{"string/StringEquals key unknown", `{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}`, nil, nil, iam.Maybe},
		{"string/StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase":{"aws:PrincipalTag/job":"Admin"}}`, ctx{"aws:PrincipalTag/job": {"ADMIN"}}, nil, iam.Yes},
		{"string/StringEquals literal star", `{"StringEquals":{"aws:SourceAccount":"*"}}`, ctx{"aws:SourceAccount": {acctA}}, nil, iam.No},
		// "StringLike" example: s3:prefix home/${aws:username}/*.
		{"string/StringLike with variable", `{"StringLike":{"s3:prefix":["","home/","home/${aws:username}/*"]}}`, ctx{"s3:prefix": {"home/alice/docs"}, "aws:username": {"alice"}}, nil, iam.Yes},
		{"string/StringLike other user", `{"StringLike":{"s3:prefix":["home/${aws:username}/*"]}}`, ctx{"s3:prefix": {"home/bob/docs"}, "aws:username": {"alice"}}, nil, iam.No},
		{"string/StringLike variable unknown", `{"StringLike":{"s3:prefix":["home/${aws:username}/*"]}}`, ctx{"s3:prefix": {"home/bob/docs"}}, nil, iam.Maybe},
		// Negated operators: multiple values act like AND ("not any of").
		{"string/StringNotEquals none listed", `{"StringNotEquals":{"aws:PrincipalAccount":["111122223333","444455556666"]}}`, ctx{"aws:PrincipalAccount": {"999988887777"}}, nil, iam.Yes},
		{"string/StringNotEquals one listed", `{"StringNotEquals":{"aws:PrincipalAccount":["111122223333","444455556666"]}}`, ctx{"aws:PrincipalAccount": {acctB}}, nil, iam.No},
		// "Important": a missing key with a negated operator is true.
		{"string/StringNotLike key absent", `{"StringNotLike":{"aws:SourceVpce":"vpce-1*"}}`, nil, []string{"aws:SourceVpce"}, iam.Yes},
		// Numeric: "NumericLessThanEquals" example s3:max-keys 10.
		{"numeric/LessThanEquals", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, ctx{"s3:max-keys": {"10"}}, nil, iam.Yes},
		{"numeric/LessThanEquals over", `{"NumericLessThanEquals":{"s3:max-keys":"10"}}`, ctx{"s3:max-keys": {"11"}}, nil, iam.No},
		{"numeric/NotEquals", `{"NumericNotEquals":{"s3:max-keys":"10"}}`, ctx{"s3:max-keys": {"11"}}, nil, iam.Yes},
		// Date: "DateGreaterThan" example aws:TokenIssueTime 2020-01-01T00:00:01Z.
		{"date/GreaterThan", `{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}`, ctx{"aws:TokenIssueTime": {"2021-06-01T00:00:00Z"}}, nil, iam.Yes},
		{"date/LessThan", `{"DateLessThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}`, ctx{"aws:CurrentTime": {"2026-11-26T00:00:00Z"}}, nil, iam.No},
		// Boolean: "Bool" example aws:SecureTransport.
		{"bool/SecureTransport false", `{"Bool":{"aws:SecureTransport":"false"}}`, ctx{"aws:SecureTransport": {"false"}}, nil, iam.Yes},
		{"bool/SecureTransport true", `{"Bool":{"aws:SecureTransport":"false"}}`, ctx{"aws:SecureTransport": {"true"}}, nil, iam.No},
		{"bool/IfExists absent", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}`, nil, []string{"aws:MultiFactorAuthPresent"}, iam.Yes},
		// Binary: "BinaryEquals" example key = QmluYXJ5VmFsdWVJbkJhc2U2NA==.
		{"binary/Equals", `{"BinaryEquals":{"key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctx{"key": {"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}, nil, iam.Yes},
		// IP address: "IpAddress" example 203.0.113.0/24.
		{"ip/IpAddress in range", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx{"aws:SourceIp": {"203.0.113.7"}}, nil, iam.Yes},
		{"ip/NotIpAddress in range", `{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}`, ctx{"aws:SourceIp": {"203.0.113.7"}}, nil, iam.No},
		{"ip/NotIpAddress outside", `{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}`, ctx{"aws:SourceIp": {"198.51.100.1"}}, nil, iam.Yes},
		// ARN: "ArnLike" example aws:SourceArn arn:aws:sns:REGION:123456789012:TOPIC-ID (components separately).
		{"arn/ArnLike", `{"ArnLike":{"aws:SourceArn":"arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"}}`, ctx{"aws:SourceArn": {memory}}, nil, iam.Yes},
		{"arn/ArnEquals accepts wildcards", `{"ArnEquals":{"aws:SourceArn":"arn:aws:bedrock-agentcore:*:111122223333:memory/*"}}`, ctx{"aws:SourceArn": {memory}}, nil, iam.Yes},
		{"arn/ArnLike other account", `{"ArnLike":{"aws:SourceArn":"arn:aws:bedrock-agentcore:us-east-1:999988887777:memory/*"}}`, ctx{"aws:SourceArn": {memory}}, nil, iam.No},
		{"arn/ArnNotLike absent", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:*:t"}}`, nil, []string{"aws:SourceArn"}, iam.Yes},
		// ...IfExists: "If the policy key is present ... evaluated as specified; if not present, true".
		{"ifexists/present mismatch", `{"StringEqualsIfExists":{"ec2:InstanceType":["t1.*","t2.*"]}}`, ctx{"ec2:InstanceType": {"m5.large"}}, nil, iam.No},
		{"ifexists/absent", `{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*"]}}`, nil, []string{"ec2:InstanceType"}, iam.Yes},
		// Null: "aws:TokenIssueTime": "true" when the key is absent.
		{"null/true absent", `{"Null":{"aws:TokenIssueTime":"true"}}`, nil, []string{"aws:TokenIssueTime"}, iam.Yes},
		{"null/true present", `{"Null":{"aws:TokenIssueTime":"true"}}`, ctx{"aws:TokenIssueTime": {"2020-01-01T00:00:00Z"}}, nil, iam.No},
		{"null/false present", `{"Null":{"aws:TokenIssueTime":"false"}}`, ctx{"aws:TokenIssueTime": {"x"}}, nil, iam.Yes},
		{"null/unknown", `{"Null":{"aws:TokenIssueTime":"false"}}`, nil, nil, iam.Maybe},
		// Multi-valued keys (reference_policies_multi-value-conditions.html): aws:TagKeys examples.
		{"set/ForAllValues subset", `{"ForAllValues:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}`, ctx{"aws:TagKeys": {"environment"}}, nil, iam.Yes},
		{"set/ForAllValues extra value", `{"ForAllValues:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}`, ctx{"aws:TagKeys": {"environment", "owner"}}, nil, iam.No},
		{"set/ForAllValues absent is true", `{"ForAllValues:StringEquals":{"aws:TagKeys":["environment"]}}`, nil, []string{"aws:TagKeys"}, iam.Yes},
		{"set/ForAnyValue one", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}`, ctx{"aws:TagKeys": {"owner", "cost-center"}}, nil, iam.Yes},
		{"set/ForAnyValue absent is false", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["environment"]}}`, nil, []string{"aws:TagKeys"}, iam.No},
		{"set/ForAnyValue negated absent is false", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["environment"]}}`, nil, []string{"aws:TagKeys"}, iam.No},
		{"set/ForAllValues negated", `{"ForAllValues:StringNotLike":{"aws:TagKeys":["key1*"]}}`, ctx{"aws:TagKeys": {"key2", "key3"}}, nil, iam.Yes},
		// Several keys in one block are ANDed.
		{"and/two keys one unknown", `{"StringEquals":{"aws:PrincipalAccount":"444455556666","aws:PrincipalOrgID":"o-1"}}`, ctx{"aws:PrincipalAccount": {acctB}}, nil, iam.Maybe},
		{"and/two keys one false", `{"StringEquals":{"aws:PrincipalAccount":"111122223333","aws:PrincipalOrgID":"o-1"}}`, ctx{"aws:PrincipalAccount": {acctB}}, nil, iam.No},
		{"operator/unknown", `{"StringEqual":{"aws:PrincipalAccount":"444455556666"}}`, ctx{"aws:PrincipalAccount": {acctB}}, nil, iam.Maybe},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := condPolicy(t, tt.cond)
			req := iam.Request{Principal: "arn:aws:iam::444455556666:role/R", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", ResourceAccount: acctB, Context: tt.ctx, Absent: tt.absent}
			r := iam.Evaluate(req, []*model.Policy{p}, nil)
			got := r.Identity.Allow
			if got != tt.want {
				t.Errorf("identity allow = %v, want %v (result %+v)", got, tt.want, r)
			}
		})
	}
}

// TestEvaluate covers the evaluation logic with the IAM User Guide's
// examples (reference_policies_evaluation-logic.html,
// reference_policies_evaluation-logic-cross-account.html,
// reference_policies_elements_notaction.html, _notresource.html,
// _principal.html) and the AgentCore cross-account guide.
func TestEvaluate(t *testing.T) {
	t.Parallel()
	rbpRole := `{"Version":"2012-10-17","Statement":[{"Sid":"AllowSpecificRoleReadAccess","Effect":"Allow","Principal":{"AWS":"` + roleB + `"},"Action":["bedrock-agentcore:RetrieveMemoryRecords","bedrock-agentcore:ListMemoryRecords","bedrock-agentcore:GetMemoryRecord"],"Resource":"` + memory + `"}]}`
	rbpRoot := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"bedrock-agentcore:BatchCreateMemoryRecords","Resource":"` + memory + `"}]}`
	rbpBare := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"bedrock-agentcore:*","Resource":"` + memory + `"}]}`
	idpRead := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["bedrock-agentcore:RetrieveMemoryRecords","bedrock-agentcore:ListMemoryRecords","bedrock-agentcore:GetMemoryRecord"],"Resource":"` + memory + `"}]}`
	idpAll := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:*","Resource":"*"}]}`
	idpDeny := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"bedrock-agentcore:Delete*","Resource":"*"}]}`
	idpOtherRegion := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:*","Resource":"arn:aws:bedrock-agentcore:us-west-2:111122223333:memory/*"}]}`
	idpNotAction := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`
	idpNotResource := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:*","NotResource":"` + memory + `"}]}`
	idpCond := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:*","Resource":"*","Condition":{"StringEquals":{"bedrock-agentcore:namespace":"preferences/user-123"}}}]}`
	idpDenyCond := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	rbpNotPrincipalDeny := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"bedrock-agentcore:*","Resource":"*"},{"Effect":"Deny","NotPrincipal":{"AWS":"` + roleB + `"},"Action":"*","Resource":"*"}]}`
	rbpPublicScoped := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"bedrock-agentcore:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"444455556666"}}}]}`
	bucket := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + execA + `"},"Action":["s3:PutObject","s3:GetObject"],"Resource":"` + bucketB + `/*"}]}`
	bucketNoSlash := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + execA + `"},"Action":["s3:PutObject","s3:GetObject"],"Resource":"` + bucketB + `"}]}`
	permS3 := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"` + bucketB + `/*"}]}`
	topicPolicyRoot := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sns:Publish","Resource":"` + topicB + `"}]}`
	topicPolicyTypo := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/MemoryCrossAcountRole"},"Action":"sns:Publish","Resource":"` + topicB + `"}]}`
	permSNS := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"` + topicB + `"}]}`
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"bedrock-agentcore.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"}}}]}`
	sameAcctRBP := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Local"},"Action":"bedrock-agentcore:GetEvent","Resource":"` + memory + `"}]}`
	sameAcctRoot := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"bedrock-agentcore:GetEvent","Resource":"` + memory + `"}]}`

	get := func(principal, action string) iam.Request {
		return iam.Request{Principal: principal, Action: action, Resource: memory}
	}
	type want struct {
		Decision  iam.Decision
		Unknown   bool
		Undecided []string
		Cross     bool
	}
	tests := []struct {
		name     string
		req      iam.Request
		identity []string
		resource string
		want     want
	}{
		// memory-cross-account-access.html "Grant access to a specific IAM role" + the reader's identity policy.
		{"xacct/both allow (AgentCore guide, specific role)", get(roleB, "bedrock-agentcore:GetMemoryRecord"), []string{idpRead}, rbpRole, want{iam.Allow, false, nil, true}},
		// evaluation-logic-cross-account: "both evaluations return Allow"; identity side silent.
		{"xacct/identity silent (cross-account logic)", get(roleB, "bedrock-agentcore:GetMemoryRecord"), nil, rbpRole, want{iam.ImplicitDeny, false, nil, true}},
		{"xacct/resource silent (cross-account logic)", get(roleB, "bedrock-agentcore:CreateEvent"), []string{idpAll}, rbpRole, want{iam.ImplicitDeny, false, nil, true}},
		// principal: "delegates authority to the account" — the root covers the account's roles.
		{"xacct/root covers role (principal element)", get(roleB, "bedrock-agentcore:BatchCreateMemoryRecords"), []string{idpAll}, rbpRoot, want{iam.Allow, false, nil, true}},
		{"xacct/bare account id covers role (principal element)", get(roleB, "bedrock-agentcore:DeleteEvent"), []string{idpAll}, rbpBare, want{iam.Allow, false, nil, true}},
		{"xacct/root of other account (principal element)", get("arn:aws:iam::999988887777:role/X", "bedrock-agentcore:BatchCreateMemoryRecords"), []string{idpAll}, rbpRoot, want{iam.ImplicitDeny, false, nil, true}},
		// evaluation-logic: "an explicit deny in any policy overrides the allow".
		{"deny/explicit deny wins (evaluation logic)", get(roleB, "bedrock-agentcore:DeleteEvent"), []string{idpDeny}, rbpBare, want{iam.ExplicitDeny, false, nil, true}},
		{"deny/conditional deny unknown", get(roleB, "bedrock-agentcore:DeleteEvent"), []string{idpDenyCond}, rbpBare, want{iam.Allow, true, []string{"aws:SecureTransport"}, true}},
		// Resource ARN with other region: the identity grant reaches nothing.
		{"resource/other region", get(roleB, "bedrock-agentcore:GetEvent"), []string{idpOtherRegion}, rbpBare, want{iam.ImplicitDeny, false, nil, true}},
		// notaction.html: Allow with NotAction iam:* allows every other service.
		{"notaction/allows other services (NotAction)", get(roleB, "bedrock-agentcore:GetEvent"), []string{idpNotAction}, rbpBare, want{iam.Allow, false, nil, true}},
		// notresource.html: every resource except the one listed.
		{"notresource/excludes the memory (NotResource)", get(roleB, "bedrock-agentcore:GetEvent"), []string{idpNotResource}, rbpBare, want{iam.ImplicitDeny, false, nil, true}},
		{"condition/undecidable namespace", get(roleB, "bedrock-agentcore:RetrieveMemoryRecords"), []string{idpCond}, rbpBare, want{iam.Allow, true, []string{"bedrock-agentcore:namespace"}, true}},
		{"condition/known namespace", iam.Request{Principal: roleB, Action: "bedrock-agentcore:RetrieveMemoryRecords", Resource: memory, Context: map[string][]string{"bedrock-agentcore:namespace": {"other/"}}}, []string{idpCond}, rbpBare, want{iam.ImplicitDeny, false, nil, true}},
		// notprincipal.html: Deny with NotPrincipal denies everyone but the listed principal.
		{"notprincipal/listed is not denied (NotPrincipal)", get(roleB, "bedrock-agentcore:GetEvent"), []string{idpAll}, rbpNotPrincipalDeny, want{iam.Allow, false, nil, true}},
		{"notprincipal/others denied (NotPrincipal)", get("arn:aws:iam::444455556666:role/Other", "bedrock-agentcore:GetEvent"), []string{idpAll}, rbpNotPrincipalDeny, want{iam.ExplicitDeny, false, nil, true}},
		// aws:PrincipalAccount is derived from the caller.
		{"principal/public scoped by PrincipalAccount", get(roleB, "bedrock-agentcore:GetEvent"), []string{idpAll}, rbpPublicScoped, want{iam.Allow, false, nil, true}},
		{"principal/public scoped other account", get("arn:aws:iam::999988887777:role/X", "bedrock-agentcore:GetEvent"), []string{idpAll}, rbpPublicScoped, want{iam.ImplicitDeny, false, nil, true}},
		// Sessions of a named role match the role ARN.
		{"principal/assumed-role session", get("arn:aws:sts::444455556666:assumed-role/AgentMemoryReaderRole/s1", "bedrock-agentcore:GetMemoryRecord"), []string{idpRead}, rbpRole, want{iam.Allow, false, nil, true}},
		// AgentCore guide: bucket policy + execution-role permissions for S3 delivery (bucket in account B).
		{"delivery/s3 both sides", iam.Request{Principal: execA, Action: "s3:PutObject", Resource: bucketB + "/payload.json", ResourceAccount: acctB}, []string{permS3}, bucket, want{iam.Allow, false, nil, true}},
		{"delivery/s3 bucket ARN without /*", iam.Request{Principal: execA, Action: "s3:PutObject", Resource: bucketB + "/payload.json", ResourceAccount: acctB}, []string{permS3}, bucketNoSlash, want{iam.ImplicitDeny, false, nil, true}},
		{"delivery/s3 unknown bucket account is cross-account", iam.Request{Principal: execA, Action: "s3:PutObject", Resource: bucketB + "/payload.json"}, []string{permS3}, bucketNoSlash, want{iam.ImplicitDeny, false, nil, true}},
		{"delivery/sns root grant covers the role", iam.Request{Principal: execA, Action: "sns:Publish", Resource: topicB}, []string{permSNS}, topicPolicyRoot, want{iam.Allow, false, nil, true}},
		{"delivery/sns role name typo", iam.Request{Principal: execA, Action: "sns:Publish", Resource: topicB}, []string{permSNS}, topicPolicyTypo, want{iam.ImplicitDeny, false, nil, true}},
		{"delivery/resource policy not supplied", iam.Request{Principal: execA, Action: "sns:Publish", Resource: topicB, ResourceUnknown: true}, []string{permSNS}, "", want{iam.Allow, true, []string{"resource policy"}, true}},
		{"delivery/identity not supplied, resource silent", iam.Request{Principal: execA, Action: "sns:Publish", Resource: topicB, IdentityUnknown: true}, nil, topicPolicyTypo, want{iam.ImplicitDeny, false, nil, true}},
		// Trust policy: the service principal, with aws:SourceArn of the memory.
		{"trust/service with source arn", iam.Request{Principal: "bedrock-agentcore.amazonaws.com", Service: true, Action: "sts:AssumeRole", Resource: execA, Context: map[string][]string{"aws:SourceArn": {memory}}}, nil, trust, want{iam.Allow, false, nil, false}},
		{"trust/service source arn unknown", iam.Request{Principal: "bedrock-agentcore.amazonaws.com", Service: true, Action: "sts:AssumeRole", Resource: execA}, nil, trust, want{iam.Allow, true, []string{"aws:SourceArn"}, false}},
		// evaluation-logic: same account — a resource policy naming the role suffices.
		{"same/resource policy names role", get("arn:aws:iam::111122223333:role/Local", "bedrock-agentcore:GetEvent"), nil, sameAcctRBP, want{iam.Allow, false, nil, false}},
		{"same/identity policy alone", get("arn:aws:iam::111122223333:role/Local", "bedrock-agentcore:GetEvent"), []string{idpAll}, "", want{iam.Allow, false, nil, false}},
		// principal.html: the account principal delegates to IAM, so the identity side must allow.
		{"same/account principal delegates to IAM", get("arn:aws:iam::111122223333:role/Local", "bedrock-agentcore:GetEvent"), nil, sameAcctRoot, want{iam.ImplicitDeny, false, nil, false}},
		{"action/case-insensitive", get(roleB, "BEDROCK-AGENTCORE:getmemoryrecord"), []string{idpRead}, rbpRole, want{iam.Allow, false, nil, true}},
		// reference_policies_variables.html: ${aws:username}-style variables in Resource.
		{"variable/resource known", iam.Request{Principal: roleB, Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/home/AgentMemoryReaderRole/x", ResourceAccount: acctB, Context: map[string][]string{"aws:PrincipalTag/home": {"AgentMemoryReaderRole"}}}, []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/home/${aws:PrincipalTag/home}/*"}}`}, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"*"}}`, want{iam.Allow, false, nil, false}},
		{"variable/resource unknown", iam.Request{Principal: roleB, Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/home/AgentMemoryReaderRole/x", ResourceAccount: acctB}, []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/home/${aws:PrincipalTag/home}/*"}}`}, "", want{iam.Allow, true, []string{"policy variable"}, false}},
		{"variable/literal in 2008-10-17", iam.Request{Principal: roleB, Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/home/x/y", ResourceAccount: acctB, Context: map[string][]string{"aws:PrincipalTag/home": {"x"}}}, []string{`{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/home/${aws:PrincipalTag/home}/*"}}`}, "", want{iam.ImplicitDeny, false, nil, false}},
		// notresource.html: Deny with NotResource denies everything but the listed resource.
		{"notresource/deny everything else", get(roleB, "bedrock-agentcore:GetEvent"), []string{idpAll, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","NotResource":"arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/other-a1b2c3d4e5"}}`}, rbpBare, want{iam.ExplicitDeny, false, nil, true}},
		{"resource/case-sensitive", iam.Request{Principal: roleB, Action: "bedrock-agentcore:GetMemoryRecord", Resource: "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/Cross_account_memory-a1b2c3d4e5"}, []string{idpRead}, rbpRole, want{iam.ImplicitDeny, false, nil, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var ids []*model.Policy
			for _, s := range tt.identity {
				ids = append(ids, doc(t, model.KindIdentity, s))
			}
			var res *model.Policy
			if tt.resource != "" {
				res = doc(t, model.KindMemory, tt.resource)
			}
			r := iam.Evaluate(tt.req, ids, res)
			got := want{r.Decision, r.Unknown, r.Undecided, r.CrossAccount}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Evaluate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvaluateMatched(t *testing.T) {
	t.Parallel()
	id := doc(t, model.KindIdentity, `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"sns:Publish","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"sns:*","Resource":"`+topicB+`"}]}`)
	r := iam.Evaluate(iam.Request{Principal: execA, Action: "sns:Publish", Resource: topicB}, []*model.Policy{id}, nil)
	var got []string
	for _, m := range r.Matched {
		got = append(got, fmt.Sprintf("%s %s %s %v", m.Side, m.Statement.Ref(), m.Effect, m.Match))
	}
	want := []string{"identity #0 Allow yes", "identity #1 Deny yes"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Matched (-want +got):\n%s", diff)
	}
	if r.Decision != iam.ExplicitDeny || len(r.Refs(iam.SideIdentity, "Deny")) != 1 {
		t.Errorf("got %v with %d denies", r.Decision, len(r.Refs(iam.SideIdentity, "Deny")))
	}
}

// TestUnknownPrincipalType checks that a principal computed at deploy time
// may match the caller only when its type allows it: a computed Service
// principal never covers a role, a computed Federated one never a service.
func TestUnknownPrincipalType(t *testing.T) {
	t.Parallel()
	policy := func(typ string) *model.Policy {
		return &model.Policy{Kind: model.KindSNS, Version: &model.Str{Value: "2012-10-17"}, Statements: []*model.Statement{{
			Effect:    &model.Str{Value: "Allow"},
			Principal: &model.Principals{Values: []*model.Principal{{Type: typ, Value: "!Ref P", Unknown: true}}},
			Action:    &model.Values{Values: []model.Str{{Value: "*"}}},
			Resource:  &model.Values{Values: []model.Str{{Value: "*"}}},
		}}}
	}
	role := iam.Request{Principal: execA, Action: "sns:Publish", Resource: topicB, ResourceUnknown: false, IdentityUnknown: true}
	svc := iam.Request{Principal: "bedrock-agentcore.amazonaws.com", Service: true, Action: "sts:AssumeRole", Resource: execA}
	for _, tc := range []struct {
		name string
		req  iam.Request
		typ  string
		want iam.Tri
	}{
		{"role/AWS may be the role", role, "AWS", iam.Maybe},
		{"role/Service never is", role, "Service", iam.No},
		{"role/Federated never is", role, "Federated", iam.No},
		{"service/Service may be it", svc, "Service", iam.Maybe},
		{"service/AWS may be *", svc, "AWS", iam.Maybe},
		{"service/Federated never is", svc, "Federated", iam.No},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := iam.Evaluate(tc.req, nil, policy(tc.typ))
			if r.Resource.Allow != tc.want {
				t.Errorf("resource allow = %v, want %v", r.Resource.Allow, tc.want)
			}
		})
	}
}

// TestChosenKeys checks the caller-chosen reading of conditions
// (Request.Chosen): an Allow's condition on a key the caller sends holds, a
// Deny's is avoided, both are reported in Scoped; without Chosen the same
// conditions are undecided; a key the request carries is decided as usual.
func TestChosenKeys(t *testing.T) {
	t.Parallel()
	mem := "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5"
	id := doc(t, model.KindIdentity, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"bedrock-agentcore:RetrieveMemoryRecords","Resource":"*","Condition":{"StringLike":{"bedrock-agentcore:namespace":"/support/*"}}},
		{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"bedrock-agentcore:namespace":"/private/"}}}]}`)
	req := iam.Request{Principal: "arn:aws:iam::111122223333:role/Reader", Action: "bedrock-agentcore:RetrieveMemoryRecords", Resource: mem}
	for _, tc := range []struct {
		name     string
		chosen   bool
		ctx      map[string][]string
		decision iam.Decision
		unknown  bool
		scoped   []string
	}{
		{"undecided without Chosen", false, nil, iam.Allow, true, nil},
		{"the caller's choice", true, nil, iam.Allow, false, []string{"bedrock-agentcore:namespace"}},
		{"a value the request carries", true, map[string][]string{"bedrock-agentcore:namespace": {"/private/"}}, iam.ExplicitDeny, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := req
			r.Context = tc.ctx
			if tc.chosen {
				r.Chosen = iam.ChosenByCaller
			}
			res := iam.Evaluate(r, []*model.Policy{id}, nil)
			if res.Decision != tc.decision || res.Unknown != tc.unknown || !slices.Equal(res.Scoped, tc.scoped) {
				t.Errorf("got %v unknown=%v scoped=%v, want %v unknown=%v scoped=%v", res.Decision, res.Unknown, res.Scoped, tc.decision, tc.unknown, tc.scoped)
			}
		})
	}
	for key, want := range map[string]bool{
		"bedrock-agentcore:actorid": true, "aws:principaltag/team": true, "aws:securetransport": true,
		"aws:principalorgid": false, "aws:sourcevpce": false, "aws:sourcearn": false, "aws:resourcetag/env": false,
	} {
		if got := iam.ChosenByCaller(key); got != want {
			t.Errorf("ChosenByCaller(%q) = %v, want %v", key, got, want)
		}
	}
}
