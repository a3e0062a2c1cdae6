package lint

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/rego"
)

// This file builds the two-sided units: "memory" (one memory with its
// definition, execution role, destinations and consumers) and "role" (one
// role's permission policies with the memories that use it). Every IAM
// decision is made here with iam.Evaluate; Rego only matches the facts and
// reports them (rego/README.md documents the input).

// setup is one memory with everything linked to it.
type setup struct {
	arn        model.Str
	def        *model.Definition
	policies   []*model.Policy // memory resource policies (several: alternatives, read as their union)
	partition  string
	account    string
	region     string
	role       *model.Role
	roleARN    string
	roleAcct   string
	deliveries []deliveryTarget
}

type deliveryTarget struct {
	d       model.Delivery
	arn     string // the destination's ARN (bucket ARN for S3)
	dest    *model.Destination
	account string
	region  string
	key     *keyTarget // the destination's KMS key (kms.go); nil when not encrypted with KMS
}

// index holds the model joined by ARN.
type index struct {
	roles     map[string]*model.Role
	rolesName map[string][]*model.Role
	dests     map[string]*model.Destination
	// targeting lists, per memory ARN, the roles whose identity policies
	// name that memory explicitly.
	targeting map[string][]*model.Role
	memories  []*setup
	byARN     map[string]*setup
	identity  []*model.Policy // every identity policy (ML503)
	// mm is computed on first use; units are built concurrently by the
	// evaluation workers, so the computation is guarded.
	mmOnce sync.Once
	mm     map[string][]mismatch

	keys map[string]*model.Key // KMS keys with a policy, by ARN (kms.go)

	org *model.Organization // SCPs and RCPs (guardrail.go); nil when not supplied
}

func newIndex(m *model.Model) *index {
	x := &index{roles: map[string]*model.Role{}, rolesName: map[string][]*model.Role{}, dests: map[string]*model.Destination{},
		targeting: map[string][]*model.Role{}, byARN: map[string]*setup{}, org: m.Organization}
	for _, r := range m.Roles {
		if r.ARN.Value != "" && !r.ARN.Unknown {
			x.roles[r.ARN.Value] = r
		}
		if n := r.Name(); n != "" {
			x.rolesName[n] = append(x.rolesName[n], r)
		}
		seen := map[string]bool{}
		for _, p := range r.Policies {
			for _, s := range p.Statements {
				if s.Resource == nil || s.Resource.Not {
					continue
				}
				for _, v := range s.Resource.Values {
					if strings.Contains(v.Value, ":memory/") && !strings.ContainsAny(v.Value, "*?$") && !seen[v.Value] {
						seen[v.Value] = true
						x.targeting[v.Value] = append(x.targeting[v.Value], r)
					}
				}
			}
		}
	}
	for _, p := range m.Policies {
		if p.Kind == model.KindIdentity {
			x.identity = append(x.identity, p)
		}
	}
	for _, d := range m.Destinations {
		if d.ARN.Value != "" {
			x.dests[d.ARN.Value] = d
		}
	}
	x.keys = keyIndex(m)
	for _, mem := range m.Memories {
		arn := mem.ARN
		if arn.Value == "" && mem.Definition != nil && mem.Definition.ARN != nil {
			arn = *mem.Definition.ARN
		}
		var s *setup
		if arn.Value != "" && !arn.Unknown {
			s = x.byARN[arn.Value]
		}
		if s == nil {
			s = &setup{arn: arn}
			x.memories = append(x.memories, s)
			if arn.Value != "" && !arn.Unknown {
				x.byARN[arn.Value] = s
			}
		}
		if s.def == nil && mem.Definition != nil {
			s.def = mem.Definition
		}
		if mem.Policy != nil && mem.Policy.Kind == model.KindMemory && !slices.Contains(s.policies, mem.Policy) {
			s.policies = append(s.policies, mem.Policy)
		}
	}
	for _, s := range x.memories {
		x.link(s)
	}
	return x
}

