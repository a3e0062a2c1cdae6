package iam_test

import (
	"testing"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// TestGuardrails decides requests with SCPs, RCPs and permissions
// boundaries, each case citing the page that says so.
func TestGuardrails(t *testing.T) {
	const (
		mem     = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5"
		reader  = "arn:aws:iam::444455556666:role/Reader"
		local   = "arn:aws:iam::111122223333:role/Local"
		session = "arn:aws:sts::111122223333:assumed-role/Local/s1"
		bucket  = "arn:aws:s3:::payloads-444455556666/*"
		retr    = "bedrock-agentcore:RetrieveMemoryRecords"
	)
	idAllowAll := doc(t, model.KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)
	rbpReader := doc(t, model.KindMemory, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"`+reader+`"},"Action":"bedrock-agentcore:*","Resource":"*"}}`)
	rbpRole := doc(t, model.KindMemory, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"`+local+`"},"Action":"bedrock-agentcore:*","Resource":"*"}}`)
	rbpSession := doc(t, model.KindMemory, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"`+session+`"},"Action":"bedrock-agentcore:*","Resource":"*"}}`)
	bucketPolicy := doc(t, model.KindS3, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"*"}}`)
	denyAgentCore := doc(t, model.KindSCP, `{"Version":"2012-10-17","Statement":{"Sid":"NoMemory","Effect":"Deny","Action":"bedrock-agentcore:*","Resource":"*"}}`)
	allowS3Only := doc(t, model.KindSCP, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`)
	denyOther := doc(t, model.KindSCP, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"ec2:*","Resource":"*"}}`)
	rcpOrgOnly := doc(t, model.KindRCP, `{"Version":"2012-10-17","Statement":{"Sid":"OrgOnly","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
		"Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}}`)
	rcpNoServices := doc(t, model.KindRCP, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*"}}`)
	boundaryS3 := doc(t, model.KindBoundary, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`)
	boundaryAll := doc(t, model.KindBoundary, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"NoDelete","Effect":"Deny","Action":"bedrock-agentcore:Delete*","Resource":"*"}]}`)

	rbpRoleAndSession := doc(t, model.KindMemory, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["`+local+`","`+session+`"]},"Action":"bedrock-agentcore:*","Resource":"*"}}`)
	rbpNotPrincipalDeny := doc(t, model.KindMemory, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"`+reader+`"},"Action":"bedrock-agentcore:*","Resource":"*"},
		{"Effect":"Deny","NotPrincipal":{"AWS":"`+reader+`"},"Action":"bedrock-agentcore:*","Resource":"*"}]}`)

	full := func(target string) iam.Level { return iam.Level{Target: target, FullAccess: true} }
	scp := func(levels ...iam.Level) *iam.Chain { return &iam.Chain{Kind: iam.GuardSCP, Levels: levels} }
	rcp := func(levels ...iam.Level) *iam.Chain { return &iam.Chain{Kind: iam.GuardRCP, Levels: levels} }
	with := func(lv iam.Level, ps ...*model.Policy) iam.Level { lv.Policies = ps; return lv }

	type want struct {
		decision iam.Decision
		unknown  bool
		before   iam.Decision
		blocked  []string // kind/target, "implicit" for implicit ones
	}
	cases := []struct {
		name     string
		req      iam.Request
		identity []*model.Policy
		resource *model.Policy
		want     want
	}{
		{
			// orgs_manage_policies_scps_evaluation.html: a Deny at any level denies.
			name: "scp explicit deny at the root",
			req: iam.Request{Principal: reader, Action: retr, Resource: mem, Guardrails: &iam.Guardrails{
				SCP: scp(with(full("r-ab12"), denyAgentCore), full("ou-ab12-11111111"), full("444455556666"))}},
			identity: []*model.Policy{idAllowAll}, resource: rbpReader,
			want: want{iam.ExplicitDeny, false, iam.Allow, []string{"scp/r-ab12/#0"}},
		},
		{
			// An allow list at one OU: "an Allow must be present at every
			// level" (orgs_manage_policies_scps_evaluation.html).
			name: "scp allow list at an OU",
			req: iam.Request{Principal: reader, Action: retr, Resource: mem, Guardrails: &iam.Guardrails{
				SCP: scp(full("r-ab12"), with(iam.Level{Target: "ou-ab12-11111111"}, allowS3Only), full("444455556666"))}},
			identity: []*model.Policy{idAllowAll}, resource: rbpReader,
			want: want{iam.ImplicitDeny, false, iam.Allow, []string{"scp/ou-ab12-11111111/implicit"}},
		},
		{
			name: "scp that denies something else",
			req: iam.Request{Principal: reader, Action: retr, Resource: mem, Guardrails: &iam.Guardrails{
				SCP: scp(with(full("r-ab12"), denyOther), full("444455556666"))}},
			identity: []*model.Policy{idAllowAll}, resource: rbpReader,
			want: want{iam.Allow, false, iam.Allow, nil},
		},
		{
			// A service principal is no principal of a member account.
			name: "scp does not restrict a service principal",
			req: iam.Request{Principal: "bedrock-agentcore.amazonaws.com", Service: true, Action: "s3:PutObject", Resource: bucket, ResourceAccount: "444455556666",
				Guardrails: &iam.Guardrails{SCP: scp(with(full("r-ab12"), doc(t, model.KindSCP, `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}`)))}},
			resource: bucketPolicy,
			want:     want{iam.Allow, false, iam.Allow, nil},
		},
		{
			// An account whose guardrails were not supplied: unknown, not empty.
			name:     "scp chain unknown",
			req:      iam.Request{Principal: reader, Action: retr, Resource: mem, Guardrails: &iam.Guardrails{SCP: &iam.Chain{Kind: iam.GuardSCP, Unknown: true}}},
			identity: []*model.Policy{idAllowAll}, resource: rbpReader,
			want: want{iam.Allow, true, iam.Allow, nil},
		},
		{
			// orgs_manage_policies_rcps_examples.html: a data perimeter RCP
			// denies callers outside the organisation.
			name: "rcp denies a caller outside the organisation",
			req: iam.Request{Principal: reader, Action: "s3:PutObject", Resource: bucket, ResourceAccount: "111122223333",
				Context:    map[string][]string{"aws:PrincipalOrgID": {"o-other00000"}, "aws:PrincipalIsAWSService": {"false"}},
				Guardrails: &iam.Guardrails{RCP: rcp(with(full("r-ab12"), rcpOrgOnly), full("111122223333"))}},
			identity: []*model.Policy{idAllowAll}, resource: bucketPolicy,
			want: want{iam.ExplicitDeny, false, iam.Allow, []string{"rcp/r-ab12/#0"}},
		},
		{
			name: "rcp lets the organisation in",
			req: iam.Request{Principal: reader, Action: "s3:PutObject", Resource: bucket, ResourceAccount: "111122223333",
				Context:    map[string][]string{"aws:PrincipalOrgID": {"o-a1b2c3d4e5"}, "aws:PrincipalIsAWSService": {"false"}},
				Guardrails: &iam.Guardrails{RCP: rcp(with(full("r-ab12"), rcpOrgOnly))}},
			identity: []*model.Policy{idAllowAll}, resource: bucketPolicy,
			want: want{iam.Allow, false, iam.Allow, nil},
		},
		{
			// RCPs apply to AWS service principals too (the examples exempt
			// them by condition).
			name: "rcp restricts a service principal",
			req: iam.Request{Principal: "bedrock-agentcore.amazonaws.com", Service: true, Action: "s3:PutObject", Resource: bucket, ResourceAccount: "444455556666",
				Guardrails: &iam.Guardrails{RCP: rcp(with(full("r-ab12"), rcpNoServices))}},
			resource: bucketPolicy,
			want:     want{iam.ExplicitDeny, false, iam.Allow, []string{"rcp/r-ab12/#0"}},
		},
		{
			// access_policies_boundaries.html: the entity may do only what both
			// its identity policies and its boundary allow.
			name:     "boundary without the action, cross-account",
			req:      iam.Request{Principal: reader, Action: retr, Resource: mem, Guardrails: &iam.Guardrails{Boundary: boundaryS3}},
			identity: []*model.Policy{idAllowAll}, resource: rbpReader,
			want: want{iam.ImplicitDeny, false, iam.Allow, []string{"permissions-boundary//implicit"}},
		},
		{
			name:     "boundary with the action",
			req:      iam.Request{Principal: reader, Action: retr, Resource: mem, Guardrails: &iam.Guardrails{Boundary: boundaryAll}},
			identity: []*model.Policy{idAllowAll}, resource: rbpReader,
			want: want{iam.Allow, false, iam.Allow, nil},
		},
		{
			name:     "boundary explicit deny",
			req:      iam.Request{Principal: reader, Action: "bedrock-agentcore:DeleteEvent", Resource: mem, Guardrails: &iam.Guardrails{Boundary: boundaryAll}},
			identity: []*model.Policy{idAllowAll}, resource: rbpReader,
			want: want{iam.ExplicitDeny, false, iam.Allow, []string{"permissions-boundary//#1"}},
		},
		{
			// reference_policies_evaluation-logic_policy-eval-basics.html: in
			// one account a resource policy naming the role ARN is limited by
			// the boundary...
			name:     "boundary limits a same-account grant to the role ARN",
			req:      iam.Request{Principal: local, Action: retr, Resource: mem, Guardrails: &iam.Guardrails{Boundary: boundaryS3}},
			resource: rbpRole,
			want:     want{iam.ImplicitDeny, false, iam.Allow, []string{"permissions-boundary//implicit"}},
		},
		{
			// ... one naming the role session ARN is not.
			name:     "boundary does not limit a same-account grant to the session",
			req:      iam.Request{Principal: session, PrincipalAccount: "111122223333", Action: retr, Resource: mem, Guardrails: &iam.Guardrails{Boundary: boundaryS3}},
			resource: rbpSession,
			want:     want{iam.Allow, false, iam.Allow, nil},
		},
		{
			// reference_policies_evaluation-logic_policy-eval-denyallow.html:
			// "If the enforcement code finds even one explicit deny that
			// applies, the enforcement code returns a final decision of
			// Deny" — in an SCP too, when no policy allowed the request
			// anyway: the decision is an explicit deny, by the SCP.
			name: "scp explicit deny of a request nothing allows",
			req: iam.Request{Principal: reader, Action: retr, Resource: mem, Guardrails: &iam.Guardrails{
				SCP: scp(with(full("r-ab12"), denyAgentCore), full("444455556666"))}},
			resource: rbpReader,
			want:     want{iam.ExplicitDeny, false, iam.ImplicitDeny, []string{"scp/r-ab12/#0"}},
		},
		{
			// The same for a permissions boundary's Deny, while its missing
			// Allow leaves an implicit deny implicit.
			name:     "boundary explicit deny of a request nothing allows",
			req:      iam.Request{Principal: reader, Action: "bedrock-agentcore:DeleteEvent", Resource: mem, Guardrails: &iam.Guardrails{Boundary: boundaryAll}},
			resource: rbpReader,
			want:     want{iam.ExplicitDeny, false, iam.ImplicitDeny, []string{"permissions-boundary//#1"}},
		},
		{
			// access_policies_boundaries.html: "The NotPrincipal element
			// with a Deny effect will always deny any IAM principal that has
			// a permissions boundary policy attached, regardless of the
			// values specified in the NotPrincipal element."
			name:     "notprincipal deny denies a caller with a boundary",
			req:      iam.Request{Principal: reader, Action: retr, Resource: mem, Guardrails: &iam.Guardrails{Boundary: boundaryAll}},
			identity: []*model.Policy{idAllowAll}, resource: rbpNotPrincipalDeny,
			want: want{iam.ExplicitDeny, false, iam.ExplicitDeny, nil},
		},
		{
			name:     "notprincipal deny spares the caller it names without a boundary",
			req:      iam.Request{Principal: reader, Action: retr, Resource: mem},
			identity: []*model.Policy{idAllowAll}, resource: rbpNotPrincipalDeny,
			want: want{iam.Allow, false, iam.ImplicitDeny, nil}, // no guardrail: Before is not set
		},
		{
			// The grant names the role and the session: the session's ARN
			// escapes the boundary whichever value comes first (the
			// differential test's seed 2, case 65764).
			name:     "boundary does not limit a same-account grant naming the role and the session",
			req:      iam.Request{Principal: session, PrincipalAccount: "111122223333", Action: retr, Resource: mem, Guardrails: &iam.Guardrails{Boundary: boundaryS3}},
			resource: rbpRoleAndSession,
			want:     want{iam.Allow, false, iam.Allow, nil},
		},
		{
			name:     "guardrails do not revive a denied request",
			req:      iam.Request{Principal: reader, Action: retr, Resource: mem, Guardrails: &iam.Guardrails{Boundary: boundaryS3}},
			resource: rbpReader,
			want:     want{iam.ImplicitDeny, false, iam.ImplicitDeny, nil},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := iam.Evaluate(c.req, c.identity, c.resource)
			if r.Decision != c.want.decision || r.Unknown != c.want.unknown || r.Guardrail.Before != c.want.before {
				t.Errorf("decision %v unknown %v before %v, want %v %v %v (undecided %v)", r.Decision, r.Unknown, r.Guardrail.Before,
					c.want.decision, c.want.unknown, c.want.before, r.Undecided)
			}
			var got []string
			for _, b := range r.Guardrail.Blocked {
				what := "implicit"
				if b.Statement != nil {
					what = b.Statement.Ref()
				}
				got = append(got, b.Kind+"/"+b.Target+"/"+what)
			}
			if len(got) != len(c.want.blocked) {
				t.Fatalf("blocked %v, want %v", got, c.want.blocked)
			}
			for i := range got {
				if got[i] != c.want.blocked[i] {
					t.Errorf("blocked %v, want %v", got, c.want.blocked)
				}
			}
			wantBlocking := c.want.before == iam.Allow && c.want.decision != iam.Allow ||
				c.want.before == iam.ImplicitDeny && c.want.decision == iam.ExplicitDeny
			if (len(r.Blocking()) > 0) != wantBlocking {
				t.Errorf("Blocking() = %v, want blocking %v", r.Blocking(), wantBlocking)
			}
		})
	}
}

