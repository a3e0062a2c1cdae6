# METADATA
# title: Destination policy does not let the execution role deliver
# description: |
#   A destination in another account (S3 bucket, SNS topic, Kinesis stream)
#   has a resource policy that does not allow the memory's execution role —
#   by its ARN, or through its account's root — the actions delivery needs
#   on it. Cross-account delivery needs both the role's permissions and the
#   destination's policy. Go evaluates the destination policy with memlint's
#   IAM evaluation core. When the closest statement names another role of
#   the memory's account (ML402), another resource (ML403) or the bucket
#   ARN without /* (ML302), that rule reports it instead. A grant that
#   depends on a condition memlint cannot decide is a note.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
# custom:
#   id: ML401
#   severity: high
#   inputs: [memory]
#   remediation: |
#     Add a statement to the destination's policy in account B, e.g.
#     {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::<account-A-id>:role/<memory-execution-role-name>"},
#      "Action": "sns:Publish", "Resource": "arn:aws:sns:<region>:<account-B-id>:<topic-name>"}
package rules.destination["destination-missing-grant"]

import data.lib.result

_related := "The memory definition names the destination here."

deny contains result.fail_related(c.destination.near, msg, d.target, _related) if {
	some d in input.deliveries
	d.cross_account == "yes"
	some c in d.checks
	c.destination.allow == "no"
	c.destination.near.kind in {"action", "none"}
	msg := sprintf("The %s policy of '%s' does not allow the execution role '%s' to call '%s' on '%s'.", [d.service, d.arn, input.role.arn, c.action, c.resource])
}

deny contains result.with_severity(result.fail_related({"loc": c.destination.undecided_loc}, msg, d.target, _related), "low") if {
	some d in input.deliveries
	d.cross_account == "yes"
	some c in d.checks
	c.destination.allow == "maybe"
	c.destination.deny != "yes"
	msg := sprintf("Whether the %s policy of '%s' lets the execution role call '%s' depends on conditions memlint cannot decide statically (%s).", [d.service, d.arn, c.action, concat(", ", c.destination.undecided)])
}
