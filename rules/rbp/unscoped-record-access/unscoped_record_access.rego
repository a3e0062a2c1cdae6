# METADATA
# title: Another account reaches every namespace or actor
# description: |
#   An Allow gives a principal outside the memory's account long-term record
#   actions (RetrieveMemoryRecords, ListMemoryRecords, GetMemoryRecord,
#   BatchCreateMemoryRecords, BatchUpdateMemoryRecords) without a positive
#   bedrock-agentcore:namespace or bedrock-agentcore:namespacePath condition,
#   or short-term event actions (CreateEvent, GetEvent, ListEvents,
#   DeleteEvent, ListSessions) without a positive bedrock-agentcore:actorId
#   condition. A memory usually serves many users and agents: the other
#   account then reads or writes every tenant's records and can act as any
#   actor. GetMemoryRecord supports no namespace key at all, so it cannot be
#   scoped this way; grant it only to callers trusted with every namespace.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-organization.html
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML108
#   severity: info
#   inputs: [memory_policy]
#   remediation: |
#     Scope record actions to the other account's namespaces, e.g.
#     "Condition": {"StringLike": {"bedrock-agentcore:namespace": "/actors/agent-in-account-b/*"}},
#     and event actions to its actors, e.g.
#     "Condition": {"StringEquals": {"bedrock-agentcore:actorId": "agent-in-account-b"}},
#     in separate statements (a key an action does not support makes a
#     positive condition fail for that action).
package rules.rbp["unscoped-record-access"]

import data.lib.policy
import data.lib.result

# One finding per statement, at its Action (or NotAction) key, naming every
# unscoped action: a statement listing eleven actions is one hint, not eleven.
deny contains result.fail(stmt.action, _message(records, events, outs)) if {
	some stmt in policy.allows
	_applies(stmt)
	outs := _outside(stmt)
	count(outs) > 0
	records := [n |
		some n in _record_actions
		policy.grants_action(stmt, n)
		_unscoped(stmt, n, _namespace_keys)
	]
	events := [n |
		some n in _event_actions
		policy.grants_action(stmt, n)
		_unscoped(stmt, n, _actor_keys)
	]
	count(records) + count(events) > 0
}

# Record actions that support a namespace condition. GetMemoryRecord and
# ListActors support no condition key at all (Service Authorization
# Reference), so no condition could scope them and a hint would not be
# actionable; they are left out.
_record_actions := [
	"bedrock-agentcore:BatchCreateMemoryRecords",
	"bedrock-agentcore:BatchUpdateMemoryRecords",
	"bedrock-agentcore:ListMemoryRecords",
	"bedrock-agentcore:RetrieveMemoryRecords",
]

_event_actions := [
	"bedrock-agentcore:CreateEvent",
	"bedrock-agentcore:DeleteEvent",
	"bedrock-agentcore:GetEvent",
	"bedrock-agentcore:ListEvents",
	"bedrock-agentcore:ListSessions",
]

# bedrock-agentcore:namespacePath is documented by AWS (memory-organization,
# StringLike on RetrieveMemoryRecords) but absent from the Service
# Authorization Reference: it counts as a namespace scope here.
_namespace_keys := {"bedrock-agentcore:namespace", "bedrock-agentcore:namespacepath"}

_actor_keys := {"bedrock-agentcore:actorid"}

# Granted (no condition makes it dead) and no positive condition on one of
# the keys.
_unscoped(stmt, action, keys) if {
	not _dead(stmt, action)
	not _scoped(stmt, keys)
}

_scoped(stmt, keys) if {
	some c in stmt.conditions
	lower(c.key.value) in keys
	_positive(c)
}

# Positive and concrete: not negated, not IfExists, not ForAllValues, not
# Null, and a value other than a bare wildcard.
_positive(c) if {
	not policy.negated(c)
	not c.if_exists
	c.qualifier != "ForAllValues"
	c.base != "Null"
	some v in c.values
	not regex.match(`^[*?]*$`, v.value)
}

_message(records, events, outs) := sprintf("The statement gives %s %s.", [_who(outs), concat(", and ", _parts(records, events))])

_parts(records, events) := array.concat(_record_part(records), _event_part(events))

_record_part(records) := [] if count(records) == 0

_record_part(records) := [sprintf("records of every namespace (%s: no 'bedrock-agentcore:namespace' condition)", [_quoted(records)])] if {
	count(records) > 0
}

_event_part(events) := [] if count(events) == 0

_event_part(events) := [sprintf("events of every actor (%s: no 'bedrock-agentcore:actorId' condition)", [_quoted(events)])] if {
	count(events) > 0
}

_quoted(names) := concat(", ", [sprintf("'%s'", [trim_prefix(n, "bedrock-agentcore:")]) | some n in names])

# Principals of the statement outside the memory's account. With the
# account unknown, policy.outside(p, "") counts every principal that names an
# account, "*" and federated principals (the rule is informational already).
# A "*" whose statement pins the caller to the memory's own account (a
# restricting aws:PrincipalAccount, aws:SourceAccount or aws:PrincipalArn
# condition) is not outside.
_outside(stmt) := {p |
	some p in policy.principals(stmt)
	policy.outside(p, object.get(input.memory, "account", ""))
	not _pinned_inside(stmt, p)
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
