# METADATA
# title: Malformed ARN
# description: |
#   An ARN in a Principal, a Resource or an ARN condition does not have the
#   shape IAM expects: fewer than six colon-separated fields, no arn: prefix,
#   an unknown partition, an account that is not 12 digits, a region or an
#   account where the service has none (S3 bucket and object ARNs, IAM), a
#   missing region where the service needs one, or a wildcard in the service.
#   IAM rejects some of these when the policy is saved; the others never
#   match a request, so the statement silently grants or denies nothing.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
# custom:
#   id: ML012
#   severity: high
#   inputs: [policy]
#   access_analyzer: [INVALID_ARN_PREFIX, MISSING_ARN_FIELD, INVALID_PARTITION, INVALID_ARN_ACCOUNT, INVALID_ARN_SERVICE_CASE, ARN_REGION_NOT_ALLOWED, ARN_ACCOUNT_NOT_ALLOWED, MISSING_ARN_REGION]
#   remediation: |
#     Write the ARN as arn:<partition>:<service>:<region>:<account>:<resource>,
#     e.g. arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/<memory-id>,
#     and leave the region and account empty where the service has none
#     (arn:aws:s3:::<bucket>/*, arn:aws:iam::<account>:role/<name>).
package rules.policy["malformed-arn"]

import data.lib.policy
import data.lib.result

deny contains result.fail(v, concat(" ", problems)) if {
	some v in _arn_values
	policy.known(v) # a deploy-time value is not malformed, only unknown
	problems := memlint.arn_problems(v.value)
	count(problems) > 0
}

# Principal and NotPrincipal values written as ARNs. A bare account ID, a
# unique ID (ML011), a service principal or "*" is not an ARN and has other
# rules. Federated values are included when they are ARNs (SAML and OIDC
# providers): they follow the same IAM ARN layout.
_arn_values contains p if {
	some stmt in input.policy.statements
	some p in stmt.principal.values
	p.type in {"AWS", "Federated"}
	startswith(p.value, "arn:")
}

# Resource and NotResource values. Every value but a bare wildcard must be an
# ARN, so "my-bucket" is reported too (not an ARN prefix). Wildcards and
# policy variables inside an ARN are allowed (memlint.arn_problems accepts a
# field that can match a valid value, and skips fields holding ${...}).
_arn_values contains r if {
	some stmt in input.policy.statements
	some r in stmt.resource.values
	not _not_an_arn(r.value)
}

# Condition values compared as ARNs: every value of an Arn* operator, and the
# values of String* operators on keys the catalog types as ARN (the operator
# family ML008 reports). Other operators on ARN keys (Null, Bool) take other
# values ("true").
_arn_values contains v if {
	some stmt in input.policy.statements
	some c in stmt.conditions
	_arn_condition(c)
	some v in c.values
	not _not_an_arn(v.value)
}

_arn_condition(c) if startswith(c.base, "Arn")

_arn_condition(c) if {
	startswith(c.base, "String")
	memlint.condition_key(c.key.value).type in {"ARN", "ArrayOfARN"}
}

# Values that stand for any ARN or are filled in at request time: "*" (and
# runs of *), and a value that is a single policy variable such as
# ${aws:PrincipalArn}.
_not_an_arn(s) if regex.match(`^\*+$`, s)

_not_an_arn(s) if regex.match(`^\$\{[^}]*\}$`, s)
