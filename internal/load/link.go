package load

import (
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// linker joins memories, roles and destinations by ARN across every input,
// whichever file each piece came from.
type linker struct {
	memories  []*model.Memory
	memByARN  map[string]*model.Memory
	roles     []*model.Role
	roleByKey map[string]*model.Role
	dests     []*model.Destination
	destByARN map[string]*model.Destination

	// The source being loaded: a shell script, template or plan (its file)
	// and the account it works in, when known ("" otherwise). Roles it
	// names by name only belong to that account, or at least to the same
	// account as the memories it creates.
	scope, account string
	names          map[*model.Role]string          // name of each name-only role
	roleScopes     map[*model.Role]map[string]bool // sources that named it
	policyScope    map[*model.Policy]string        // source of each memory policy
}

func newLinker() *linker {
	return &linker{memByARN: map[string]*model.Memory{}, roleByKey: map[string]*model.Role{}, destByARN: map[string]*model.Destination{},
		names: map[*model.Role]string{}, roleScopes: map[*model.Role]map[string]bool{}, policyScope: map[*model.Policy]string{}}
}

// enter sets the source being loaded (see linker.scope); leave with
// enter("", "").
func (k *linker) enter(scope, account string) { k.scope, k.account = scope, account }

// attach records the source of a memory resource policy.
func (k *linker) attach(p *model.Policy) {
	if k.scope != "" {
		k.policyScope[p] = k.scope
	}
}

// memory returns the memory with that ARN, creating it; an unknown ARN
// always makes a new memory.
func (k *linker) memory(arn model.Str) *model.Memory {
	if arn.Value != "" {
		if m := k.memByARN[arn.Value]; m != nil {
			if m.ARN.Loc.IsZero() {
				m.ARN = arn
			}
			return m
		}
	}
	m := &model.Memory{ARN: arn}
	if arn.Value != "" {
		k.memByARN[arn.Value] = m
	}
	k.memories = append(k.memories, m)
	return m
}

// memoryForPolicy returns the memory a resource policy attaches to, or a new
// entry when the memory already has one (each policy is still checked).
func (k *linker) memoryForPolicy(arn model.Str) *model.Memory {
	m := k.memory(arn)
	if m.Policy != nil {
		m = &model.Memory{ARN: arn, Definition: m.Definition}
		k.memories = append(k.memories, m)
	}
	return m
}

// role returns the role with that ARN or, when only the name is known, that
// name in the current source's account (name-only roles of different
// accounts stay apart); name-only roles are merged into a role with a
// matching ARN at the end.
func (k *linker) role(arn model.Str, name string) *model.Role {
	key := "name:" + k.account + ":" + name
	if arn.Value != "" {
		key = arn.Value
	}
	r := k.roleByKey[key]
	if r != nil {
		if r.ARN.Loc.IsZero() && arn.Value != "" {
			r.ARN = arn
		}
	} else {
		r = &model.Role{ARN: arn}
		k.roleByKey[key] = r
		k.roles = append(k.roles, r)
		if arn.Value == "" {
			r.Account = k.account
			k.names[r] = name
		}
	}
	if arn.Value == "" && k.scope != "" {
		if k.roleScopes[r] == nil {
			k.roleScopes[r] = map[string]bool{}
		}
		k.roleScopes[r][k.scope] = true
	}
	return r
}

// roleRef returns the role infrastructure code names by reference (a
// CloudFormation logical ID, a Terraform address) when neither its ARN nor
// its name is known; such a role links by that reference only.
func (k *linker) roleRef(ref string) *model.Role {
	key := "ref:" + ref
	if r := k.roleByKey[key]; r != nil {
		return r
	}
	r := &model.Role{}
	k.roleByKey[key] = r
	k.roles = append(k.roles, r)
	return r
}

func (k *linker) dest(arn model.Str, service string) *model.Destination {
	if d := k.destByARN[arn.Value]; d != nil && arn.Value != "" {
		if d.ARN.Loc.IsZero() {
			d.ARN = arn
		}
		return d
	}
	d := &model.Destination{ARN: arn, Service: service}
	if arn.Value != "" {
		k.destByARN[arn.Value] = d
	}
	k.dests = append(k.dests, d)
	return d
}

// into merges name-only roles into ARN roles of the same name and stores the
// result in the model. A name links only within an account: a role whose
// account is known matches only role ARNs of that account; one whose account
// is unknown never matches another account's role when a memory definition
// names a role of that name as its execution role (the execution role lives
// in the memory's account).
func (k *linker) into(m *model.Model) {
	execs := k.executionAccounts()
	k.nameFromGrants(m.Policies, execs)
	byName := map[string][]*model.Role{}
	for _, r := range k.roles {
		if r.ARN.Value != "" {
			n := model.RoleName(r.ARN.Value)
			byName[n] = append(byName[n], r)
		}
	}
	for _, r := range k.roles {
		if r.ARN.Value != "" {
			continue
		}
		name := k.names[r]
		var cands []*model.Role
		for _, c := range byName[name] {
			if accountFits(r, arnAccount(c.ARN.Value), execs[name]) {
				cands = append(cands, c)
			}
		}
		if len(cands) == 1 {
			t := cands[0]
			if t.Trust == nil {
				t.Trust = r.Trust
			}
			if t.Boundary == nil {
				t.Boundary = r.Boundary
			}
			t.Policies = append(t.Policies, r.Policies...)
			continue
		}
		m.Roles = append(m.Roles, r)
	}
	for _, r := range k.roles {
		if r.ARN.Value != "" {
			m.Roles = append(m.Roles, r)
		}
	}
	m.Memories = k.memories
	m.Destinations = k.dests
}

// accountFits reports whether a role ARN of account may be the name-only
// role r: r's account when known; else, when memory definitions name
// execution roles of r's name (in the accounts execs), one of those.
func accountFits(r *model.Role, account string, execs map[string]bool) bool {
	if r.Account != "" {
		return account == r.Account
	}
	return len(execs) == 0 || execs[account]
}

// executionAccounts maps each role name to the accounts of the execution
// role ARNs of that name that memory definitions give.
func (k *linker) executionAccounts() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, mem := range k.memories {
		d := mem.Definition
		if d == nil || d.RoleARN == nil || d.RoleARN.Unknown {
			continue
		}
		n, acct := model.RoleName(d.RoleARN.Value), arnAccount(d.RoleARN.Value)
		if n == "" || acct == "" {
			continue
		}
		if out[n] == nil {
			out[n] = map[string]bool{}
		}
		out[n][acct] = true
	}
	return out
}

