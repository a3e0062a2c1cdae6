package facts_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/facts"
)

const (
	memARN = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5"
	acctA  = "111122223333"
	acctB  = "444455556666"
)

// reach loads statements as the resource policy of memARN (through the
// put-resource-policy CLI input, as a user writes it) and returns, per
// principal value, "reach[/maybe] accounts|orgs actions".
func reach(t *testing.T, stmts string) []string {
	t.Helper()
	p := loadPolicy(t, stmts)
	var out []string
	for _, pr := range facts.MemoryPolicy(p, memARN, acctA) {
		s := string(pr.Reach)
		if pr.Maybe != "" {
			s += "/maybe " + string(pr.Maybe)
		}
		var acts []string
		var scope []string
		for _, a := range pr.Actions {
			if a.Reach == pr.Reach {
				acts = append(acts, strings.TrimPrefix(a.Action, "bedrock-agentcore:"))
				scope = a.Accounts
				if a.Orgs != nil {
					scope = a.Orgs
				}
				if len(a.Scoped) > 0 {
					scope = append(scope, a.Scoped...)
				}
				if a.ViaService {
					scope = append(scope, "via-service")
				}
			}
		}
		if len(scope) > 0 {
			s += " " + strings.Join(scope, ",")
		}
		if len(acts) > 0 {
			s += " " + strings.Join(acts, ",")
		}
		if pr.Narrowed {
			s += " narrowed"
		}
		out = append(out, pr.Principal.Value+": "+s)
	}
	return out
}

