# METADATA
# title: Execution role is in another account than the memory
# description: |
#   memoryExecutionRoleArn names a role in an account other than the
#   memory's own. AgentCore assumes the execution role in the memory's
#   account (the cross-account guide creates it in account A); a role of
#   another account cannot be used. Checked when the memory's ARN is known
#   (a manifest, GetMemory output or IaC).
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML304
#   severity: high
#   inputs: [memory]
#   remediation: Create the execution role in the memory's account and name its ARN in memoryExecutionRoleArn.
package rules.role["role-account-mismatch"]

import data.lib.result

deny contains result.fail_related(ref, msg, input.memory.arn, "The memory's ARN names its account here.") if {
	ref := input.definition.role_ref
	mem := input.memory.arn.arn.account
	role := ref.arn.account
	role != mem
	msg := sprintf("The execution role '%s' is in account '%s', but the memory is in account '%s'.", [ref.value, role, mem])
}
