package lint

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"

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
	return intTerm(len(b.locs) - 1)
}

// intTerms are shared number terms for the indices the inputs hold (a
// location's, a statement's): OPA interns the numbers to 512 only, and a
// part of a large policy numbers ten thousand locations, each index a term
// and its text made again for every part. Terms are never changed once
// built, so one serves every input and worker. The table grows on demand,
// to intTermsMax.
var (
	intTerms   atomic.Pointer[[]*ast.Term]
	intTermsMu sync.Mutex
)

const intTermsMax = 1 << 16

func intTerm(n int) *ast.Term {
	if t := intTerms.Load(); t != nil && uint(n) < uint(len(*t)) {
		return (*t)[n]
	}
	if n < 0 || n >= intTermsMax {
		return ast.InternedTerm(n)
	}
	intTermsMu.Lock()
	defer intTermsMu.Unlock()
	var cur []*ast.Term
	if t := intTerms.Load(); t != nil {
		cur = *t
	}
	if n < len(cur) {
		return cur[n]
	}
	next := make([]*ast.Term, min(intTermsMax, max(1024, 2*(n+1))))
	copy(next, cur)
	for i := len(cur); i < len(next); i++ {
		next[i] = ast.InternedTerm(i)
	}
	intTerms.Store(&next)
	return next[n]
}

type kv = [2]*ast.Term

func obj(items ...kv) *ast.Term { return ast.ObjectTerm(items...) }

func pair(k string, v *ast.Term) kv { return kv{key(k), v} }

// key is the shared term of an object key (rego.KeyTerm). The builder
// writes the same hundred-odd keys (and the few actions of a reach) for
// every document; terms are never changed once built, so one key term
// serves every input and every worker, and the keys stop costing two
// allocations each.
func key(k string) *ast.Term { return rego.KeyTerm(k) }

func str(s string) *ast.Term { return ast.StringTerm(s) }

// wordTerms holds shared terms for the strings of a small vocabulary that
// every input repeats (an Effect, a condition operator's base and
// qualifier, a principal's type, class and partition). The input decides
// the words, so the table stops growing at maxWords; later words get terms
// of their own. A word is stored as a copy: the input's strings are
// substrings of their file's text.
var (
	wordTerms sync.Map
	wordCount atomic.Int64
)

const maxWords = 4096

func word(s string) *ast.Term {
	if t, ok := wordTerms.Load(s); ok {
		return t.(*ast.Term)
	}
	if wordCount.Load() >= maxWords {
		return ast.StringTerm(s)
	}
	s = strings.Clone(s) // not a substring that would keep its file's text alive
	t, loaded := wordTerms.LoadOrStore(s, ast.StringTerm(s))
	if !loaded {
		wordCount.Add(1)
	}
	return t.(*ast.Term)
}

// array is ast.ArrayTerm(ts...), the shared empty array when there are none.
func array(ts []*ast.Term) *ast.Term {
	if len(ts) == 0 {
		return emptyArray
	}
	return ast.ArrayTerm(ts...)
}

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
	return b.policyPart(p, 0, len(p.Statements), documentFactsOf(p))
}

// documentFacts are the facts of a whole policy document that rules read
// per statement or per document: computed once for all parts of a policy
// evaluated in parts.
type documentFacts struct {
	firsts map[*model.Statement]*model.Statement
	vars   uses
}

func documentFactsOf(p *model.Policy) *documentFacts {
	return &documentFacts{firsts: firstSids(p), vars: variableUses(p)}
}

