package lint

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	oparego "github.com/open-policy-agent/opa/v1/rego"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/rego"
)

// TestHasFacts checks the input.policy.has facts Go builds against
// data.lib.policy.with_has, which the rules' Rego tests build their inputs
// with, on every policy input of every fixture: a guard that said "none"
// where a statement holds one would silently drop findings, and tests
// written through a with_has that disagreed with Go would test another
// input than memlint builds. Every fact must also be true somewhere.
func TestHasFacts(t *testing.T) {
	ctx := context.Background()
	eng, err := rego.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mods, err := rego.Sources(false)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := rego.Parse(mods)
	if err != nil {
		t.Fatal(err)
	}
	c := ast.NewCompiler()
	if c.Compile(parsed); c.Failed() {
		t.Fatal(c.Errors)
	}
	pq, err := oparego.New(oparego.Query("x = data.lib.policy.with_has(object.remove(input, {\"has\"})).has"), oparego.Compiler(c)).PrepareForEval(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	check := func(path string, pol ast.Value) {
		obj, ok := pol.(ast.Object)
		if !ok {
			t.Fatalf("%s: policy input is a %T", path, pol)
		}
		got := obj.Get(ast.InternedTerm("has"))
		if got == nil {
			t.Fatalf("%s: policy input without has", path)
		}
		rs, err := pq.Eval(ctx, oparego.EvalParsedInput(pol))
		if err != nil || len(rs) != 1 {
			t.Fatalf("%s: with_has: %v (%d results)", path, err, len(rs))
		}
		want, err := ast.InterfaceToValue(rs[0].Bindings["x"])
		if err != nil {
			t.Fatal(err)
		}
		if got.Value.Compare(want) != 0 {
			t.Errorf("%s: Go built has %v, with_has says %v", path, got, want)
		}
		got.Value.(ast.Object).Foreach(func(k, v *ast.Term) {
			if v.Value.Compare(ast.Boolean(true)) == 0 {
				seen[string(k.Value.(ast.String))] = true
			}
		})
	}
	forEachFixture(t, func(path string, m *model.Model) {
		for _, u := range buildUnits(eng, m) {
			in := ast.NewObject(u.build(&builder{})...)
			if p := in.Get(ast.InternedTerm("policy")); p != nil {
				check(path, p.Value)
			}
			if ps := in.Get(ast.InternedTerm("policies")); ps != nil {
				for i := range ps.Value.(*ast.Array).Len() {
					check(path, ps.Value.(*ast.Array).Elem(i).Value)
				}
			}
		}
	})
	for _, k := range []string{"condition", "principal", "not_principal", "list", "repeated_sid", "qualifier", "wildcard_value", "arn_condition", "passrole", "redundant", "s3_level", "unknown_action", "arn_problem", "no_principal", "no_resource"} {
		if !seen[k] {
			t.Errorf("no fixture has %s: the fact is never true", k)
		}
	}
}

// TestGuardsLoseNothing evaluates every unit of every fixture twice: as
// built, and with every input.policy.has fact set to true (no body
// skipped). The findings must be the same: a guard that said "none" where
// its rule fires would drop findings without a word.
func TestGuardsLoseNothing(t *testing.T) {
	ctx := context.Background()
	eng, err := rego.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	allTrue := func(pol *ast.Term) *ast.Term {
		obj, ok := pol.Value.(ast.Object)
		if !ok {
			return pol
		}
		has := obj.Get(ast.InternedTerm("has"))
		if has == nil {
			return pol
		}
		var items [][2]*ast.Term
		has.Value.(ast.Object).Foreach(func(k, _ *ast.Term) { items = append(items, [2]*ast.Term{k, ast.BooleanTerm(true)}) })
		out := obj.Copy()
		out.Insert(ast.InternedTerm("has"), ast.ObjectTerm(items...))
		return ast.NewTerm(out)
	}
	fired := 0
	forEachFixture(t, func(path string, m *model.Model) {
		for _, u := range buildUnits(eng, m) {
			in := ast.NewObject(u.build(&builder{})...)
			open := in.Copy()
			if p := in.Get(ast.InternedTerm("policy")); p != nil {
				open.Insert(ast.InternedTerm("policy"), allTrue(p))
			}
			if ps := in.Get(ast.InternedTerm("policies")); ps != nil {
				arr := ps.Value.(*ast.Array)
				var all []*ast.Term
				for i := range arr.Len() {
					all = append(all, allTrue(arr.Elem(i)))
				}
				open.Insert(ast.InternedTerm("policies"), ast.ArrayTerm(all...))
			}
			got, err := eng.Eval(ctx, u.name, in)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			want, err := eng.Eval(ctx, u.name, open)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			fired += len(want)
			if g, w := fmt.Sprint(sortedRaw(got)), fmt.Sprint(sortedRaw(want)); g != w {
				t.Errorf("%s, unit %s: with the guards\n%s\nwith every guard open\n%s", path, u.name, g, w)
			}
		}
	})
	if fired == 0 {
		t.Fatal("no finding at all: the comparison tests nothing")
	}
}

func sortedRaw(rs []rego.Raw) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = fmt.Sprintf("%+v", r)
	}
	slices.Sort(out)
	return out
}
