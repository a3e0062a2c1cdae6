# METADATA
# title: Memory resource policy grants a non-data-plane action
# description: |
#   A memory's resource-based policy exists to let other accounts call the 15
#   memory data-plane actions (CreateEvent, GetEvent, DeleteEvent, ListEvents,
#   ListActors, ListSessions, GetMemoryRecord, ListMemoryRecords,
#   RetrieveMemoryRecords, DeleteMemoryRecord, BatchCreateMemoryRecords,
#   BatchUpdateMemoryRecords, BatchDeleteMemoryRecords,
#   ListMemoryExtractionJobs, StartMemoryExtractionJob). An Allow of a
#   control-plane action (UpdateMemory can swap the execution role and stream
#   destinations; DeleteMemory, PutResourcePolicy), of another service's
#   action or of another AgentCore resource's action is at best dead weight
#   and at worst hands the memory's configuration to another account. Wildcard
#   patterns are expanded with the Service Authorization Reference; actions
#   that match nothing are ML005's business. An action an unconditional Deny
#   of the policy removes for everyone is not granted.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrockagentcore.html
# custom:
#   id: ML104
#   severity: high
#   inputs: [memory_policy]
#   remediation: |
#     List only the data-plane actions the other account needs, e.g.
#     "Action": ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:ListMemoryRecords"].
#     Manage the memory itself (UpdateMemory, DeleteMemory, PutResourcePolicy)
#     with identity policies in account A.
package rules.rbp["non-data-plane-action"]

import data.lib.memory
import data.lib.policy
import data.lib.result

# Conditions narrow who may call and on what request values; they do not turn
# a control-plane action into a data-plane one, so they do not silence this
# rule. The one exception is a condition that can never hold for the action
# (a positive operator on a service key the action does not support): then the
# action is not granted at all (ML110 says so) and is not reported here.

# An action named exactly (case-insensitively).
deny contains result.fail(a, _message_one(a.value, act)) if {
	some stmt in policy.allows
	memory.applies(stmt)
	not stmt.action.not
	some a in stmt.action.values
	not _wildcard(a.value)
	act := memlint.action(a.value)
	not act.name in memory.data_plane
	not memory.removed(stmt, act.name)
}

# A wildcard pattern: the non-data-plane actions it expands to.
deny contains result.fail(a, _message_many(sprintf("The action '%s'", [a.value]), extra)) if {
	some stmt in policy.allows
	memory.applies(stmt)
	not stmt.action.not
	some a in stmt.action.values
	_wildcard(a.value)
	not _everything(a.value)
	extra := _ordered([x |
		some x in memlint.actions(a.value)
		not x.name in memory.data_plane
		not memory.removed(stmt, x.name)
	])
	count(extra) > 0
}

# "*" (or "*:*"): every action of every service. The catalog is not expanded
# (over 20,000 actions); the examples come from the AgentCore actions.
deny contains result.fail(a, _message_unbounded(sprintf("The action '%s'", [a.value]), "every action of every AWS service", stmt, extra)) if {
	some stmt in policy.allows
	memory.applies(stmt)
	not stmt.action.not
	some a in stmt.action.values
	_everything(a.value)
	extra := _ordered([x |
		some x in _unbounded_candidates(stmt)
		not x.name in memory.data_plane
		not memory.removed(stmt, x.name)
	])
	_some_granted(stmt, extra)
}

# NotAction in an Allow grants every action it does not list.
deny contains result.fail(stmt.action, _message_unbounded("The NotAction element", "every action it does not list", stmt, extra)) if {
	some stmt in policy.allows
	memory.applies(stmt)
	stmt.action.not
	not _lists_everything(stmt)
	extra := _ordered([x |
		some x in _unbounded_candidates(stmt)
		not x.name in memory.data_plane
		policy.grants_action(stmt, x.name)
		not memory.removed(stmt, x.name)
	])
	_some_granted(stmt, extra)
}

_everything(v) if regex.match(`^\*+(:\*+)?$`, v)

_lists_everything(stmt) if {
	some a in stmt.action.values
	_everything(a.value)
}

