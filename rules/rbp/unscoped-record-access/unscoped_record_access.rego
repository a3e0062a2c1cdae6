# METADATA
# title: Another account reaches every namespace or actor
# description: |
#   An Allow gives a principal outside the memory's account (after the
#   statement's conditions and every Deny of the policy) long-term record
#   actions (RetrieveMemoryRecords, ListMemoryRecords, GetMemoryRecord,
#   BatchCreateMemoryRecords, BatchUpdateMemoryRecords) without a positive
#   bedrock-agentcore:namespace or bedrock-agentcore:namespacePath condition,
#   or short-term event actions (CreateEvent, GetEvent, ListEvents,
#   DeleteEvent, ListSessions) without a positive bedrock-agentcore:actorId
#   condition (in the Allow, or a Deny that removes every other value). A
#   memory usually serves many users and agents: the other
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

import data.lib.memory
import data.lib.policy
import data.lib.result

deny contains result.fail(stmt.action, _message(records, events, outs)) if {
	some stmt in policy.allows
	records := [n |
		some n in _record_actions
		_any_unscoped(stmt, n, _namespace_keys)
	]
	events := [n |
		some n in _event_actions
		_any_unscoped(stmt, n, _actor_keys)
	]
	count(records) + count(events) > 0
	outs := {p | some n in records; some p in _unscoped(stmt, n, _namespace_keys)} | {p | some n in events; some p in _unscoped(stmt, n, _actor_keys)}
}

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

_namespace_keys := {"bedrock-agentcore:namespace", "bedrock-agentcore:namespacepath"}

_actor_keys := {"bedrock-agentcore:actorid"}

# Whether _unscoped(stmt, action, keys) is not empty, without building it:
# the set is built only for a statement with a finding.
_any_unscoped(stmt, action, keys) if {
	not stmt.principal.not # the principals of policy.principals(stmt)
	some p in stmt.principal.values
	memory.grants_outside(p, action)
	not memory.scoped_by(stmt, p, action, keys)
}

_unscoped(stmt, action, keys) := {p |
	some p in memory.outside_grants(stmt, action)
	not memory.scoped_by(stmt, p, action, keys)
}

_message(records, events, outs) := sprintf("The statement gives %s %s.", [memory.who(outs), concat(", and ", _parts(records, events))])

_parts(records, events) := array.concat(_record_part(records), _event_part(events))

_record_part(records) := [] if count(records) == 0

_record_part(records) := [sprintf("records of every namespace (%s: no 'bedrock-agentcore:namespace' condition)", [memory.quoted(records)])] if {
	count(records) > 0
}

_event_part(events) := [] if count(events) == 0

_event_part(events) := [sprintf("events of every actor (%s: no 'bedrock-agentcore:actorId' condition)", [memory.quoted(events)])] if {
	count(events) > 0
}
