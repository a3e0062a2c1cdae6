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
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"

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
	// UnitMemory is one memory with everything linked to it and the IAM
	// decisions Go made across both sides: input.memory, input.definition,
	// input.role, input.deliveries, input.consumers, input.arn_mismatches.
	UnitMemory = "memory"
	// UnitRole is one role's permission policies with what the memories
	// using it deliver to: input.role, input.policies,
	// input.deliveries_known, input.delivery_resources.
	UnitRole = "role"
)

// Units lists every unit, in evaluation order.
var Units = []string{UnitPolicy, UnitMemoryPolicy, UnitTrustPolicy, UnitMemory, UnitRole}

// Combined units evaluate the rules of two units in one evaluation, on an
// input that has what both read: a memory resource policy (or a trust
// policy) is shown the policy rules together with its own kind's rules, as
// input.policy is the same document in both. One evaluation instead of
// two saves OPA's fixed cost of an evaluation and building the policy's
// input twice.
const (
	UnitMemoryPolicyAndPolicy = UnitMemoryPolicy + "+" + UnitPolicy
	UnitTrustPolicyAndPolicy  = UnitTrustPolicy + "+" + UnitPolicy
)

var combinedUnits = []string{UnitMemoryPolicyAndPolicy, UnitTrustPolicyAndPolicy}

// reads reports whether a rule reads unit, a single or combined unit.
func reads(r *rule, unit string) bool {
	for part := range strings.SplitSeq(unit, "+") {
		if slices.Contains(r.meta.Inputs, part) {
			return true
		}
	}
	return false
}

// Module is a Rego source file.
type Module struct {
	Path string
	Src  string
}

// Engine holds the rules and compiles them on demand. It is safe for
// concurrent use.
type Engine struct {
	metas  []*rules.Meta
	rules  []*rule
	lib    []Module
	strict bool
	custom bool
	units  map[string]*unitState
	mu     sync.Mutex // held while compiling
	// store is the (empty) data store the evaluations read: the rules
	// read only their input.
	store storage.Store
}

type rule struct {
	meta *rules.Meta
	mod  Module
}

// unitState holds a unit's prepared queries once they exist.
type unitState struct {
	ready  atomic.Bool // shards and err are set
	shards []*shard
	err    error
}

// shard is the query over the rules of one unit in one compiled group of
// rules; metas[i] is bound to variable r<i>.
type shard struct {
	compiler *ast.Compiler
	qc       ast.QueryCompiler
	query    ast.Body
	vars     []ast.Var // vars[i] is bound to the findings of metas[i]
	metas    []*rules.Meta
	refs     []string   // refs[i] is the reference to metas[i]'s deny
	guards   [][]string // guards[i]: the input.policy.has facts every body of metas[i] starts with (nil: not all do)

	// variants are the queries without the rules whose guards an input
	// holds false, by the set of rules left out (bit i: metas[i]).
	mu       sync.Mutex
	variants map[uint64]*variant
}

// variant is a unit's query without some guarded rules: an input whose
// input.policy.has facts are all false for a rule's guards cannot get a
// finding from it, and OPA still spends a dozen allocations on every rule
// of a query (its empty set of findings, the cache entry, the index
// lookup), whose guard it would only find false. A clean document of a
// tree skips most of the policy rules this way.
type variant struct {
	qc    ast.QueryCompiler
	query ast.Body // nil when every rule is left out
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
	return parse(mods, true)
}

