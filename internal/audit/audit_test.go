package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/memlint/memlint/internal/access"
	"github.com/memlint/memlint/internal/cloudtrail"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/model"
)

const mem = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5"

// setup writes files into a new directory and loads it.
func setup(t *testing.T, files map[string]string) (*model.Model, string) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, err := load.Load([]string{dir}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m, dir
}

const manifest = "version: 1\nmemories:\n  - arn: " + mem + "\n    resource_policy: rbp.json\nroles:\n  - arn: arn:aws:iam::444455556666:role/Reader\n    policies: [reader.json]\n"

const reader = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "bedrock-agentcore:*", "Resource": "*"}]}`

func policy(stmts ...string) string {
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ",\n") + `]}`
}

func allow(principal, action string) string {
	return `{"Effect": "Allow", "Principal": {"AWS": "` + principal + `"}, "Action": "` + action + `", "Resource": "` + mem + `"}`
}

const readerARN = "arn:aws:iam::444455556666:role/Reader"

func findings(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.RuleID+" "+string(f.Severity)+" "+f.Msg)
	}
	return out
}

// TestNewDeny: a Deny added in the new version takes the access away; the
// finding points at the old Allow's action and names the new Deny.
func TestNewDeny(t *testing.T) {
	old, _ := setup(t, map[string]string{"memlint.yaml": manifest, "reader.json": reader, "rbp.json": policy(allow(readerARN, "bedrock-agentcore:GetEvent"))})
	deny := `{"Effect": "Deny", "Principal": "*", "Action": "bedrock-agentcore:GetEvent", "Resource": "*"}`
	nw, dir := setup(t, map[string]string{"memlint.yaml": manifest, "reader.json": reader, "rbp.json": policy(allow(readerARN, "bedrock-agentcore:GetEvent"), deny)})
	res := Diff(old, nw, Options{})
	if len(res.Changes) != 1 || res.Changes[0].Change != Removed || !res.Changes[0].Certain || res.Changes[0].New != "explicit-deny" {
		t.Fatalf("changes: %+v", res.Changes)
	}
	f := res.Findings[0]
	if f.RuleID != RuleDrops || f.Loc.Line != 1 || len(f.Related) != 2 {
		t.Fatalf("finding: %+v", f)
	}
	if r := f.Related[1]; !strings.HasPrefix(r.Loc.File, dir) || !strings.Contains(r.Msg, "Deny") {
		t.Errorf("related: %+v", f.Related)
	}
}

// TestRemoveIdentityPolicy: removing the consumer's identity policy takes
// its access away; the resource policy is untouched.
func TestRemoveIdentityPolicy(t *testing.T) {
	files := map[string]string{"memlint.yaml": manifest, "reader.json": reader, "rbp.json": policy(allow(readerARN, "bedrock-agentcore:GetEvent"))}
	old, dir := setup(t, files)
	nw, _ := setup(t, files)
	// Both loads name their own directory; remove by the old one's path shape.
	var file string
	for _, r := range nw.Roles {
		for _, p := range r.Policies {
			file = p.File
		}
	}
	if n := RemovePolicy(nw, file); n != 1 {
		t.Fatalf("RemovePolicy matched %d places", n)
	}
	if RemovePolicy(nw, filepath.Join(dir, "nothing.json")) != 0 {
		t.Error("RemovePolicy matched a file the setup does not have")
	}
	res := Diff(old, nw, Options{})
	if len(res.Changes) != 1 || res.Changes[0].Action != "bedrock-agentcore:GetEvent" || res.Changes[0].Principal != readerARN {
		t.Fatalf("changes: %+v", res.Changes)
	}
}

// TestMaybe: a removal into an undecidable condition is not certain, and
// is one severity lower; an addition out of one likewise.
func TestMaybe(t *testing.T) {
	cond := `{"Effect": "Allow", "Principal": {"AWS": "` + readerARN + `"}, "Action": "bedrock-agentcore:GetEvent", "Resource": "` + mem + `", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`
	a, _ := setup(t, map[string]string{"memlint.yaml": manifest, "reader.json": reader, "rbp.json": policy(allow(readerARN, "bedrock-agentcore:GetEvent"))})
	b, _ := setup(t, map[string]string{"memlint.yaml": manifest, "reader.json": reader, "rbp.json": policy(cond)})
	res := Diff(a, b, Options{})
	if len(res.Changes) != 1 || res.Changes[0].Certain || res.Findings[0].Severity != "low" || !strings.Contains(res.Findings[0].Msg, "may take away") {
		t.Errorf("removal: %+v %v", res.Changes, findings(res))
	}
	res = Diff(b, a, Options{})
	if len(res.Changes) != 1 || res.Changes[0].Change != Added || res.Changes[0].Certain || res.Findings[0].Severity != "low" || !strings.Contains(res.Findings[0].Msg, "may grant") {
		t.Errorf("addition: %+v %v", res.Changes, findings(res))
	}
}

// TestMemoryGone: a memory only in the old version loses everything, and a
// note says why.
func TestMemoryGone(t *testing.T) {
	a, _ := setup(t, map[string]string{"memlint.yaml": manifest, "reader.json": reader, "rbp.json": policy(allow(readerARN, "bedrock-agentcore:GetEvent"))})
	b, _ := setup(t, map[string]string{"reader.json": reader})
	res := Diff(a, b, Options{})
	if len(res.Changes) != 1 || !strings.Contains(strings.Join(res.Notes, "\n"), "only in the old version") {
		t.Errorf("changes %+v, notes %q", res.Changes, res.Notes)
	}
}

// TestCallers: which recorded callers a grant admits.
func TestCallers(t *testing.T) {
	ev := cloudtrail.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))
	rec := func(caller, account string) string {
		return `{"eventTime": "2026-06-01T00:00:00Z", "eventSource": "bedrock-agentcore.amazonaws.com", "eventName": "GetEvent",
			"userIdentity": {"accountId": "` + account + `", "sessionContext": {"sessionIssuer": {"arn": "` + caller + `", "accountId": "` + account + `"}}},
			"resources": [{"ARN": "` + mem + `"}]}`
	}
	ev.Read("t", strings.NewReader(`{"Records": [`+rec("arn:aws:iam::444455556666:role/path/Agent", "444455556666")+`, `+rec("arn:aws:iam::111122223333:role/Own", "111122223333")+`]}`), cloudtrail.Options{})
	for _, tc := range []struct {
		principal, kind, account string
		want                     int
	}{
		{"arn:aws:iam::444455556666:role/path/Agent", model.ClassRole, "444455556666", 1},
		{"arn:aws:iam::444455556666:role/Other", model.ClassRole, "444455556666", 0},
		{"arn:aws:iam::444455556666:root", model.ClassAccount, "444455556666", 1},
		{"arn:aws:sts::444455556666:assumed-role/Agent/s", model.ClassAssumedRole, "444455556666", 1},
		{"*", model.ClassPublic, "", 1}, // the memory account's own caller is not counted
		{"bedrock-agentcore.amazonaws.com", model.ClassService, "", 0},
	} {
		g := grantOf(tc.principal, tc.kind, tc.account)
		u := usage(ev, mem, "111122223333", g, []string{"bedrock-agentcore:GetEvent"})
		if u.Success != tc.want {
			t.Errorf("%s: %d calls (%s), want %d", tc.principal, u.Success, u.Status, tc.want)
		}
	}
}

func grantOf(principal, kind, account string) *access.Grant {
	return &access.Grant{Principal: principal, Kind: kind, Account: account}
}
