package lint

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"sync"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/rego"
)

// locEntry is one location a unit's input refers to by index, with what a
// finding at it is about (for fingerprints).
type locEntry struct {
	loc      model.Loc
	resource string
	anchor   string
}

// builder turns model values into a Rego input (ast terms) and records the
// location of every node in a table; nodes carry "loc": <index>.
type builder struct {
	locs     []locEntry
	resource string // ARN or file the current document belongs to
	anchor   string // current statement reference
	// reach, while a memory resource policy is built, holds the effective
	// reach of its Allow principal values.
	reach map[*model.Principal]*facts.PrincipalReach
}

func (b *builder) loc(l model.Loc) *ast.Term {
	b.locs = append(b.locs, locEntry{loc: l, resource: b.resource, anchor: b.anchor})
	return ast.InternedTerm(len(b.locs) - 1)
}

type kv = [2]*ast.Term

func obj(items ...kv) *ast.Term { return ast.ObjectTerm(items...) }

func pair(k string, v *ast.Term) kv { return kv{key(k), v} }

// keyTerms holds the key terms made so far. The builder writes the same
// hundred-odd keys (and the few actions of a reach) for every document;
// terms are never changed once built, so one key term serves every input
// and every worker, and the keys stop costing two allocations each.
var keyTerms sync.Map

func key(k string) *ast.Term {
	if t, ok := keyTerms.Load(k); ok {
		return t.(*ast.Term)
	}
	t, _ := keyTerms.LoadOrStore(k, ast.StringTerm(k))
	return t.(*ast.Term)
}

func str(s string) *ast.Term { return ast.StringTerm(s) }

// strNode is {"value": v, "loc": n}, plus the parsed ARN when the value is
// one. An unknown value (computed at deploy time) is {"value": expr, "loc": n,
// "unknown": true} and never has an ARN.
func (b *builder) strNode(s model.Str, withARN bool) *ast.Term {
	items := []kv{pair("value", str(s.Value)), pair("loc", b.loc(s.Loc))}
	if s.Unknown {
		return obj(append(items, pair("unknown", ast.InternedTerm(true)))...)
	}
	if withARN {
		if a := arnTerm(s.Value); a != nil {
			items = append(items, pair("arn", a))
		}
	}
	return obj(items...)
}

// arnTerm is the parsed form of an ARN, or nil when the value is not one.
func arnTerm(s string) *ast.Term { return rego.ARNTerm(s) }

func (b *builder) policy(p *model.Policy) *ast.Term {
	if p.Address != "" {
		b.resource = p.Address // the infrastructure-code resource the user wrote
	} else if p.Attached != nil && p.Attached.Value != "" && !p.Attached.Unknown {
		b.resource = p.Attached.Value
	} else {
		b.resource = p.File
	}
	b.anchor = ""
	items := []kv{
		pair("file", str(p.File)),
		pair("kind", str(string(p.Kind))),
		pair("kind_inferred", ast.InternedTerm(p.KindInferred)),
		pair("managed", ast.InternedTerm(p.Managed)),
		pair("size", ast.InternedTerm(p.Size)),
		pair("loc", b.loc(p.Loc)),
	}
	if p.Version != nil {
		items = append(items, pair("version", b.strNode(*p.Version, false)))
	}
	if p.ID != nil {
		items = append(items, pair("id", b.strNode(*p.ID, false)))
	}
	if p.Attached != nil {
		items = append(items, pair("attached", b.strNode(*p.Attached, true)))
	}
	var problems []*ast.Term
	for _, pr := range p.Problems {
		if pr.Rule == "ML002" {
			problems = append(problems, obj(pair("msg", str(pr.Msg)), pair("loc", b.loc(pr.Loc))))
		}
	}
	items = append(items, pair("problems", ast.ArrayTerm(problems...)))
	stmts := make([]*ast.Term, 0, len(p.Statements))
	for _, s := range p.Statements {
		stmts = append(stmts, b.statement(s))
	}
	b.anchor = ""
	items = append(items, pair("statements", ast.ArrayTerm(stmts...)))
	return obj(items...)
}