// link fills in a memory's account, role and destinations.
func (x *index) link(s *setup) {
	if a, err := iam.ParseARN(s.arn.Value); err == nil && !s.arn.Unknown {
		s.partition, s.account, s.region = a.Partition, a.Account, a.Region
	}
	d := s.def
	if d == nil {
		return
	}
	if d.RoleARN != nil && !d.RoleARN.Unknown {
		s.roleARN = d.RoleARN.Value
		if a, err := iam.ParseARN(s.roleARN); err == nil {
			s.roleAcct = a.Account
			if s.partition == "" {
				s.partition = a.Partition
			}
		}
		s.role = x.roles[s.roleARN]
		if s.role == nil {
			// A role known only by name (iam create-role, put-role-policy),
			// of the role ARN's account when its source tells.
			s.role = model.NameOnly(x.rolesName[model.RoleName(s.roleARN)], s.roleAcct)
		}
	}
	if s.role == nil && d.Role != nil {
		s.role = d.Role
	}
	if s.account == "" {
		s.account = s.roleAcct // the execution role lives in the memory's account
	}
	if s.partition == "" {
		s.partition = "aws"
	}
	for _, del := range d.Deliveries {
		if del.Target.Unknown {
			continue
		}
		t := deliveryTarget{d: del, arn: del.Target.Value}
		if del.Service == "s3" && !strings.HasPrefix(del.Target.Value, "arn:") {
			t.arn = "arn:" + s.partition + ":s3:::" + del.Target.Value
		}
		if a, err := iam.ParseARN(t.arn); err == nil {
			t.account, t.region = a.Account, a.Region
		}
		t.dest = x.dests[t.arn]
		t.key = x.destKey(s, t)
		s.deliveries = append(s.deliveries, t)
	}
}

// buildSetupUnits adds the memory and role units.
func buildSetupUnits(m *model.Model, add func(name string, build func(b *builder) []kv)) {
	x := newIndex(m)
	for _, s := range x.memories {
		add(rego.UnitMemory, func(b *builder) []kv { return b.setup(x, s) })
	}
	users := map[*model.Role][]*setup{}
	for _, s := range x.memories {
		if s.role != nil {
			users[s.role] = append(users[s.role], s)
		}
	}
	for _, r := range m.Roles {
		if len(r.Policies) == 0 {
			continue
		}
		add(rego.UnitRole, func(b *builder) []kv { return b.roleUnit(r, users[r]) })
	}
}

// at is {"loc": n, "pos": "file:line:col"}: pos lets rules group facts
// that point at the same place (each loc index is distinct).
func (b *builder) at(l model.Loc) *ast.Term {
	return obj(pair("loc", b.loc(l)), pair("pos", str(l.String())))
}

// tri is a three-valued answer: one of three shared terms (key).
func tri(t iam.Tri) *ast.Term { return key(t.String()) }

// sides is {"allow": a, "deny": d}: one of nine shared terms, as the
// consumers' checks write one for each side of every action.
func sides(a, d iam.Tri) *ast.Term {
	i := int(a)*3 + int(d)
	if i < 0 || i >= len(sideTerms) {
		return obj(pair("allow", tri(a)), pair("deny", tri(d)))
	}
	return sideTerms[i]
}

var sideTerms = func() []*ast.Term {
	out := make([]*ast.Term, 9)
	for a := range 3 {
		for d := range 3 {
			out[a*3+d] = obj(pair("allow", tri(iam.Tri(a))), pair("deny", tri(iam.Tri(d))))
		}
	}
	return out
}()

// emptyArray is the shared empty array (input terms are never changed).
var emptyArray = ast.ArrayTerm()

func strs(ss []string) *ast.Term {
	if len(ss) == 0 {
		return emptyArray
	}
	out := make([]*ast.Term, len(ss))
	for i, s := range ss {
		out[i] = str(s)
	}
	return ast.ArrayTerm(out...)
}

