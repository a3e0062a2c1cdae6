# METADATA
# title: Principal in another partition than the memory
# description: |
#   A principal ARN names a partition (aws, aws-cn, aws-us-gov, ...) other
#   than the memory's. "You cannot delegate access between accounts in
#   different partitions", so an Allow for that principal never takes effect
#   and a Deny never matches it: the policy does not do what it says. A bare
#   account ID names no partition and is not checked, nor are "*" and service
#   principals. NotPrincipal values are not checked: excluding a principal
#   that can never call changes nothing.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML109
#   severity: high
#   inputs: [memory_policy]
#   remediation: |
#     Name a principal in the memory's partition, e.g. arn:aws:iam::<account-B-id>:role/<role>
#     for a memory in arn:aws:bedrock-agentcore:..., or create the memory in
#     the caller's partition.
package rules.rbp["cross-partition-principal"]

import data.lib.result

deny contains result.fail(p, msg) if {
	want := input.memory.partition
	some stmt in input.policy.statements
	not stmt.principal.not
	some p in stmt.principal.values
	p.partition != ""
	p.value != p.account # a bare account ID: the partition is implied
	p.partition != want
	msg := sprintf("The principal '%s' is in partition '%s' but the memory is in '%s'; access cannot be delegated across partitions, so %s.", [
		p.value, p.partition, want, _effect(stmt),
	])
}

_effect(stmt) := "this statement never applies to it" if stmt.effect.value != "Allow"

_effect(stmt) := "this grant never takes effect" if stmt.effect.value == "Allow"
