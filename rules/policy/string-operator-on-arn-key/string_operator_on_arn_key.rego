# METADATA
# title: String operator on an ARN condition key
# description: |
#   A String operator (StringEquals, StringLike, their Not and IgnoreCase
#   forms) compares a key that the Service Authorization Reference types as
#   ARN or ArrayOfARN — aws:SourceArn, aws:PrincipalArn,
#   iam:AssociatedResourceArn, … — as plain text. That works for exact
#   values but is fragile: in StringLike a * also spans the ':' separators of
#   the ARN, and an IgnoreCase comparison ignores the case that ARNs keep.
#   The Arn operators match each of the six ARN components separately and
#   case-sensitively, which is what a reviewer reads into the condition.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
# custom:
#   id: ML008
#   severity: low
#   inputs: [policy]
#   access_analyzer: [STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS]
#   remediation: |
#     Use the Arn operator of the same meaning: ArnEquals for StringEquals,
#     ArnLike for StringLike, ArnNotEquals and ArnNotLike for the negated
#     forms, e.g. "ArnLike": {"aws:SourceArn":
#     "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"}.
package rules.policy["string-operator-on-arn-key"]

import data.lib.result

deny contains result.fail(c.operator, msg) if {
	input.policy.has.arn_condition
	some stmt in input.policy.statements
	some c in stmt.conditions
	_arn[c.base]
	key := memlint.condition_key(c.key.value)
	upper(key.type) in {"ARN", "ARRAYOFARN"}
	msg := sprintf("'%s' compares the ARN key '%s' as plain text: write '%s', which matches each ARN component separately.", [c.operator.value, c.key.value, replace(c.operator.value, c.base, _arn[c.base])])
}

# The String operators and the Arn operator of the same meaning.
_arn := {
	"StringEquals": "ArnEquals",
	"StringNotEquals": "ArnNotEquals",
	"StringEqualsIgnoreCase": "ArnEquals",
	"StringNotEqualsIgnoreCase": "ArnNotEquals",
	"StringLike": "ArnLike",
	"StringNotLike": "ArnNotLike",
}
