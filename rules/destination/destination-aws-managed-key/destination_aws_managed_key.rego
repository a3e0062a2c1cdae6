# METADATA
# title: Cross-account destination encrypted with an AWS managed key
# description: |
#   A destination in another account than the memory is encrypted with an
#   AWS managed key (alias/aws/sns, alias/aws/s3 — also what S3 default
#   encryption aws:kms without a KMSMasterKeyID uses — alias/aws/kinesis,
#   or their alias ARNs). An AWS managed key's policy cannot be changed, so
#   it can never admit the execution role of the memory's account: every
#   cross-account delivery fails. "You must add the policy to customer
#   managed key because you can't modify the AWS managed key for Amazon
#   SNS." A key ID or key ARN of an AWS managed key cannot be told from its
#   text; memlint recognises the aliases only.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
# custom:
#   id: ML410
#   severity: high
#   inputs: [memory]
#   remediation: |
#     Encrypt the destination with a customer managed key in the destination's
#     account whose key policy admits the memory's execution role (see ML409),
#     e.g. KmsMasterKeyId: arn:aws:kms:<region>:<account-B-id>:key/<key-id>.
package rules.destination["destination-aws-managed-key"]

import data.lib.result

_related := "The memory definition names the destination here."

deny contains result.fail_related(d.key.ref, msg, d.target, _related) if {
	some d in input.deliveries
	d.key.aws_managed
	_cross_account(d)
	msg := sprintf("The %s destination '%s'%s is encrypted with the AWS managed key '%s'%s, whose key policy cannot be changed to admit the execution role of account '%s': delivery from the memory always fails.", [d.service, d.arn, _where(d), _alias(d.key.ref.value), _implied(d), input.memory.account])
}

_cross_account(d) if d.cross_account == "yes"

# An alias ARN names the destination's account.
_cross_account(d) if {
	d.key.account != ""
	input.memory.account != ""
	d.key.account != input.memory.account
}

_where(d) := sprintf(" in account '%s'", [d.account]) if d.account != ""

_where(d) := sprintf(" in account '%s'", [d.key.account]) if {
	d.account == ""
	d.key.account != ""
}

_where(d) := "" if {
	d.account == ""
	d.key.account == ""
}

_alias(ref) := substring(ref, indexof(ref, "alias/"), -1)

_implied(d) := " (SSE-KMS without a KMSMasterKeyID uses it)" if d.key.implied

_implied(d) := "" if not d.key.implied
