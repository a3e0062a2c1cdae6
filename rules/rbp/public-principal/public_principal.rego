# METADATA
# title: Memory resource policy allows everyone
# description: |
#   An Allow names the principal "*" (bare, or {"AWS": "*"}) and, after its
#   conditions and every Deny of the policy, a caller of an account and
#   organisation the policy never names still gets in. In a resource-based
#   policy "*" means every principal of every AWS account, including
#   anonymous callers: anyone who knows the memory ARN can call the granted
#   data-plane actions against account A's memory. Conditions are read by
#   their meaning: aws:PrincipalOrgID, aws:PrincipalOrgPaths,
#   aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn
#   and their organisation variants restrict the caller only when the values
#   they admit exclude someone ("o-*", "arn:aws:iam::*:role/Reader" and
#   negated operators admit everyone); a Deny that removes every caller
#   outside an organisation restricts as much as the Allow's own condition.
#   Conditions on values the caller sends (bedrock-agentcore:namespace,
#   actorId, its own tags) do not restrict who the caller is. A network
#   condition restricts callers when a stranger calling over the internet
#   from an address it does not name fails it (a positive aws:SourceVpce, an
#   aws:SourceIp range); a negated or IfExists VPC condition does not. A
#   grant that only AWS services acting for anyone can use
#   (aws:PrincipalIsAWSService) is not reported here.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
# custom:
#   id: ML102
#   severity: critical
#   inputs: [memory_policy]
#   remediation: |
#     Name the roles that call the data plane, e.g.
#     "Principal": {"AWS": "arn:aws:iam::<account-B-id>:role/AgentMemoryReaderRole"}.
#     If "*" is intended, add a condition that restricts callers, e.g.
#     "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}.
package rules.rbp["public-principal"]

import data.lib.memory
import data.lib.policy
import data.lib.result

deny contains result.fail(p, _message(stmt, actions, scoped)) if {
	some stmt in policy.allows
	some p in policy.principals(stmt)
	p.effective.reach == "public"
	actions := sort([n | some n, x in p.effective.actions; x.reach == "public"; not x.via_service])
	count(actions) > 0
	scoped := sort({k | some n in actions; some k in p.effective.actions[n].scoped})
}

_message(stmt, actions, scoped) := concat("", [
	sprintf("The principal '*' lets every AWS principal, including anonymous callers, call %s on this memory; ", [memory.quoted(actions)]),
	_why(stmt, scoped),
])

_why(stmt, scoped) := "the statement has no condition." if {
	count(stmt.conditions) == 0
	count(scoped) == 0
	not _has_deny
}

_why(stmt, scoped) := "no condition or Deny of the policy restricts who the caller is (patterns such as 'o-*' or 'arn:aws:iam::*:role/Name' and negated operators admit every account)." if {
	count(scoped) == 0
	not _bare(stmt)
}

_why(_, scoped) := sprintf("the conditions on %s only limit what the caller asks for, not who the caller is.", [concat(", ", [sprintf("'%s'", [k]) | some k in scoped])]) if {
	count(scoped) > 0
}

_bare(stmt) if {
	count(stmt.conditions) == 0
	not _has_deny
}

_has_deny if {
	some s in input.policy.statements
	policy.is_deny(s)
}
