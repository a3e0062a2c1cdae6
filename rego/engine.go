// Package rego compiles memlint's Rego rules once and evaluates them against
// evaluation units built from the model.
//
// A rule is a package rules.<series>["<slug>"] with a "deny contains finding"
// rule and a package-scope METADATA block. The engine knows nothing about
// individual rules: it groups them by the evaluation units their metadata
// names (custom.inputs) and prepares one query per unit, so a document is
// only ever shown the rules that read its kind.
//
// Findings are built by data.lib.result; a finding's "loc" is an index into
// the location table the caller built alongside the input, which keeps the
// input small and lets Go map every finding back to file, line and column.
package rego

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	oparego "github.com/open-policy-agent/opa/v1/rego"

	"github.com/memlint/memlint/rules"
)

// libFS holds the helper packages every rule may import (data.lib.*).
//
//go:embed lib
var libFS embed.FS

// Units are the evaluation units a rule can ask for in custom.inputs.
const (
	// UnitPolicy is one policy document of any kind: input.policy.
	UnitPolicy = "policy"
	// UnitMemoryPolicy is one memory resource-based policy with the memory it is
	// attached to: input.policy, input.memory.
	UnitMemoryPolicy = "memory_policy"
	// UnitTrustPolicy is one role trust policy with the role and the memories
	// that use the role: input.policy, input.role, input.memories.
	UnitTrustPolicy = "trust_policy"
)

// Units lists every unit, in evaluation order.
var Units = []string{UnitPolicy, UnitMemoryPolicy, UnitTrustPolicy}

// Module is a Rego source file.
type Module struct {
	Path string
	Src  string
}

// Engine holds the compiled rules and one prepared query per unit. It is safe
// for concurrent use.
type Engine struct {
	metas   []*rules.Meta
	queries map[string]*unitQuery
}

type unitQuery struct {
	pq    oparego.PreparedEvalQuery
	metas []*rules.Meta // metas[i] is bound to variable r<i>
}

// Raw is a finding as a rule produced it, before locations are resolved.
type Raw struct {
	Rule     *rules.Meta
	Msg      string
	Loc      int
	Severity rules.Severity // "" keeps the rule's severity
	Related  []RawRelated
}

// RawRelated is a related location of a Raw finding.
type RawRelated struct {
	Loc int
	Msg string
}

// Sources returns the Rego modules memlint ships: the rule tree and the
// library. Tests are included when withTests is set.
func Sources(withTests bool) ([]Module, error) {
	var mods []Module
	add := func(fsys fs.FS, prefix string) error {
		return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
				return err
			}
			if !withTests && strings.HasSuffix(p, "_test.rego") {
				return nil
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			mods = append(mods, Module{Path: path.Join(prefix, p), Src: string(b)})
			return nil
		})
	}
	if err := add(rules.FS, "rules"); err != nil {
		return nil, fmt.Errorf("read embedded rules: %w", err)
	}
	if err := add(libFS, "rego"); err != nil {
		return nil, fmt.Errorf("read embedded library: %w", err)
	}
	return mods, nil
}

// Parse parses Rego modules (v1 syntax) with their annotations.
func Parse(mods []Module) (map[string]*ast.Module, error) {
	parsed := make(map[string]*ast.Module, len(mods))
	for _, m := range mods {
		pm, err := ast.ParseModuleWithOpts(m.Path, m.Src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		parsed[m.Path] = pm
	}
	return parsed, nil
}

// Load compiles the embedded rules plus any extra modules (users' own rules)
// and prepares the evaluation queries.
func Load(ctx context.Context, extra ...Module) (*Engine, error) {
	mods, err := Sources(false)
	if err != nil {
		return nil, err
	}
	mods = append(mods, extra...)
	parsed, err := Parse(mods)
	if err != nil {
		return nil, err
	}
	compiler := ast.NewCompiler().WithEnablePrintStatements(false)
	compiler.Compile(parsed)
	if compiler.Failed() {
		return nil, compiler.Errors
	}
	e := &Engine{queries: map[string]*unitQuery{}}
	paths := make([]string, 0, len(parsed))
	for p := range parsed {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		m := parsed[p]
		if !strings.HasPrefix(m.Package.Path.String(), "data.rules.") {
			continue
		}
		meta, err := decodeMeta(m)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		e.metas = append(e.metas, meta)
	}
	slices.SortFunc(e.metas, func(a, b *rules.Meta) int { return strings.Compare(a.ID, b.ID) })
	for _, unit := range Units {
		uq := &unitQuery{}
		var q []string
		for _, m := range e.metas {
			if !slices.Contains(m.Inputs, unit) {
				continue
			}
			q = append(q, fmt.Sprintf("r%d = data.rules.%s[%q].deny", len(uq.metas), m.Category, m.Slug))
			uq.metas = append(uq.metas, m)
		}
		if len(q) == 0 {
			continue
		}
		r := oparego.New(oparego.Query(strings.Join(q, "; ")), oparego.Compiler(compiler))
		uq.pq, err = r.PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("prepare %s rules: %w", unit, err)
		}
		e.queries[unit] = uq
	}
	return e, nil
}

// Metas returns the metadata of every Rego rule, ordered by ID.
func (e *Engine) Metas() []*rules.Meta { return e.metas }

// HasUnit reports whether any rule reads the unit.
func (e *Engine) HasUnit(unit string) bool { return e.queries[unit] != nil }

// Eval evaluates the rules of one unit against an input.
func (e *Engine) Eval(ctx context.Context, unit string, input ast.Value) ([]Raw, error) {
	uq := e.queries[unit]
	if uq == nil {
		return nil, nil
	}
	rs, err := uq.pq.Eval(ctx, oparego.EvalParsedInput(input))
	if err != nil {
		return nil, fmt.Errorf("evaluate %s rules: %w", unit, err)
	}
	var out []Raw
	for _, r := range rs {
		for i, m := range uq.metas {
			set, _ := r.Bindings[fmt.Sprintf("r%d", i)].([]any)
			for _, v := range set {
				raw, err := decodeFinding(m, v)
				if err != nil {
					return nil, err
				}
				out = append(out, raw)
			}
		}
	}
	return out, nil
}

func decodeFinding(m *rules.Meta, v any) (Raw, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return Raw{}, fmt.Errorf("rule %s: finding is %T, not an object built by data.lib.result", m.ID, v)
	}
	raw := Raw{Rule: m}
	raw.Msg, _ = obj["msg"].(string)
	loc, err := locIndex(obj["loc"])
	if err != nil || raw.Msg == "" {
		return Raw{}, fmt.Errorf("rule %s: finding %v has no message or location", m.ID, v)
	}
	raw.Loc = loc
	if s, ok := obj["severity"].(string); ok {
		sev, err := rules.ParseSeverity(s)
		if err != nil {
			return Raw{}, fmt.Errorf("rule %s: %w", m.ID, err)
		}
		raw.Severity = sev
	}
	rel, _ := obj["related"].([]any)
	for _, r := range rel {
		ro, _ := r.(map[string]any)
		l, err := locIndex(ro["loc"])
		if err != nil {
			return Raw{}, fmt.Errorf("rule %s: related location: %w", m.ID, err)
		}
		msg, _ := ro["msg"].(string)
		raw.Related = append(raw.Related, RawRelated{Loc: l, Msg: msg})
	}
	return raw, nil
}

func locIndex(v any) (int, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, fmt.Errorf("location %v is not a number", v)
	}
	i, err := n.Int64()
	return int(i), err
}
