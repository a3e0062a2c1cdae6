package access

import (
	"cmp"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// candidate is a caller to evaluate against one resource policy.
type candidate struct {
	principal string // ARN, "*" or a service name
	kind      string // model.Class*
	account   string
	service   bool
	role      *model.Role // known role with its identity policies, or nil
}

// grants evaluates every data-plane action for the principals a memory's
// resource policies name and the known roles that can reach it: roles of
// an account the policy grants, and roles whose identity policies allow a
// memory action on it.
func grants(m *model.Model, mem *Memory, group []*model.Memory, names map[*model.Policy]string) []*Grant {
	out := []*Grant{}
	var policies []*model.Policy
	for _, e := range group {
		if !slices.Contains(policies, e.Policy) {
			policies = append(policies, e.Policy)
		}
	}
	if len(policies) > 1 {
		policies = slices.DeleteFunc(policies, func(p *model.Policy) bool { return p == nil })
	}
	for _, p := range policies {
		reach := reachOf(facts.MemoryPolicy(p, mem.ARN, mem.Account))
		for _, c := range candidates(m, mem.ARN, p) {
			g := evalGrant(m.Organization, mem.ARN, p, names[p], c)
			if c.kind == model.ClassPublic || c.kind == model.ClassAccount {
				g.Reach = reach[c.principal]
			}
			out = append(out, g)
		}
	}
	slices.SortStableFunc(out, func(a, b *Grant) int {
		return cmp.Or(
			cmp.Compare(slices.Index(mem.ResourcePolicies, a.ResourcePolicy), slices.Index(mem.ResourcePolicies, b.ResourcePolicy)),
			cmp.Compare(a.Account, b.Account),
			cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)),
			cmp.Compare(a.Principal, b.Principal))
	})
	return out
}

// kindRank orders broad principals before specific ones.
func kindRank(k string) int {
	return slices.Index([]string{model.ClassPublic, model.ClassAccount, model.ClassService, model.ClassRole, model.ClassUser, model.ClassAssumedRole}, k)
}

// candidates lists the callers worth a row for policy p (nil: none supplied).
func candidates(m *model.Model, memARN string, p *model.Policy) []candidate {
	var out []candidate
	seen := map[string]int{}
	add := func(c candidate) {
		if i, ok := seen[c.principal]; ok {
			if c.role != nil {
				out[i].role = c.role
			}
			return
		}
		seen[c.principal] = len(out)
		out = append(out, c)
	}
	roles := map[string]*model.Role{}
	for _, r := range m.Roles {
		if r.ARN.Value != "" {
			roles[r.ARN.Value] = r
		}
	}
	granted := map[string]bool{} // accounts granted through their root
	if p != nil {
		for _, s := range p.Statements {
			if s.Effect == nil || s.Effect.Value != "Allow" || s.Principal == nil || s.Principal.Not {
				continue
			}
			for _, pr := range s.Principal.Values {
				if pr.Unknown {
					continue // computed at deploy time: no caller to name
				}
				c := candidate{principal: pr.ARN, kind: pr.Class, account: pr.Account}
				switch pr.Class {
				case model.ClassPublic:
					c.principal, c.account = "*", ""
				case model.ClassAccount:
					granted[pr.Account] = true
				case model.ClassService:
					c.principal, c.service = pr.Value, true
				case model.ClassRole, model.ClassUser, model.ClassAssumedRole:
					c.role = roles[pr.ARN]
				default:
					continue // unique IDs, federated and canonical users never call memory APIs
				}
				if c.principal == "" {
					continue
				}
				add(c)
			}
		}
	}
	for _, r := range m.Roles {
		a, err := iam.ParseARN(r.ARN.Value)
		if err != nil {
			continue
		}
		c := candidate{principal: r.ARN.Value, kind: model.ClassRole, account: a.Account, role: r}
		if _, named := seen[c.principal]; named || granted[a.Account] || identityReaches(r, memARN) {
			add(c)
		}
	}
	return out
}

// identityReaches reports whether r's identity policies allow (or may
// allow) some data-plane action on the memory.
func identityReaches(r *model.Role, memARN string) bool {
	if len(r.Policies) == 0 {
		return false
	}
	for _, a := range facts.DataPlaneActions {
		res := iam.Evaluate(iam.Request{Principal: r.ARN.Value, Action: a, Resource: memARN, ResourceUnknown: true}, r.Policies, nil)
		if res.Identity.Allow > iam.No {
			return true
		}
	}
	return false
}

