# METADATA
# title: Another account can delete or overwrite memory data unscoped
# description: |
#   An Allow gives a principal outside the memory's account DeleteEvent,
#   DeleteMemoryRecord, BatchDeleteMemoryRecords or BatchUpdateMemoryRecords
#   (named, or through a wildcard or NotAction) and nothing scopes it, after
#   the statement's conditions and every Deny of the policy: no condition or
#   Deny narrows the callers below the principal as written (aws:PrincipalArn
#   naming roles, an organisation, a network path such as aws:SourceVpce),
#   and the access does not depend on a bedrock-agentcore:actorId, sessionId,
#   namespace or strategyId value the action supports. An action that a Deny
#   removes for those callers is not granted.
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

import data.lib.memory
import data.lib.policy
import data.lib.result

deny contains _finding(a, sprintf("The action '%s'", [a.value]), unscoped, outs, certain) if {
	some stmt in policy.allows
	not stmt.action.not
	some a in stmt.action.values
	unscoped := [n |
		some n in _destructive
		memlint.match_action(a.value, n)
		count(_unscoped(stmt, n)) > 0
	]
	count(unscoped) > 0
	outs := {p | some n in unscoped; some p in _unscoped(stmt, n)}
	certain := {n | some n in unscoped; memory.certain(_unscoped(stmt, n), n)}
}

deny contains _finding(stmt.action, "The NotAction element", unscoped, outs, certain) if {
	some stmt in policy.allows
	stmt.action.not
	unscoped := [n |
		some n in _destructive
		count(_unscoped(stmt, n)) > 0
	]
	count(unscoped) > 0
	outs := {p | some n in unscoped; some p in _unscoped(stmt, n)}
	certain := {n | some n in unscoped; memory.certain(_unscoped(stmt, n), n)}
}

_destructive := [
	"bedrock-agentcore:BatchDeleteMemoryRecords",
	"bedrock-agentcore:BatchUpdateMemoryRecords",
	"bedrock-agentcore:DeleteEvent",
	"bedrock-agentcore:DeleteMemoryRecord",
]

_scope_keys := {
	"bedrock-agentcore:actorid",
	"bedrock-agentcore:sessionid",
	"bedrock-agentcore:namespace",
	"bedrock-agentcore:strategyid",
}

# Principal values of stmt that give callers outside the memory's account
# the action with nothing scoping it.
_unscoped(stmt, action) := {p |
	some p in memory.outside_grants(stmt, action)
	not memory.narrowed(p, action)
	not memory.scoped_by(stmt, p, action, _scope_keys)
}

_finding(node, what, unscoped, outs, certain) := result.fail(node, _message(what, unscoped, outs)) if count(certain) > 0

_finding(node, what, unscoped, outs, certain) := result.with_severity(result.fail(node, _message(what, unscoped, outs)), "low") if {
	count(certain) == 0
}

_message(what, unscoped, outs) := sprintf("%s lets %s delete or overwrite memory data (%s) with no condition scoping the caller, actor, session, namespace or strategy.", [
	what, memory.who(outs), memory.quoted(unscoped),
])
