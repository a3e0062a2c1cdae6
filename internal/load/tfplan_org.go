package load

import (
	"fmt"

	"github.com/memlint/memlint/internal/model"
)

// Organisation guardrails in Terraform plans (Terraform AWS provider,
// r/organizations_policy, r/organizations_policy_attachment and
// r/iam_role's permissions_boundary): an aws_organizations_policy of type
// SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY is a document of kind
// scp or rcp; each aws_organizations_policy_attachment adds its target_id;
// they join the organisation of the manifest's organization section, as
// CloudFormation's do (cfn_org.go).

// tfOrgPolicy reads an aws_organizations_policy.
func (t *tfPlan) tfOrgPolicy(r *tfResource) {
	typ := t.str(r.values, "type")
	kind, ok := orgPolicyKinds[typ.Value]
	if !ok || typ.Unknown {
		return
	}
	t.count++
	p := t.policy(r, r.values.Get("content"), kind)
	if p == nil {
		return
	}
	op := &model.OrgPolicy{Kind: kind, Policy: p}
	t.orgPolicies[r.config] = op
	if id := t.str(r.values, "id"); id.Value != "" && !id.Unknown {
		t.orgPolicies[id.Value] = op
	}
	t.l.iacOrg = append(t.l.iacOrg, op)
}

// byRef is what m holds for the resource of type typ that attribute attr
// of r names: by its configuration reference, else by its known value (an
// ARN or ID); nil when neither names one.
func byRef[T any](t *tfPlan, r *tfResource, attr, typ string, m map[string]*T) *T {
	if ref := t.refOf(r, attr, typ); ref != "" {
		return m[ref]
	}
	if v := t.str(r.values, attr); !v.Unknown {
		return m[v.Value]
	}
	return nil
}

// tfOrgAttachment reads an aws_organizations_policy_attachment: the target
// its policy is attached to.
func (t *tfPlan) tfOrgAttachment(r *tfResource) {
	t.count++
	op := byRef(t, r, "policy_id", "aws_organizations_policy", t.orgPolicies)
	if op == nil {
		return // a tag policy, or one the plan does not create
	}
	t.l.policyTarget(op, t.str(r.values, "target_id"), "the target of "+r.addr+" is known only after apply", "target_id")
}

// tfBoundaries records, before the resources are read, the aws_iam_policy
// resources that roles name as their permissions_boundary by reference.
func (t *tfPlan) tfBoundaries(rs []*tfResource) {
	for _, r := range rs {
		if r.typ != "aws_iam_role" {
			continue
		}
		if ref := t.refOf(r, "permissions_boundary", "aws_iam_policy"); ref != "" {
			t.boundaries[ref] = append(t.boundaries[ref], t.roles[r.config])
		}
	}
}

// tfBoundaryARNs links, after the resources are read, a role whose
// permissions_boundary is the literal ARN of a policy of the plan.
func (t *tfPlan) tfBoundaryARNs(rs []*tfResource) {
	for _, r := range rs {
		if r.typ != "aws_iam_role" || t.refOf(r, "permissions_boundary", "aws_iam_policy") != "" {
			continue
		}
		a := t.str(r.values, "permissions_boundary")
		if a.Unknown || a.Value == "" {
			continue
		}
		if p := t.policies[a.Value]; p != nil {
			p.Kind = model.KindBoundary
			t.roles[r.config].Boundary = p
			continue
		}
		t.l.m.Notes = append(t.l.m.Notes, fmt.Sprintf("%s: the permissions boundary of %s (%s) is not a policy of the plan; it is not modelled.", a.Loc, r.addr, a.Value))
	}
}