// policyPart is the policy with statements [lo, hi) only: a part of a very
// large policy, which the policy unit evaluates part by part (see
// chunkStatements). Every part carries the whole document's top-level
// facts (its findings are then equal in every part and kept once); the
// grammar problems, one per finding, go with the first part alone.
func (b *builder) policyPart(p *model.Policy, lo, hi int, doc *documentFacts) *ast.Term {
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
		pair("kind", key(string(p.Kind))),
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
	if v := doc.vars; v.count > 0 {
		items = append(items, pair("variables", obj(
			pair("count", ast.InternedTerm(v.count)),
			pair("first", str(v.first)),
			pair("where", str(v.where)),
		)))
	}
	var problems []*ast.Term
	for _, pr := range p.Problems {
		if pr.Rule == "ML002" && lo == 0 {
			problems = append(problems, obj(pair("msg", str(pr.Msg)), pair("loc", b.loc(pr.Loc))))
		}
	}
	items = append(items, pair("problems", array(problems)))
	stmts := make([]*ast.Term, 0, hi-lo)
	var h has
	for _, s := range p.Statements[lo:hi] {
		t := b.statement(s)
		f := doc.firsts[s]
		if f != nil {
			t.Value.(ast.Object).Insert(key("sid_first"), b.strNode(*f.Sid, false))
		}
		h.add(s, t, f != nil)
		stmts = append(stmts, t)
	}
	b.anchor = ""
	items = append(items, pair("has", h.term()), pair("statements", ast.ArrayTerm(stmts...)))
	return obj(items...)
}

// has says which optional parts of a statement occur in the statements of
// a policy input (the part's, for a policy evaluated in parts). A rule body
// that reads only statements with a condition, a principal or a repeated
// Sid starts with the matching input.policy.has guard: OPA's rule index
// then skips the body for a document without any, instead of visiting
// every statement to find none (in OPA a body costs about a microsecond
// per statement it visits, whatever the statement holds).
//
// The guards of the rules that would do real work on most statements
// (rego.Guards: a qualifier, a wildcard value, an ARN condition, a grant of
// iam:PassRole, a redundant entry, an S3 ARN-level mismatch, an unknown
// action, a malformed ARN, a statement without principal or resource) are
// read from
// the statement's input term: a large policy of clean statements with
// conditions and lists then skips those rules instead of running each on
// every statement.
type has struct {
	condition, principal, notPrincipal, list, repeatedSid bool
	rego.Guards
}

func (h *has) add(s *model.Statement, t *ast.Term, repeated bool) {
	h.condition = h.condition || len(s.Conditions) > 0
	if s.Principal != nil {
		h.principal = true
		h.notPrincipal = h.notPrincipal || s.Principal.Not
	}
	h.list = h.list || s.Action != nil && len(s.Action.Values) > 1 || s.Resource != nil && len(s.Resource.Values) > 1
	h.repeatedSid = h.repeatedSid || repeated
	g := rego.StatementGuards(t.Value.(ast.Object))
	h.Qualifier = h.Qualifier || g.Qualifier
	h.WildcardValue = h.WildcardValue || g.WildcardValue
	h.ARNCondition = h.ARNCondition || g.ARNCondition
	h.PassRole = h.PassRole || g.PassRole
	h.Redundant = h.Redundant || g.Redundant
	h.S3Level = h.S3Level || g.S3Level
	h.UnknownAction = h.UnknownAction || g.UnknownAction
	h.ARNProblem = h.ARNProblem || g.ARNProblem
	h.NoPrincipal = h.NoPrincipal || g.NoPrincipal
	h.NoResource = h.NoResource || g.NoResource
}

func (h has) term() *ast.Term {
	return obj(
		pair("condition", ast.InternedTerm(h.condition)),
		pair("principal", ast.InternedTerm(h.principal)),
		pair("not_principal", ast.InternedTerm(h.notPrincipal)),
		pair("list", ast.InternedTerm(h.list)),
		pair("repeated_sid", ast.InternedTerm(h.repeatedSid)),
		pair("qualifier", ast.InternedTerm(h.Qualifier)),
		pair("wildcard_value", ast.InternedTerm(h.WildcardValue)),
		pair("arn_condition", ast.InternedTerm(h.ARNCondition)),
		pair("passrole", ast.InternedTerm(h.PassRole)),
		pair("redundant", ast.InternedTerm(h.Redundant)),
		pair("s3_level", ast.InternedTerm(h.S3Level)),
		pair("unknown_action", ast.InternedTerm(h.UnknownAction)),
		pair("arn_problem", ast.InternedTerm(h.ARNProblem)),
		pair("no_principal", ast.InternedTerm(h.NoPrincipal)),
		pair("no_resource", ast.InternedTerm(h.NoResource)),
	)
}

