# METADATA
# title: Destination policy names another role than the execution role
# description: |
#   The destination's policy grants what delivery needs to a role of the
#   memory's account that is not the execution role the memory uses — a
#   typo in the role name, another role, or the same name in another
#   account — so the execution role gets nothing from it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML402
#   severity: high
#   inputs: [memory]
#   remediation: Name the execution role's exact ARN (memoryExecutionRoleArn) as the principal in the destination's policy.
package rules.destination["destination-principal-mismatch"]

import data.lib.result

deny contains result.fail_related(c.destination.near, msg, input.definition.role_ref, "The memory names its execution role here.") if {
	some d in input.deliveries
	some c in d.checks
	c.destination.allow == "no"
	c.destination.near.kind == "principal"
	msg := sprintf("The %s policy of '%s' names '%s', not the memory's execution role '%s'.", [d.service, d.arn, c.destination.near.value, input.role.arn])
}
