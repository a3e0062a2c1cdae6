package facts_test

import (
	"encoding/json"
	"testing"

	"github.com/memlint/memlint/internal/facts"
)

// FuzzMemoryPolicy feeds arbitrary statement arrays through the loader into
// the probes: whatever the policy holds (odd operators, wildcards in every
// field, policy variables, huge lists), MemoryPolicy must not panic, and
// every principal it reports must have a reach.
func FuzzMemoryPolicy(f *testing.F) {
	for _, seed := range []string{
		`[{"Effect":"Allow","Principal":"*","Action":"bedrock-agentcore:*","Resource":"*","Condition":{"StringLike":{"aws:PrincipalOrgID":"o-*"}}}]`,
		`[{"Effect":"Allow","Principal":{"AWS":["444455556666","arn:aws:iam::*:role/x"]},"NotAction":"s3:*","Resource":"` + memARN + `","Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::4444*:role/${aws:username}"},"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-1/*","*"]}}},{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::444455556666:role/R"},"Action":"*","NotResource":"*","Condition":{"NotIpAddressIfExists":{"aws:SourceIp":["10.0.0.0/8","::/0"]},"Null":{"aws:SourceVpce":"true"}}}]`,
		`[{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::444455556666:assumed-role/R/s"},"Action":"bedrock-agentcore:GetEvent","Resource":"` + memARN + `","Condition":{"StringLike":{"aws:userid":"*:alice","aws:username":"?"},"Bool":{"aws:PrincipalIsAWSService":"true"}}}]`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, stmts string) {
		if !json.Valid([]byte(stmts)) {
			return
		}
		p, err := tryLoad(t, stmts)
		if err != nil {
			return
		}
		for _, acct := range []string{acctA, ""} {
			for _, arn := range []string{memARN, ""} {
				for _, pr := range facts.MemoryPolicy(p, arn, acct) {
					if pr.Reach == "" || pr.Principal == nil {
						t.Fatalf("reach %+v", pr)
					}
				}
			}
		}
	})
}
