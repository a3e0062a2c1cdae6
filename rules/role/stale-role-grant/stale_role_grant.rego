# METADATA
# title: Execution role grants delivery to a destination no memory uses
# description: |
#   The execution role allows a delivery action (s3:PutObject, sns:Publish,
#   kinesis:PutRecords) on a resource that none of the memories using the
#   role delivers to: a leftover grant, or a typo that the memory's own
#   destination does not match. Judged only when every memory that names
#   the role as memoryExecutionRoleArn has a known definition.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML306
#   severity: info
#   inputs: [role]
#   remediation: Remove the statement, or point it at the destination the memory definition names.
package rules.role["stale-role-grant"]

import data.lib.result

_delivery := ["kinesis:PutRecords", "s3:PutObject", "sns:Publish"]

deny contains result.fail(r, sprintf("The execution role grants delivery on '%s', which no memory using the role delivers to.", [r.value])) if {
	input.role.execution
	input.deliveries_known
	some p in input.policies
	some stmt in p.statements
	stmt.effect.value == "Allow"
	some action in memlint.granted_actions(stmt.action, _delivery) # policy.grants_action of each, in one call
	not stmt.resource.not
	some r in stmt.resource.values
	r.arn.service == split(action, ":")[0]
	every t in input.delivery_resources {
		not memlint.match_resource(r.value, t)
		not memlint.match_resource(concat("", [r.value, "/*"]), t) # a bucket ARN for an object action is ML302's
	}
}
