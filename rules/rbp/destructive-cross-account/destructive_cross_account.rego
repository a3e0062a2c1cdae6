# METADATA
# title: Another account can delete or overwrite memory data unscoped
# description: |
#   An Allow gives a principal outside the memory's account DeleteEvent,
#   DeleteMemoryRecord, BatchDeleteMemoryRecords or BatchUpdateMemoryRecords
#   (named, or through a wildcard or NotAction) with no condition that scopes
#   it: neither a condition restricting the caller (aws:PrincipalArn,
#   aws:SourceVpce, ...) nor a bedrock-agentcore:actorId, sessionId, namespace
#   or strategyId condition with a positive operator that the action supports.
#   The other account can then erase or rewrite every actor's events and every
#   namespace's long-term records. DeleteMemoryRecord and
#   BatchDeleteMemoryRecords support none of the memory keys, so only a caller
#   condition scopes them. When the memory's account is unknown, every
#   principal that names an account is taken to be outside it and the finding
#   is lowered to low (not for "*" and federated principals).
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrockagentcore.html
# custom:
#   id: ML107
#   severity: medium
#   inputs: [memory_policy]
#   remediation: |
#     Grant delete and update actions only where the other account must have
#     them, and scope them: e.g. DeleteEvent with
#     "Condition": {"StringEquals": {"bedrock-agentcore:actorId": "agent-in-account-b"}},
#     BatchUpdateMemoryRecords with a bedrock-agentcore:namespace condition, and
#     DeleteMemoryRecord/BatchDeleteMemoryRecords only to a named role with an
#     aws:PrincipalArn or aws:SourceVpce condition.
package rules.rbp["destructive-cross-account"]

import data.lib.policy
import data.lib.result

deny contains _finding(a, sprintf("The action '%s'", [a.value]), unscoped, outs) if {
	some stmt in policy.allows
	_applies(stmt)
	not stmt.action.not
	outs := _outside(stmt)
	count(outs) > 0
	some a in stmt.action.values
	unscoped := [n |
		some n in _destructive
		memlint.match_action(a.value, n)
		not _dead(stmt, n)
		not _scoped(stmt, n)
	]
	count(unscoped) > 0
}

deny contains _finding(stmt.action, "The NotAction element", unscoped, outs) if {
	some stmt in policy.allows
	_applies(stmt)
	stmt.action.not
	outs := _outside(stmt)
	count(outs) > 0
	unscoped := [n |
		some n in _destructive
		policy.grants_action(stmt, n)
		not _dead(stmt, n)
		not _scoped(stmt, n)
	]
	count(unscoped) > 0
}

_destructive := [
	"bedrock-agentcore:BatchDeleteMemoryRecords",
	"bedrock-agentcore:BatchUpdateMemoryRecords",
	"bedrock-agentcore:DeleteEvent",
	"bedrock-agentcore:DeleteMemoryRecord",
]

_finding(node, what, unscoped, outs) := result.fail(node, _message(what, unscoped, outs)) if _certain(outs)

_finding(node, what, unscoped, outs) := result.with_severity(result.fail(node, _message(what, unscoped, outs)), "low") if {
	not _certain(outs)
}

_message(what, unscoped, outs) := sprintf("%s lets %s delete or overwrite memory data (%s) with no condition scoping the caller, actor, session, namespace or strategy.", [
	what, _who(outs), _quoted(unscoped),
])

_quoted(names) := concat(", ", [sprintf("'%s'", [trim_prefix(n, "bedrock-agentcore:")]) | some n in names])

# A scoping condition: one that restricts the caller (data.lib.policy), or a
# memory key with a positive, concrete operator that the action supports (a
# key the action does not support is never in its request context).
_scoped(stmt, _) if policy.restricts_callers(stmt)

_scoped(stmt, action) if {
	some c in stmt.conditions
	lower(c.key.value) in _scope_keys
	_positive(c)
	memlint.action_supports_key(action, c.key.value)
}

_scope_keys := {
	"bedrock-agentcore:actorid",
	"bedrock-agentcore:sessionid",
	"bedrock-agentcore:namespace",
	"bedrock-agentcore:strategyid",
}

# Positive and concrete, as policy.restricts judges caller keys: not negated,
# not IfExists, not ForAllValues, not Null, and a value other than a bare
# wildcard.
_positive(c) if {
	not policy.negated(c)
	not c.if_exists
	c.qualifier != "ForAllValues"
	c.base != "Null"
	some v in c.values
	not regex.match(`^[*?]*$`, v.value)
}

# Principals of the statement outside the memory's account. With the
# account unknown, policy.outside(p, "") counts every principal that names an
# account, "*" and federated principals; _certain says whether memlint knows.
# A "*" whose statement pins the caller to the memory's own account (a
# restricting aws:PrincipalAccount, aws:SourceAccount or aws:PrincipalArn
# condition) is not outside.
_outside(stmt) := {p |
	some p in policy.principals(stmt)
	policy.outside(p, object.get(input.memory, "account", ""))
	not _pinned_inside(stmt, p)
}

_certain(_) if input.memory.account

_certain(outs) if {
	not input.memory.account
	some p in outs
	p.class in {"public", "federated"}
}

_who(outs) := sprintf("%s, outside account '%s',", [_names(outs), input.memory.account]) if input.memory.account

_who(outs) := sprintf("%s, taken to be outside the memory's unknown account,", [_names(outs)]) if not input.memory.account

_names(outs) := concat(", ", [sprintf("'%s'", [v]) | some v in {p.value | some p in outs}])

_pinned_inside(stmt, p) if {
	p.class == "public"
	some c in stmt.conditions
	policy.restricts(c)
	lower(c.key.value) in {"aws:principalaccount", "aws:sourceaccount"}
	every v in c.values {
		_own_account(v)
	}
}

_pinned_inside(stmt, p) if {
	p.class == "public"
	some c in stmt.conditions
	policy.restricts(c)
	lower(c.key.value) == "aws:principalarn"
	every v in c.values {
		_own_arn(v)
	}
}

# A condition on a service key the action does not support, with an operator
# that is false when the key is absent: the statement never grants the
# action (ML110 reports it).
_dead(stmt, action) if {
	some c in stmt.conditions
	k := memlint.condition_key(c.key.value)
	not k.global
	memlint.action_supports_key(action, c.key.value) == false
	_false_when_absent(c)
}

_false_when_absent(c) if {
	not c.if_exists
	c.qualifier != "ForAllValues"
	c.base != "Null"
	not _negated(c)
}

_false_when_absent(c) if {
	not c.if_exists
	c.base == "Null"
	every v in c.values {
		lower(v.value) == "false"
	}
}

_negated(c) if {
	c.qualifier != "ForAnyValue"
	contains(c.base, "Not")
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

# A value computed at deploy time (unknown) may well name the memory's own
# account: whether the grant leaves the account cannot be decided statically,
# so it is taken to pin the caller inside (no finding).
_own_account(v) if policy.unknown(v)

_own_account(v) if v.value == input.memory.account

_own_arn(v) if policy.unknown(v)

_own_arn(v) if memlint.arn(v.value).account == input.memory.account
