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

import data.lib.memory
import data.lib.policy
import data.lib.result

# The statement's granted data-plane actions honour NotAction and wildcards
# (policy.grants_action, asked of the 15 in one memlint.granted_actions call). An action a condition can never grant (a positive
# operator on a service key the action does not support) is not granted,
# nor is one an unconditional Deny of the policy removes for everyone: the
# statement then shares nothing the Deny lets through.
deny contains result.fail(stmt.action, msg) if {
	some stmt in policy.allows
	memory.applies(stmt)
	granted := memlint.granted_actions(stmt.action, memory.data_plane) # policy.grants_action of each, in one call
	reads := [n | some n in granted; memlint.action(n).access_level in {"Read", "List"}; not memory.removed(stmt, n)]
	count(reads) > 0 # before the writes are collected: most statements grant one kind
	writes := [n | some n in granted; memlint.action(n).access_level == "Write"; not memory.removed(stmt, n)]
	count(writes) > 0
	msg := sprintf("The statement grants both read or list actions (%s) and write actions (%s) on the memory.", [_list(reads), _list(writes)])
}

_list(names) := memory.quoted(names) if count(names) <= 4

_list(names) := sprintf("%s and %d more", [memory.quoted(array.slice(names, 0, 3)), count(names) - 3]) if count(names) > 4