func (b *builder) setup(x *index, s *setup) []kv {
	b.resource, b.anchor = s.arn.Value, ""
	mem := []kv{pair("partition", str(s.partition)), pair("account", str(s.account)), pair("region", str(s.region))}
	if ref := b.arnRef(s.arn); ref != nil {
		mem = append(mem, pair("arn", ref))
	}
	items := []kv{pair("memory", obj(mem...))}
	if s.def != nil {
		items = append(items, pair("definition", b.definition(s.def)))
	}
	// The execution role.
	role := []kv{pair("arn", str(s.roleARN)), pair("account", str(s.roleAcct)), pair("name", str(model.RoleName(s.roleARN)))}
	role = append(role, pair("policies_supplied", ast.InternedTerm(s.role != nil && len(s.role.Policies) > 0)))
	if s.role != nil && len(s.role.Policies) > 0 {
		role = append(role, pair("policy_loc", b.loc(s.role.Policies[0].Loc)))
	}
	if g := b.trustGuardrail(x, s); g != nil {
		role = append(role, pair("trust_guardrail", g))
	}
	items = append(items, pair("role", obj(role...)))
	// Deliveries.
	dels := make([]*ast.Term, 0, len(s.deliveries))
	for _, t := range s.deliveries {
		dels = append(dels, b.delivery(x, s, t))
	}
	items = append(items, pair("deliveries", ast.ArrayTerm(dels...)))
	items = append(items, pair("consumers", b.consumers(x, s)))
	items = append(items, pair("arn_mismatches", b.arnMismatches(x, s)))
	return items
}

// jsonNumber is the JSON number grammar (RFC 8259 §6), which is also Rego's;
// matching it costs a small fraction of parsing the text as a Rego term.
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

func (b *builder) definition(d *model.Definition) *ast.Term {
	items := []kv{pair("file", str(d.File)), pair("loc", b.loc(d.Loc)), pair("self_managed", ast.InternedTerm(d.SelfManaged))}
	if d.Name != nil {
		items = append(items, pair("name", b.strNode(*d.Name, false)))
	}
	if d.RoleARN != nil {
		items = append(items, pair("role_ref", b.strNode(*d.RoleARN, true)))
	}
	if d.EncryptionKeyARN != nil {
		items = append(items, pair("encryption_key", b.strNode(*d.EncryptionKeyARN, false)))
	}
	kinesis := false
	for _, del := range d.Deliveries {
		kinesis = kinesis || del.Service == "kinesis"
	}
	items = append(items, pair("stream_delivery", ast.InternedTerm(kinesis)))
	var unions, numbers, lists []*ast.Term
	for _, u := range d.Shape.Unions {
		ms := make([]*ast.Term, len(u.Members))
		for i, m := range u.Members {
			ms[i] = b.strNode(m, false)
		}
		unions = append(unions, obj(pair("kind", str(u.Kind)), pair("loc", b.loc(u.Loc)), pair("members", ast.ArrayTerm(ms...))))
	}
	for _, n := range d.Shape.Numbers {
		v := ast.NullTerm()
		if jsonNumber.MatchString(n.Value.Value) {
			v = ast.NumberTerm(json.Number(n.Value.Value))
		}
		item := []kv{pair("field", str(n.Field)), pair("value", v), pair("text", str(n.Value.Value)), pair("loc", b.loc(n.Value.Loc))}
		if n.Value.Unknown {
			// Computed at deploy time: no range to judge.
			item = append(item, pair("unknown", ast.InternedTerm(true)))
		}
		numbers = append(numbers, obj(item...))
	}
	for _, l := range d.Shape.Lists {
		lists = append(lists, obj(pair("field", str(l.Field)), pair("count", ast.InternedTerm(l.Count)), pair("loc", b.loc(l.Loc))))
	}
	items = append(items, pair("unions", ast.ArrayTerm(unions...)), pair("numbers", ast.ArrayTerm(numbers...)), pair("lists", ast.ArrayTerm(lists...)))
	var buckets []*ast.Term
	for _, del := range d.Deliveries {
		if del.Service == "s3" {
			buckets = append(buckets, b.strNode(del.Target, false))
		}
	}
	items = append(items, pair("buckets", ast.ArrayTerm(buckets...)))
	return obj(items...)
}

