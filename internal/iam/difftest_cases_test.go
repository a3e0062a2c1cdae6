package iam_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// TestDifferentialFindings holds the cases where the differential test
// (internal/iam/difftest) found memlint wrong, each shrunk to its minimum
// and fixed, with the documentation that decides it.
func TestDifferentialFindings(t *testing.T) {
	t.Parallel()
	const (
		roleA = "arn:aws:iam::111122223333:role/app"
		memA  = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/mem-abc123"
	)
	tests := []struct {
		name     string
		req      iam.Request
		identity []string
		resource string
		want     iam.Decision
	}{
		// A principal list that names the caller's account and also "*":
		// "*" grants directly ("you can use the wildcard character (*) to
		// specify all principals", reference_policies_elements_principal.html),
		// so in the same account no identity policy is needed, whichever
		// value comes first.
		{
			name:     "principal/account and star, account first",
			req:      iam.Request{Principal: roleA, Action: "bedrock-agentcore:GetEvent", Resource: memA},
			resource: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","*"]},"Action":"bedrock-agentcore:GetEvent","Resource":"` + memA + `"}]}`,
			want:     iam.Allow,
		},
		{
			name:     "principal/account root and own role",
			req:      iam.Request{Principal: roleA, Action: "bedrock-agentcore:GetEvent", Resource: memA},
			resource: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","` + roleA + `"]},"Action":"bedrock-agentcore:GetEvent","Resource":"` + memA + `"}]}`,
			want:     iam.Allow,
		},
		// "You can use a policy variable in the Resource element, but only
		// in the resource portion of the ARN ... You can't use a variable to
		// replace parts of the ARN before the fifth colon, such as the
		// service or account" (reference_policies_variables.html): a
		// variable in the account field is literal text and matches no
		// resource, so the NotResource entry excludes nothing.
		{
			name:     "variable/account field is not substituted in Resource",
			req:      iam.Request{Principal: roleA, Action: "bedrock-agentcore:GetEvent", Resource: memA, Context: map[string][]string{"aws:PrincipalAccount": {"111122223333"}}},
			identity: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:GetEvent","Resource":"arn:aws:bedrock-agentcore:us-east-1:${aws:PrincipalAccount}:memory/mem-abc123"}]}`},
			want:     iam.ImplicitDeny,
		},
		{
			name:     "variable/account field is not substituted in NotResource",
			req:      iam.Request{Principal: roleA, Action: "bedrock-agentcore:GetEvent", Resource: memA, Context: map[string][]string{"aws:PrincipalAccount": {"111122223333"}}},
			identity: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:GetEvent","NotResource":"arn:aws:bedrock-agentcore:us-east-1:${aws:PrincipalAccount}:memory/mem-abc123"}]}`},
			want:     iam.Allow,
		},
		{
			name:     "variable/resource portion is substituted",
			req:      iam.Request{Principal: roleA, Action: "bedrock-agentcore:GetEvent", Resource: memA, Context: map[string][]string{"aws:PrincipalTag/memory": {"mem-abc123"}}},
			identity: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:GetEvent","Resource":"arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/${aws:PrincipalTag/memory}"}]}`},
			want:     iam.Allow,
		},
		{
			name:     "principal/account alone still delegates",
			req:      iam.Request{Principal: roleA, Action: "bedrock-agentcore:GetEvent", Resource: memA},
			resource: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333"]},"Action":"bedrock-agentcore:GetEvent","Resource":"` + memA + `"}]}`,
			want:     iam.ImplicitDeny,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var ids []*model.Policy
			for _, src := range tt.identity {
				ids = append(ids, doc(t, model.KindIdentity, src))
			}
			var res *model.Policy
			if tt.resource != "" {
				res = doc(t, model.KindMemory, tt.resource)
			}
			r := iam.Evaluate(tt.req, ids, res)
			if r.Decision != tt.want || r.Unknown {
				t.Errorf("decision = %v (unknown %v), want %v (result %+v)", r.Decision, r.Unknown, tt.want, r)
			}
		})
	}
}

