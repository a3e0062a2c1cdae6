package rego

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
)

// TestScanMeta checks the fast METADATA reader agrees with OPA's annotation
// parser on every shipped rule.
func TestScanMeta(t *testing.T) {
	mods, err := Sources(false)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range mods {
		if !strings.HasPrefix(m.Path, "rules/") {
			continue
		}
		n++
		fast, err := scanMeta(m.Src)
		if err != nil {
			t.Errorf("%s: scan: %v", m.Path, err)
			continue
		}
		pm, err := ast.ParseModuleWithOpts(m.Path, m.Src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatal(err)
		}
		slow, err := decodeMeta(pm)
		if err != nil {
			t.Errorf("%s: %v", m.Path, err)
			continue
		}
		if diff := cmp.Diff(slow, fast); diff != "" {
			t.Errorf("%s: scanMeta differs from OPA's annotations (-opa +scan):\n%s", m.Path, diff)
		}
	}
	if n == 0 {
		t.Fatal("no rules")
	}
}

func TestScanMetaErrors(t *testing.T) {
	for _, src := range []string{
		"package rules.policy[\"x\"]\n",
		"# METADATA\n# title: T\npackage lib.x\n",
		"# METADATA\n# title: [unclosed\npackage rules.policy[\"x\"]\n",
		"# METADATA\n# title: T\n# custom:\n#   id: ML999\n#   severity: huge\n#   inputs: [policy]\npackage rules.policy[\"x\"]\n",
		"# METADATA\n# title: T\n# custom:\n#   id: ML999\n#   severity: high\n#   inputs: [policy]\n#   bogus: 1\npackage rules.policy[\"x\"]\n",
	} {
		if _, err := scanMeta(src); err == nil {
			t.Errorf("scanMeta(%q): want an error", src)
		}
	}
}
