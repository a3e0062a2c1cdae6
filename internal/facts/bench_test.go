package facts_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/model"
)

// loadPolicy loads stmts (a JSON array) as the resource policy of memARN,
// through the put-resource-policy CLI input, as a user writes it.
func loadPolicy(tb testing.TB, stmts string) *model.Policy {
	tb.Helper()
	p, err := tryLoad(tb, stmts)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// tryLoad is loadPolicy for inputs that may not be a policy (fuzzing).
func tryLoad(tb testing.TB, stmts string) (*model.Policy, error) {
	pol := `{"Version":"2012-10-17","Statement":` + stmts + `}`
	in, _ := json.Marshal(map[string]string{"resourceArn": memARN, "policy": pol})
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "put-resource-policy.json"), in, 0o644); err != nil {
		return nil, err
	}
	m, err := load.Load([]string{dir}, load.Options{})
	if err != nil {
		return nil, err
	}
	if len(m.Memories) != 1 || m.Memories[0].Policy == nil {
		return nil, errors.New("the input holds no memory policy")
	}
	return m.Memories[0].Policy, nil
}

// BenchmarkMemoryPolicy measures the effective reach of a typical policy
// (the guide's: a role, an account root, "*" in an organisation, a Deny) and
// of a large one (n statements, each granting one role of its own account
// under an aws:PrincipalArn pattern, with one Deny).
func BenchmarkMemoryPolicy(b *testing.B) {
	typical := `[
	 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:role/Reader"},"Action":["bedrock-agentcore:RetrieveMemoryRecords","bedrock-agentcore:ListMemoryRecords"],"Resource":"` + memARN + `","Condition":{"StringLike":{"bedrock-agentcore:namespace":"/support/*"}}},
	 {"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"bedrock-agentcore:*","Resource":"` + memARN + `"},
	 {"Effect":"Allow","Principal":"*","Action":"bedrock-agentcore:GetEvent","Resource":"` + memARN + `","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}},
	 {"Effect":"Deny","Principal":"*","Action":"bedrock-agentcore:*Delete*","Resource":"*"}]`
	for _, tc := range []struct {
		name  string
		stmts string
	}{
		{"typical", typical},
		{"statements=1000", large(1000)},
	} {
		p := loadPolicy(b, tc.stmts)
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				facts.MemoryPolicy(p, memARN, acctA)
			}
		})
	}
}

func large(n int) string {
	var stmts []map[string]any
	for i := range n {
		acct := fmt.Sprintf("%012d", 100000000000+i)
		stmts = append(stmts, map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::" + acct + ":root"},
			"Action": []string{"bedrock-agentcore:GetEvent", "bedrock-agentcore:CreateEvent"}, "Resource": memARN,
			"Condition": map[string]any{"ArnLike": map[string]any{"aws:PrincipalArn": "arn:aws:iam::" + acct + ":role/app-*"}},
		})
	}
	stmts = append(stmts, map[string]any{"Effect": "Deny", "Principal": "*", "Action": "bedrock-agentcore:Delete*", "Resource": "*"})
	b, _ := json.Marshal(stmts)
	return string(b)
}
