package facts

import (
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// Guardrails are the organisation guardrails of one request (iam.Guardrails):
// the SCPs of the caller's account, the RCPs of the resource's account and
// the caller role's permissions boundary, as the model knows them. `memlint
// check` and `memlint access` both ask here.
//
// principalAccount is the caller's account ("" when unknown), role its
// role when the model has it (for the boundary), service whether the caller
// is an AWS service principal; resService is the resource's service prefix
// and resourceAccount its account ("" when unknown). nil when nothing
// applies: without an organization section and a boundary, no guardrail is
// modelled.
//
// SCPs and RCPs do not restrict the management account
// (orgs_manage_policies_scps.html, orgs_manage_policies_rcps.html); an
// account the section does not list is outside the organisation, unless
// the section says it is partial: then its guardrails are unknown.
func Guardrails(org *model.Organization, principalAccount string, role *model.Role, service bool, resService, resourceAccount string) *iam.Guardrails {
	var g iam.Guardrails
	if org != nil && !service && principalAccount != "" {
		// A caller of no known account ("*") may be outside the
		// organisation, where no SCP applies: the reading errs towards
		// access, as for any caller memlint cannot pin down.
		g.SCP = chain(org, model.KindSCP, principalAccount)
	}
	if org != nil && iam.RCPService(resService) {
		g.RCP = chain(org, model.KindRCP, resourceAccount)
	}
	if role != nil && !service {
		g.Boundary = role.Boundary
	}
	if g.SCP == nil && g.RCP == nil && g.Boundary == nil {
		return nil
	}
	return &g
}

// chain builds the SCP or RCP chain of account: root, OUs, account.
func chain(org *model.Organization, kind model.Kind, account string) *iam.Chain {
	if account != "" && account == org.Management {
		return nil
	}
	a := org.Accounts[account]
	if a == nil {
		if org.Partial {
			return &iam.Chain{Kind: string(kind), Unknown: true}
		}
		return nil
	}
	if len(a.Path) == 0 {
		// A manifest error was reported for its path.
		return &iam.Chain{Kind: string(kind), Unknown: true}
	}
	c := &iam.Chain{Kind: string(kind)}
	for _, target := range append(slices.Clone(a.Path), account) {
		lv := iam.Level{Target: target, FullAccess: kind == model.KindRCP || !slices.ContainsFunc(org.NoFullAccess, func(s model.Str) bool { return s.Value == target })}
		for _, op := range org.Policies {
			if op.Kind != kind || op.Policy == nil {
				continue
			}
			if slices.ContainsFunc(op.Targets, func(s model.Str) bool { return s.Value == target }) {
				lv.Policies = append(lv.Policies, op.Policy)
			}
		}
		c.Levels = append(c.Levels, lv)
	}
	return c
}

// DetachedAt is where the organization section says FullAWSAccess is
// detached from target: the place an implicit deny at a level without any
// policy points at.
func DetachedAt(org *model.Organization, target string) (model.Loc, bool) {
	if org == nil {
		return model.Loc{}, false
	}
	for _, s := range org.NoFullAccess {
		if s.Value == target {
			return s.Loc, true
		}
	}
	return model.Loc{}, false
}

// NotAService records in req that its caller, an IAM role or user, is no
// AWS service principal (aws:PrincipalIsAWSService is false for it, IAM
// User Guide, reference_policies_condition-keys.html): the condition
// guardrails use to exempt services (an RCP's BoolIfExists
// aws:PrincipalIsAWSService false) then decides. Requests with guardrails
// set it; a context that already holds the key is left alone.
func NotAService(req *iam.Request) {
	if req.Service {
		return
	}
	for k := range req.Context {
		if strings.EqualFold(k, "aws:PrincipalIsAWSService") {
			return
		}
	}
	ctx := make(map[string][]string, len(req.Context)+1)
	for k, v := range req.Context {
		ctx[k] = v
	}
	ctx["aws:principalisawsservice"] = []string{"false"}
	req.Context = ctx
}
