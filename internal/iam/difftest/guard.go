package difftest

import (
	"math/rand/v2"
	"slices"
	"strings"
)

// The organisation of generated guardrails: one root and three OUs, the
// second nested in the first.
const (
	orgRoot = "r-ab12"
	orgOU1  = "ou-ab12-11111111"
	orgOU2  = "ou-ab12-22222222" // inside orgOU1
	orgOU3  = "ou-ab12-33333333"
)

// orgPaths are the paths an account may have: at the root, in an OU, or in
// a nested OU (SCP chains of two to four levels with the account's own).
var orgPaths = [][]string{{orgRoot}, {orgRoot, orgOU1}, {orgRoot, orgOU1, orgOU2}, {orgRoot, orgOU3}}

// guardStream keeps the guardrail draws apart from the rest of a case's:
// a case without guardrails is the case the generator wrote before they
// existed, and one with them has the same request and policies.
const guardStream = 0x6a09e667f3bcc908

// guardKeys are condition keys only guardrail conditions use.
var guardKeys = []*keyDef{
	{name: "aws:PrincipalIsAWSService", typ: "Bool", policy: boolPolicy},
}

// guardrails gives three cases in ten an organisation with SCPs and RCPs,
// and a permissions boundary to some role, session and user callers; then
// closes the context over the keys their conditions mention.
func (g *gen) guardrails() {
	base := g.r
	g.r = rand.New(rand.NewPCG(g.seed^guardStream, uint64(g.c.ID)))
	defer func() { g.r = base }()
	if !g.chance(30) {
		return
	}
	if g.chance(80) {
		g.org()
	}
	if !g.c.Service() && !strings.HasSuffix(g.c.Principal, ":root") && (g.c.Org == nil || g.chance(40)) {
		g.c.Boundary = g.boundary()
		if g.chance(50) {
			g.grantCaller()
		}
	}
	g.context()
}

// org writes the organisation: the caller's and the resource's accounts
// (each a member, or outside it), the management account (often one of
// them: SCPs and RCPs then do not apply), SCPs attached at the levels of the
// caller's path and RCPs at the resource's, and detached FullAWSAccess.
func (g *gen) org() {
	o := &Org{Accounts: map[string][]string{}}
	for _, a := range []string{acctA, acctB, acctC} {
		if a == acctA || g.chance(70) {
			o.Accounts[a] = orgPaths[g.r.IntN(len(orgPaths))]
		}
	}
	switch g.r.IntN(10) {
	case 0:
		o.Management = acctA
	case 1:
		o.Management = acctB
	}
	if o.Management != "" {
		o.Accounts[o.Management] = []string{orgRoot}
	}
	levels := func(acct string) []string {
		if p, ok := o.Accounts[acct]; ok {
			return append(slices.Clone(p), acct)
		}
		return []string{orgRoot, orgOU3, acct}
	}
	callerLevels := levels(g.account)
	if g.account == "" {
		callerLevels = levels(acctA) // a service principal: SCPs of some account
	}
	resLevels := levels(g.c.ResourceAccount)
	if g.chance(85) {
		for range g.r.IntN(4) + 1 {
			o.Policies = append(o.Policies, &OrgPolicy{Kind: "scp", Targets: g.targets(callerLevels, resLevels), Policy: g.scp()})
		}
	}
	if g.chance(60) {
		for range g.r.IntN(3) + 1 {
			o.Policies = append(o.Policies, &OrgPolicy{Kind: "rcp", Targets: g.targets(resLevels, callerLevels), Policy: g.rcp()})
		}
	}
	for _, t := range append(slices.Clone(callerLevels), resLevels...) {
		if !slices.Contains(o.NoFullAccess, t) && g.chance(12) {
			o.NoFullAccess = append(o.NoFullAccess, t)
		}
	}
	g.c.Org = o
}

