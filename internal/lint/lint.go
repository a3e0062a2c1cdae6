// Package lint runs the rules over a loaded model: it builds one evaluation
// unit per document (and per memory and role), evaluates them in parallel on
// the shared prepared engine, and maps every finding back to its file, line
// and column.
package lint

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
)

// unit is one evaluation: a rule unit name, its input and location table.
//
// Units are built by the worker that evaluates them and dropped after, so a
// tree of 100,000 documents never holds 100,000 Rego inputs at once.
type unit struct {
	name  string
	build func(b *builder) []kv
	// built holds the input and its builder when the unit was built early
	// to see whether its findings can be kept (Options.Keep).
	built *builder
	input ast.Value
}

// Options narrow a run.
type Options struct {
	// Keep, when set, says in which files the caller keeps findings: it
	// keeps a finding located, or with a related location, in such a file.
	// A unit none of whose locations is in one could only produce findings
	// the caller drops, so its rules are neither compiled nor evaluated: a
	// pre-commit run on one file of a linked setup pays for the units that
	// file is part of. Keep is called once per distinct file name.
	Keep func(file string) bool
	// Progress, when set, is called after each evaluation unit with how
	// many of all units are done, from the evaluation workers (concurrently).
	Progress func(done, total int)
}

// Run evaluates every rule on the model and returns the sorted findings.
func Run(ctx context.Context, eng *rego.Engine, cat *rules.Catalog, m *model.Model) ([]rules.Finding, error) {
	return RunWith(ctx, eng, cat, m, Options{})
}

// RunWith is Run with options. With Options.Keep, the findings returned are
// those Run returns that the caller keeps, and possibly others it drops.
func RunWith(ctx context.Context, eng *rego.Engine, cat *rules.Catalog, m *model.Model, opts Options) ([]rules.Finding, error) {
	var findings []rules.Finding
	for _, p := range m.Problems {
		findings = append(findings, problemFinding(cat, p, p.Loc.File))
	}
	for _, p := range m.Policies {
		for _, pr := range p.Problems {
			if pr.Rule != "ML002" { // ML002 problems go through the Rego rule
				findings = append(findings, problemFinding(cat, pr, resourceOf(p)))
			}
		}
	}
	units := buildUnits(eng, m)
	if opts.Keep != nil {
		units = keptUnits(units, opts.Keep)
	}
	// Compile the rules of every unit present side by side before
	// evaluating (a single file usually needs one or two units).
	var names []string
	for _, u := range units {
		if !slices.Contains(names, u.name) {
			names = append(names, u.name)
		}
	}
	if err := eng.PrepareFor(ctx, len(units), names...); err != nil {
		return nil, err
	}
	results := make([][]rules.Finding, len(units))
	errs := make([]error, len(units))
	var wg sync.WaitGroup
	var done atomic.Int64
	next := make(chan int)
	workers := min(runtime.GOMAXPROCS(0), max(1, len(units)))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], errs[i] = evalUnit(ctx, eng, units[i])
				if opts.Progress != nil {
					opts.Progress(int(done.Add(1)), len(units))
				}
			}
		}()
	}
	for i := range units {
		next <- i
	}
	close(next)
	wg.Wait()
	for i := range units {
		if errs[i] != nil {
			return nil, errs[i]
		}
		findings = append(findings, results[i]...)
	}
	return rules.Sort(findings), nil
}

func problemFinding(cat *rules.Catalog, p model.Problem, resource string) rules.Finding {
	sev := rules.High
	if m, ok := cat.Lookup(p.Rule); ok {
		sev = m.Severity
	}
	if s, err := rules.ParseSeverity(p.Severity); p.Severity != "" && err == nil {
		sev = s
	}
	return rules.Finding{RuleID: p.Rule, Severity: sev, Msg: p.Msg, Loc: p.Loc, Resource: resource}
}

func resourceOf(p *model.Policy) string {
	if p.Address != "" {
		return p.Address
	}
	if p.Attached != nil && p.Attached.Value != "" && !p.Attached.Unknown {
		return p.Attached.Value
	}
	return p.File
}

// keptUnits builds every unit and returns those with a location in a kept
// file, holding their inputs. It is meant for small runs (a file named
// alone with its linked setup): a whole tree is built unit by unit in the
// workers instead, so its inputs are never all held at once.
func keptUnits(units []unit, keep func(string) bool) []unit {
	kept := map[string]bool{}
	var out []unit
	for _, u := range units {
		b := &builder{}
		input := ast.NewObject(u.build(b)...)
		for _, e := range b.locs {
			k, seen := kept[e.loc.File]
			if !seen {
				k = keep(e.loc.File)
				kept[e.loc.File] = k
			}
			if k {
				u.built, u.input = b, input
				out = append(out, u)
				break
			}
		}
	}
	return out
}

