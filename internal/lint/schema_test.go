package lint

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/txtardir"
	"github.com/memlint/memlint/rego"
)

// TestInputSchema builds every evaluation unit of every fixture (the rule
// scenarios and the bundled examples) and validates its input against the
// JSON Schema rules are written against, rego/schema/input.json: a field Go
// adds, renames or fills with another type without the schema (and
// rego/README.md) saying so fails here.
func TestInputSchema(t *testing.T) {
	eng, err := rego.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "rego", "schema", "input.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	id, _ := doc.(map[string]any)["$id"].(string)
	c := jsonschema.NewCompiler()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	schemas := map[string]*jsonschema.Schema{}
	schemaFor := func(unit string) *jsonschema.Schema {
		if s := schemas[unit]; s != nil {
			return s
		}
		// The unit's definition, its $refs resolved in the whole schema.
		s, err := c.Compile(id + "#/definitions/unit_" + unit)
		if err != nil {
			t.Fatalf("schema for unit %s: %v", unit, err)
		}
		schemas[unit] = s
		return s
	}
	whole, err := c.Compile(id)
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	seen := map[string]int{}
	forEachFixture(t, func(path string, m *model.Model) {
		for _, u := range buildUnits(eng, m) {
			in := ast.NewObject(u.build(&builder{})...)
			js, err := ast.JSON(in)
			if err != nil {
				t.Fatal(err)
			}
			// A combined unit's input is its first unit's, and its policy
			// is also what the policy rules read.
			for i, part := range strings.Split(u.name, "+") {
				doc := js
				if i > 0 {
					doc = map[string]any{"policy": js.(map[string]any)["policy"]}
				}
				if err := schemaFor(part).Validate(doc); err != nil {
					t.Errorf("%s: unit %s, as %s: %v", path, u.name, part, err)
				}
				seen[part]++
			}
			if err := whole.Validate(js); err != nil {
				t.Errorf("%s: unit %s: not one of the root schema's units", path, u.name)
			}
		}
	})
	for _, unit := range []string{rego.UnitPolicy, rego.UnitMemoryPolicy, rego.UnitTrustPolicy, rego.UnitMemory, rego.UnitRole} {
		if seen[unit] == 0 {
			t.Errorf("no %s unit among the fixtures", unit)
		}
	}
}

// forEachFixture loads every rule scenario and bundled example under
// fixtures/ (a scenario that does not load, such as a broken manifest, is
// skipped).
func forEachFixture(t *testing.T, f func(path string, m *model.Model)) {
	t.Helper()
	root := filepath.Join("..", "..", "fixtures")
	archives, err := filepath.Glob(filepath.Join(root, "*", "*", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dirs, _ := filepath.Glob(filepath.Join(root, "examples", "*"))
	for _, path := range append(archives, dirs...) {
		dir := path
		if filepath.Ext(path) == ".txtar" {
			dir, _ = txtardir.Extract(t, path, "want")
		}
		m, err := load.Load([]string{dir}, load.Options{})
		if err != nil {
			continue
		}
		f(path, m)
	}
}