// delivery describes one destination of the memory and, for each action
// delivery needs, both sides' verdicts.
func (b *builder) delivery(x *index, s *setup, t deliveryTarget) *ast.Term {
	cross := "unknown"
	switch {
	case t.account != "" && s.account != "":
		cross = map[bool]string{true: "yes", false: "no"}[t.account != s.account]
	case t.dest != nil && t.dest.Policy != nil && s.roleAcct != "" && namesAccount(t.dest.Policy, s.roleAcct):
		// An S3 ARN has no account; a bucket policy that names the memory's
		// account is written for cross-account access.
		cross = "yes"
	}
	items := []kv{
		pair("service", str(t.d.Service)),
		pair("target", b.strNode(t.d.Target, false)),
		pair("arn", str(t.arn)),
		pair("account", str(t.account)),
		pair("region", str(t.region)),
		pair("cross_account", str(cross)),
	}
	if t.d.Level != nil {
		items = append(items, pair("level", b.strNode(*t.d.Level, false)))
	}
	var dp *model.Policy
	if t.dest != nil && t.dest.Policy != nil {
		dp = t.dest.Policy
	}
	items = append(items, pair("policy_supplied", ast.InternedTerm(dp != nil)))
	if dp == nil && t.dest != nil && t.dest.PolicyStatus.Value != "" {
		items = append(items, pair("policy_status", str(t.dest.PolicyStatus.Value)))
	}
	if dp != nil {
		items = append(items, pair("policy_loc", b.loc(dp.Loc)))
	}
	rolePolicies := []*model.Policy(nil)
	if s.role != nil {
		rolePolicies = s.role.Policies
	}
	var checks []*ast.Term
	for _, need := range facts.DeliveryNeeds(t.d.Service, t.arn) {
		action, res := need.Action, need.Resource
		req := iam.Request{Principal: s.roleARN, PrincipalAccount: s.roleAcct, Action: action, Resource: res, ResourceAccount: t.account}
		check := []kv{pair("action", str(action)), pair("resource", str(res))}
		// Locations in the role's and the destination's documents belong to
		// those resources (fingerprints).
		// The role side needs no role ARN (infrastructure code may link the
		// role by reference): conditions on aws:PrincipalArn stay undecided.
		if len(rolePolicies) > 0 {
			b.resource = s.roleARN
			r := iam.Evaluate(req, rolePolicies, nil)
			check = append(check, pair("role", b.side(r, iam.SideIdentity, r.Identity, rolePolicies, req, "")))
		}
		if dp != nil && s.roleARN != "" {
			b.resource = t.arn
			r := iam.Evaluate(req, nil, dp)
			check = append(check, pair("destination", b.side(r, iam.SideResource, r.Resource, []*model.Policy{dp}, req, s.roleAcct)))
		}
		b.resource = s.arn.Value
		if g := b.deliveryGuardrail(x, s, t, req, rolePolicies, dp); g != nil {
			check = append(check, pair("guardrail", g))
		}
		checks = append(checks, obj(check...))
	}
	items = append(items, pair("checks", ast.ArrayTerm(checks...)))
	if t.key != nil {
		items = append(items, pair("key", b.deliveryKey(x, s, t)))
	}
	return obj(items...)
}

// namesAccount reports whether a resource policy names a principal of account.
func namesAccount(p *model.Policy, account string) bool { return iam.NamesAccount(p, account) }

