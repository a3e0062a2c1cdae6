package iam_test

import (
	"testing"

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
