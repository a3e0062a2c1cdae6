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

// GuardrailContext records in req what a guardrail's conditions commonly
// read and memlint knows of a request with guardrails (IAM User Guide,
// reference_policies_condition-keys.html): whether its caller is an AWS
// service principal (aws:PrincipalIsAWSService: an RCP's exemption of
// services then decides), and that the request goes to
// the region of the resource it acts on (aws:RequestedRegion, which a
// region-restricting SCP reads; "" when the resource's ARN names none).
// Keys the context already holds are left alone.
func GuardrailContext(req *iam.Request, resource string) {
	set := map[string]string{"aws:principalisawsservice": "false"}
	if req.Service {
		set["aws:principalisawsservice"] = "true"
	}
	if a, err := iam.ParseARN(resource); err == nil && a.Region != "" && !strings.ContainsAny(a.Region, "*?$") {
		set["aws:requestedregion"] = a.Region
	}
	ctx := make(map[string][]string, len(req.Context)+len(set))
	for k, v := range req.Context {
		ctx[k] = v
		delete(set, strings.ToLower(k))
	}
	for k, v := range set {
		ctx[k] = []string{v}
	}
	req.Context = ctx
	if req.Service {
		// A service principal has no principal ARN, account or
		// organisation: an IfExists condition on them holds.
		for _, k := range notForServices {
			if _, known := ctx[k]; !known && !slices.Contains(req.Absent, k) {
				req.Absent = append(slices.Clip(req.Absent), k)
			}
		}
	}
}
