# METADATA
# title: Destination policy allows everyone
# description: |
#   An S3 bucket, SNS topic or Kinesis stream policy allows "*" (or
#   {"AWS": "*"}) and, after the statement's conditions and every Deny of the
#   policy, a caller of an account and organisation the policy never names —
#   or an AWS service acting for one — still gets in (conditions count by what
#   they admit: "o-*" or an aws:SourceArn pattern over every account restrict
#   nobody). Memory payloads and records — conversation data — are then open
#   to any AWS principal.
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

deny contains result.fail(p, sprintf("The %s policy allows '%s' without a condition or Deny that restricts the callers (%s).", [input.policy.kind, p.value, concat(", ", actions)])) if {
	input.policy.kind in {"s3", "sns", "kinesis"}
	some stmt in policy.allows
	some p in policy.principals(stmt)
	p.effective.reach == "public"
	actions := sort([sprintf("'%s'", [n]) | some n, x in p.effective.actions; x.reach == "public"])
}
