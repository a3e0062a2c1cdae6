# METADATA
# title: Destination policy's Resource is not the destination
# description: |
#   The destination's policy grants delivery actions on a resource that is
#   not the destination the memory names: a topic or stream ARN with another
#   name, region or account, or a stream consumer ARN instead of the stream.
#   The statement never applies to delivery. (An S3 bucket ARN without /*
#   for object actions is ML302's finding.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML403
#   severity: high
#   inputs: [memory]
#   remediation: Set the statement's Resource to the destination's ARN as the memory definition names it.
package rules.destination["destination-resource-mismatch"]

import data.lib.result

deny contains result.fail_related(c.destination.near, msg, d.target, "The memory definition names the destination here.") if {
	some d in input.deliveries
	some c in d.checks
	c.destination.allow == "no"
	c.destination.near.kind == "resource"
	msg := sprintf("The %s policy grants delivery on '%s', which is not the destination '%s' the memory names.", [d.service, c.destination.near.value, d.arn])
}