func evalGrant(org *model.Organization, memARN string, p *model.Policy, name string, c candidate) *Grant {
	g := &Grant{Principal: c.principal, Kind: c.kind, Account: c.account, Identity: IdentityMissing}
	var idp []*model.Policy
	if c.role != nil && len(c.role.Policies) > 0 {
		idp, g.Identity = c.role.Policies, IdentitySupplied
	}
	if c.service {
		g.Identity = IdentitySupplied // a service has no identity side
	}
	g.ResourcePolicy = name
	var results []iam.Result
	for _, a := range facts.DataPlaneActions {
		pols := idp
		if p != nil {
			pols = append([]*model.Policy{p}, idp...)
		}
		req := facts.DataPlaneRequest(c.principal, c.account, c.service, a, memARN, pols...)
		req.IdentityUnknown = idp == nil && !c.service
		req.ResourceUnknown = p == nil
		guardrails(org, &req, c.role, "bedrock-agentcore", accountOf(memARN))
		r := iam.Evaluate(req, idp, p)
		results = append(results, r)
		g.Actions = append(g.Actions, cell(a, r))
	}
	g.Summary = summarize(g.Actions)
	g.Status, g.Reason = grantStatus(g, results)
	return g
}

// grantStatus sums a grant's cells up and, when nothing is allowed, says why.
func grantStatus(g *Grant, results []iam.Result) (string, string) {
	var nAllowed, nUnknown int
	for _, c := range g.Actions {
		switch c.Decision {
		case Allowed:
			nAllowed++
		case Unknown:
			nUnknown++
		}
	}
	var blocked []string
	for _, c := range g.Actions {
		if c.Guardrail != "" && !slices.Contains(blocked, c.Guardrail) {
			blocked = append(blocked, c.Guardrail)
		}
	}
	g.Guardrail = strings.Join(blocked, "; ")
	switch {
	case nUnknown > 0:
		return StatusUnknown, ""
	case nAllowed == len(g.Actions):
		return StatusAllowed, ""
	case nAllowed > 0:
		return StatusPartial, ""
	}
	if len(blocked) > 0 && nUnknown == 0 && nAllowed == 0 {
		return StatusDenied, "blocked by " + g.Guardrail
	}
	var deny []iam.StatementRef
	var anyRes, anyID bool
	for _, r := range results {
		deny = append(deny, denies(r)...)
		anyRes = anyRes || r.Resource.Allow > iam.No
		anyID = anyID || r.Identity.Allow > iam.No
	}
	switch {
	case len(deny) > 0:
		return StatusDenied, "explicit Deny: " + strings.Join(statementRefs(deny), ", ")
	case g.ResourcePolicy == "" && !anyID:
		return StatusDenied, "its identity policies allow no action on this memory"
	case !anyRes && anyID:
		return StatusDenied, "the memory policy grants none of the actions its identity policies allow"
	case anyRes && !anyID && g.Identity == IdentitySupplied:
		return StatusDenied, "its identity policies allow none of the granted actions"
	case anyRes && anyID:
		return StatusDenied, "its identity policies and the memory policy allow different actions"
	}
	return StatusDenied, "no policy allows it"
}

// reachOf describes, per principal ("*" or an account root ARN), the
// broadest reach its values have in a memory policy, in words:
// "organization o-a1b2c3d4e5", "account 444455556666", "public".
func reachOf(rs []facts.PrincipalReach) map[string]string {
	best := map[string]facts.PrincipalReach{}
	for _, r := range rs {
		cls := iam.ClassifyPrincipal(r.Principal.Type, r.Principal.Value)
		key := cls.ARN
		if cls.Class == model.ClassPublic {
			key = "*"
		}
		if b, ok := best[key]; !ok || r.Reach.Broader(b.Reach) {
			best[key] = r
		}
	}
	out := map[string]string{}
	for key, r := range best {
		var names []string
		for _, a := range r.Actions {
			if a.Reach != r.Reach {
				continue
			}
			for _, n := range append(slices.Clone(a.Orgs), a.Accounts...) {
				if !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
		slices.Sort(names)
		out[key] = strings.TrimSpace(string(r.Reach) + " " + strings.Join(names, ", "))
		if r.Maybe != "" {
			out[key] += "; " + string(r.Maybe) + " if undecidable conditions hold"
		}
	}
	return out
}
