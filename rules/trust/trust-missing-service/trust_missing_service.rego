# METADATA
# title: Trust policy does not let Bedrock AgentCore assume the execution role
# description: |
#   A memory execution role is assumed by the service principal
#   bedrock-agentcore.amazonaws.com with sts:AssumeRole. When no Allow statement
#   grants exactly that — the principal names another service (such as
#   bedrock.amazonaws.com), the action is another one (such as
#   sts:AssumeRoleWithWebIdentity), the service appears only in a Deny or in
#   NotPrincipal, or an unconditional Deny overrides the Allow — AgentCore cannot
#   assume the role and the memory cannot deliver payloads or stream events.
#
#   The conditions of the Allow do not matter here: a statement whose
#   aws:SourceArn or aws:SourceAccount can never match the memory still exists,
#   and trust-source-mismatch (ML203) reports the mismatch. The conditions of a
#   Deny do: a Deny overrides the Allow only when it has no condition, or when
#   each of its conditions on aws:SourceAccount or aws:SourceArn certainly
#   holds for a memory that uses the role (other conditions are undecidable and
#   the Deny is then taken not to apply).
#
#   A principal computed at deploy time counts by its type: a computed Service
#   principal may be AgentCore (not decidable, no finding), while a computed
#   AWS principal ({"Ref": "AWS::AccountId"}, a shell "$VAR") is an AWS
#   principal whatever it resolves to and never grants the service.
#
#   The rule fires only on the trust policy of a memory execution role: a
#   memory definition names the role as memoryExecutionRoleArn, or the policy
#   itself mentions bedrock-agentcore (a service principal or an aws:SourceArn
#   value). The trust policy of an unrelated role (a Lambda role, say) stays
#   quiet.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
# custom:
#   id: ML201
#   severity: critical
#   inputs: [trust_policy]
#   remediation: |
#     Allow the AgentCore service principal to assume the role, as the AWS guide's
#     trust policy does:
#     {"Effect": "Allow", "Principal": {"Service": "bedrock-agentcore.amazonaws.com"},
#      "Action": "sts:AssumeRole",
#      "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:bedrock-agentcore:<region>:<account-A-id>:memory/*"}}}
package rules.trust["trust-missing-service"]

import data.lib.policy
import data.lib.result

_service := "bedrock-agentcore.amazonaws.com"

_action := "sts:AssumeRole"

# An unconditional (or certainly applying) Deny overrides an existing Allow:
# report the Deny, with the Allow it overrides as the related location.
deny contains result.fail_related(d, msg, p, "The Allow statement the Deny overrides.") if {
	_memory_role
	some stmt in _service_allows
	some d in _blocking_denies
	some p in policy.principals(stmt)
	_is_service(p)
	msg := sprintf("The Deny statement '%s' stops '%s' from assuming the role, overriding the Allow statement '%s'.", [d.ref, _service, stmt.ref])
}

# A near miss: a Service principal that may assume the role, but not AgentCore.
deny contains result.fail(p, msg) if {
	_missing
	some stmt in policy.allows
	policy.grants_action(stmt, _action)
	some p in policy.principals(stmt)
	policy.known(p)
	p.type == "Service"
	p.value != _service
	msg := sprintf("The statement lets the service principal '%s' assume the role, not '%s'.", [p.value, _service])
}

# A near miss: AgentCore is named, but the statement grants another action.
deny contains result.fail(_action_node(stmt), msg) if {
	_missing
	some stmt in policy.allows
	some p in policy.principals(stmt)
	_is_service(p)
	not policy.grants_action(stmt, _action)
	msg := _action_message(stmt)
}

# A near miss: AgentCore named in NotPrincipal of an Allow, which allows every
# principal except it (and a role trust policy does not support NotPrincipal).
deny contains result.fail(p, msg) if {
	_missing
	some stmt in policy.allows
	stmt.principal.not
	policy.grants_action(stmt, _action)
	some p in stmt.principal.values
	_is_service(p)
	msg := sprintf("The statement names '%s' in NotPrincipal, which allows every principal except it.", [_service])
}

# Nothing near: the trust policy as a whole lacks the statement.
deny contains result.fail(input.policy, msg) if {
	_missing
	not _near_miss
	msg := sprintf("The trust policy has no Allow statement that lets '%s' perform '%s'%s.", [_service, _action, _deny_only])
}

# The Allow statements that let AgentCore assume the role (conditions aside).
_service_allows contains stmt if {
	some stmt in policy.allows
	policy.grants_action(stmt, _action)
	some p in policy.principals(stmt)
	_is_service(p)
}

_missing if {
	_memory_role
	count(_service_allows) == 0
	not _unknown_service
}