// side is one side's verdict for a request: allow/deny, the undecided keys,
// the statements that grant or deny, and the nearest miss when it does not
// allow (where a finding about the gap points).
func (b *builder) side(r iam.Result, side iam.Side, sr iam.SideResult, policies []*model.Policy, req iam.Request, roleAcct string) *ast.Term {
	var grants, denies, roots []*ast.Term
	var undecided []string
	undecidedLoc := policies[0].Loc // the first undecided condition key, when there is one
	found := false
	for _, m := range r.Matched {
		if m.Side != side {
			continue
		}
		if m.Match == iam.Maybe {
			for _, k := range m.Undecided {
				if !slices.Contains(undecided, k) {
					undecided = append(undecided, k)
				}
				for _, c := range m.Statement.Conditions {
					if !found && strings.EqualFold(c.Key.Value, k) {
						undecidedLoc, found = c.Key.Loc, true
					}
				}
			}
			if !found {
				undecidedLoc, found = m.Statement.Loc, true
			}
		}
		ref := obj(pair("loc", b.loc(m.Statement.Loc)), pair("ref", str(m.Statement.Ref())), pair("match", tri(m.Match)), pair("file", str(m.Policy.File)))
		if m.Effect == "Deny" {
			denies = append(denies, ref)
			continue
		}
		grants = append(grants, ref)
		if m.Via != nil && iam.ClassifyPrincipal(m.Via.Type, m.Via.Value).Class == model.ClassAccount {
			roots = append(roots, obj(pair("loc", b.loc(m.Via.Loc)), pair("value", str(m.Via.Value)), pair("account", str(iam.ClassifyPrincipal(m.Via.Type, m.Via.Value).Account))))
		}
	}
	slices.Sort(undecided)
	items := []kv{
		pair("allow", tri(sr.Allow)),
		pair("deny", tri(sr.Deny)),
		pair("undecided", strs(undecided)),
		pair("grants", ast.ArrayTerm(grants...)),
		pair("denies", ast.ArrayTerm(denies...)),
		pair("via_account", ast.ArrayTerm(roots...)),
		pair("policy_loc", b.loc(policies[0].Loc)),
		pair("undecided_loc", b.loc(undecidedLoc)),
	}
	if sr.Allow == iam.No {
		items = append(items, pair("near", b.nearMiss(policies, side, req, roleAcct)))
	}
	return obj(items...)
}

// nearMiss finds the Allow statement that comes closest to granting req and
// says what keeps it from matching, by priority: "arn-level" (an S3 object
// action on the bucket ARN, rule ML302), "principal" (another principal of
// the caller's account, ML402), "resource" (another resource of the same
// service, ML403), "action" (the resource but not the action); else "none"
// at the first policy.
func (b *builder) nearMiss(policies []*model.Policy, side iam.Side, req iam.Request, roleAcct string) *ast.Term {
	rank := map[string]int{"arn-level": 4, "principal": 3, "resource": 2, "action": 1}
	best, bestLoc, bestValue := "none", policies[0].Loc, ""
	consider := func(kind string, l model.Loc, v string) {
		if rank[kind] > rank[best] {
			best, bestLoc, bestValue = kind, l, v
		}
	}
	service, _, _ := strings.Cut(req.Action, ":")
	for _, p := range policies {
		for _, s := range p.Statements {
			if s.Effect == nil || s.Effect.Value != "Allow" {
				continue
			}
			one := &model.Policy{Version: p.Version, Statements: []*model.Statement{s}}
			actOK := s.Action != nil && grantsAction(s.Action, req.Action)
			resOK := s.Resource == nil || resourceMatches(s.Resource, req.Resource)
			prinOK := side == iam.SideIdentity
			if !prinOK {
				r := iam.Evaluate(iam.Request{Principal: req.Principal, PrincipalAccount: req.PrincipalAccount, Action: req.Action, Resource: req.Resource, ResourceAccount: req.ResourceAccount}, nil, one)
				prinOK = r.Resource.Allow > iam.No || principalNamed(s, req)
			}
			switch {
			case actOK && !resOK && s.Resource != nil && !s.Resource.Not:
				for _, v := range s.Resource.Values {
					if strings.HasSuffix(req.Resource, "/*") && iam.MatchResource(v.Value, strings.TrimSuffix(req.Resource, "/*")) {
						consider("arn-level", v.Loc, v.Value)
					} else if a, err := iam.ParseARN(v.Value); err == nil && strings.EqualFold(a.Service, service) {
						consider("resource", v.Loc, v.Value)
					}
				}
			case actOK && resOK && !prinOK && s.Principal != nil && !s.Principal.Not:
				for _, v := range s.Principal.Values {
					c := iam.ClassifyPrincipal(v.Type, v.Value)
					sameName := c.Class == model.ClassRole && model.RoleName(c.ARN) == model.RoleName(req.Principal)
					if roleAcct != "" && (c.Account == roleAcct || sameName) && (c.Class == model.ClassRole || c.Class == model.ClassUser) {
						consider("principal", v.Loc, v.Value)
					}
				}
			case !actOK && resOK && s.Action != nil:
				consider("action", s.Action.KeyLoc, "")
			}
		}
	}
	return obj(pair("kind", str(best)), pair("loc", b.loc(bestLoc)), pair("value", str(bestValue)))
}