func (b *builder) statement(s *model.Statement) *ast.Term {
	b.anchor = s.Ref()
	items := []kv{
		pair("index", ast.InternedTerm(s.Index)),
		pair("ref", str(s.Ref())),
		pair("loc", b.loc(s.Loc)),
	}
	if s.Sid != nil {
		items = append(items, pair("sid", b.strNode(*s.Sid, false)))
	}
	if s.Effect != nil {
		items = append(items, pair("effect", b.strNode(*s.Effect, false)))
	}
	if s.Principal != nil {
		vals := make([]*ast.Term, 0, len(s.Principal.Values))
		for _, p := range s.Principal.Values {
			if p.Unknown {
				// Computed at deploy time: no class, account or ARN to judge.
				vals = append(vals, obj(
					pair("type", str(p.Type)),
					pair("value", str(p.Value)),
					pair("loc", b.loc(p.Loc)),
					pair("arn", str("")),
					pair("class", str("unknown")),
					pair("account", str("")),
					pair("partition", str("")),
					pair("unknown", ast.InternedTerm(true)),
				))
				continue
			}
			items := []kv{
				pair("type", str(p.Type)),
				pair("value", str(p.Value)),
				pair("loc", b.loc(p.Loc)),
				pair("arn", str(p.ARN)),
				pair("class", str(p.Class)),
				pair("account", str(p.Account)),
				pair("partition", str(p.Partition)),
			}
			if r := b.reach[p]; r != nil {
				items = append(items, pair("effective", effective(r)))
			}
			vals = append(vals, obj(items...))
		}
		items = append(items, pair("principal", obj(
			pair("not", ast.InternedTerm(s.Principal.Not)),
			pair("loc", b.loc(s.Principal.KeyLoc)),
			pair("values", ast.ArrayTerm(vals...)),
		)))
	}
	if s.Action != nil {
		items = append(items, pair("action", b.values(s.Action, false)))
	}
	if s.Resource != nil {
		items = append(items, pair("resource", b.values(s.Resource, true)))
	}
	conds := make([]*ast.Term, 0, len(s.Conditions))
	for _, c := range s.Conditions {
		vals := make([]*ast.Term, 0, len(c.Values))
		for _, v := range c.Values {
			vals = append(vals, b.strNode(v, false))
		}
		conds = append(conds, obj(
			pair("operator", b.strNode(c.Operator, false)),
			pair("base", str(c.Base)),
			pair("qualifier", str(c.Qualifier)),
			pair("if_exists", ast.InternedTerm(c.IfExists)),
			pair("key", b.strNode(c.Key, false)),
			pair("values", ast.ArrayTerm(vals...)),
		))
	}
	items = append(items, pair("conditions", ast.ArrayTerm(conds...)))
	if !s.ConditionLoc.IsZero() {
		items = append(items, pair("condition_loc", b.loc(s.ConditionLoc)))
	}
	return obj(items...)
}

func (b *builder) values(v *model.Values, arns bool) *ast.Term {
	vals := make([]*ast.Term, 0, len(v.Values))
	for _, s := range v.Values {
		vals = append(vals, b.strNode(s, arns))
	}
	return obj(
		pair("not", ast.InternedTerm(v.Not)),
		pair("loc", b.loc(v.KeyLoc)),
		pair("values", ast.ArrayTerm(vals...)),
	)
}

// arnRef is an ARN known to belong to a resource: {"value","loc","arn":{…}},
// or nil when unknown.
func (b *builder) arnRef(s model.Str) *ast.Term {
	if s.Value == "" || s.Unknown {
		return nil
	}
	return b.strNode(s, true)
}

// effective is a principal value's effective reach (rego/README.md).
func effective(r *facts.PrincipalReach) *ast.Term {
	acts := make([]kv, 0, len(r.Actions))
	for _, a := range r.Actions {
		items := []kv{
			pair("reach", str(string(a.Reach))),
			pair("outside", str(a.Outside.String())),
			pair("accounts", strs(a.Accounts)),
			pair("orgs", strs(a.Orgs)),
			pair("scoped", strs(a.Scoped)),
			pair("via_service", ast.InternedTerm(a.ViaService)),
		}
		if a.Maybe != "" {
			items = append(items, pair("maybe", str(string(a.Maybe))))
		}
		acts = append(acts, pair(a.Action, obj(items...)))
	}
	items := []kv{
		pair("reach", str(string(r.Reach))),
		pair("narrowed", ast.InternedTerm(r.Narrowed)),
		pair("actions", obj(acts...)),
	}
	if r.Maybe != "" {
		items = append(items, pair("maybe", str(string(r.Maybe))))
	}
	return obj(items...)
}
