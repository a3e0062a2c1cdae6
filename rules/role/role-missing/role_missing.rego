# METADATA
# title: Memory delivers without an execution role
# description: |
#   The definition has a self-managed strategy (payloads to S3,
#   notifications to SNS) or stream delivery to Kinesis but no
#   memoryExecutionRoleArn: AgentCore has no identity to deliver with.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML305
#   severity: critical
#   inputs: [memory]
#   remediation: Create an execution role trusted by bedrock-agentcore.amazonaws.com and set memoryExecutionRoleArn to its ARN.
package rules.role["role-missing"]

import data.lib.result

deny contains result.fail(input.definition, sprintf("The memory uses %s but names no memoryExecutionRoleArn.", [_feature])) if {
	not input.definition.role_ref
	_uses
}

_uses if input.definition.self_managed

_uses if input.definition.stream_delivery

_feature := "a self-managed strategy" if input.definition.self_managed

_feature := "stream delivery" if {
	not input.definition.self_managed
	input.definition.stream_delivery
}
