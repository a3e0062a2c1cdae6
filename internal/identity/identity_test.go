package identity_test

import (
	"path/filepath"
	"testing"

	"github.com/memlint/memlint/internal/identity"
	"github.com/memlint/memlint/rules"
)

func TestRelPathAndURI(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ base, file, path, uri string }{
		{"", "a/b.json", "a/b.json", "a/b.json"},
		{"", "./a//b.json", "a/b.json", "a/b.json"},
		{"repo", "repo/x/y.yaml", "x/y.yaml", "x/y.yaml"},
		{"/src/repo", "/src/repo/cfn templates/stack.yaml", "cfn templates/stack.yaml", "cfn%20templates/stack.yaml"},
		{"/src/repo", "/src/other/p.json", "../other/p.json", "../other/p.json"},
		{"repo", "repo/a:b.json", "a:b.json", "./a:b.json"},
		{"repo", "repo/données/é.json", "données/é.json", "donn%C3%A9es/%C3%A9.json"},
		{"repo", "", "", ""},
	} {
		path := identity.RelPath(filepath.FromSlash(tc.base), filepath.FromSlash(tc.file))
		if path != tc.path {
			t.Errorf("RelPath(%q, %q) = %q, want %q", tc.base, tc.file, path, tc.path)
		}
		if uri := identity.URI(path); uri != tc.uri {
			t.Errorf("URI(%q) = %q, want %q", path, uri, tc.uri)
		}
	}
}

func TestFingerprintIgnoresPosition(t *testing.T) {
	t.Parallel()
	f := rules.Finding{
		RuleID: "ML101", Severity: rules.Medium,
		Msg:      "The statement grants the root of account '222233334444'.",
		Loc:      rules.Location{File: "memory/policy.json", Line: 9, Col: 21, EndLine: 9, EndCol: 55},
		Resource: "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support-abc123",
		Anchor:   "ConsumerRead",
	}
	moved := f
	moved.Loc.Line += 40
	moved.Loc.EndLine += 40
	if identity.Fingerprint(f, "memory/policy.json") != identity.Fingerprint(moved, "memory/policy.json") {
		t.Error("fingerprint changed when the finding moved")
	}
	for name, g := range map[string]rules.Finding{
		"rule":     {RuleID: "ML102", Msg: f.Msg, Resource: f.Resource, Anchor: f.Anchor},
		"message":  {RuleID: f.RuleID, Msg: f.Msg + " ", Resource: f.Resource, Anchor: f.Anchor},
		"resource": {RuleID: f.RuleID, Msg: f.Msg, Resource: f.Resource + "x", Anchor: f.Anchor},
		"anchor":   {RuleID: f.RuleID, Msg: f.Msg, Resource: f.Resource, Anchor: "#0"},
	} {
		if identity.Fingerprint(g, "memory/policy.json") == identity.Fingerprint(f, "memory/policy.json") {
			t.Errorf("fingerprint ignores the %s", name)
		}
	}
	if identity.Fingerprint(f, "memory/policy.json") == identity.Fingerprint(f, "memory/other.json") {
		t.Error("fingerprint ignores the file")
	}
	// Field boundaries matter: moving text from one field to the next must
	// change the hash.
	a := rules.Finding{RuleID: "ML101", Resource: "ab", Anchor: "c"}
	b := rules.Finding{RuleID: "ML101", Resource: "a", Anchor: "bc"}
	if identity.Fingerprint(a, "p") == identity.Fingerprint(b, "p") {
		t.Error("fingerprint fields run into each other")
	}
}
