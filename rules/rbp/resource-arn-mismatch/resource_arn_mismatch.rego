# METADATA
# title: Memory resource policy names another resource
# description: |
#   A statement's Resource cannot match the memory the policy is attached to:
#   it names another memory id, account, region or partition, another
#   service, or another AgentCore resource type (runtime/ instead of memory/).
#   A resource-based policy applies only to the resource it is attached to, so
#   the statement never applies: the intended grant (or deny) does nothing.
#   A bare "*" in an Allow matches the memory, but says nothing about which
#   resource was meant; it is reported at low severity when the memory ARN is
#   known. When the ARN is unknown, resources are compared with the account,
#   region and partition memlint inferred from the policy's own memory ARNs.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
# custom:
#   id: ML103
#   severity: high
#   inputs: [memory_policy]
#   remediation: |
#     Use the ARN of the memory the policy is attached to,
#     arn:aws:bedrock-agentcore:<region>:<account-A-id>:memory/<memory-id>, as the
#     statement's Resource (the same ARN passed as --resource-arn to
#     put-resource-policy).
package rules.rbp["resource-arn-mismatch"]

import data.lib.policy
import data.lib.result

# NotResource is skipped throughout: it lists what a statement does NOT apply
# to, so another memory's ARN there excludes nothing that matters, and this
# memory's ARN there is a different defect (the statement then applies to
# everything but the memory it is attached to).

# The memory ARN is known: every Resource value must be able to match it.
deny contains result.fail(v, concat(" ", [_message_known(v, mem), _tail(stmt)])) if {
	mem := input.memory.arn
	some stmt in input.policy.statements
	some v in _resources(stmt)
	v.value != "*"
	not memlint.match_resource(v.value, mem.value)
}

# A bare "*" where the attachment is known: it matches, but names nothing.
deny contains result.with_severity(result.fail(v, msg), "low") if {
	mem := input.memory.arn
	some stmt in policy.allows
	not stmt.resource.not
	some v in stmt.resource.values
	v.value == "*"
	msg := sprintf("The resource '*' matches every resource rather than naming the memory '%s' the policy is attached to.", [mem.value])
}

# The memory ARN is unknown but its account, region or partition is known
# (inferred from the policy's own memory ARNs, which then all agree): only a
# resource that disagrees with them, or is not a memory ARN, is reported. The
# memory id cannot be checked.
deny contains result.fail(v, msg) if {
	not input.memory.arn
	_partly_known
	some stmt in input.policy.statements
	some v in _resources(stmt)
	diffs := _partial_diffs(v.arn)
	count(diffs) > 0
	msg := sprintf("The resource '%s' cannot be the memory this policy is attached to: %s.", [v.value, concat(", ", diffs)])
}

# Resource values of every statement (Allow or Deny: a Deny on another
# resource never applies either), skipping values with policy variables,
# which are only resolved at request time.
_resources(stmt) := [v |
	not stmt.resource.not
	some v in stmt.resource.values
	policy.known(v) # a deploy-time value cannot be shown not to match
	not contains(v.value, "${")
]

# Whether the statement still reaches the memory through another entry (an
# entry with a policy variable may).
_tail(stmt) := "The statement never applies to it." if {
	every v in stmt.resource.values {
		policy.known(v)
		not _may_match(v.value)
	}
}

_tail(stmt) := "The entry is dead: the statement applies to the memory only through its other resources." if {
	some v in stmt.resource.values
	policy.known(v)
	_may_match(v.value)
}

_tail(stmt) := "The statement may still apply to it through an entry computed at deploy time, which cannot be decided statically." if {
	some v in stmt.resource.values
	policy.unknown(v)
	not _known_match(stmt)
}

_known_match(stmt) if {
	some v in stmt.resource.values
	policy.known(v)
	_may_match(v.value)
}

_may_match(v) if memlint.match_resource(v, input.memory.arn.value)

_may_match(v) if contains(v, "${")

_partly_known if input.memory.account

_partly_known if input.memory.region

_partly_known if input.memory.partition

_message_known(v, mem) := sprintf("The resource '%s' cannot match the memory '%s' the policy is attached to: %s.", [v.value, mem.value, concat(", ", _diffs(v.arn, mem.arn))]) if {
	count(_diffs(v.arn, mem.arn)) > 0
}

_message_known(v, mem) := sprintf("The resource '%s' is not an ARN, so it cannot match the memory '%s' the policy is attached to.", [v.value, mem.value]) if {
	not v.arn
}

_message_known(v, mem) := sprintf("The resource '%s' cannot match the memory '%s' the policy is attached to.", [v.value, mem.value]) if {
	v.arn
	count(_diffs(v.arn, mem.arn)) == 0
}

_diff(label, got, want, whose) := sprintf("its %s is '%s' (%s: '%s')", [label, got, whose, want])

# What differs between a Resource pattern and the memory ARN, component by
# component (ArnLike semantics: each of the six components is matched
# separately; the resource component is explained as type and id). Another
# service says it all: its region, account and resource differ by nature.
_diffs(pat, mem) := [_diff("service", pat.service, mem.service, "the memory's")] if {
	not memlint.match(pat.service, mem.service)
}

_diffs(pat, mem) := array.concat(
	[_diff(f, pat[f], mem[f], "the memory's") |
		some f in ["partition", "region", "account"]
		not memlint.match(pat[f], mem[f])
	],
	_resource_diffs(pat, mem),
) if {
	memlint.match(pat.service, mem.service)
}

_resource_diffs(pat, mem) := [] if memlint.match(pat.resource, mem.resource)

_resource_diffs(pat, mem) := [_diff("resource type", pat.type, mem.type, "the memory's")] if {
	not memlint.match(pat.resource, mem.resource)
	pat.type != ""
	not memlint.match(pat.type, mem.type)
}

_resource_diffs(pat, mem) := [_diff("memory id", pat.id, mem.id, "the memory's")] if {
	not memlint.match(pat.resource, mem.resource)
	pat.type != ""
	memlint.match(pat.type, mem.type)
}

_resource_diffs(pat, mem) := [_diff("resource", pat.resource, mem.resource, "the memory's")] if {
	not memlint.match(pat.resource, mem.resource)
	pat.type == ""
}

# Without the memory ARN: another service, else the known parts and the
# resource type (the policy is a memory's: its resource is a memory).
_partial_diffs(pat) := [_diff("service", pat.service, "bedrock-agentcore", "a memory's")] if {
	not memlint.match(pat.service, "bedrock-agentcore")
}

_partial_diffs(pat) := array.concat(
	[_diff(f, pat[f], want, _whose) |
		some f in ["partition", "region", "account"]
		want := input.memory[f]
		not memlint.match(pat[f], want)
	],
	_type_diffs(pat),
) if {
	memlint.match(pat.service, "bedrock-agentcore")
}

_whose := "the policy's other memory ARNs" if input.memory.inferred

_whose := "the memory's" if not input.memory.inferred

# A resource pattern without a type separator and with a wildcard ("...:*")
# may match a memory: only a concrete mismatch is reported.
_type_diffs(pat) := [_diff("resource type", pat.type, "memory", "a memory's")] if {
	pat.type != ""
	not memlint.match(pat.type, "memory")
}

_type_diffs(pat) := [_diff("resource", pat.resource, "memory/<memory-id>", "a memory's")] if {
	pat.type == ""
	not regex.match(`[*?]`, pat.resource)
}

_type_diffs(pat) := [] if {
	pat.type != ""
	memlint.match(pat.type, "memory")
}

_type_diffs(pat) := [] if {
	pat.type == ""
	regex.match(`[*?]`, pat.resource)
}
