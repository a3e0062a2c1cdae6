# METADATA
# title: Destination policy allows everyone
# description: |
#   An S3 bucket, SNS topic or Kinesis stream policy allows "*" (or
#   {"AWS": "*"}) with no condition that restricts the callers (organisation,
#   account, principal ARN, source ARN or account, VPC). Memory payloads and
#   records — conversation data — are then open to any AWS principal.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
# custom:
#   id: ML405
#   severity: critical
#   inputs: [policy]
#   remediation: Name the execution role as the principal, or add a condition such as aws:PrincipalArn or aws:PrincipalOrgID.
package rules.destination["destination-public"]

import data.lib.policy
import data.lib.result

deny contains result.fail(p, sprintf("The %s policy allows '%s' without a condition that restricts the callers.", [input.policy.kind, p.value])) if {
	input.policy.kind in {"s3", "sns", "kinesis"}
	some stmt in policy.allows
	some p in policy.principals(stmt)
	p.class == "public"
	not policy.restricts_callers(stmt)
}
