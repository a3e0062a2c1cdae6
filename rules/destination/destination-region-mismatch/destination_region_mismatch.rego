# METADATA
# title: Destination is in another region than the memory
# description: |
#   The memory definition names an SNS topic or Kinesis stream in a region
#   other than the memory's. Checked when both regions are known (the
#   memory's from its ARN).
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML406
#   severity: medium
#   inputs: [memory]
#   remediation: Deliver to a topic or stream in the memory's region.
package rules.destination["destination-region-mismatch"]

import data.lib.result

deny contains result.fail_related(d.target, msg, input.memory.arn, "The memory's ARN names its region here.") if {
	some d in input.deliveries
	d.service in {"sns", "kinesis"}
	d.region != ""
	input.memory.region != ""
	d.region != input.memory.region
	msg := sprintf("The %s destination '%s' is in region '%s', the memory in '%s'.", [d.service, d.arn, d.region, input.memory.region])
}
