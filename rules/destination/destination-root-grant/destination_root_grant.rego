# METADATA
# title: Destination grants the memory account's root instead of the execution role
# description: |
#   The destination's policy lets the execution role deliver only because it
#   names the root of the memory's account (arn:aws:iam::<A>:root or a bare
#   account ID). That delegates to every identity account A's administrators
#   allow: any of them can write to the bucket, publish to the topic or put
#   records on the stream.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
# custom:
#   id: ML404
#   severity: medium
#   inputs: [memory]
#   remediation: Name the execution role's ARN as the principal instead of the account.
package rules.destination["destination-root-grant"]

import data.lib.result

deny contains result.fail_related(v, msg, input.definition.role_ref, "The memory names its execution role here.") if {
	some d in input.deliveries
	d.cross_account == "yes"
	some c in d.checks
	c.destination.allow != "no"
	some v in c.destination.via_account
	v.account == input.role.account
	msg := sprintf("The %s policy of '%s' grants the whole account '%s' instead of the execution role '%s'.", [d.service, d.arn, v.account, input.role.arn])
}