# A condition that is false for actions without its service key (a positive
# operator on bedrock-agentcore:namespace) limits a statement to actions of
# that key's service; without one, an unbounded grant reaches every service.
_scope_services(stmt) := {lower(split(c.key.value, ":")[0]) |
	some c in stmt.conditions
	k := memlint.condition_key(c.key.value)
	not k.global
	memory.false_when_absent(c)
}

_unbounded_candidates(stmt) := memlint.actions("bedrock-agentcore:*") if count(_scope_services(stmt)) == 0

_unbounded_candidates(stmt) := memlint.actions(sprintf("%s:*", [min(_scope_services(stmt))])) if {
	count(_scope_services(stmt)) > 0
}

_some_granted(stmt, _) if count(_scope_services(stmt)) == 0

_some_granted(_, extra) if count(extra) > 0

_message_unbounded(what, reach, stmt, extra) := sprintf("%s grants %s, not only memory data-plane actions; among them %s.", [what, reach, _quoted(array.slice(extra, 0, 3))]) if {
	count(_scope_services(stmt)) == 0
	count(extra) > 0
}

_message_unbounded(what, reach, stmt, extra) := sprintf("%s grants %s, not only memory data-plane actions.", [what, reach]) if {
	count(_scope_services(stmt)) == 0
	count(extra) == 0
}

_message_unbounded(what, _, stmt, extra) := _message_many(what, extra) if count(_scope_services(stmt)) > 0

# The memory's control plane, most dangerous first: these lead the examples
# in a message about a wildcard.
_control_plane := [
	"bedrock-agentcore:UpdateMemory",
	"bedrock-agentcore:DeleteMemory",
	"bedrock-agentcore:PutResourcePolicy",
	"bedrock-agentcore:DeleteResourcePolicy",
	"bedrock-agentcore:GetMemory",
	"bedrock-agentcore:GetResourcePolicy",
	"bedrock-agentcore:CreateMemory",
	"bedrock-agentcore:ListMemories",
	"bedrock-agentcore:TagResource",
	"bedrock-agentcore:UntagResource",
	"bedrock-agentcore:ListTagsForResource",
	"bedrock-agentcore:AllowVendedLogDeliveryForResource",
]

_wildcard(v) if regex.match(`[*?]`, v)

# Catalog actions ordered for a message: the memory's control plane first,
# then other AgentCore actions, then other services, each alphabetically.
_ordered(xs) := [pair[1] | some pair in sort([[_rank(x), x.name] | some x in xs])]

_rank(x) := i if {
	some i, n in _control_plane
	n == x.name
}

_rank(x) := 100 if {
	not x.name in _control_plane
	x.service == "bedrock-agentcore"
}

_rank(x) := 101 if x.service != "bedrock-agentcore"

_message_one(v, act) := sprintf("The action '%s' is %s, not a memory data-plane action.", [v, _kind(act)])

_kind(act) := sprintf("an action of another service ('%s')", [act.service]) if act.service != "bedrock-agentcore"

_kind(act) := "a memory control-plane action" if {
	act.service == "bedrock-agentcore"
	_memory_control(act)
}

_kind(act) := sprintf("an action on other AgentCore resources (%s)", [concat(", ", [sprintf("'%s'", [r.type]) | some r in act.resources])]) if {
	act.service == "bedrock-agentcore"
	not _memory_control(act)
	count(act.resources) > 0
}

_kind(act) := "an AgentCore action that does not act on memories" if {
	act.service == "bedrock-agentcore"
	not _memory_control(act)
	count(act.resources) == 0
}

_memory_control(act) if act.name in _control_plane

_memory_control(act) if {
	some r in act.resources
	r.type == "memory"
}

_message_many(what, names) := sprintf("%s grants %s, which is not a memory data-plane action.", [what, _quoted(names)]) if count(names) == 1

_message_many(what, names) := sprintf("%s grants %s, which are not memory data-plane actions.", [what, _quoted(names)]) if {
	count(names) > 1
	count(names) <= 4
}

_message_many(what, names) := sprintf("%s grants %d actions that are not memory data-plane actions, among them %s.", [what, count(names), _quoted(array.slice(names, 0, 3))]) if {
	count(names) > 4
}

_quoted(names) := concat(", ", [sprintf("'%s'", [n]) | some n in names])