func grantsAction(v *model.Values, action string) bool {
	found := false
	for _, a := range v.Values {
		if iam.MatchAction(a.Value, action) {
			found = true
		}
	}
	return found != v.Not
}

func resourceMatches(v *model.Values, res string) bool {
	found := false
	for _, r := range v.Values {
		if iam.MatchResource(r.Value, res) {
			found = true
		}
	}
	return found != v.Not
}

func principalNamed(s *model.Statement, req iam.Request) bool {
	if s.Principal == nil || s.Principal.Not {
		return false
	}
	for _, v := range s.Principal.Values {
		if v.Value == req.Principal {
			return true
		}
	}
	return false
}

// consumers describes the principals that use the memory: roles its
// resource policies name and roles whose identity policies name it, with
// both sides' verdict for every data-plane action either side grants.
// consumer is one principal that uses a memory, with both sides' decision
// for every data-plane action either side grants or denies.
type consumer struct {
	arn, account string
	named        []*model.Principal // memory-policy principal values naming it
	idp          []*model.Policy    // its identity policies; nil when not supplied
	checks       []consumerCheck
}

type consumerCheck struct {
	action string
	res    iam.Result
}

// consumerFacts finds the principals that use the memory — roles its
// resource policies name and roles whose identity policies name it — and
// decides every data-plane action for each with the IAM evaluation core
// (facts.DataPlaneRequest, as `memlint access` does). Several resource
// policies of one memory are read as their union, returned as rbp.
func (x *index) consumerFacts(s *setup) (rbp *model.Policy, out []*consumer) {
	if len(s.policies) == 0 || s.arn.Value == "" || s.arn.Unknown {
		return nil, nil
	}
	rbp = &model.Policy{Kind: model.KindMemory, Version: s.policies[0].Version, Loc: s.policies[0].Loc, File: s.policies[0].File}
	for _, p := range s.policies {
		rbp.Statements = append(rbp.Statements, p.Statements...)
	}
	byARN := map[string]*consumer{}
	addC := func(arn string, p *model.Principal) {
		c := byARN[arn]
		if c == nil {
			c = &consumer{arn: arn}
			byARN[arn] = c
			out = append(out, c)
		}
		if p != nil {
			c.named = append(c.named, p)
		}
	}
	for _, st := range rbp.Statements {
		if st.Effect == nil || st.Effect.Value != "Allow" || st.Principal == nil || st.Principal.Not {
			continue
		}
		for _, p := range st.Principal.Values {
			if p.Unknown {
				continue
			}
			if c := iam.ClassifyPrincipal(p.Type, p.Value); c.Class == model.ClassRole || c.Class == model.ClassUser {
				addC(c.ARN, p)
			}
		}
	}
	for _, r := range x.targeting[s.arn.Value] {
		addC(r.ARN.Value, nil)
	}
	for _, c := range out {
		if a, err := iam.ParseARN(c.arn); err == nil {
			c.account = a.Account
		}
		if r := x.roles[c.arn]; r != nil && len(r.Policies) > 0 {
			c.idp = r.Policies
		}
		for _, action := range facts.DataPlaneActions {
			req := facts.DataPlaneRequest(c.arn, "", false, action, s.arn.Value, append([]*model.Policy{rbp}, c.idp...)...)
			req.IdentityUnknown = c.idp == nil
			if req.Guardrails = facts.Guardrails(x.org, c.account, x.roles[c.arn], false, "bedrock-agentcore", s.account); req.Guardrails != nil {
				facts.GuardrailContext(&req, req.Resource)
			}
			res := iam.Evaluate(req, c.idp, rbp)
			if res.Identity.Allow == iam.No && res.Resource.Allow == iam.No && res.Identity.Deny == iam.No && res.Resource.Deny == iam.No {
				continue
			}
			c.checks = append(c.checks, consumerCheck{action, res})
		}
	}
	return rbp, out
}