# A Service principal computed at deploy time may be the AgentCore service:
# whether it is missing cannot be decided statically. A computed AWS,
# federated or canonical-user principal never is, whatever it resolves to.
_unknown_service if {
	some stmt in policy.allows
	some p in policy.principals(stmt)
	policy.unknown(p)
	p.type == "Service"
}

_near_miss if {
	some stmt in policy.allows
	policy.grants_action(stmt, _action)
	some p in policy.principals(stmt)
	p.type == "Service"
	p.value != _service
}

_near_miss if {
	some stmt in policy.allows
	some p in policy.principals(stmt)
	_is_service(p)
}

_near_miss if {
	some stmt in policy.allows
	stmt.principal.not
	policy.grants_action(stmt, _action)
	some p in stmt.principal.values
	_is_service(p)
}

_deny_only := " (only a Deny statement names it)" if {
	some stmt in input.policy.statements
	policy.is_deny(stmt)
	some p in stmt.principal.values
	_is_service(p)
} else := ""

_is_service(p) if {
	p.type == "Service"
	p.value == _service
}

# The action value when there is one, else the Action key.
_action_node(stmt) := stmt.action.values[0] if count(stmt.action.values) == 1

_action_node(stmt) := stmt.action if count(stmt.action.values) != 1

_action_node(stmt) := stmt if not stmt.action

_action_message(stmt) := sprintf("The statement grants '%s' %s but not '%s', the action the service calls.", [_service, _action_list(stmt), _action]) if {
	count(object.get(stmt, ["action", "values"], [])) > 0
} else := sprintf("The statement names '%s' but grants it no action; the service calls '%s'.", [_service, _action])

_action_list(stmt) := sprintf("'%s'", [concat("', '", [a.value | some a in stmt.action.values])]) if {
	not stmt.action.not
}

_action_list(stmt) := sprintf("every action except '%s'", [concat("', '", [a.value | some a in stmt.action.values])]) if {
	stmt.action.not
}

# The trust policy belongs to a memory execution role: a memory uses the role,
# or the document mentions bedrock-agentcore (a principal or an aws:SourceArn
# value). Without either, the role may be anything (a Lambda role) and a
# missing AgentCore statement is no defect.
_memory_role if count(input.memories) > 0

_memory_role if {
	some stmt in input.policy.statements
	some p in stmt.principal.values
	contains(lower(p.value), "bedrock-agentcore")
}

_memory_role if {
	some stmt in input.policy.statements
	some c in stmt.conditions
	lower(c.key.value) == "aws:sourcearn"
	some v in c.values
	contains(lower(v.value), "bedrock-agentcore")
}

# Deny statements that stop AgentCore from assuming the role for a memory
# that uses it.
_blocking_denies contains d if {
	some d in input.policy.statements
	policy.is_deny(d)
	policy.grants_action(d, _action)
	_deny_covers_service(d)
	_deny_applies(d)
}

_deny_covers_service(d) if {
	not d.principal.not
	some p in d.principal.values
	p.class == "public"
}

_deny_covers_service(d) if {
	not d.principal.not
	some p in d.principal.values
	_is_service(p)
}

_deny_covers_service(d) if {
	d.principal.not
	every p in d.principal.values {
		not _is_service(p)
	}
}

_deny_applies(d) if count(d.conditions) == 0

_deny_applies(d) if {
	count(d.conditions) > 0
	some m in input.memories
	every c in d.conditions {
		_holds(c, m)
	}
}

# _holds: condition c certainly holds for the request AgentCore makes for
# memory m. Decided only for aws:SourceAccount (m's account known) and
# aws:SourceArn (m's ARN known); the key is then present, so IfExists and the
# set qualifiers do not change the outcome of a single-valued key.
_holds(c, m) if {
	s := _source_value(c, m)
	not policy.negated(c)
	some v in c.values
	_op_match(c.base, v.value, s)
}

_holds(c, m) if {
	s := _source_value(c, m)
	policy.negated(c)
	base := _positive[c.base]
	every v in c.values {
		not _op_match(base, v.value, s)
	}
}

_source_value(c, m) := m.account if lower(c.key.value) == "aws:sourceaccount"

_source_value(c, m) := m.arn.value if lower(c.key.value) == "aws:sourcearn"

_positive := {
	"StringNotEquals": "StringEquals",
	"StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
	"StringNotLike": "StringLike",
	"ArnNotEquals": "ArnEquals",
	"ArnNotLike": "ArnLike",
}

_op_match("StringEquals", v, s) if v == s

_op_match("StringEqualsIgnoreCase", v, s) if lower(v) == lower(s)

_op_match("StringLike", v, s) if memlint.match(v, s)

_op_match("ArnLike", v, s) if memlint.match_arn(v, s)

_op_match("ArnEquals", v, s) if memlint.match_arn(v, s)
