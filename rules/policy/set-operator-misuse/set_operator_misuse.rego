# METADATA
# title: ForAllValues or ForAnyValue used where it changes the meaning
# description: |
#   The set qualifiers ForAllValues: and ForAnyValue: are for multivalued
#   condition keys (aws:TagKeys, aws:PrincipalOrgPaths, …). On a single-valued
#   key such as aws:SourceArn, aws:SourceAccount, aws:PrincipalArn or the
#   memory keys bedrock-agentcore:actorId, sessionId, namespace and
#   strategyId they are a mistake: ForAllValues is also true when the key is
#   absent from the request, so a condition meant to restrict callers lets
#   through every request that lacks the key (Access Analyzer
#   FORALLVALUES_WITH_SINGLE_VALUED_KEY), and ForAnyValue hides what the
#   condition tests. Keys the catalog does not know are not judged
#   single-valued.
#
#   ForAllValues in an Allow statement is reported on any key for the same
#   reason — "Do not use ForAllValues with an Allow effect" — unless the
#   statement also requires the key to be present with a Null condition
#   {"<key>": "false"}, the documented safe pattern.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
# custom:
#   id: ML007
#   severity: high
#   inputs: [policy]
#   access_analyzer: [FORALLVALUES_WITH_SINGLE_VALUED_KEY]
#   remediation: |
#     On single-valued keys drop the qualifier: "ArnLike" rather than
#     "ForAllValues:ArnLike" for aws:SourceArn. On multivalued keys in an
#     Allow, use ForAnyValue, or keep ForAllValues and add
#     "Null": {"<key>": "false"} to the same statement so requests without
#     the key do not match.
package rules.policy["set-operator-misuse"]

import data.lib.policy
import data.lib.result

deny contains result.fail(c.operator, msg) if {
	input.policy.has.qualifier
	some stmt in input.policy.statements
	some c in stmt.conditions
	c.qualifier == "ForAllValues"
	_single_valued(c.key.value)
	msg := sprintf("'%s' on the single-valued key '%s' is also true when the key is absent from the request: drop the qualifier and write '%s'.", [c.operator.value, c.key.value, _unqualified(c)])
}

deny contains result.fail(c.operator, msg) if {
	input.policy.has.qualifier
	some stmt in input.policy.statements
	some c in stmt.conditions
	c.qualifier == "ForAnyValue"
	_single_valued(c.key.value)
	msg := sprintf("'%s' applies a set qualifier to the single-valued key '%s': drop the qualifier and write '%s'.", [c.operator.value, c.key.value, _unqualified(c)])
}

# ForAllValues in an Allow on a multivalued (or unknown) key, without a Null
# condition requiring the key.
deny contains result.fail(c.operator, msg) if {
	input.policy.has.qualifier
	some stmt in input.policy.statements
	policy.is_allow(stmt)
	some c in stmt.conditions
	c.qualifier == "ForAllValues"
	c.base != "Null"
	not _single_valued(c.key.value)
	not _requires_key(stmt, c.key.value)
	not _limits_tag_keys(c)
	msg := sprintf("'%s' in an Allow is true when '%s' is absent from the request, so the statement also allows requests without the key: add a Null condition with '%s' set to 'false', or use 'ForAnyValue'.", [c.operator.value, c.key.value, c.key.value])
}

# The catalog knows the key and it carries one value.
_single_valued(k) if memlint.condition_key(k).multi_valued == false

# The statement has "Null": {key: "false"} (every value "false"): the key
# must be present. Key names are case-insensitive.
_requires_key(stmt, key) if {
	some n in stmt.conditions
	n.base == "Null"
	n.qualifier == ""
	lower(n.key.value) == lower(key)
	count(n.values) > 0
	every v in n.values {
		_false(v)
	}
}

# A Null value "false", or one computed at deploy time, which may well be
# "false": the finding cannot be decided statically then, so none is made.
_false(v) if policy.unknown(v)

_false(v) if lower(v.value) == "false"

# ForAllValues on aws:TagKeys is the IAM User Guide's own way to limit which
# tag keys a request may set ("Controlling access based on tag keys"): the key
# is absent exactly when the request sets no tags, and letting an untagged
# request through is the intent. AWS managed policies use it throughout (219
# statements); reporting it would be noise, not a finding.
_limits_tag_keys(c) if lower(c.key.value) == "aws:tagkeys"

# The operator without its qualifier, e.g. ArnLike for ForAllValues:ArnLike.
_unqualified(c) := substring(c.operator.value, count(c.qualifier) + 1, -1)
