# METADATA
# title: Like condition that matches any value
# description: |
#   A StringLike or ArnLike condition whose value is "*" matches every value
#   the key can have: the condition only tests that the key is present in the
#   request. That is what "Null": {"<key>": "false"} says; written as a
#   wildcard it reads like a restriction that is not there, and usually marks
#   a placeholder never filled in (the ARN or account meant).
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
# custom:
#   id: ML014
#   severity: info
#   inputs: [policy]
#   access_analyzer: [EQUIVALENT_TO_NULL_FALSE]
#   remediation: |
#     Name the values meant, e.g.
#     "ArnLike": {"aws:SourceArn": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"};
#     if only the key's presence matters, write
#     "Null": {"aws:SourceArn": "false"}.
package rules.policy["wildcard-only-condition"]

import data.lib.policy
import data.lib.result

# Operators whose * is a wildcard and that are false when the key is absent.
# ArnEquals is included: "ArnEquals and ArnLike behave identically", both
# with wildcards.
#
# Left out on purpose:
# - the IfExists forms (StringLikeIfExists k "*") are true whether the key is
#   present or not: the condition is a no-op, not a presence test, so
#   suggesting Null false would change its meaning;
# - ForAllValues: is true when the key is absent or empty too, the same no-op;
# - the negated forms (StringNotLike k "*") are true only when the key is
#   absent: that is Null true, a different check.
_bases := {"StringLike", "ArnLike", "ArnEquals"}

deny contains result.fail(v, _message(c, v)) if {
	input.policy.has.wildcard_value
	some stmt in input.policy.statements
	some c in stmt.conditions
	c.base in _bases
	not c.if_exists
	c.qualifier != "ForAllValues"
	some v in c.values
	policy.known(v)
	_matches_anything(v.value)
}

# "*" and runs of it match any string, the empty one included. "?" does not
# (it needs one character).
_matches_anything(s) if regex.match(`^\*+$`, s)

_message(c, _) := sprintf("The '%s' condition on '%s' matches any value, so it only tests that the key is present; write '\"Null\": {\"%s\": \"false\"}' if that is meant, or name the values.", [c.operator.value, c.key.value, c.key.value]) if {
	count(c.values) == 1
}

_message(c, v) := sprintf("The value '%s' of the '%s' condition on '%s' matches any value, so the condition only tests that the key is present and its other values add nothing; write '\"Null\": {\"%s\": \"false\"}' if that is meant, or remove '%s'.", [v.value, c.operator.value, c.key.value, c.key.value, v.value]) if {
	count(c.values) > 1
}
