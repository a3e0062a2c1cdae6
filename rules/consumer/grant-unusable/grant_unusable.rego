# METADATA
# title: Memory policy grants a principal actions its identity policies do not allow
# description: |
#   The memory's resource policy grants a role of another account actions
#   on the memory that the role's own identity policies (supplied to
#   memlint) do not allow on it. Cross-account calls need both sides, so
#   those grants are dead weight: remove them (least privilege) or add them
#   to the role's identity policy. The identity side's definite "no" is
#   reported even when the memory policy's grant depends on a condition
#   (a namespace scope, a network path): the grant is unusable either way. A role whose identity policies were not
#   supplied is not judged; memlint notes once that it cannot verify it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
# custom:
#   id: ML501
#   severity: low
#   inputs: [memory]
#   remediation: Grant only the actions the consumer's identity policy allows on this memory, or extend that identity policy.
package rules.consumer["grant-unusable"]

import data.lib.result

deny contains result.fail_related(c.named[0], msg, {"loc": c.identity_loc}, "The consumer's identity policy is here.") if {
	some c in input.consumers
	c.supplied
	c.account != input.memory.account
	count(c.named) > 0
	actions := sort([k.action |
		some k in c.checks
		count(k.named_grants) > 0
		k.resource.allow != "no"
		k.identity.allow == "no"
	])
	count(actions) > 0
	msg := sprintf("The memory policy grants '%s' %s that its identity policies do not allow on this memory: '%s'.", [c.arn, _noun(actions), concat("', '", actions)])
}

deny contains result.with_severity(result.fail(c.named[0], msg), "info") if {
	some c in input.consumers
	not c.supplied
	c.account != input.memory.account
	count(c.named) > 0
	msg := sprintf("memlint was not given the identity policies of '%s': it cannot verify that the principal can use what the memory policy grants.", [c.arn])
}

_noun(actions) := "an action" if count(actions) == 1

_noun(actions) := "actions" if count(actions) > 1
