# METADATA
# title: Malformed ARN
# description: |
#   An ARN in a Principal, a Resource or an ARN condition does not have the
#   shape IAM expects: fewer than six colon-separated fields, no arn: prefix,
#   an unknown partition, an account that is not 12 digits, a region or an
#   account where the service has none (S3 bucket and object ARNs, IAM), a
#   missing region or account where the service always has one, a wildcard
#   in the service, or a wildcard or policy variable in a principal ARN.
#   IAM rejects some of these when the policy is saved; the others never
#   match a request, so the statement silently grants or denies nothing.
#
#   In a Resource, a * that ends a field may stand for the fields after it,
#   as IAM documents: arn:aws:codepipeline:* is a whole pattern, and the
#   fields written after such a * (arn:aws:kms:*::*) are not checked. An Arn
#   condition operator compares the six fields one by one, so there all six
#   must be written; a String operator on an ARN key compares text, where
#   any * crosses the colons.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
# custom:
#   id: ML012
#   severity: high
#   inputs: [policy]
#   access_analyzer: [INVALID_ARN_PREFIX, MISSING_ARN_FIELD, INVALID_PARTITION, INVALID_ARN_ACCOUNT, INVALID_ARN_SERVICE_CASE, ARN_REGION_NOT_ALLOWED, ARN_ACCOUNT_NOT_ALLOWED, MISSING_ARN_REGION, UNSUPPORTED_WILDCARD_IN_PRINCIPAL]
#   remediation: |
#     Write the ARN as arn:<partition>:<service>:<region>:<account>:<resource>,
#     e.g. arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/<memory-id>,
#     and leave the region and account empty where the service has none
#     (arn:aws:s3:::<bucket>/*, arn:aws:iam::<account>:role/<name>).
package rules.policy["malformed-arn"]

import data.lib.policy
import data.lib.result

# Each value is checked where it is read, without collecting the values
# first: a set of [value, where] pairs hashes every value object, which was
# most of this rule's time on large policies.
deny contains result.fail(p, concat(" ", problems)) if {
	input.policy.has.arn_problem
	some stmt in input.policy.statements
	some p in stmt.principal.values
	p.type in {"AWS", "Federated"}
	problems := memlint.arn_problems(p.value, "principal") # before the rarer exceptions: most values pass
	count(problems) > 0
	startswith(p.value, "arn:")
	policy.known(p) # a deploy-time value is not malformed, only unknown
	not regex.match(`[*?]`, p.value)
}

deny contains result.fail(r, concat(" ", problems)) if {
	input.policy.has.arn_problem
	some stmt in input.policy.statements
	some r in stmt.resource.values
	not r.unknown # policy.known(r), without a function call per value
	problems := memlint.arn_problems(r.value, "resource") # before the rarer exceptions: most values pass
	count(problems) > 0
	not _not_an_arn(r.value)
}

deny contains result.fail(v, concat(" ", problems)) if {
	input.policy.has.arn_problem
	some stmt in input.policy.statements
	some c in stmt.conditions
	where := _arn_condition(c)
	some v in c.values
	policy.known(v)
	problems := memlint.arn_problems(v.value, where)
	count(problems) > 0
	not _not_an_arn(v.value)
}

_arn_condition(c) := "arn-condition" if startswith(c.base, "Arn")

_arn_condition(c) := "string-condition" if {
	startswith(c.base, "String")
	memlint.condition_key(c.key.value).type in {"ARN", "ArrayOfARN"}
}

# Values that stand for any ARN or are filled in at request time: "*" (and
# runs of *), and a value that is a single policy variable such as
# ${aws:PrincipalArn}.
_not_an_arn(s) if regex.match(`^\*+$`, s)

_not_an_arn(s) if regex.match(`^\$\{[^}]*\}$`, s)
