package rego_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	memrego "github.com/memlint/memlint/rego"
)

// TestRulesTypeCheckAgainstSchema compiles the rules of each evaluation unit
// (custom.inputs) with OPA's type checker against that unit's input schema
// (schema/input.json, which TestInputSchema in internal/lint checks against
// what Go builds): a rule or library function that reads a field the input
// does not have — a typo, a field renamed in Go — fails here, where at run
// time it would only be undefined and the rule silently quiet.
func TestRulesTypeCheckAgainstSchema(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("schema", "input.json"))
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	srcs, err := memrego.Sources(false)
	if err != nil {
		t.Fatal(err)
	}
	mods, err := memrego.Parse(srcs)
	if err != nil {
		t.Fatal(err)
	}
	byPkg := map[string]*ast.Module{}
	units := map[string][]string{} // unit → rule module paths
	for path, m := range mods {
		byPkg[m.Package.Path.String()] = m
		for _, a := range m.Annotations {
			if a.Scope != "package" || a.Custom == nil {
				continue
			}
			ins, _ := a.Custom["inputs"].([]any)
			for _, in := range ins {
				if s, ok := in.(string); ok {
					units[s] = append(units[s], path)
				}
			}
		}
	}
	if len(units) < 5 {
		t.Fatalf("found the units %v in the rules' METADATA", units)
	}
	for unit, paths := range units {
		t.Run(unit, func(t *testing.T) {
			// The unit's rules and the library packages they import.
			sel := map[string]*ast.Module{}
			var add func(path string, m *ast.Module)
			add = func(path string, m *ast.Module) {
				if sel[path] != nil {
					return
				}
				sel[path] = m
				for _, imp := range m.Imports {
					ref := imp.Path.Value.(ast.Ref)
					for p, dep := range mods {
						if dep.Package.Path.Equal(ref) {
							add(p, dep)
						}
					}
				}
			}
			slices.Sort(paths)
			for _, p := range paths {
				add(p, mods[p])
			}
			doc := map[string]any{"$ref": "#/definitions/unit_" + unit, "definitions": root["definitions"]}
			ss := ast.NewSchemaSet()
			ss.Put(ast.SchemaRootRef, doc)
			c := ast.NewCompiler().WithSchemas(ss).WithUseTypeCheckAnnotations(true)
			c.Compile(sel)
			for _, e := range c.Errors {
				if strings.Contains(e.Location.File, "_test.rego") {
					continue
				}
				t.Errorf("%v", e)
			}
		})
	}
}