func (b *builder) statement(s *model.Statement) *ast.Term {
	b.anchor = s.Ref()
	items := []kv{
		pair("index", intTerm(s.Index)),
		pair("ref", str(s.Ref())),
		pair("loc", b.loc(s.Loc)),
	}
	if s.Sid != nil {
		items = append(items, pair("sid", b.strNode(*s.Sid, false)))
	}
	switch {
	case s.Effect != nil && s.Effect.Unknown:
		items = append(items, pair("effect", b.strNode(*s.Effect, false)))
	case s.Effect != nil: // strNode with a shared value term: Allow or Deny, nearly always
		items = append(items, pair("effect", obj(pair("value", word(s.Effect.Value)), pair("loc", b.loc(s.Effect.Loc)))))
	}
	if s.Principal != nil {
		vals := make([]*ast.Term, 0, len(s.Principal.Values))
		for _, p := range s.Principal.Values {
			if p.Unknown {
				// Computed at deploy time: no class, account or ARN to judge.
				vals = append(vals, obj(
					pair("type", word(p.Type)),
					pair("value", str(p.Value)),
					pair("loc", b.loc(p.Loc)),
					pair("arn", word("")),
					pair("class", word("unknown")),
					pair("account", word("")),
					pair("partition", word("")),
					pair("unknown", ast.InternedTerm(true)),
				))
				continue
			}
			items := []kv{
				pair("type", word(p.Type)),
				pair("value", str(p.Value)),
				pair("loc", b.loc(p.Loc)),
				pair("arn", str(p.ARN)),
				pair("class", word(p.Class)),
				pair("account", str(p.Account)),
				pair("partition", word(p.Partition)),
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
			pair("base", word(c.Base)),
			pair("qualifier", word(c.Qualifier)),
			pair("if_exists", ast.InternedTerm(c.IfExists)),
			pair("key", b.strNode(c.Key, false)),
			pair("values", ast.ArrayTerm(vals...)),
		))
	}
	items = append(items, pair("conditions", array(conds)))
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

// firstSids maps each statement whose Sid an earlier statement already
// has to that first statement (rule ML004 reads it as sid_first). Sids
// compare as written; unknown and empty Sids are never duplicates.
func firstSids(p *model.Policy) map[*model.Statement]*model.Statement {
	if len(p.Statements) < 2 {
		return nil
	}
	var seen map[string]*model.Statement
	var out map[*model.Statement]*model.Statement
	for _, s := range p.Statements {
		if s.Sid == nil || s.Sid.Unknown || s.Sid.Value == "" {
			continue
		}
		if seen == nil {
			seen = make(map[string]*model.Statement, len(p.Statements))
		}
		if f, ok := seen[s.Sid.Value]; ok {
			if out == nil {
				out = map[*model.Statement]*model.Statement{}
			}
			out[s] = f
			continue
		}
		seen[s.Sid.Value] = s
	}
	return out
}

// uses counts the policy variables ("${...}") in a policy's Resource and
// condition values, and names the first: rule ML003 says they are literal
// text under the 2008-10-17 language.
type uses struct {
	count        int
	first, where string
}

var variableRe = regexp.MustCompile(`\$\{[^}]*\}`)

// variableUses finds the policy variables of every statement's Resource (or
// NotResource) values first, then of its condition values, in document
// order.
func variableUses(p *model.Policy) uses {
	var u uses
	note := func(v model.Str, where func() string) {
		if v.Unknown || !strings.Contains(v.Value, "${") {
			return
		}
		u.count++
		if u.count == 1 {
			u.first = v.Value
			if m := variableRe.FindString(v.Value); m != "" {
				u.first = m
			}
			u.where = where()
		}
	}
	for _, s := range p.Statements {
		if s.Resource == nil {
			continue
		}
		for _, v := range s.Resource.Values {
			note(v, func() string {
				k := "Resource"
				if s.Resource.Not {
					k = "NotResource"
				}
				return fmt.Sprintf("the %s of statement '%s'", k, s.Ref())
			})
		}
	}
	for _, s := range p.Statements {
		for _, c := range s.Conditions {
			for _, v := range c.Values {
				note(v, func() string { return fmt.Sprintf("the '%s' condition of statement '%s'", c.Key.Value, s.Ref()) })
			}
		}
	}
	return u
}
