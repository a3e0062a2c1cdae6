# METADATA
# title: Wildcard in a StringEquals-family condition value
# description: |
#   StringEquals, StringNotEquals, StringEqualsIgnoreCase and
#   StringNotEqualsIgnoreCase compare values exactly: a * or ? in the value
#   is a literal character, not a wildcard. A condition such as
#   "StringEquals": {"aws:SourceAccount": "1111*"} or
#   {"bedrock-agentcore:namespace": "support/*"} then matches only requests
#   whose value is that exact text, which is almost never what the author
#   meant: an Allow silently grants nothing and a StringNotEquals Deny blocks
#   everything. The Like operators (StringLike, StringNotLike) treat * and ?
#   as wildcards. ArnEquals and ArnNotEquals are not reported: they accept
#   wildcards exactly as ArnLike does. Policy variables such as ${*} (a
#   deliberate literal *) and ${aws:username} are not wildcards.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
# custom:
#   id: ML006
#   severity: medium
#   inputs: [policy]
#   access_analyzer: [WILDCARD_WITHOUT_LIKE_OPERATOR]
#   remediation: |
#     Use StringLike (or StringNotLike) when the value is a pattern, and
#     ArnLike (or ArnNotLike) when the key is an ARN, for example
#     "StringLike": {"bedrock-agentcore:namespace": "support/*"}. If the
#     value really contains a literal * or ?, write it as ${*} or ${?}.
package rules.policy["wildcard-in-equals-operator"]

import data.lib.policy
import data.lib.result

deny contains result.fail(v, msg) if {
	input.policy.has.wildcard_value
	some stmt in input.policy.statements
	some c in stmt.conditions
	_like[c.base]
	some v in c.values
	regex.match(`[*?]`, v.value) # one test before the two of _wildcard: most values have none
	policy.known(v)
	ch := _wildcard(v.value)
	msg := sprintf("'%s' treats '%s' as a literal character, so the value '%s' %s only that exact text: write '%s' for a pattern.", [c.operator.value, ch, v.value, _verb(c), _suggest(c)])
}

# The equals operators that read * and ? literally, and their Like forms.
_like := {
	"StringEquals": "StringLike",
	"StringEqualsIgnoreCase": "StringLike",
	"StringNotEquals": "StringNotLike",
	"StringNotEqualsIgnoreCase": "StringNotLike",
}

# The first wildcard character of a value, policy variables aside (${*},
# ${?} and ${$} stand for a literal character; ${aws:username} is no
# wildcard either).
_wildcard(s) := regex.find_n(`[*?]`, regex.replace(s, `\$\{[^}]*\}`, ""), 1)[0]

_verb(c) := "excludes" if contains(c.base, "Not")

_verb(c) := "matches" if not contains(c.base, "Not")

# The operator as written with its base replaced: the Like form, or the Arn
# form for a key the catalog types as an ARN.
_suggest(c) := replace(c.operator.value, c.base, _arn_like[c.base]) if _arn_key(c.key.value)

_suggest(c) := replace(c.operator.value, c.base, _like[c.base]) if not _arn_key(c.key.value)

_arn_like := {
	"StringEquals": "ArnLike",
	"StringEqualsIgnoreCase": "ArnLike",
	"StringNotEquals": "ArnNotLike",
	"StringNotEqualsIgnoreCase": "ArnNotLike",
}

_arn_key(k) if upper(memlint.condition_key(k).type) in {"ARN", "ARRAYOFARN"}
