# METADATA
# title: Wildcard action grants another account memory writes
# description: |
#   An Allow gives a principal outside the memory's account an action pattern
#   ("*", "bedrock-agentcore:*", "bedrock-agentcore:Batch*", or NotAction)
#   that expands to memory data-plane actions that write or delete, and those
#   callers still get them after the statement's conditions and every Deny of
#   the policy
#   (access level Write: CreateEvent, DeleteEvent, DeleteMemoryRecord,
#   BatchCreateMemoryRecords, BatchUpdateMemoryRecords,
#   BatchDeleteMemoryRecords, StartMemoryExtractionJob). A pattern also grants
#   every action AWS adds later that matches it; the AWS guide's advice is to
#   "only grant the specific actions needed by the cross-account principal".
#   When the memory's account is unknown, every principal that names an
#   account is taken to be outside it (a memory resource policy exists to
#   grant other accounts; same-account callers need only their identity
#   policy) and the finding is lowered to low, except for grants that reach
#   the public or an organisation, which are outside any one account.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML105
#   severity: medium
#   inputs: [memory_policy]
#   remediation: |
#     Replace the pattern with the data-plane actions the other account needs,
#     e.g. "Action": ["bedrock-agentcore:CreateEvent", "bedrock-agentcore:ListEvents"],
#     and give writers a separate statement from readers.
package rules.rbp["wildcard-action-grant"]

import data.lib.memory
import data.lib.policy
import data.lib.result

# A wildcard Action value.
deny contains _finding(a, sprintf("The pattern '%s'", [a.value]), granted, outs, certain) if {
	some stmt in policy.allows
	not stmt.action.not
	some a in stmt.action.values
	regex.match(`[*?]`, a.value)
	granted := [n |
		some n in memlint.data_plane_actions()
		memlint.match_action(a.value, n)
		count(memory.outside_grants(stmt, n)) > 0
	]
	count(_writes(granted)) > 0
	outs := {p | some n in granted; some p in memory.outside_grants(stmt, n)}
	certain := {n | some n in granted; memory.certain(memory.outside_grants(stmt, n), n)}
}

# NotAction in an Allow is a wildcard too: every action it does not list.
deny contains _finding(stmt.action, "The NotAction element", granted, outs, certain) if {
	some stmt in policy.allows
	stmt.action.not
	granted := [n |
		some n in memlint.data_plane_actions()
		count(memory.outside_grants(stmt, n)) > 0
	]
	count(_writes(granted)) > 0
	outs := {p | some n in granted; some p in memory.outside_grants(stmt, n)}
	certain := {n | some n in granted; memory.certain(memory.outside_grants(stmt, n), n)}
}

_finding(node, what, granted, outs, certain) := result.fail(node, _message(what, granted, outs)) if count(certain) > 0

_finding(node, what, granted, outs, certain) := result.with_severity(result.fail(node, _message(what, granted, outs)), "low") if {
	count(certain) == 0
}

_message(what, granted, outs) := sprintf("%s grants %s %s, including the writes %s.", [
	what, memory.who(outs), _expansion(granted), memory.quoted(_writes(granted)),
])

_expansion(granted) := "all 15 memory data-plane actions" if count(granted) == 15

_expansion(granted) := sprintf("the memory data-plane actions %s", [memory.quoted(granted)]) if count(granted) < 15

_writes(granted) := [n | some n in granted; memlint.action(n).access_level == "Write"]
