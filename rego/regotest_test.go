package rego_test

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/tester"

	memrego "github.com/memlint/memlint/rego"
)

// TestRego runs every _test.rego of the rule tree and the library as a Go
// subtest, so `go test ./...` is the one gate.
func TestRego(t *testing.T) {
	srcs, err := memrego.Sources(true)
	if err != nil {
		t.Fatal(err)
	}
	mods, err := memrego.Parse(srcs)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := tester.NewRunner().SetModules(mods).RaiseBuiltinErrors(true).RunTests(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range ch {
		n++
		t.Run(r.Package+"."+r.Name, func(t *testing.T) {
			switch {
			case r.Error != nil:
				t.Errorf("%s: error: %v", r.Location, r.Error)
			case r.Fail:
				t.Errorf("%s: failed", r.Location)
			case r.Skip:
				t.Skipf("%s: skipped", r.Location)
			}
		})
	}
	if n == 0 {
		t.Fatal("no Rego tests found")
	}
}