func evalUnit(ctx context.Context, eng *rego.Engine, u unit) ([]rules.Finding, error) {
	b, input := u.built, u.input
	if b == nil {
		b = &builder{}
		input = ast.NewObject(u.build(b)...)
	}
	raws, err := eng.Eval(ctx, u.name, input)
	if err != nil {
		return nil, err
	}
	out := make([]rules.Finding, 0, len(raws))
	for _, r := range raws {
		if r.Loc < 0 || r.Loc >= len(b.locs) {
			return nil, fmt.Errorf("rule %s: location %d out of range", r.Rule.ID, r.Loc)
		}
		e := b.locs[r.Loc]
		// The resource and anchor are copied: the model's strings are
		// slices of their file's text, which a finding kept alive (a
		// tree's findings outlive its parts' models, load.Stream).
		f := rules.Finding{RuleID: r.Rule.ID, Severity: r.Rule.Severity, Msg: r.Msg, Loc: e.loc, Resource: strings.Clone(e.resource), Anchor: strings.Clone(e.anchor)}
		if r.Severity != "" {
			f.Severity = r.Severity
		}
		for _, rel := range r.Related {
			if rel.Loc < 0 || rel.Loc >= len(b.locs) {
				return nil, fmt.Errorf("rule %s: related location %d out of range", r.Rule.ID, rel.Loc)
			}
			f.Related = append(f.Related, rules.Related{Loc: b.locs[rel.Loc].loc, Msg: rel.Msg})
		}
		out = append(out, f)
	}
	return out, nil
}

// buildUnits makes the evaluation units of a model, skipping units no rule reads.
func buildUnits(eng *rego.Engine, m *model.Model) []unit {
	var units []unit
	add := func(name string, build func(b *builder) []kv) {
		if !eng.HasUnit(name) {
			return
		}
		units = append(units, unit{name: name, build: build})
	}
	// A memory or trust policy's first unit of its own kind also runs the
	// policy rules (rego.UnitMemoryPolicyAndPolicy): one evaluation, not two.
	carried := map[*model.Policy]bool{}
	kindUnit := func(p *model.Policy, name, combined string) string {
		if carried[p] {
			return name
		}
		carried[p] = true
		return combined
	}
	// Memory resource policies, with the memory they are attached to.
	attached := map[*model.Policy]bool{}
	for _, mem := range m.Memories {
		if mem.Policy == nil || mem.Policy.Kind != model.KindMemory {
			continue
		}
		attached[mem.Policy] = true
		add(kindUnit(mem.Policy, rego.UnitMemoryPolicy, rego.UnitMemoryPolicyAndPolicy), func(b *builder) []kv { return b.memoryPolicy(mem.ARN, mem.Policy) })
	}
	for _, p := range m.Policies {
		if p.Kind == model.KindMemory && !attached[p] {
			add(kindUnit(p, rego.UnitMemoryPolicy, rego.UnitMemoryPolicyAndPolicy), func(b *builder) []kv { return b.memoryPolicy(model.Str{}, p) })
		}
	}
	// Trust policies, with their role and the memories that use the role.
	trusted := map[*model.Policy]bool{}
	for _, r := range m.Roles {
		if r.Trust == nil {
			continue
		}
		trusted[r.Trust] = true
		add(kindUnit(r.Trust, rego.UnitTrustPolicy, rego.UnitTrustPolicyAndPolicy), func(b *builder) []kv {
			pol := b.trustPolicy(r.Trust, r.ARN)
			return []kv{pair("policy", pol), pair("role", b.role(r)), pair("memories", b.memoriesUsing(m, r))}
		})
	}
	for _, p := range m.Policies {
		if p.Kind == model.KindTrust && !trusted[p] {
			add(kindUnit(p, rego.UnitTrustPolicy, rego.UnitTrustPolicyAndPolicy), func(b *builder) []kv {
				pol := b.trustPolicy(p, model.Str{})
				return []kv{pair("policy", pol), pair("role", obj()), pair("memories", ast.ArrayTerm())}
			})
		}
	}
	for _, p := range m.Policies {
		if carried[p] {
			continue
		}
		if n := len(p.Statements); n > 2*chunkStatements && partable(p) {
			doc := sync.OnceValue(func() *documentFacts { return documentFactsOf(p) })
			for lo := 0; lo < n; lo += chunkStatements {
				hi := min(lo+chunkStatements, n)
				add(rego.UnitPolicy, func(b *builder) []kv { return []kv{pair("policy", b.policyPart(p, lo, hi, doc()))} })
			}
			continue
		}
		add(rego.UnitPolicy, func(b *builder) []kv { return []kv{pair("policy", b.policyInput(p))} })
	}
	buildSetupUnits(m, add)
	return units
}

