package load

import (
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// programFile makes a ProgramFile of a Go-like file whose calls name their
// values by literal text: every string value is the first literal of
// src that quotes it.
type programFile struct {
	t    *testing.T
	name string
	src  string
	sf   *source.SourceFile
}

func newProgramFile(t *testing.T, name, src string) *programFile {
	return &programFile{t: t, name: name, src: src, sf: source.NewSourceFile(name, []byte(src))}
}

// str is the String node of the literal "v" (or `v`) of the file.
func (p *programFile) str(v string) *source.Node {
	p.t.Helper()
	for _, q := range []string{`"`, "`"} {
		if i := strings.Index(p.src, q+v+q); i >= 0 {
			return p.sf.String(i, i+len(v)+2, []source.Piece{{Value: v, Start: i + 1, End: i + 1 + len(v), Verbatim: true}})
		}
	}
	p.t.Fatalf("no literal %q in %s", v, p.name)
	return nil
}

func (p *programFile) object(kv ...any) *source.Node {
	n := &source.Node{Kind: source.Object, Loc: p.sf.Loc(0, len(p.src))}
	for i := 0; i < len(kv); i += 2 {
		n.Fields = append(n.Fields, &source.Field{Key: kv[i].(string), Value: kv[i+1].(*source.Node)})
	}
	return n
}

// TestProgram links a program's calls as a directory of scripts is: the
// execution role created by name in account A's file gets the trust policy
// and the memory definition naming it; account B's role of the same name
// stays apart; a policy computed at run time is a note, not a policy.
func TestProgram(t *testing.T) {
	const trust = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock-agentcore.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`
	const perms = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}]}`
	a := newProgramFile(t, "a.go", "package p\nvar _ = f(\"MemoryRole\", `"+trust+"`, \"arn:aws:iam::111122223333:role/MemoryRole\", \"support_mem\")\n")
	b := newProgramFile(t, "b.go", "package p\nvar _ = g(\"MemoryRole\", \"p\", `"+perms+"`, \"arn:aws:sns:us-east-1:444455556666:topic\", \"Policy\", os.Getenv(\"POLICY\"))\n")
	computed := &source.Node{Kind: source.String, Value: `os.Getenv("POLICY")`, Loc: b.sf.Loc(strings.Index(b.src, "os."), strings.Index(b.src, "))")+1)}
	m := Program([]ProgramFile{
		{Name: "a.go", Calls: []Call{
			{Command: "iam create-role", Input: a.object("RoleName", a.str("MemoryRole"), "AssumeRolePolicyDocument", a.str(trust))},
			{Command: "bedrock-agentcore-control create-memory", Input: a.object("name", a.str("support_mem"), "memoryExecutionRoleArn", a.str("arn:aws:iam::111122223333:role/MemoryRole"))},
		}},
		{Name: "b.go", Calls: []Call{
			{Command: "iam put-role-policy", Input: b.object("RoleName", b.str("MemoryRole"), "PolicyName", b.str("p"), "PolicyDocument", b.str(perms))},
			{Command: "sns set-topic-attributes", Input: b.object("TopicArn", b.str("arn:aws:sns:us-east-1:444455556666:topic"), "AttributeName", b.str("Policy"), "AttributeValue", computed)},
		}, Unknown: map[model.Loc]string{computed.Loc: computed.Value}},
	})
	if strings.Join(m.Files, " ") != "a.go b.go" {
		t.Errorf("files %v", m.Files)
	}
	// Each file writes resources of one account: its role by name is that
	// account's.
	byAccount := map[string]*model.Role{}
	for _, r := range m.Roles {
		byAccount[r.Account] = r
	}
	exec, other := byAccount["111122223333"], byAccount["444455556666"]
	if exec == nil || exec.Trust == nil || len(exec.Policies) != 0 {
		t.Fatalf("account A's role %+v: want its trust policy and not account B's permissions", exec)
	}
	if other == nil || other.Trust != nil || len(other.Policies) != 1 {
		t.Fatalf("account B's role %+v: want its permission policy alone", other)
	}
	if l := exec.Trust.Statements[0].Action.Values[0].Loc; l.File != "a.go" || l.Line != 2 || int(l.Col) != 11+len(`"MemoryRole", `)+1+strings.Index(trust, `"sts:`) {
		t.Errorf("trust action at %s", l)
	}
	if len(m.Roles) != 2 {
		t.Errorf("%d roles, want account A's and account B's", len(m.Roles))
	}
	if len(m.Policies) != 2 || len(m.Notes) != 1 || !strings.Contains(m.Notes[0], "computed when the program runs") {
		t.Errorf("policies %d, notes %q: want the trust and permission policies, and a note for the computed topic policy", len(m.Policies), m.Notes)
	}
	if len(m.Memories) != 1 || m.Memories[0].Definition == nil || m.Memories[0].Definition.Name.Value != "support_mem" {
		t.Errorf("memories %+v", m.Memories)
	}
}