// arnAccount is the account field of an ARN, or "".
func arnAccount(arn string) string {
	a, _ := iam.ParseARN(arn)
	return a.Account
}

// nameFromGrants gives a role known only by name (infrastructure code in
// another account, where the account ID is a deploy-time value) the ARN a
// memory resource policy grants, when exactly one granted role ARN of a
// fitting account (accountFits) has that name and no loaded role already
// has it: the memory's owner wrote the consumer's full ARN. A grant in the
// same source (script, template, plan) as the role is the role's own only
// when the memory is known to be in the grant's account: otherwise it names
// a role of that name in another account.
func (k *linker) nameFromGrants(policies []*model.Policy, execs map[string]map[string]bool) {
	type grant struct {
		arn    model.Str
		scope  string
		memAcc string
	}
	granted := map[string][]grant{} // role name → grants
	for _, p := range policies {
		if p.Kind != model.KindMemory {
			continue
		}
		memAcc := ""
		if p.Attached != nil && !p.Attached.Unknown {
			memAcc = arnAccount(p.Attached.Value)
		}
		for _, s := range p.Statements {
			if s.Principal == nil || s.Principal.Not {
				continue
			}
			for _, pr := range s.Principal.Values {
				if pr.Unknown || pr.Class != model.ClassRole {
					continue
				}
				n := model.RoleName(pr.ARN)
				granted[n] = append(granted[n], grant{model.Str{Value: pr.ARN, Loc: pr.Loc}, k.policyScope[p], memAcc})
			}
		}
	}
	for _, r := range k.roles {
		if r.ARN.Value != "" {
			continue
		}
		name := k.names[r]
		fits := map[string]model.Str{}
		for _, g := range granted[name] {
			acct := arnAccount(g.arn.Value)
			if !accountFits(r, acct, execs[name]) {
				continue
			}
			if k.roleScopes[r][g.scope] && g.scope != "" && g.memAcc != acct {
				continue // the same source's memory grants another account's role
			}
			if _, ok := fits[g.arn.Value]; !ok {
				fits[g.arn.Value] = g.arn
			}
		}
		if len(fits) != 1 {
			continue
		}
		for arn, s := range fits {
			if k.roleByKey[arn] == nil {
				r.ARN = s
				k.roleByKey[arn] = r
			}
		}
	}
}