// consumers renders consumerFacts for the memory unit (rego/README.md).
func (b *builder) consumers(x *index, s *setup) *ast.Term {
	rbp, cs := x.consumerFacts(s)
	out := make([]*ast.Term, 0, len(cs))
	for _, c := range cs {
		arn, supplied := c.arn, c.idp != nil
		items := []kv{pair("arn", str(arn)), pair("account", str(c.account)), pair("supplied", ast.InternedTerm(supplied))}
		named := make([]*ast.Term, len(c.named))
		for i, p := range c.named {
			named[i] = obj(pair("loc", b.loc(p.Loc)), pair("value", str(p.Value)))
		}
		items = append(items, pair("named", ast.ArrayTerm(named...)), pair("rbp_loc", b.loc(rbp.Loc)))
		if supplied {
			items = append(items, pair("identity_loc", b.loc(c.idp[0].Loc)))
		}
		var checks []*ast.Term
		for _, k := range c.checks {
			action, res := k.action, k.res
			check := []kv{
				pair("action", str(action)),
				pair("decision", key(res.Decision.String())),
				pair("unknown", ast.InternedTerm(res.Unknown)),
				pair("undecided", strs(res.Undecided)),
				pair("scoped", strs(res.Scoped)),
				pair("identity", sides(res.Identity.Allow, res.Identity.Deny)),
				pair("resource", sides(res.Resource.Allow, res.Resource.Deny)),
			}
			// Where each side grants or denies: the RBP principal values naming
			// this consumer, the identity action values naming the action on
			// this memory explicitly, and the Deny statements.
			var grantLocs, idLocs, denies []*ast.Term
			for _, m := range res.Matched {
				switch {
				case m.Effect == "Deny":
					denies = append(denies, obj(pair("side", key(string(m.Side))), pair("loc", b.loc(m.Statement.Loc)), pair("pos", str(m.Statement.Loc.String())), pair("match", tri(m.Match))))
				case m.Side == iam.SideResource && m.Via != nil && m.Via.Value == arn:
					grantLocs = append(grantLocs, b.at(m.Via.Loc))
				case m.Side == iam.SideIdentity && explicitMemory(m.Statement, s.arn.Value):
					for _, a := range m.Statement.Action.Values {
						if !m.Statement.Action.Not && iam.MatchAction(a.Value, action) {
							idLocs = append(idLocs, b.at(a.Loc))
							break
						}
					}
				}
			}
			var grants []*ast.Term
			for _, m := range res.Matched {
				if m.Effect == "Allow" {
					grants = append(grants, obj(pair("side", key(string(m.Side))), pair("loc", b.loc(m.Statement.Loc))))
				}
			}
			check = append(check, pair("named_grants", ast.ArrayTerm(grantLocs...)), pair("identity_grants", ast.ArrayTerm(idLocs...)),
				pair("denies", ast.ArrayTerm(denies...)), pair("grants", ast.ArrayTerm(grants...)))
			if g := b.guardrail(x.org, res); g != nil {
				check = append(check, pair("guardrail", g))
			}
			checks = append(checks, obj(check...))
		}
		items = append(items, pair("checks", ast.ArrayTerm(checks...)))
		out = append(out, obj(items...))
	}
	return ast.ArrayTerm(out...)
}

// explicitMemory reports whether a statement's Resource names the memory
// itself (not "*" or a pattern over every memory).
func explicitMemory(s *model.Statement, memARN string) bool {
	if s.Resource == nil || s.Resource.Not {
		return false
	}
	for _, v := range s.Resource.Values {
		if v.Value == memARN {
			return true
		}
	}
	return false
}

// arnMismatches lists identity-policy Resource values that name a memory
// ARN differing from this memory only by account, region or id (and no
// known memory at all). Found through three maps keyed by the other two
// fields, so the cost stays linear in the values.
func (b *builder) arnMismatches(x *index, s *setup) *ast.Term {
	a, err := iam.ParseARN(s.arn.Value)
	if err != nil || s.arn.Unknown {
		return ast.ArrayTerm()
	}
	var out []*ast.Term
	for _, mm := range x.mismatches()[s.arn.Value] {
		out = append(out, obj(pair("loc", b.loc(mm.v.Loc)), pair("value", str(mm.v.Value)), pair("field", str(mm.field)),
			pair("memory", b.strNode(s.arn, false)), pair("account", str(a.Account))))
	}
	return ast.ArrayTerm(out...)
}