// chunkStatements is how many statements of a very large policy one policy
// unit evaluates. Real policies have tens of statements (AWS's largest
// policy quota is a few dozen kilobytes); a generated or hostile one of
// hundreds of thousands would otherwise be one Rego input of gigabytes,
// evaluated on one core. The policy rules read one statement at a time,
// except where Go gives them the whole document's facts (sid_first,
// variables), so a policy evaluated in parts gives the findings of the
// whole: TestPartsGiveTheWhole compares them on every fixture with parts of
// one statement. A variable so the test can set it.
var chunkStatements = 1000

// partable says whether a policy's policy unit may be evaluated in parts:
// those that carry no effective-reach facts (a destination policy's are
// computed over the whole document; a memory or trust policy runs the
// policy rules in its own kind's unit).
func partable(p *model.Policy) bool {
	switch p.Kind {
	case model.KindS3, model.KindSNS, model.KindKinesis, model.KindMemory, model.KindTrust:
		return false
	}
	return true
}

// memoryPolicy is the input of a memory_policy unit: the policy, with the
// effective reach of every Allow principal value (internal/facts), and the
// memory it is attached to.
func (b *builder) memoryPolicy(arn model.Str, p *model.Policy) []kv {
	id := attachedMemory(arn, p)
	memARN := ""
	if id.known && !id.inferred {
		memARN = id.arn.Value
	}
	pol := b.withReach(p, facts.MemoryPolicy(p, memARN, id.account()))
	return []kv{pair("policy", pol), pair("memory", b.memory(id))}
}

// policyInput is a policy as the policy unit gives it; a destination's
// policy (S3 bucket, SNS topic, Kinesis stream) carries the effective reach
// of its Allow principals for what delivery to it needs and the actions its
// statements name (rule ML405 reads it).
func (b *builder) policyInput(p *model.Policy) *ast.Term {
	switch p.Kind {
	case model.KindS3, model.KindSNS, model.KindKinesis:
	default:
		return b.policy(p)
	}
	var rep []string
	for _, n := range facts.DeliveryNeeds(string(p.Kind), "") {
		rep = append(rep, n.Action)
	}
	acct := ""
	if p.Attached != nil && !p.Attached.Unknown {
		if a, err := iam.ParseARN(p.Attached.Value); err == nil && iam.IsAccountID(a.Account) {
			acct = a.Account
		}
	}
	return b.withReach(p, facts.ResourcePolicy(p, "", acct, facts.StatementActions(rep)))
}

// assumeActions are the actions that let a principal assume a role.
var assumeActions = []string{"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"}

// trustPolicy is a trust policy with the effective reach of its Allow
// principals for assuming the role (rule ML204 reads it).
func (b *builder) trustPolicy(p *model.Policy, role model.Str) *ast.Term {
	arn, acct := "", ""
	if a, err := iam.ParseARN(role.Value); err == nil && !role.Unknown {
		arn, acct = role.Value, a.Account
	}
	return b.withReach(p, facts.ResourcePolicy(p, arn, acct, facts.StatementActions(assumeActions)))
}

func (b *builder) withReach(p *model.Policy, rs []facts.PrincipalReach) *ast.Term {
	b.reach = map[*model.Principal]*facts.PrincipalReach{}
	for i := range rs {
		b.reach[rs[i].Principal] = &rs[i]
	}
	t := b.policy(p)
	b.reach = nil
	return t
}

// memoryID is what is known of the memory a resource policy is attached to.
type memoryID struct {
	arn             model.Str // the ARN, when known (not inferred)
	parts           iam.ARN
	known, inferred bool
}

func (m memoryID) account() string {
	if m.known && iam.IsAccountID(m.parts.Account) {
		return m.parts.Account
	}
	return ""
}