func TestMemoryPolicyReach(t *testing.T) {
	const get = `"Action":"bedrock-agentcore:GetEvent","Resource":"` + memARN + `"`
	const all = `"Action":"bedrock-agentcore:*","Resource":"` + memARN + `"`
	tests := []struct {
		name, stmts string
		want        []string
	}{
		{"star, no condition", `[{"Effect":"Allow","Principal":"*",` + get + `}]`,
			[]string{"*: public GetEvent"}},
		{"star, one organisation", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]`,
			[]string{"*: organization o-a1b2c3d4e5 GetEvent narrowed"}},
		{"star, every organisation by pattern", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringLike":{"aws:PrincipalOrgID":"o-*"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star, negated organisation", `[{"Effect":"Allow","Principal":{"AWS":"*"},` + get + `,"Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star, organisation enforced by a Deny", `[{"Effect":"Allow","Principal":"*",` + get + `},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]`,
			[]string{"*: organization o-a1b2c3d4e5 GetEvent narrowed"}},
		{"star, one role name in every account", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Reader"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star, every role of B", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::` + acctB + `:role/*"}}}]`,
			[]string{"*: account " + acctB + " GetEvent narrowed"}},
		{"star, one role of B", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::` + acctB + `:role/Reader"}}}]`,
			[]string{"*: principals " + acctB + " GetEvent narrowed"}},
		{"root of B", `[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctB + `:root"},` + get + `}]`,
			[]string{"arn:aws:iam::" + acctB + ":root: account " + acctB + " GetEvent"}},
		{"root of B narrowed by a Deny", `[{"Effect":"Allow","Principal":{"AWS":"` + acctB + `"},` + get + `},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::` + acctB + `:role/Reader"}}}]`,
			[]string{acctB + ": principals " + acctB + " GetEvent narrowed"}},
		{"star behind a VPC endpoint", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]`,
			[]string{"*: none/maybe public GetEvent"}},
		{"star from anywhere but a private range", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star from one address range", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"IpAddress":{"aws:SourceIp":"198.51.100.0/24"}}}]`,
			[]string{"*: none/maybe public GetEvent"}},
		{"star from every address", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star except one VPC endpoint", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star behind a VPC endpoint if there is one", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star denied outside a VPC endpoint", `[{"Effect":"Allow","Principal":"*",` + get + `},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]`,
			[]string{"*: none/maybe public GetEvent"}},
		{"root of B within an organisation", `[{"Effect":"Allow","Principal":{"AWS":"` + acctB + `"},` + get + `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]`,
			[]string{acctB + ": account " + acctB + " GetEvent"}},
		{"star for AWS services only", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"Bool":{"aws:PrincipalIsAWSService":"true"}}}]`,
			[]string{"*: public via-service GetEvent"}},
		{"star scoped to a namespace", `[{"Effect":"Allow","Principal":"*","Action":"bedrock-agentcore:RetrieveMemoryRecords","Resource":"` + memARN + `","Condition":{"StringEquals":{"bedrock-agentcore:namespace":"/shared/"}}}]`,
			[]string{"*: public bedrock-agentcore:namespace RetrieveMemoryRecords"}},
		{"namespace condition on an action without it", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringEquals":{"bedrock-agentcore:namespace":"/shared/"}}}]`,
			[]string{"*: none narrowed"}},
		{"star pinned to the memory's account", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringEquals":{"aws:PrincipalAccount":"` + acctA + `"}}}]`,
			[]string{"*: account " + acctA + " GetEvent narrowed"}},
		{"star for gateways and services acting for B", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringEquals":{"aws:SourceAccount":"` + acctB + `"}}}]`,
			[]string{"*: account " + acctB + " GetEvent narrowed"}},
		{"star, one organisational unit", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}}]`,
			[]string{"*: organization o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/* GetEvent narrowed"}},
		{"root of B, roles of a name pattern", `[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctB + `:root"},` + get + `,"Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::` + acctB + `:role/app-*"}}}]`,
			[]string{"arn:aws:iam::" + acctB + ":root: principals " + acctB + " GetEvent narrowed"}},
		{"star, roles of a name pattern in B", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::` + acctB + `:role/team/*"}}}]`,
			[]string{"*: principals " + acctB + " GetEvent narrowed"}},
		{"star, any session named alice", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringLike":{"aws:userid":"*:alice"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star, one role's sessions", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringLike":{"aws:userid":"AROAEXAMPLEROLEID1234:*"}}}]`,
			[]string{"*: none narrowed"}},
		{"star, any user named bob", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringEquals":{"aws:username":"bob"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star, any IAM user", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringEquals":{"aws:PrincipalType":"User"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star, condition on the memory's own account", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringEquals":{"aws:ResourceAccount":"` + acctA + `"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star, every account but the memory's", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringNotEquals":{"aws:PrincipalAccount":"${aws:ResourceAccount}"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star, every gateway", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:bedrock-agentcore:*:*:gateway/*"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star, accounts by prefix", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringLike":{"aws:PrincipalAccount":"4444*"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star, a role name in accounts by prefix", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::4444*:role/Reader"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star, any VPC endpoint", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"StringLike":{"aws:SourceVpce":"vpce-*"}}}]`,
			[]string{"*: public GetEvent"}},
		{"star, an address range if there is an address", `[{"Effect":"Allow","Principal":"*",` + get + `,"Condition":{"IpAddressIfExists":{"aws:SourceIp":"203.0.113.0/24"}}}]`,
			[]string{"*: public GetEvent"}},
		{"root of B, sessions named alice", `[{"Effect":"Allow","Principal":{"AWS":"` + acctB + `"},` + get + `,"Condition":{"StringLike":{"aws:userid":"*:alice"}}}]`,
			[]string{acctB + ": account " + acctB + " GetEvent"}},
		{"deletes denied to everyone", `[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctB + `:role/Writer"},` + all + `},{"Effect":"Deny","Principal":"*","Action":"bedrock-agentcore:*Delete*","Resource":"*"}]`,
			[]string{"arn:aws:iam::" + acctB + ":role/Writer: principals " + acctB + " CreateEvent,GetEvent,ListEvents,ListActors,ListSessions,GetMemoryRecord,ListMemoryRecords,RetrieveMemoryRecords,BatchCreateMemoryRecords,BatchUpdateMemoryRecords,ListMemoryExtractionJobs,StartMemoryExtractionJob"}},
		{"everything denied", `[{"Effect":"Allow","Principal":"*",` + get + `},{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]`,
			[]string{"*: none narrowed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, reach(t, tc.stmts)); diff != "" {
				t.Errorf("reach (-want +got):\n%s", diff)
			}
		})
	}
}
