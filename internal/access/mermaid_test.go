package access_test

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/access"
	"github.com/memlint/memlint/internal/goldfile"
)

func TestEscape(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`plain text: sns:Publish ✓`, `plain text: sns:Publish ✓`},
		{`say "hi"`, `say #quot;hi#quot;`},
		{`[a] {b} |c|`, `#91;a#93; #123;b#125; #124;c#124;`},
		{`<b> & #1`, `#60;b#62; #38; #35;1`},
		{"`md`", "#96;md#96;"},
		{"two\nlines", "two lines"},
		{`(parens) are fine`, `(parens) are fine`},
	}
	for _, tt := range tests {
		if got := access.Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// nasty is a view whose every label holds characters Mermaid would
// otherwise read as syntax.
func nasty() *access.View {
	cells := func(d access.Decision, detail string) []*access.Cell {
		var out []*access.Cell
		for _, a := range access.Actions {
			out = append(out, &access.Cell{Action: a, Decision: d, Detail: detail, Statements: []string{}})
		}
		return out
	}
	return &access.View{Schema: access.Schema, Memories: []*access.Memory{{
		ARN:              "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/end-a1b2c3d4e5",
		Name:             `end"] --> x[("oops`,
		Account:          "111122223333",
		ExecutionRole:    "arn:aws:iam::111122223333:role/path/Role+=,.@_-",
		ResourcePolicies: []string{"a [1].json", "b {2}.json"},
		Grants: []*access.Grant{
			{Principal: "arn:aws:iam::444455556666:role/Reader", Kind: "role", Account: "444455556666", ResourcePolicy: "a [1].json",
				Identity: access.IdentitySupplied, Status: access.StatusDenied, Reason: `policy says "no" | [x] {y} <z> #1 & more`,
				Actions: cells(access.Denied, "")},
			{Principal: "*", Kind: "public", ResourcePolicy: "b {2}.json", Identity: access.IdentityMissing, Status: access.StatusUnknown,
				Actions: cells(access.Unknown, `allowed if StringEquals aws:PrincipalOrgID "o-1|o-2"`)},
		},
		Deliveries: []*access.Delivery{
			{Service: "sns", Destination: "arn:aws:sns:us-east-1:444455556666:t\"op[ic]", Account: "444455556666", Status: access.StatusDenied,
				Reason: `topic policy names "Other" role`, Steps: []*access.Step{{Step: "trust", Action: "sts:AssumeRole", Decision: access.Allowed}}},
		},
	}}}
}

// TestMermaidEscaping checks that every label is one quoted string without
// raw quotes, brackets or pipes, and that node ids are plain identifiers.
// The golden is rendered by the real Mermaid renderer in .ci/run.
func TestMermaidEscaping(t *testing.T) {
	var buf bytes.Buffer
	if err := access.WriteMermaid(&buf, nasty()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	id := `[A-Za-z][A-Za-z0-9_]*`
	lbl := `"([^"\[\]{}|<>` + "`" + `]|<br/>)*"`
	lineRE := regexp.MustCompile(`^(flowchart LR|  end|  subgraph ` + id + `\[` + lbl + `\]` +
		`|\s+` + id + `(\[` + lbl + `\]|\[\(` + lbl + `\)\]|\(\[` + lbl + `\]\)|\{\{` + lbl + `\}\})` +
		`|  ` + id + ` (-->|-\.->)\|` + lbl + `\| ` + id +
		`|  classDef .*|  class ` + id + `(,` + id + `)* ` + id + `|  linkStyle [0-9,]+ .*)$`)
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !lineRE.MatchString(l) {
			t.Errorf("line not in the expected shape: %s", l)
		}
	}
	for _, ok := range []string{"#quot;no#quot;", "#91;x#93;", "#123;y#125;", "#60;z#62;", "#35;1", "#38;", "#124;"} {
		if !strings.Contains(out, ok) {
			t.Errorf("output lacks %q:\n%s", ok, out)
		}
	}
	golden := filepath.Join("..", "..", "fixtures", "golden", "access-escape.mmd")
	goldfile.Check(t, golden, buf.Bytes(), "./internal/access")
}
