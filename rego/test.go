package rego

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego test rule.
type TestResult struct {
	// Name is the test's package and rule, e.g.
	// data.rules.custom["no-delete_test"].test_deny_delete.
	Name string
	// Location is the test rule's file:line.
	Location string
	Fail     bool
	Skip     bool
	Err      error
}

// RunTests runs the test rules (test_*) of users' modules with OPA's tester,
// alongside memlint's library and shipped rules so tests can import
// data.lib.* and compare with shipped behaviour. Results come in file and
// line order. A module that does not parse or compile is an error naming
// its file and line.
func RunTests(ctx context.Context, mods []Module) ([]TestResult, error) {
	shipped, err := Sources(false)
	if err != nil {
		return nil, err
	}
	parsed, err := Parse(append(shipped, mods...))
	if err != nil {
		return nil, err
	}
	ch, err := tester.NewRunner().SetModules(parsed).RaiseBuiltinErrors(true).RunTests(ctx, nil)
	if err != nil {
		return nil, err
	}
	var rs []*tester.Result
	for r := range ch {
		rs = append(rs, r)
	}
	slices.SortStableFunc(rs, func(a, b *tester.Result) int {
		if a.Location == nil || b.Location == nil {
			return 0
		}
		return cmp.Or(strings.Compare(a.Location.File, b.Location.File), cmp.Compare(a.Location.Row, b.Location.Row))
	})
	out := make([]TestResult, 0, len(rs))
	for _, r := range rs {
		tr := TestResult{Name: r.Package + "." + r.Name, Fail: r.Fail, Skip: r.Skip, Err: r.Error}
		if r.Location != nil {
			tr.Location = fmt.Sprintf("%s:%d", r.Location.File, r.Location.Row)
		}
		out = append(out, tr)
	}
	return out, nil
}
