# METADATA
# title: Execution role trusts Bedrock AgentCore without a source condition
# description: |
#   The statement that lets bedrock-agentcore.amazonaws.com assume the role has
#   no aws:SourceArn or aws:SourceAccount condition, so the service would
#   assume the role on behalf of any AgentCore resource, in any account, that
#   names it: the confused-deputy problem. IAM recommends both keys in service
#   role trust policies; either one, with a positive operator, satisfies this
#   rule (the AWS guide uses ArnLike on aws:SourceArn).
#
#   Some conditions on these keys do not protect:
#   - IfExists forms (ArnLikeIfExists, StringEqualsIfExists…) are true when
#     the key is absent. Whether AgentCore sets the key on every AssumeRole
#     call is not documented, so the protection would rest on undocumented
#     behaviour; Access Analyzer does not count them either.
#   - Negated forms (StringNotEquals, ArnNotLike…) allow every source but the
#     listed ones: every other account's memories.
#   - ForAllValues is true when the key is absent (and is meant for
#     multivalued keys; both keys are single-valued).
#   - Null only tests whether the key is present, not which source it names.
#   A condition whose value is too broad or cannot match the memory is
#   reported by trust-source-mismatch (ML203).
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
# custom:
#   id: ML202
#   severity: high
#   inputs: [trust_policy]
#   access_analyzer: [RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL]
#   remediation: |
#     Name the memories that may use the role, as the AWS guide does:
#     "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:bedrock-agentcore:<region>:<account-A-id>:memory/*"}}
#     and optionally "StringEquals": {"aws:SourceAccount": "<account-A-id>"}.
package rules.trust["trust-missing-source-condition"]

import data.lib.policy
import data.lib.result

_service := "bedrock-agentcore.amazonaws.com"

deny contains result.fail(p, _message(stmt)) if {
	some stmt in policy.allows
	policy.grants_action(stmt, "sts:AssumeRole")
	not _source_restricted(stmt)
	some p in policy.principals(stmt)
	p.type == "Service"
	p.value == _service
}

_message(stmt) := msg if {
	count(_weak(stmt)) == 0
	msg := sprintf("The statement lets '%s' assume the role without an aws:SourceArn or aws:SourceAccount condition, so any AgentCore resource that names the role can use it.", [_service])
}

_message(stmt) := msg if {
	weak := _weak(stmt)
	count(weak) > 0
	msg := sprintf("The statement lets '%s' assume the role with no condition that restricts aws:SourceArn or aws:SourceAccount: %s.", [_service, concat("; ", weak)])
}

_source_keys := {"aws:sourcearn", "aws:sourceaccount"}

_source_restricted(stmt) if {
	some c in stmt.conditions
	lower(c.key.value) in _source_keys
	_protects(c)
}

# A positive operator that is false when the key is absent. The values are
# ML203's business (a bare "*" is reported there as naming no account).
_protects(c) if {
	not policy.negated(c)
	not c.if_exists
	c.qualifier != "ForAllValues"
	c.base != "Null"
	count(c.values) > 0
}

# Why each source condition of the statement does not protect, sorted.
_weak(stmt) := sort([r |
	some c in stmt.conditions
	lower(c.key.value) in _source_keys
	r := sprintf("'%s' on '%s' %s", [c.operator.value, c.key.value, _why(c)])
])

_why(c) := "also holds when the key is absent" if {
	c.if_exists
} else := "also holds when the key is absent" if {
	c.qualifier == "ForAllValues"
} else := "allows every source but the listed ones" if {
	policy.negated(c)
} else := "only tests whether the key is present" if {
	c.base == "Null"
} else := "lists no value"