// parse parses Rego modules, with their annotations or without: the engine
// reads rules' metadata before compiling them (the shipped rules' from a
// generated table, users' from their own parse in load), so it compiles
// modules parsed without them (reading the METADATA blocks was 8% of
// compiling a memory policy's rules and of the bytes it allocated), and
// takes a shipped module from preparsed.bin when it has its source.
func parse(mods []Module, annotations bool) (map[string]*ast.Module, error) {
	parsed := make(map[string]*ast.Module, len(mods))
	for _, m := range mods {
		if !annotations {
			if pm := preparsedModule(m); pm != nil {
				parsed[m.Path] = pm
				continue
			}
		}
		pm, err := ast.ParseModuleWithOpts(m.Path, m.Src, ast.ParserOptions{ProcessAnnotation: annotations, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		parsed[m.Path] = pm
	}
	return parsed, nil
}

// checkOnlyStages are compiler stages that only report errors; they change
// nothing the evaluator runs.
var checkOnlyStages = []ast.StageID{
	ast.StageCheckUnusedImports,
	ast.StageCheckKeywordOverrides,
	ast.StageCheckDuplicateImports,
	ast.StageCheckVoidCalls,
	ast.StageCheckRuleConflicts,
	ast.StageCheckUndefinedFuncs,
	ast.StageCheckRecursion,
	ast.StageCheckTypes,
	ast.StageCheckUnsafeBuiltins,
	ast.StageCheckDeprecatedBuiltins,
	ast.StageRewriteTestRulesForTracing,
	ast.StageBuildRequiredCapabilities,
}

// unusedStages rewrite what the shipped rules do not use (print calls,
// template strings, METADATA, rego.metadata calls): on them the stages
// change nothing (TestUnusedStages) but still walk every rule, 7% of
// compiling.
var unusedStages = []ast.StageID{
	ast.StageRewritePrintCalls,
	ast.StageRewriteTemplateStrings,
	ast.StageParseMetadataBlocks,
	ast.StageSetAnnotationSet,
	ast.StageRewriteRegoMetadataCalls,
}

// Load reads the embedded rules plus any extra modules (users' own rules).
// Rules are compiled on first use, only those of the units an input needs,
// in parallel groups: a pre-commit run over one identity policy compiles
// only the rules that read policies, on every core.
func Load(ctx context.Context, extra ...Module) (*Engine, error) {
	return load(ctx, false, extra)
}

// LoadStrict is Load with every compiler check (types, unused imports and
// variables, strict mode), compiling every unit at once; the tests use it
// to validate the shipped rules.
func LoadStrict(ctx context.Context, extra ...Module) (*Engine, error) {
	e, err := load(ctx, true, extra)
	if err != nil {
		return nil, err
	}
	if err := e.Prepare(ctx, slices.Concat(Units, combinedUnits)...); err != nil {
		return nil, err
	}
	return e, nil
}

func load(ctx context.Context, strict bool, extra []Module) (*Engine, error) {
	mods, err := Sources(false)
	if err != nil {
		return nil, err
	}
	e := &Engine{strict: strict, custom: len(extra) > 0, units: map[string]*unitState{}, store: inmem.New()}
	for _, m := range mods {
		if !strings.HasPrefix(m.Path, "rules/") {
			e.lib = append(e.lib, m)
			continue
		}
		meta, err := shippedMeta(m)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.Path, err)
		}
		e.rules = append(e.rules, &rule{meta: meta, mod: m})
	}
	for _, m := range extra {
		pm, err := ast.ParseModuleWithOpts(m.Path, m.Src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		if !strings.HasPrefix(pm.Package.Path.String(), "data.rules.") {
			e.lib = append(e.lib, m)
			continue
		}
		meta, err := decodeMeta(pm)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.Path, err)
		}
		e.rules = append(e.rules, &rule{meta: meta, mod: m})
	}
	slices.SortFunc(e.rules, func(a, b *rule) int { return strings.Compare(a.meta.ID, b.meta.ID) })
	for _, r := range e.rules {
		e.metas = append(e.metas, r.meta)
	}
	for _, unit := range slices.Concat(Units, combinedUnits) {
		e.units[unit] = &unitState{}
	}
	if e.custom {
		// Users' rules are compiled at once so their errors are reported
		// before any input is read.
		if err := e.Prepare(ctx, slices.Concat(Units, combinedUnits)...); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// Prepare compiles the rules of the given units, if that has not been done
// yet. Eval prepares its unit itself; calling Prepare first with every unit
// an input needs compiles their rules together, once: the rules are split
// into one group per core, balanced by source size, and each group is
// compiled once with the library packages its rules import, whichever
// units they serve (compiling per unit compiled the libraries again for
// every unit).
func (e *Engine) Prepare(ctx context.Context, units ...string) error {
	return e.PrepareFor(ctx, 0, units...)
}

// oneGroupFrom is the number of evaluations from which the rules compile
// as one group: each group is one more query per evaluation (measured: 6%
// more evaluation time per extra group), which outweighs compiling on
// every core once a run evaluates a few thousand units.
const oneGroupFrom = 4000

// PrepareFor is Prepare for a run that will evaluate the units evals times
// in all: a large run compiles the rules as one group.
func (e *Engine) PrepareFor(ctx context.Context, evals int, units ...string) error {
	for _, u := range units {
		if e.units[u] == nil {
			return fmt.Errorf("unknown evaluation unit %q", u)
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	var todo []string
	for _, u := range units {
		if !e.units[u].ready.Load() && !slices.Contains(todo, u) {
			todo = append(todo, u)
		}
	}
	if len(todo) > 0 {
		n := runtime.GOMAXPROCS(0)
		if e.strict || evals >= oneGroupFrom {
			n = 1
		}
		shards, err := e.compile(ctx, todo, n)
		for _, u := range todo {
			st := e.units[u]
			st.shards, st.err = shards[u], err
			st.ready.Store(true)
		}
	}
	for _, u := range units {
		if err := e.units[u].err; err != nil {
			return err
		}
	}
	return nil
}

// PrepareAll compiles the rules of every unit as one group, the way a run
// of thousands of evaluations does (PrepareFor). A caller that learns early
// that a run will be large (the CLI, once a directory walk has read many
// files) starts it while the input is still loading, on a core the
// single-threaded loader leaves idle.
func (e *Engine) PrepareAll(ctx context.Context) error {
	return e.PrepareFor(ctx, oneGroupFrom, slices.Concat(Units, combinedUnits)...)
}

// compile compiles the rules of the units in groups, concurrently, and
// prepares one query per unit and group.
func (e *Engine) compile(ctx context.Context, units []string, maxGroups int) (map[string][]*shard, error) {
	var rs []*rule
	for _, r := range e.rules {
		if slices.ContainsFunc(units, func(u string) bool { return reads(r, u) }) {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return nil, nil
	}
	n := min(maxGroups, len(rs))
	groups := make([][]*rule, n)
	sizes := make([]int, n)
	bySize := slices.Clone(rs)
	slices.SortStableFunc(bySize, func(a, b *rule) int { return len(b.mod.Src) - len(a.mod.Src) })
	for _, r := range bySize {
		i := slices.Index(sizes, slices.Min(sizes))
		groups[i] = append(groups[i], r)
		sizes[i] += len(r.mod.Src)
	}
	// Each group keeps the rules in ID order, so findings come out of a
	// unit in the same order whatever the grouping.
	for _, g := range groups {
		slices.SortFunc(g, func(a, b *rule) int { return strings.Compare(a.meta.ID, b.meta.ID) })
	}
	return e.compileGroups(ctx, units, groups)
}

func (e *Engine) compileGroups(ctx context.Context, units []string, groups [][]*rule) (map[string][]*shard, error) {
	n := len(groups)
	byGroup := make([]map[string]*shard, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, g := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			byGroup[i], errs[i] = e.compileGroup(ctx, units, g)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := map[string][]*shard{}
	for _, m := range byGroup {
		for _, u := range units {
			if sh := m[u]; sh != nil {
				out[u] = append(out[u], sh)
			}
		}
	}
	return out, nil
}

// compileGroup compiles one group of rules with the library they import and
// prepares, for each unit, the query over the group's rules of that unit.
func (e *Engine) compileGroup(ctx context.Context, units []string, rs []*rule) (map[string]*shard, error) {
	mods := e.libsFor(rs)
	for _, r := range rs {
		mods = append(mods, r.mod)
	}
	parsed, err := parse(mods, e.strict)
	if err != nil {
		return nil, err
	}
	compiler := ast.NewCompiler().WithEnablePrintStatements(false).WithStrict(e.strict)
	if !e.strict && !e.custom {
		// The shipped rules pass every check in the tests (LoadStrict); at
		// run time the pure checks are skipped. The stages that rewrite or
		// reorder rules for evaluation all still run.
		compiler = compiler.WithSkipStages(slices.Concat(checkOnlyStages, unusedStages)...)
	}
	compiler.Compile(parsed)
	if compiler.Failed() {
		return nil, compiler.Errors
	}
	out := map[string]*shard{}
	for _, u := range units {
		sh := &shard{}
		var q []string
		for _, r := range rs {
			if reads(r, u) {
				ref := fmt.Sprintf("data.rules.%s[%q].deny", r.meta.Category, r.meta.Slug)
				q = append(q, fmt.Sprintf("%s = %s", varName(len(sh.metas)), ref))
				sh.metas = append(sh.metas, r.meta)
				sh.refs = append(sh.refs, ref)
				sh.guards = append(sh.guards, denyGuards(parsed[r.mod.Path]))
			}
		}
		if len(q) == 0 {
			continue
		}
		body, err := ast.ParseBody(strings.Join(q, "; "))
		if err != nil {
			return nil, fmt.Errorf("prepare %s rules: %w", u, err)
		}
		qc := compiler.QueryCompiler().WithStrict(false)
		if sh.query, err = qc.Compile(body); err != nil {
			return nil, fmt.Errorf("prepare %s rules: %w", u, err)
		}
		sh.compiler, sh.qc = compiler, qc
		for i := range sh.metas {
			sh.vars = append(sh.vars, ast.Var(varName(i)))
		}
		out[u] = sh
	}
	return out, nil
}

// denyGuards are the input.policy.has facts the bodies of a module's deny
// rule start with, when every body starts with one (rego/README.md,
// "Guards"); nil otherwise. The module is the parsed one, before the
// compiler rewrites it.
func denyGuards(m *ast.Module) []string {
	if m == nil {
		return nil
	}
	deny := ast.Ref{ast.VarTerm("deny")}
	var out []string
	for _, r := range m.Rules {
		if !r.Head.Ref().Equal(deny) {
			continue
		}
		if r.Else != nil || r.Default || len(r.Body) == 0 {
			return nil
		}
		e := r.Body[0]
		t, ok := e.Terms.(*ast.Term)
		if !ok || e.Negated || len(e.With) > 0 {
			return nil
		}
		ref, ok := t.Value.(ast.Ref)
		if !ok || len(ref) != 4 || !ref[0].Equal(ast.InputRootDocument) ||
			!ref[1].Equal(ast.InternedTerm("policy")) || !ref[2].Equal(ast.InternedTerm("has")) {
			return nil
		}
		name, ok := ref[3].Value.(ast.String)
		if !ok {
			return nil
		}
		if !slices.Contains(out, string(name)) {
			out = append(out, string(name))
		}
	}
	return out
}

// Guards are the input.policy.has facts of the rules whose every deny body
// starts with one, by rule ID: the rules the engine leaves out of the
// query of a document whose facts are all false for them.
func (e *Engine) Guards() map[string][]string {
	out := map[string][]string{}
	for _, r := range e.rules {
		parsed, err := parse([]Module{r.mod}, false)
		if err != nil {
			continue
		}
		if g := denyGuards(parsed[r.mod.Path]); g != nil {
			out[r.meta.ID] = g
		}
	}
	return out
}

// skipped is the set of a shard's guarded rules (bit i: metas[i]) whose
// every guard the input holds false or lacks.
func (sh *shard) skipped(input ast.Value) uint64 {
	obj, ok := input.(ast.Object)
	if !ok {
		return 0
	}
	var has ast.Object
	if p, ok := termAt(obj, "policy").(ast.Object); ok {
		has, _ = termAt(p, "has").(ast.Object)
	}
	var mask uint64
	for i, g := range sh.guards {
		if g == nil || i >= 64 {
			continue
		}
		open := false
		for _, name := range g {
			if has != nil && truthy(has, name) {
				open = true
				break
			}
		}
		if !open {
			mask |= 1 << i
		}
	}
	return mask
}

// variant is the shard's query without the rules in mask, compiled on
// first use.
func (sh *shard) variant(mask uint64) (*variant, error) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if v := sh.variants[mask]; v != nil {
		return v, nil
	}
	v := &variant{}
	var q []string
	for i := range sh.metas {
		if i < 64 && mask&(1<<i) != 0 {
			continue
		}
		q = append(q, fmt.Sprintf("%s = %s", varName(i), sh.refs[i]))
	}
	if len(q) > 0 {
		body, err := ast.ParseBody(strings.Join(q, "; "))
		if err != nil {
			return nil, err
		}
		v.qc = sh.compiler.QueryCompiler().WithStrict(false)
		if v.query, err = v.qc.Compile(body); err != nil {
			return nil, err
		}
	}
	if sh.variants == nil {
		sh.variants = map[uint64]*variant{}
	}
	sh.variants[mask] = v
	return v, nil
}

// importRe and packageRe read a module's imports and package from its
// source without parsing it.
var (
	importRe  = regexp.MustCompile(`(?m)^import\s+data\.([A-Za-z0-9_.]+)`)
	packageRe = regexp.MustCompile(`(?m)^package\s+([A-Za-z0-9_.]+)`)
)

// libsFor returns the library modules the rules import, directly or through
// another library module: a group compiles only those (each group compiles
// its own copy, so an unused library costs every group). With users' own
// modules, whose packages may be imported in other ways, every library
// module is included.
func (e *Engine) libsFor(rs []*rule) []Module {
	if e.custom {
		return slices.Clone(e.lib)
	}
	byPkg := map[string]Module{}
	for _, m := range e.lib {
		if p := packageRe.FindStringSubmatch(m.Src); p != nil {
			byPkg[p[1]] = m
		}
	}
	need := map[string]bool{}
	var visit func(src string)
	visit = func(src string) {
		for _, imp := range importRe.FindAllStringSubmatch(src, -1) {
			if m, ok := byPkg[imp[1]]; ok && !need[imp[1]] {
				need[imp[1]] = true
				visit(m.Src)
			}
		}
	}
	for _, r := range rs {
		visit(r.mod.Src)
	}
	var out []Module
	for _, m := range e.lib {
		if p := packageRe.FindStringSubmatch(m.Src); p != nil && need[p[1]] {
			out = append(out, m)
		}
	}
	return out
}

// Only returns an engine with the rules whose IDs are given, compiled on
// demand like e's: a measurement (BenchmarkRules) ranks the rules by
// evaluating each alone over the same inputs.
func (e *Engine) Only(ids ...string) *Engine {
	o := &Engine{strict: e.strict, custom: e.custom, lib: e.lib, units: map[string]*unitState{}, store: e.store}
	for _, r := range e.rules {
		if slices.Contains(ids, r.meta.ID) {
			o.rules = append(o.rules, r)
			o.metas = append(o.metas, r.meta)
		}
	}
	for u := range e.units {
		o.units[u] = &unitState{}
	}
	return o
}

// Metas returns the metadata of every Rego rule, ordered by ID.
func (e *Engine) Metas() []*rules.Meta { return e.metas }

// HasUnit reports whether any rule reads the unit.
func (e *Engine) HasUnit(unit string) bool {
	for _, r := range e.rules {
		if reads(r, unit) {
			return true
		}
	}
	return false
}

// noMetrics is the evaluator's metrics: none are read, and a query without
// them made a set of timers for every evaluation.
var noMetrics = metrics.NoOp()

// Eval evaluates the rules of one unit against an input.
func (e *Engine) Eval(ctx context.Context, unit string, input ast.Value) ([]Raw, error) {
	st := e.units[unit]
	if st == nil || !st.ready.Load() {
		if err := e.Prepare(ctx, unit); err != nil {
			return nil, err
		}
	} else if st.err != nil {
		return nil, st.err
	}
	var out []Raw
	in := ast.NewTerm(input)
	for _, sh := range e.units[unit].shards {
		query, qc := sh.query, sh.qc
		if mask := sh.skipped(input); mask != 0 {
			v, err := sh.variant(mask)
			if err != nil {
				return nil, fmt.Errorf("prepare %s rules: %w", unit, err)
			}
			if v.query == nil {
				continue // every rule of the shard skipped
			}
			query, qc = v.query, v.qc
		}
		// The query runs on OPA's evaluator directly, the way
		// rego.PreparedEvalQuery runs it, without turning every rule's set
		// of findings into Go values first (6% of a tree's allocations,
		// for sets that are nearly always empty).
		txn, err := e.store.NewTransaction(ctx)
		if err != nil {
			return nil, err
		}
		cache := getFlatCache()
		q := topdown.NewQuery(query).
			WithQueryCompiler(qc).
			WithCompiler(sh.compiler).
			WithStore(e.store).
			WithTransaction(txn).
			WithInput(in).
			WithIndexing(true).
			WithEarlyExit(true).
			WithMetrics(noMetrics). // else a fresh set of timers per evaluation
			WithVirtualCache(cache)
		err = q.Iter(ctx, func(qr topdown.QueryResult) error {
			for i, m := range sh.metas {
				set, ok := qr[sh.vars[i]] // absent for a rule the variant left out
				if !ok {
					continue
				}
				s, ok := set.Value.(ast.Set)
				if !ok {
					return fmt.Errorf("rule %s: deny is %v, not a set", m.ID, set)
				}
				if s.Len() == 0 {
					continue // nearly always: no closure made for it
				}
				if err := s.Iter(func(f *ast.Term) error {
					raw, err := decodeFinding(m, f.Value)
					if err == nil {
						out = append(out, raw)
					}
					return err
				}); err != nil {
					return err
				}
			}
			return nil
		})
		e.store.Abort(ctx, txn)
		putFlatCache(cache) // the findings are Go values by now
		if err != nil {
			return nil, fmt.Errorf("evaluate %s rules: %w", unit, err)
		}
	}
	return out, nil
}

// varNames are the first query binding names, made once.
var varNames = func() []string {
	v := make([]string, 64)
	for i := range v {
		v[i] = fmt.Sprintf("r%d", i)
	}
	return v
}()

func varName(i int) string {
	if i < len(varNames) {
		return varNames[i]
	}
	return fmt.Sprintf("r%d", i)
}

func decodeFinding(m *rules.Meta, v ast.Value) (Raw, error) {
	obj, ok := v.(ast.Object)
	if !ok {
		return Raw{}, fmt.Errorf("rule %s: finding %v is not an object built by data.lib.result", m.ID, v)
	}
	raw := Raw{Rule: m}
	raw.Msg = stringAt(obj, "msg")
	loc, err := locIndex(obj.Get(keyTerm("loc")))
	if err != nil || raw.Msg == "" {
		return Raw{}, fmt.Errorf("rule %s: finding %v has no message or location", m.ID, v)
	}
	raw.Loc = loc
	if t := obj.Get(keyTerm("severity")); t != nil {
		s, _ := t.Value.(ast.String)
		sev, err := rules.ParseSeverity(string(s))
		if err != nil {
			return Raw{}, fmt.Errorf("rule %s: %w", m.ID, err)
		}
		raw.Severity = sev
	}
	if rel, ok := termAt(obj, "related").(*ast.Array); ok {
		for i := range rel.Len() {
			ro, _ := rel.Elem(i).Value.(ast.Object)
			if ro == nil {
				return Raw{}, fmt.Errorf("rule %s: related location %v is not an object", m.ID, rel.Elem(i))
			}
			l, err := locIndex(ro.Get(keyTerm("loc")))
			if err != nil {
				return Raw{}, fmt.Errorf("rule %s: related location: %w", m.ID, err)
			}
			raw.Related = append(raw.Related, RawRelated{Loc: l, Msg: stringAt(ro, "msg")})
		}
	}
	return raw, nil
}

func stringAt(obj ast.Object, key string) string {
	s, _ := termAt(obj, key).(ast.String)
	return string(s)
}

func locIndex(t *ast.Term) (int, error) {
	if t == nil {
		return 0, fmt.Errorf("no location")
	}
	n, ok := t.Value.(ast.Number)
	if !ok {
		return 0, fmt.Errorf("location %v is not a number", t)
	}
	i, ok := n.Int()
	if !ok {
		return 0, fmt.Errorf("location %v is not an integer", t)
	}
	return i, nil
}
