# METADATA
# title: Organisation guardrail blocks what both sides grant
# description: |
#   A service control policy (SCP), resource control policy (RCP) or
#   permissions boundary — supplied in the manifest's organization section
#   or a role's permissions_boundary — blocks an action that both the
#   caller's identity policies and the resource's policy grant, or a
#   delivery the memory needs (AgentCore assuming the execution role, the
#   role writing to the destination or using its KMS key): the grant can
#   never be used. SCPs restrict the principals of member accounts (an Allow must be
#   present at every level of the organisation path, an explicit Deny
#   anywhere denies); RCPs restrict resources of member accounts for the
#   services that support them (Amazon S3, AWS STS, AWS KMS, Amazon SQS,
#   AWS Secrets Manager — not AgentCore memories, SNS topics or Kinesis
#   streams); a permissions boundary limits what the identity policies of
#   its role may allow. Only blocks that apply for certain are reported, and
#   only where the documents alone would allow the request.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
#   - ref: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
# custom:
#   id: ML505
#   severity: medium
#   inputs: [memory]
#   remediation: |
#     Ask the organisation's administrators for an exception in the guardrail
#     (a condition on aws:PrincipalArn, or an Allow at the level that lacks
#     one), widen the role's permissions boundary, or remove the grant that
#     can never be used.
package rules.consumer["guardrail-blocks-grant"]

import data.lib.result

# A consumer: both sides grant the action, a guardrail takes it away.
deny contains result.fail_related(grant, msg, blk, "The guardrail that blocks it is here.") if {
	some c in input.consumers
	some pos in {b.pos | some k in c.checks; _dead(k); some b in k.guardrail.blocked}
	hits := [[k.action, b] |
		some k in c.checks
		_dead(k)
		some b in k.guardrail.blocked
		b.pos == pos
	]
	actions := sort({h[0] | some h in hits})
	blk := hits[0][1]
	grant := _grant(c, actions[0])
	msg := sprintf("%s '%s' for '%s', which both its identity policies and the memory's resource policy grant: the grant can never be used%s.", [_blocks(blk), concat("', '", actions), c.arn, _why(blk)])
}

_dead(k) if {
	k.identity.allow == "yes"
	k.resource.allow == "yes"
	k.guardrail.before == "Allow"
	k.guardrail.decision != "Allow"
}

# Where the memory policy grants the consumer: the principal value naming
# it, else the resource-side grant statement.
_grant(c, _) := c.named[0] if count(c.named) > 0

_grant(c, action) := g if {
	count(c.named) == 0
	some k in c.checks
	k.action == action
	g := [x | some x in k.grants; x.side == "resource"][0]
}

# A delivery: the execution role's policies and the destination's policy
# both grant what delivery needs, a guardrail takes it away. One finding per
# destination and blocking statement, naming every action it blocks.
deny contains result.fail_related(d.target, msg, blk, "The guardrail that blocks it is here.") if {
	some d in input.deliveries
	some pos in {b.pos | some c in d.checks; _dead_delivery(c); some b in c.guardrail.blocked}
	hits := [[c.action, b, c.resource] | some c in d.checks; _dead_delivery(c); some b in c.guardrail.blocked; b.pos == pos]
	blk := hits[0][1]
	msg := sprintf("%s '%s' on '%s' for the execution role, which its policies and the destination's policy grant: delivery to '%s' can never succeed%s.", [_blocks(blk), concat("', '", sort({h[0] | some h in hits})), hits[0][2], d.arn, _why(blk)])
}

_dead_delivery(c) if {
	c.role.allow == "yes"
	c.destination.allow == "yes"
	c.guardrail.before == "Allow"
	c.guardrail.decision != "Allow"
}

# The destination's KMS key: the role's policies (when its own permission is
# needed) and the key policy both allow what delivery needs of the key, a
# guardrail takes it away.
deny contains result.fail_related(d.key.ref, msg, blk, "The guardrail that blocks it is here.") if {
	some d in input.deliveries
	some pos in {b.pos | some c in d.key.checks; _dead_key(c); some b in c.guardrail.blocked}
	hits := [[c, b] | some c in d.key.checks; _dead_key(c); some b in c.guardrail.blocked; b.pos == pos]
	blk := hits[0][1]
	c := hits[0][0]
	msg := sprintf("%s '%s' on the key '%s' for the execution role, which %sthe key policy grant%s: delivery to '%s' can never succeed%s.", [_blocks(blk), concat("', '", sort({h[0].action | some h in hits})), c.resource, _key_grantors[c.role_needed], _key_plural[c.role_needed], d.arn, _why(blk)])
}

_dead_key(c) if {
	_role_grants(c)
	c.key.allow == "yes"
	c.guardrail.before == "Allow"
	c.guardrail.decision != "Allow"
}

_role_grants(c) if c.role_needed == "no"

_role_grants(c) if c.role.allow == "yes"

_key_grantors := {"no": "", "yes": "its policies and ", "maybe": "its policies and "}

_key_plural := {"no": "s", "yes": "", "maybe": ""}

# The trust step: the role's trust policy lets AgentCore assume it for the
# memory, an RCP of the role's account (STS) takes it away.
deny contains result.fail_related(input.definition.role_ref, msg, blk, "The guardrail that blocks it is here.") if {
	g := input.role.trust_guardrail
	g.before == "Allow"
	g.decision != "Allow"
	some blk in g.blocked
	msg := sprintf("%s 'sts:AssumeRole' on '%s' for bedrock-agentcore.amazonaws.com, which the role's trust policy allows: the memory can never assume its execution role%s.", [_blocks(blk), input.role.arn, _why(blk)])
}

_names := {"scp": "service control policy", "rcp": "resource control policy", "permissions-boundary": "permissions boundary"}

_blocks(b) := sprintf("The Deny '%s' of a %s attached to '%s' denies", [b.ref, _names[b.kind], b.target]) if {
	not b.implicit
	b.target != ""
}

_blocks(b) := sprintf("The Deny '%s' of the role's permissions boundary denies", [b.ref]) if {
	not b.implicit
	b.target == ""
}

_blocks(b) := sprintf("No %s attached to '%s' allows", [_names[b.kind], b.target]) if {
	b.implicit
	b.target != ""
}

_blocks(b) := "The role's permissions boundary does not allow" if {
	b.implicit
	b.target == ""
}

# Why an implicit deny at one level counts.
_why(b) := " (an Allow must be present at every level of the organisation path)" if {
	b.implicit
	b.target != ""
}

_why(b) := "" if {
	not _level_implicit(b)
}

_level_implicit(b) if {
	b.implicit
	b.target != ""
}