// TestKnownDifferences asserts memlint's reading where it knowingly differs
// from the simulator the differential test compares it with. Each case is
// an entry of internal/iam/difftest/known.json (by ID), with the sentence
// of the IAM User Guide that memlint follows.
func TestKnownDifferences(t *testing.T) {
	t.Parallel()
	const (
		roleA  = "arn:aws:iam::111122223333:role/app"
		memA   = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/mem-abc123"
		topicA = "arn:aws:sns:us-east-1:111122223333:alerts"
	)
	type ctx = map[string][]string
	allow := func(extra string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:GetEvent",` + extra + `}]}`
	}
	cond := func(c string) string { return allow(`"Resource":"*","Condition":` + c) }
	tests := []struct {
		id     string
		policy string
		ctx    ctx
		absent []string
		res    string
		// rbp is the memory's resource policy, boundary the caller's
		// permissions boundary; "" for none.
		rbp, boundary string
		// rcp is an RCP at the root of the resource's account; with it the
		// request is s3:GetObject on an object of the caller's account.
		rcp  string
		want iam.Decision
	}{
		// "If you do not include a Version element ... variables such as
		// ${aws:username} aren't recognized as variables and are instead
		// treated as literal strings in the policy."
		{id: "unversioned-policy-variable",
			policy: `{"Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:GetEvent","Resource":"arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/${aws:PrincipalTag/memory}"}]}`,
			ctx:    ctx{"aws:PrincipalTag/memory": {"mem-abc123"}}, want: iam.ImplicitDeny},
		// IfExists: "If the key is not present, evaluate the condition element as true."
		{id: "ifexists-set-operator-absent-key",
			policy: cond(`{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["env"]}}`), absent: []string{"aws:TagKeys"}, want: iam.Allow},
		// "Multivalued context keys require a condition set operator":
		// without one, memlint reads ForAnyValue for a positive operator
		// and ForAllValues for a negated one.
		{id: "multivalued-key-without-set-operator",
			policy: cond(`{"StringEquals":{"aws:CalledVia":["athena.amazonaws.com"]}}`), ctx: ctx{"aws:CalledVia": {"dynamodb.amazonaws.com", "athena.amazonaws.com"}}, want: iam.Allow},
		{id: "multivalued-key-without-set-operator",
			policy: cond(`{"StringNotEquals":{"aws:CalledVia":["athena.amazonaws.com"]}}`), ctx: ctx{"aws:CalledVia": {"dynamodb.amazonaws.com"}}, want: iam.Allow},
		// "Inverted condition operators like StringNotEquals or StringNotLike
		// do match against a null value."
		{id: "negated-operator-unresolved-variable",
			policy: cond(`{"StringNotEquals":{"aws:SourceAccount":"${aws:PrincipalTag/team}"}}`), ctx: ctx{"aws:SourceAccount": {"444455556666"}}, absent: []string{"aws:PrincipalTag/team"}, want: iam.Allow},
		// "You can use a policy variable in the Resource element, but only
		// in the resource portion of the ARN": an SNS topic name is one.
		{id: "variable-with-slash-in-untyped-resource",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:${aws:PrincipalTag/topic}"}]}`,
			ctx:    ctx{"aws:PrincipalTag/topic": {"alerts"}}, res: topicA, want: iam.Allow},
		// "The value must be in the standard CIDR format": /0 is every address.
		{id: "ipv4-zero-prefix",
			policy: cond(`{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}`), ctx: ctx{"aws:SourceIp": {"10.1.2.3"}}, want: iam.Allow},
		// "...ISO 8601 date formats or in epoch (UNIX) time": both name instants.
		{id: "date-epoch-against-iso",
			policy: cond(`{"DateLessThan":{"aws:CurrentTime":"1780315200"}}`), ctx: ctx{"aws:CurrentTime": {"2025-12-31T23:59:59Z"}}, want: iam.Allow},
		// "...used as part of the Resource or NotResource element ... will
		// not match any resource": a NotResource that excludes nothing.
		{id: "notresource-unresolved-variable",
			policy: allow(`"NotResource":"arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/${aws:PrincipalTag/memory}"`), absent: []string{"aws:PrincipalTag/memory"}, want: iam.Allow},
		// "You can use a policy variable for Condition values in any
		// condition that involves the string operators or the ARN operators."
		{id: "arn-condition-variable-before-resource-portion",
			policy: cond(`{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::${aws:PrincipalAccount}:role/app"}}`), want: iam.Allow},
		// "If you specify an IP address without the associated routing
		// prefix, IAM uses the default prefix value of /32."
		{id: "not-ip-address-bare-address-other-family",
			policy: cond(`{"NotIpAddress":{"aws:SourceIp":"198.51.100.20"}}`), ctx: ctx{"aws:SourceIp": {"2001:db8::1"}}, want: iam.Allow},
		// "If the * wildcard is the last character of a resource ARN
		// segment, it can expand to match beyond the colon boundaries": the
		// entry lists the us-west-2 topics only, so a us-east-1 topic is
		// denied.
		{id: "notresource-short-arn",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"sns:Publish","NotResource":"arn:aws:sns:us-west-2:*"}]}`,
			res:    topicA, want: iam.ExplicitDeny},
		// "Within an account, an implicit deny in a permissions boundary
		// does not limit the permissions granted to an IAM user by a
		// resource-based policy" — nor to a role session; a grant to the
		// role ARN is limited, and memlint reads a grant to "*" as one that
		// names neither the user nor the session.
		{id: "boundary-wildcard-principal-same-account",
			rbp:      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"bedrock-agentcore:GetEvent","Resource":"*"}]}`,
			boundary: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
			want:     iam.ImplicitDeny},
		// "If the * wildcard is the last character of a resource ARN
		// segment, it can expand to match beyond the colon boundaries" — in
		// an RCP as in any policy: arn:aws:s3:* covers every S3 resource.
		{id: "rcp-short-arn",
			policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
			rcp:    `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:*"}]}`,
			want:   iam.ExplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			req := iam.Request{Principal: roleA, Action: "bedrock-agentcore:GetEvent", Resource: memA, Context: tt.ctx, Absent: tt.absent}
			if tt.res != "" {
				req.Action, req.Resource = "sns:Publish", tt.res
			}
			var ids []*model.Policy
			if tt.policy != "" {
				ids = append(ids, doc(t, model.KindIdentity, tt.policy))
			}
			var rbp *model.Policy
			if tt.rbp != "" {
				rbp = doc(t, model.KindMemory, tt.rbp)
			}
			if tt.boundary != "" {
				req.Guardrails = &iam.Guardrails{Boundary: doc(t, model.KindBoundary, tt.boundary)}
			}
			if tt.rcp != "" {
				req.Action, req.Resource, req.ResourceAccount = "s3:GetObject", "arn:aws:s3:::memory-payloads-111122223333/r1.json", "111122223333"
				req.Guardrails = &iam.Guardrails{RCP: &iam.Chain{Kind: iam.GuardRCP, Levels: []iam.Level{
					{Target: "r-ab12", Policies: []*model.Policy{doc(t, model.KindRCP, tt.rcp)}}, {Target: "111122223333"}}}}
			}
			r := iam.Evaluate(req, ids, rbp)
			if r.Decision != tt.want || r.Unknown {
				t.Errorf("decision = %v (unknown %v), want %v (result %+v)", r.Decision, r.Unknown, tt.want, r)
			}
		})
	}
}

