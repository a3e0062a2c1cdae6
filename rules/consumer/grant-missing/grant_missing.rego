# METADATA
# title: Consumer's identity policy allows what the memory policy does not grant
# description: |
#   A role of another account has an identity policy that allows a memory
#   data-plane action on this memory's ARN, and the memory's resource policy
#   does not grant that action to the role (neither by its ARN nor through
#   its account). Cross-account calls need both sides: the call fails with
#   AccessDeniedException at run time. Evaluated with memlint's IAM
#   evaluation core, Denies included: an action the identity policies also
#   deny is not allowed. Conditions on values the caller sends
#   (bedrock-agentcore:namespace, actorId, …) are the caller's to satisfy: a
#   grant scoped by them is a grant. A grant that depends on a condition
#   memlint cannot decide (a network path, a value computed at deploy time)
#   is a note.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
# custom:
#   id: ML502
#   severity: high
#   inputs: [memory]
#   remediation: Grant the action to the role in the memory's resource policy, or remove it from the identity policy.
package rules.consumer["grant-missing"]

import data.lib.result

_related := "The memory's resource policy is here."

deny contains result.fail_related(g, msg, {"loc": c.rbp_loc}, _related) if {
	some c in input.consumers
	c.supplied
	c.account != input.memory.account
	some pos in {g.pos | some k in c.checks; some g in k.identity_grants}
	actions := sort({k.action | some k in c.checks; _missing(k); some g in k.identity_grants; g.pos == pos})
	count(actions) > 0
	g := [g | some k in c.checks; some g in k.identity_grants; g.pos == pos][0]
	msg := sprintf("The identity policy of '%s' allows '%s' on this memory, but the memory's resource policy does not grant it.", [c.arn, concat("', '", actions)])
}

deny contains result.with_severity(result.fail_related(g, msg, {"loc": c.rbp_loc}, _related), "low") if {
	some c in input.consumers
	c.supplied
	c.account != input.memory.account
	some k in c.checks
	k.identity.allow == "yes"
	k.identity.deny == "no"
	k.resource.allow == "maybe"
	some g in k.identity_grants
	msg := sprintf("Whether the memory's resource policy grants '%s' to '%s' depends on conditions memlint cannot decide statically (%s).", [k.action, c.arn, concat(", ", k.undecided)])
}

_missing(k) if {
	k.identity.allow == "yes"
	k.identity.deny == "no"
	k.resource.allow == "no"
}