// targets returns one or two attachment targets: levels of the chain the
// policy is meant for, now and then one of the other chain.
func (g *gen) targets(mine, other []string) []string {
	var out []string
	for range g.r.IntN(2) + 1 {
		t := mine[g.r.IntN(len(mine))]
		if g.chance(15) {
			t = other[g.r.IntN(len(other))]
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// scp writes a service control policy: an allow of everything (as
// FullAWSAccess), an allow list that may omit the requested action, or
// Deny statements with Action or NotAction, resources and conditions.
func (g *gen) scp() *Policy {
	p := &Policy{Version: "2012-10-17"}
	switch g.r.IntN(10) {
	case 0, 1:
		p.Statement = append(p.Statement, &Statement{Effect: "Allow", Action: []string{"*"}, Resource: []string{"*"}})
	case 2, 3, 4:
		s := &Statement{Effect: "Allow", Action: g.list(3, g.actionPattern), Resource: []string{"*"}}
		if g.chance(20) {
			s.Resource = g.list(2, g.resourcePattern)
		}
		if g.chance(15) {
			s.Condition = map[string]map[string][]string{}
			g.condition(s.Condition)
		}
		p.Statement = append(p.Statement, s)
	}
	for range g.r.IntN(2) + boolInt(len(p.Statement) == 0) {
		s := &Statement{Effect: "Deny", Resource: []string{"*"}}
		acts := g.list(2, g.actionPattern)
		if g.chance(25) {
			s.NotAction = acts
		} else {
			s.Action = acts
		}
		g.denyScope(s, 10, 25, 60)
		p.Statement = append(p.Statement, s)
	}
	return p
}

// rcp writes a resource control policy: Deny statements for every
// principal ("*"), with an Action list (never "*" alone, which RCPs do not
// accept) and, mostly, data-perimeter conditions.
func (g *gen) rcp() *Policy {
	p := &Policy{Version: "2012-10-17"}
	for range g.r.IntN(2) + 1 {
		s := &Statement{Effect: "Deny", Principal: &Principal{Star: true}, Resource: []string{"*"}}
		s.Action = g.list(2, func() string {
			for {
				if a := g.actionPattern(); a != "*" {
					return a
				}
			}
		})
		g.denyScope(s, 8, 20, 75)
		p.Statement = append(p.Statement, s)
	}
	return p
}

// denyScope gives a guardrail's Deny statement, in percent: NotResource
// (notResource), else a Resource list (resource), else its "*"; and one or
// two data-perimeter conditions (condition).
func (g *gen) denyScope(s *Statement, notResource, resource, condition int) {
	switch {
	case g.chance(notResource):
		s.NotResource = g.list(2, g.resourcePattern)
		s.Resource = nil
	case g.chance(resource):
		s.Resource = g.list(2, g.resourcePattern)
	}
	if g.chance(condition) {
		s.Condition = map[string]map[string][]string{}
		for range g.r.IntN(2) + 1 {
			g.perimeter(s.Condition)
		}
	}
}

// boundary writes a permissions boundary: often a broad allow with Denies,
// otherwise an identity policy like the others.
func (g *gen) boundary() *Policy {
	if g.chance(50) {
		return g.policy(false)
	}
	p := &Policy{Version: "2012-10-17"}
	svc, _, _ := strings.Cut(g.c.Action, ":")
	p.Statement = append(p.Statement, &Statement{Effect: "Allow", Action: []string{g.pick("*", svc+":*", "s3:*", "sns:*")}, Resource: []string{"*"}})
	if g.chance(50) {
		s := g.statement(false)
		s.Effect = "Deny"
		p.Statement = append(p.Statement, s)
	}
	return p
}

// perimeter adds a condition of the kind guardrails are written with (AWS
// Organizations' SCP and RCP examples: the caller's organisation, account,
// or being an AWS service), or any other.
func (g *gen) perimeter(block map[string]map[string][]string) {
	add := func(op, key string, vals ...string) {
		g.note(key)
		if block[op] == nil {
			block[op] = map[string][]string{}
		}
		if _, dup := block[op][key]; !dup {
			block[op][key] = vals
		}
	}
	switch g.r.IntN(6) {
	case 0:
		add(g.pick("StringNotEqualsIfExists", "StringNotEquals"), "aws:PrincipalOrgID", "o-abc123")
	case 1:
		add(g.pick("StringNotEqualsIfExists", "StringNotEquals"), "aws:SourceAccount", g.pick(acctA, acctB))
	case 2:
		add("BoolIfExists", "aws:PrincipalIsAWSService", "false")
	case 3:
		add(g.pick("StringNotEquals", "StringEquals"), "aws:PrincipalAccount", g.list(2, func() string { return g.pick(acctA, acctB) })...)
	default:
		g.condition(block)
	}
}

// grantCaller adds to the resource policy an Allow of the request naming
// the caller as a boundary treats grants differently: the caller itself (a
// session or user ARN escapes the boundary in its account), the role of a
// session (limited by it), or "*".
func (g *gen) grantCaller() {
	who := []string{g.c.Principal, "*"}
	if g.principalARN != "" && g.principalARN != g.c.Principal {
		who = append(who, g.principalARN)
	}
	named := []string{who[g.r.IntN(len(who))]}
	if len(who) > 2 && g.chance(30) {
		// The role and the session both: the session's ARN decides.
		named = []string{g.principalARN, g.c.Principal}
		if g.chance(50) {
			named[0], named[1] = named[1], named[0]
		}
	}
	st := &Statement{Effect: "Allow", Principal: &Principal{Typed: map[string][]string{"AWS": named}},
		Action: []string{g.c.Action}, Resource: []string{g.c.Resource}}
	if g.c.ResourcePolicy == nil {
		g.c.ResourcePolicy = &Policy{Version: "2012-10-17"}
	}
	g.c.ResourcePolicy.Statement = append(g.c.ResourcePolicy.Statement, st)
}
