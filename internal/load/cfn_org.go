package load

import (
	"fmt"

	"github.com/memlint/memlint/internal/model"
)

// Organisation guardrails in CloudFormation: AWS::Organizations::Policy
// (Type SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY, Content,
// TargetIds) and AWS::IAM::Role PermissionsBoundary naming an
// AWS::IAM::ManagedPolicy of the template (AWS CloudFormation template
// reference, aws-resource-organizations-policy.html and
// aws-resource-iam-role.html).

// orgPolicyKinds maps the Organizations policy types memlint models.
var orgPolicyKinds = map[string]model.Kind{
	"SERVICE_CONTROL_POLICY":  model.KindSCP,
	"RESOURCE_CONTROL_POLICY": model.KindRCP,
}

// cfnOrgPolicy loads an AWS::Organizations::Policy. Its targets (root, OU
// or account IDs) join the organisation the manifest's organization
// section describes: that section gives the accounts' OU paths. A target
// computed at deploy time (!Ref of an OU the template creates) is noted
// and left out.
func (c *cfnTemplate) cfnOrgPolicy(r *cfnResource) {
	t := c.str(r.prop("Type"))
	kind, ok := orgPolicyKinds[t.Value]
	if !ok || t.Unknown {
		return // tag, backup, AI opt-out … policies: not IAM
	}
	c.calls++
	field := "Content"
	p := c.policy(r.prop("Content"), kind, r.id, field, r)
	if p == nil {
		return
	}
	op := &model.OrgPolicy{Kind: kind, Policy: p}
	for _, it := range itemsOf(r.prop("TargetIds")) {
		c.l.policyTarget(op, c.str(it), "a target of "+r.id+" is computed at deploy time", "TargetIds value")
	}
	c.l.iacOrg = append(c.l.iacOrg, op)
}

// policyTarget adds v, a target infrastructure code attaches organization
// policy op to: a value known only at deploy time is a note (unknown says
// which), one that is no root, OU or account ID a finding naming field.
func (l *loader) policyTarget(op *model.OrgPolicy, v model.Str, unknown, field string) {
	switch {
	case v.Unknown:
		l.m.Notes = append(l.m.Notes, fmt.Sprintf("%s: %s (%s); the policy is not applied there.", v.Loc, unknown, v.Expr))
	case isPolicyTarget(v.Value):
		op.Targets = append(op.Targets, v)
	default:
		l.problem(ruleInvalid, v.Loc, fmt.Sprintf("%s '%s' is not a root ID (r-…), an OU ID (ou-…) or a 12-digit account ID.", field, v.Value))
	}
}

// boundaryRefs records, before the resources are read, the managed
// policies of the template that roles name as their PermissionsBoundary.
func (c *cfnTemplate) boundaryRefs() map[string][]*model.Role {
	out := map[string][]*model.Role{}
	for _, r := range c.order {
		if r.typ != "AWS::IAM::Role" {
			continue
		}
		pb := r.prop("PermissionsBoundary")
		if pb == nil {
			continue
		}
		if id := c.refTo(pb, "AWS::IAM::ManagedPolicy"); id != "" {
			out[id] = append(out[id], c.roles[r.id])
			continue
		}
		v := c.str(pb)
		what := v.Value
		if v.Unknown {
			what = v.Expr
		}
		c.l.m.Notes = append(c.l.m.Notes, fmt.Sprintf("%s: the permissions boundary of %s (%s) is not a managed policy of the template; it is not modelled.", pb.Loc, r.id, what))
	}
	return out
}

// mergeOrg joins the organisation policies of infrastructure code to the
// organisation the manifests describe, at the end of loading (templates
// and manifests may be read in any order). Without an organization section
// the policies are still checked as documents, and a note says their
// attachments are not applied.
func (l *loader) mergeOrg() {
	if len(l.iacOrg) == 0 {
		return
	}
	if l.m.Organization == nil {
		if l.prior == nil { // a part of a streamed tree: the stream says it once (stream.go)
			l.m.Notes = append(l.m.Notes, unappliedOrgNote(len(l.iacOrg)))
		}
		return
	}
	l.m.Organization.Policies = append(l.m.Organization.Policies, l.iacOrg...)
}

// unappliedOrgNote says that n SCPs and RCPs from infrastructure code are
// not applied, for want of an organization section.
func unappliedOrgNote(n int) string {
	return fmt.Sprintf("%d service or resource control policies come from infrastructure code, but no manifest has an organization section with the accounts' OU paths: they are checked as documents, not applied to any request.", n)
}