// TestKnownDifferenceCases evaluates the shrunk case of every known
// difference in difftest/known.json, decoded here from its JSON by this
// package's own test decoder, and checks memlint's recorded answer: the
// decision and the sides that denied.
func TestKnownDifferenceCases(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("difftest", "known.json"))
	if err != nil {
		t.Fatal(err)
	}
	var entries []struct {
		ID   string
		Case struct {
			Principal, Action, Resource, ResourceAccount string
			Context                                      map[string][]string
			Absent                                       []string
			Identity                                     []json.RawMessage
			ResourcePolicy                               json.RawMessage
			Boundary                                     json.RawMessage
			Org                                          json.RawMessage
		}
		Answers struct {
			Memlint struct {
				Result                                                     string
				IdentityDeny, ResourceDeny, SCPDeny, RCPDeny, BoundaryDeny bool
			}
		}
	}
	if err := json.Unmarshal(b, &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no known differences in difftest/known.json")
	}
	for _, e := range entries {
		t.Run(e.ID, func(t *testing.T) {
			c := e.Case
			kms := strings.HasPrefix(c.Resource, "arn:aws:kms:")
			req := iam.Request{Principal: c.Principal, Service: !strings.HasPrefix(c.Principal, "arn:"), Action: c.Action,
				Resource: c.Resource, ResourceAccount: c.ResourceAccount, Context: c.Context, Absent: c.Absent, ResourceRequired: kms}
			var ids []*model.Policy
			for _, p := range c.Identity {
				ids = append(ids, doc(t, model.KindIdentity, string(p)))
			}
			var res *model.Policy
			if len(c.ResourcePolicy) > 0 && string(c.ResourcePolicy) != "null" {
				res = doc(t, model.KindUnknown, string(c.ResourcePolicy))
			}
			req.Guardrails = guardrailsOf(t, c.Principal, c.Resource, c.ResourceAccount, c.Org, c.Boundary)
			r := iam.Evaluate(req, ids, res)
			want := e.Answers.Memlint
			got := map[iam.Decision]string{iam.Allow: "Allowed", iam.ExplicitDeny: "ExplicitlyDenied", iam.ImplicitDeny: "ImplicitlyDenied"}[r.Decision]
			guard := map[string]bool{}
			for _, b := range r.Guardrail.Blocked {
				if b.Statement != nil {
					guard[b.Kind] = true
				}
			}
			if r.Unknown || got != want.Result || (r.Identity.Deny == iam.Yes) != want.IdentityDeny || (r.Resource.Deny == iam.Yes) != want.ResourceDeny ||
				guard[iam.GuardSCP] != want.SCPDeny || guard[iam.GuardRCP] != want.RCPDeny || guard[iam.GuardBoundary] != want.BoundaryDeny {
				t.Errorf("memlint answers %s (unknown %v, identity deny %v, resource deny %v, guardrail denies %v), known.json records %+v", got, r.Unknown, r.Identity.Deny, r.Resource.Deny, guard, want)
			}
		})
	}
}

