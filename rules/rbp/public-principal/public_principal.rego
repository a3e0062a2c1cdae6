# METADATA
# title: Memory resource policy allows everyone
# description: |
#   An Allow names the principal "*" (bare, or {"AWS": "*"}) and no condition
#   restricts who the caller is. In a resource-based policy "*" means every
#   principal of every AWS account, including anonymous callers: anyone who
#   knows the memory ARN can call the granted data-plane actions against
#   account A's memory. Conditions on aws:PrincipalOrgID, aws:PrincipalOrgPaths,
#   aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn,
#   aws:SourceVpc(e) and similar restrict the caller only with a positive
#   operator and a concrete value: negated operators, IfExists,
#   ForAllValues and wildcard-only values do not.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
# custom:
#   id: ML102
#   severity: critical
#   inputs: [memory_policy]
#   remediation: |
#     Name the roles that call the data plane, e.g.
#     "Principal": {"AWS": "arn:aws:iam::<account-B-id>:role/AgentMemoryReaderRole"}.
#     If "*" is intended, add a condition that restricts callers, e.g.
#     "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}.
package rules.rbp["public-principal"]

import data.lib.policy
import data.lib.result

deny contains result.fail(p, _message(stmt)) if {
	some stmt in policy.allows
	_applies(stmt)
	some p in policy.principals(stmt)
	p.class == "public"
	not policy.restricts_callers(stmt)
}

_message(stmt) := "The principal '*' lets every AWS principal, including anonymous callers, use this memory; the statement has no condition." if {
	count(stmt.conditions) == 0
}

_message(stmt) := concat("", [
	"The principal '*' lets every AWS principal, including anonymous callers, use this memory; ",
	"none of the statement's conditions restricts the caller ",
	"(negated, IfExists, ForAllValues and wildcard-only conditions do not).",
]) if {
	count(stmt.conditions) > 0
}

# A statement whose Resource cannot match the memory the policy is attached
# to grants nothing on it (ML103 reports the mismatch). Unknown memory ARN,
# missing Resource or a policy variable: the statement is taken to apply.
_applies(_) if not input.memory.arn

_applies(stmt) if {
	input.memory.arn
	not stmt.resource
}

_applies(stmt) if {
	input.memory.arn
	not stmt.resource.not
	some v in stmt.resource.values
	_matches_memory(v.value)
}

_applies(stmt) if {
	input.memory.arn
	stmt.resource.not
	not _excludes_memory(stmt)
}

_excludes_memory(stmt) if {
	some v in stmt.resource.values
	memlint.match_resource(v.value, input.memory.arn.value)
}

_matches_memory(v) if memlint.match_resource(v, input.memory.arn.value)

_matches_memory(v) if contains(v, "${")