type mismatch struct {
	v     model.Str
	field string
}

// mismatches maps each known memory ARN to the identity-policy values that
// miss it by one field; computed once per index.
func (x *index) mismatches() map[string][]mismatch {
	x.mmOnce.Do(x.computeMismatches)
	return x.mm
}

func (x *index) computeMismatches() {
	x.mm = map[string][]mismatch{}
	key := func(parts ...string) string { return strings.Join(parts, "\x00") }
	byNoAcct, byNoRegion, byNoID := map[string][]string{}, map[string][]string{}, map[string][]string{}
	for arn := range x.byARN {
		a, err := iam.ParseARN(arn)
		if err != nil || a.ResourceType() != "memory" {
			continue
		}
		byNoAcct[key(a.Partition, a.Region, a.ResourceID())] = append(byNoAcct[key(a.Partition, a.Region, a.ResourceID())], arn)
		byNoRegion[key(a.Partition, a.Account, a.ResourceID())] = append(byNoRegion[key(a.Partition, a.Account, a.ResourceID())], arn)
		byNoID[key(a.Partition, a.Account, a.Region)] = append(byNoID[key(a.Partition, a.Account, a.Region)], arn)
	}
	seen := map[model.Loc]bool{}
	{
		for _, p := range x.identity {
			for _, s := range p.Statements {
				if s.Resource == nil || s.Resource.Not {
					continue
				}
				for _, v := range s.Resource.Values {
					if seen[v.Loc] || v.Unknown || strings.ContainsAny(v.Value, "*?$") || x.byARN[v.Value] != nil {
						continue
					}
					a, err := iam.ParseARN(v.Value)
					if err != nil || a.Service != "bedrock-agentcore" || a.ResourceType() != "memory" {
						continue
					}
					seen[v.Loc] = true
					var hits []mismatch
					var target []string
					for _, c := range []struct {
						m     map[string][]string
						k     string
						field string
					}{
						{byNoAcct, key(a.Partition, a.Region, a.ResourceID()), "account"},
						{byNoRegion, key(a.Partition, a.Account, a.ResourceID()), "region"},
						{byNoID, key(a.Partition, a.Account, a.Region), "id"},
					} {
						if len(c.m[c.k]) == 1 {
							hits = append(hits, mismatch{v, c.field})
							target = append(target, c.m[c.k][0])
						}
					}
					// Only an unambiguous near miss is a typo.
					if len(hits) == 1 {
						x.mm[target[0]] = append(x.mm[target[0]], hits[0])
					}
				}
			}
		}
	}
}

// roleUnit is one role's permission policies with the memories that use it
// as their execution role.
func (b *builder) roleUnit(r *model.Role, users []*setup) []kv {
	b.resource = r.ARN.Value
	pols := make([]*ast.Term, 0, len(r.Policies))
	for _, p := range r.Policies {
		pols = append(pols, b.policy(p))
	}
	b.resource = r.ARN.Value
	execution := len(users) > 0
	if r.Trust != nil {
		for _, s := range r.Trust.Statements {
			if s.Principal == nil {
				continue
			}
			for _, p := range s.Principal.Values {
				if p.Type == "Service" && p.Value == "bedrock-agentcore.amazonaws.com" {
					execution = true
				}
			}
		}
	}
	// The resources delivery uses, when every memory using the role has a
	// definition (otherwise unknown: no stale-grant claims).
	known := len(users) > 0
	var targets []string
	for _, s := range users {
		if s.def == nil {
			known = false
		}
		for _, t := range s.deliveries {
			res := facts.DeliveryResource(t.d.Service, t.arn)
			if !slices.Contains(targets, res) {
				targets = append(targets, res)
			}
		}
	}
	role := []kv{pair("name", str(r.Name())), pair("execution", ast.InternedTerm(execution))}
	if ref := b.arnRef(r.ARN); ref != nil {
		role = append(role, pair("arn", ref))
	}
	return []kv{
		pair("role", obj(role...)),
		pair("policies", ast.ArrayTerm(pols...)),
		pair("deliveries_known", ast.InternedTerm(known)),
		pair("delivery_resources", strs(targets)),
	}
}