// guardrailsOf decodes a known.json case's organisation and boundary into
// the guardrails memlint's commands would find for its request
// (facts.Guardrails); nil when the case has neither.
func guardrailsOf(t *testing.T, principal, resource, resourceAccount string, orgJSON, boundaryJSON json.RawMessage) *iam.Guardrails {
	t.Helper()
	some := func(m json.RawMessage) bool { return len(m) > 0 && string(m) != "null" }
	if !some(orgJSON) && !some(boundaryJSON) {
		return nil
	}
	var org *model.Organization
	if some(orgJSON) {
		var o struct {
			Management   string
			Accounts     map[string][]string
			NoFullAccess []string
			Policies     []struct {
				Kind    string
				Targets []string
				Policy  json.RawMessage
			}
		}
		if err := json.Unmarshal(orgJSON, &o); err != nil {
			t.Fatal(err)
		}
		org = &model.Organization{Management: o.Management, Accounts: map[string]*model.OrgAccount{}}
		for a, path := range o.Accounts {
			org.Accounts[a] = &model.OrgAccount{ID: model.Str{Value: a}, Path: path}
		}
		for _, p := range o.Policies {
			op := &model.OrgPolicy{Kind: model.Kind(p.Kind), Policy: doc(t, model.Kind(p.Kind), string(p.Policy))}
			for _, target := range p.Targets {
				op.Targets = append(op.Targets, model.Str{Value: target})
			}
			org.Policies = append(org.Policies, op)
		}
		for _, target := range o.NoFullAccess {
			org.NoFullAccess = append(org.NoFullAccess, model.Str{Value: target})
		}
	}
	var role *model.Role
	if some(boundaryJSON) {
		role = &model.Role{Boundary: doc(t, model.KindBoundary, string(boundaryJSON))}
	}
	var account, service string
	if a, err := iam.ParseARN(principal); err == nil {
		account = a.Account
	}
	if a, err := iam.ParseARN(resource); err == nil {
		service = a.Service
	}
	return facts.Guardrails(org, account, role, !strings.HasPrefix(principal, "arn:"), service, resourceAccount)
}