// attachedMemory finds the memory a resource policy is attached to. When
// its ARN is unknown, the account, region and partition are inferred from
// the policy's memory Resource ARNs if they all agree.
func attachedMemory(arn model.Str, p *model.Policy) memoryID {
	if a, err := iam.ParseARN(arn.Value); err == nil && arn.Value != "" && !arn.Unknown {
		return memoryID{arn: arn, parts: a, known: true}
	}
	if p.Attached != nil && !p.Attached.Unknown {
		if a, err := iam.ParseARN(p.Attached.Value); err == nil {
			return memoryID{arn: *p.Attached, parts: a, known: true}
		}
	}
	seen := map[iam.ARN]bool{}
	for _, s := range p.Statements {
		if s.Resource == nil || s.Resource.Not {
			continue
		}
		for _, r := range s.Resource.Values {
			if a, err := iam.ParseARN(r.Value); err == nil && !r.Unknown && a.Service == "bedrock-agentcore" && a.ResourceType() == "memory" {
				seen[iam.ARN{Partition: a.Partition, Region: a.Region, Account: a.Account}] = true
			}
		}
	}
	if len(seen) == 1 {
		for a := range seen {
			return memoryID{parts: a, known: true, inferred: true}
		}
	}
	return memoryID{}
}

// memory describes the memory a resource policy is attached to.
func (b *builder) memory(id memoryID) *ast.Term {
	items := []kv{}
	if id.known && !id.inferred {
		items = append(items, pair("arn", b.arnRef(id.arn)))
	}
	if a := id.account(); a != "" {
		items = append(items, pair("account", str(a)))
	}
	if id.known && id.parts.Region != "" {
		items = append(items, pair("region", str(id.parts.Region)))
	}
	if id.known {
		items = append(items, pair("partition", str(id.parts.Partition)))
	}
	items = append(items, pair("inferred", ast.InternedTerm(id.inferred)))
	return obj(items...)
}

func (b *builder) role(r *model.Role) *ast.Term {
	items := []kv{pair("name", str(r.Name()))}
	if ref := b.arnRef(r.ARN); ref != nil {
		items = append(items, pair("arn", ref))
		if a, err := iam.ParseARN(r.ARN.Value); err == nil && iam.IsAccountID(a.Account) {
			items = append(items, pair("account", str(a.Account)))
		}
	} else if r.Account != "" {
		// Known by name only, in the account its source works in.
		items = append(items, pair("account", str(r.Account)))
	}
	return obj(items...)
}

// namedFor reports whether the role known only by name r is the one the role
// ARN arn links to (model.NameOnly: never a role of another account).
func namedFor(m *model.Model, r *model.Role, arn string) bool {
	var same []*model.Role
	for _, o := range m.Roles {
		if o.ARN.Value == "" && o.Name() == r.Name() {
			same = append(same, o)
		}
	}
	acct := ""
	if a, err := iam.ParseARN(arn); err == nil {
		acct = a.Account
	}
	return model.NameOnly(same, acct) == r
}

// memoriesUsing lists the memories whose definition names the role as its
// execution role (by ARN, or by name when the role's ARN is unknown).
func (b *builder) memoriesUsing(m *model.Model, r *model.Role) *ast.Term {
	name := r.Name()
	var out []*ast.Term
	for _, mem := range m.Memories {
		d := mem.Definition
		if d == nil || d.RoleARN == nil {
			continue
		}
		// An empty role ARN names no role (it equalled the ARN of every
		// role known only by name or by reference).
		linked := d.Role == r
		if !linked && (d.RoleARN.Unknown || d.RoleARN.Value == "" || d.RoleARN.Value != r.ARN.Value && (r.ARN.Value != "" || model.RoleName(d.RoleARN.Value) != name || name == "" || !namedFor(m, r, d.RoleARN.Value))) {
			continue
		}
		items := []kv{pair("role_ref", b.strNode(*d.RoleARN, true))}
		arn := mem.ARN
		if arn.Value == "" && d.ARN != nil {
			arn = *d.ARN
		}
		if ref := b.arnRef(arn); ref != nil {
			items = append(items, pair("arn", ref))
		}
		if a, err := iam.ParseARN(arn.Value); err == nil {
			items = append(items, pair("account", str(a.Account)), pair("region", str(a.Region)), pair("partition", str(a.Partition)))
		} else if a, err := iam.ParseARN(d.RoleARN.Value); err == nil && !d.RoleARN.Unknown && iam.IsAccountID(a.Account) {
			// The execution role lives in the memory's account.
			items = append(items, pair("account", str(a.Account)), pair("partition", str(a.Partition)))
		}
		out = append(out, obj(items...))
	}
	return ast.ArrayTerm(out...)
}
