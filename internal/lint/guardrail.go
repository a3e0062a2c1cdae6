package lint

import (
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// guardrail renders what the organisation guardrails did to a request
// (rego/README.md, "guardrail"): the decision before and after them and the
// blocks, each at the most specific place (the Deny statement; the policy
// of a level where nothing allows; the organization section's
// full_access_detached entry of a level with no policy at all). nil when
// no guardrail applied.
func (b *builder) guardrail(org *model.Organization, r iam.Result) *ast.Term {
	g := r.Guardrail
	if !g.Applied {
		return nil
	}
	blocks := func(bs []iam.Block) *ast.Term {
		out := make([]*ast.Term, 0, len(bs))
		for _, bl := range bs {
			loc, file, ref := blockLoc(org, bl)
			out = append(out, obj(pair("kind", str(bl.Kind)), pair("target", str(bl.Target)), pair("implicit", ast.InternedTerm(bl.Implicit)),
				pair("file", str(file)), pair("ref", str(ref)), pair("loc", b.loc(loc)), pair("pos", str(loc.String()))))
		}
		return ast.ArrayTerm(out...)
	}
	return obj(pair("before", str(g.Before.String())), pair("decision", str(r.Decision.String())), pair("unknown", ast.InternedTerm(r.Unknown)),
		pair("blocked", blocks(g.Blocked)), pair("maybe", blocks(g.Maybe)))
}

// blockLoc is where a guardrail block points, its file and statement ref.
func blockLoc(org *model.Organization, bl iam.Block) (model.Loc, string, string) {
	switch {
	case bl.Statement != nil:
		return bl.Statement.Loc, bl.Policy.File, bl.Statement.Ref()
	case bl.Policy != nil:
		return bl.Policy.Loc, bl.Policy.File, ""
	}
	if l, ok := facts.DetachedAt(org, bl.Target); ok {
		return l, l.File, ""
	}
	if org != nil {
		return org.Loc, org.Loc.File, ""
	}
	return model.Loc{}, "", ""
}

// deliveryGuardrail decides one delivery need with both sides and the
// guardrails of the execution role (its account's SCPs, its boundary) and
// of the destination (its account's RCPs, for S3): nil when none applies.
func (b *builder) deliveryGuardrail(x *index, s *setup, t deliveryTarget, req iam.Request, rolePolicies []*model.Policy, dp *model.Policy) *ast.Term {
	resAcct := t.account
	if resAcct == "" && t.dest != nil {
		resAcct = t.dest.Account
	}
	service := t.d.Service
	g := facts.Guardrails(x.org, s.roleAcct, s.role, false, service, resAcct)
	if g == nil || s.roleARN == "" {
		return nil
	}
	req.Guardrails = g
	facts.GuardrailContext(&req, req.Resource)
	req.IdentityUnknown = len(rolePolicies) == 0
	req.ResourceUnknown = dp == nil
	return b.guardrail(x.org, iam.Evaluate(req, rolePolicies, dp))
}

// keyGuardrail decides a KMS action delivery needs on the destination's key
// with the role's policies, the key policy and the guardrails: the role's
// SCPs and boundary and the key account's RCPs (KMS supports RCPs). nil
// when none applies or the role's ARN is not known.
func (b *builder) keyGuardrail(x *index, s *setup, keyAccount string, req iam.Request, rolePolicies []*model.Policy, kp *model.Policy) *ast.Term {
	g := facts.Guardrails(x.org, s.roleAcct, s.role, false, "kms", keyAccount)
	if g == nil || s.roleARN == "" {
		return nil
	}
	req.Guardrails = g
	facts.GuardrailContext(&req, req.Resource)
	req.ResourceRequired = true
	req.IdentityUnknown = len(rolePolicies) == 0
	req.ResourceUnknown = kp == nil
	return b.guardrail(x.org, iam.Evaluate(req, rolePolicies, kp))
}

// trustGuardrail decides AgentCore assuming the execution role for the
// memory with the role's trust policy and the RCPs of the role's account
// (STS supports RCPs, and they restrict AWS service principals too). nil
// when no RCP applies or the trust policy was not supplied.
func (b *builder) trustGuardrail(x *index, s *setup) *ast.Term {
	if s.role == nil || s.role.Trust == nil || s.roleARN == "" {
		return nil
	}
	g := facts.Guardrails(x.org, "", nil, true, "sts", s.roleAcct)
	if g == nil {
		return nil
	}
	req := iam.Request{Principal: "bedrock-agentcore.amazonaws.com", Service: true, Action: "sts:AssumeRole", Resource: s.roleARN, Guardrails: g}
	if s.arn.Value != "" && !s.arn.Unknown {
		req.Context = map[string][]string{"aws:SourceArn": {s.arn.Value}, "aws:SourceAccount": {s.account}}
	}
	facts.GuardrailContext(&req, req.Resource)
	return b.guardrail(x.org, iam.Evaluate(req, nil, s.role.Trust))
}
