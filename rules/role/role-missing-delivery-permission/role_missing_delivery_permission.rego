# METADATA
# title: Execution role cannot deliver to a destination the memory names
# description: |
#   The memory definition names a delivery destination (an S3 bucket for
#   payloads, an SNS topic for notifications, a Kinesis stream for record
#   streaming) and the execution role's permission policies do not allow
#   what delivery needs on it: s3:PutObject and s3:GetObject on
#   arn:<partition>:s3:::<bucket>/*, sns:Publish on the topic ARN,
#   kinesis:PutRecords and kinesis:DescribeStream on the stream ARN. An
#   explicit Deny in the role's policies counts. Go evaluates the role's
#   policies with memlint's IAM evaluation core; a grant that depends on a
#   condition memlint cannot decide is reported as a note. A role whose
#   permission policies were not supplied is not judged: memlint says once,
#   as an info note at the definition's memoryExecutionRoleArn, that it
#   cannot verify it. When the only S3 grant names the bucket ARN instead of
#   its objects (bucket/*), s3-arn-level-mismatch (ML302) says why the
#   statement never matches and this rule still reports the failed delivery,
#   at the same bucket ARN.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML301
#   severity: high
#   inputs: [memory]
#   remediation: |
#     Add a statement to the execution role's permission policy, e.g.
#     {"Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:aws:sns:<region>:<account-B-id>:<topic-name>"}
#     (for S3: s3:PutObject and s3:GetObject on arn:aws:s3:::<bucket>/*;
#     for Kinesis: kinesis:PutRecords and kinesis:DescribeStream on the stream ARN).
package rules.role["role-missing-delivery-permission"]

import data.lib.result

_related := "The memory definition names the destination here."

# The role's ARN in quotes, or nothing when infrastructure code links the role by reference.
_role := sprintf(" '%s'", [input.role.arn]) if input.role.arn != ""

_role := "" if input.role.arn == ""

deny contains result.fail_related(c.role.near, msg, d.target, _related) if {
	input.role.policies_supplied
	some d in input.deliveries
	some c in d.checks
	c.role.allow == "no"
	c.role.deny != "yes"
	msg := sprintf("The execution role%s is not allowed '%s' on '%s', which delivery to the %s destination needs.%s", [_role, c.action, c.resource, d.service, _why(c.role.near.kind)])
}

# Why the nearest statement misses, where that helps the reader.
_why(kind) := " The statement that comes closest names the bucket, not its objects (bucket/*)." if kind == "arn-level"

_why(kind) := "" if kind != "arn-level"

deny contains result.fail_related(dn, msg, d.target, _related) if {
	input.role.policies_supplied
	some d in input.deliveries
	some c in d.checks
	c.role.deny == "yes"
	some dn in c.role.denies
	dn.match == "yes"
	msg := sprintf("Statement '%s' explicitly denies the execution role '%s' on '%s', which delivery to the %s destination needs.", [dn.ref, c.action, c.resource, d.service])
}

deny contains result.with_severity(result.fail_related({"loc": c.role.undecided_loc}, msg, d.target, _related), "low") if {
	input.role.policies_supplied
	some d in input.deliveries
	some c in d.checks
	c.role.deny != "yes"
	"maybe" in {c.role.allow, c.role.deny}
	msg := sprintf("Whether the execution role may call '%s' on '%s' depends on conditions memlint cannot decide statically (%s).", [c.action, c.resource, concat(", ", c.role.undecided)])
}

deny contains result.with_severity(result.fail(input.definition.role_ref, msg), "info") if {
	not input.role.policies_supplied
	input.role.arn != ""
	count(input.deliveries) > 0
	msg := sprintf("memlint was not given the permission policies of the execution role '%s': it cannot verify that the role may deliver.", [input.role.arn])
}