func TestRCPService(t *testing.T) {
	for svc, want := range map[string]bool{"s3": true, "kms": true, "sts": true, "bedrock-agentcore": false, "sns": false, "kinesis": false} {
		if got := iam.RCPService(svc); got != want {
			t.Errorf("RCPService(%q) = %v, want %v", svc, got, want)
		}
	}
}

// BenchmarkEvaluateGuardrails measures what an SCP chain of three levels
// and a permissions boundary add to one cross-account decision.
func BenchmarkEvaluateGuardrails(b *testing.B) {
	t := &testing.T{}
	id := doc(t, model.KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"bedrock-agentcore:*","Resource":"*"}}`)
	rbp := doc(t, model.KindMemory, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/Reader"},"Action":"bedrock-agentcore:*","Resource":"*"}}`)
	scp := doc(t, model.KindSCP, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"ec2:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"444455556666"}}}}`)
	bnd := doc(t, model.KindBoundary, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["bedrock-agentcore:*","s3:*"],"Resource":"*"}}`)
	req := iam.Request{Principal: "arn:aws:iam::444455556666:role/Reader", Action: "bedrock-agentcore:RetrieveMemoryRecords",
		Resource: "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5"}
	for _, c := range []struct {
		name string
		g    *iam.Guardrails
	}{
		{"none", nil},
		{"scp+boundary", &iam.Guardrails{SCP: &iam.Chain{Kind: iam.GuardSCP, Levels: []iam.Level{
			{Target: "r-ab12", FullAccess: true, Policies: []*model.Policy{scp}},
			{Target: "ou-ab12-11111111", FullAccess: true},
			{Target: "444455556666", FullAccess: true}}}, Boundary: bnd}},
	} {
		b.Run(c.name, func(b *testing.B) {
			r := req
			r.Guardrails = c.g
			for b.Loop() {
				if iam.Evaluate(r, []*model.Policy{id}, rbp).Decision != iam.Allow {
					b.Fatal("not allowed")
				}
			}
		})
	}
}
