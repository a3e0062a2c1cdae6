# METADATA
# title: One statement grants memory reads and writes
# description: |
#   One Allow statement grants both memory data-plane actions that read or list
#   (access level Read or List: GetEvent, ListEvents, GetMemoryRecord,
#   ListMemoryRecords, RetrieveMemoryRecords, which is List, and the other
#   List actions) and actions that write or delete (access level Write). The
#   AWS guide's best practice is to "create separate policy statements for
#   read-only consumers and read-write producers", so a reader never gets
#   write access by sharing a statement with a writer and each can be scoped
#   on its own.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML106
#   severity: low
#   inputs: [memory_policy]
#   remediation: |
#     Split the statement in two: one with the read and list actions for the
#     consumers that only read ("Sid": "AllowMemoryRead"), one with the write
#     actions for the producers ("Sid": "AllowMemoryWrite"), each naming only
#     the principals that need it.
package rules.rbp["mixed-read-write-statement"]

import data.lib.policy
import data.lib.result

# The statement's granted data-plane actions honour NotAction and wildcards
# (policy.grants_action). An action a condition can never grant (a positive
# operator on a service key the action does not support) is not granted.
deny contains result.fail(stmt.action, msg) if {
	some stmt in policy.allows
	_applies(stmt)
	granted := [n |
		some n in _data_plane
		policy.grants_action(stmt, n)
		not _dead(stmt, n)
	]
	reads := [n | some n in granted; memlint.action(n).access_level in {"Read", "List"}]
	writes := [n | some n in granted; memlint.action(n).access_level == "Write"]
	count(reads) > 0
	count(writes) > 0
	msg := sprintf("The statement grants both read or list actions (%s) and write actions (%s) on the memory.", [_list(reads), _list(writes)])
}

_list(names) := _quoted(names) if count(names) <= 4

_list(names) := sprintf("%s and %d more", [_quoted(array.slice(names, 0, 3)), count(names) - 3]) if count(names) > 4

_quoted(names) := concat(", ", [sprintf("'%s'", [trim_prefix(n, "bedrock-agentcore:")]) | some n in names])

# The 15 memory data-plane actions (aws-reference §1.2), in catalog order.
_data_plane := [
	"bedrock-agentcore:BatchCreateMemoryRecords",
	"bedrock-agentcore:BatchDeleteMemoryRecords",
	"bedrock-agentcore:BatchUpdateMemoryRecords",
	"bedrock-agentcore:CreateEvent",
	"bedrock-agentcore:DeleteEvent",
	"bedrock-agentcore:DeleteMemoryRecord",
	"bedrock-agentcore:GetEvent",
	"bedrock-agentcore:GetMemoryRecord",
	"bedrock-agentcore:ListActors",
	"bedrock-agentcore:ListEvents",
	"bedrock-agentcore:ListMemoryExtractionJobs",
	"bedrock-agentcore:ListMemoryRecords",
	"bedrock-agentcore:ListSessions",
	"bedrock-agentcore:RetrieveMemoryRecords",
	"bedrock-agentcore:StartMemoryExtractionJob",
]

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
