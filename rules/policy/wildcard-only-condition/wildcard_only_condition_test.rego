package rules.policy["wildcard-only-condition_test"]

import data.lib.policy
import data.rules.policy["wildcard-only-condition"] as rule

_cond(op, base, qualifier, if_exists, key, values) := {
	"operator": {"value": op, "loc": 20}, "base": base, "qualifier": qualifier, "if_exists": if_exists,
	"key": {"value": key, "loc": 21},
	"values": [{"value": v, "loc": 30 + i} | some i, v in values],
}

_input(conditions) := {"policy": policy.with_has({"kind": "trust", "statements": [{
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [{"type": "Service", "value": "bedrock-agentcore.amazonaws.com", "arn": "bedrock-agentcore.amazonaws.com", "class": "service", "account": "", "partition": "", "loc": 4}]},
	"action": {"not": false, "loc": 5, "values": [{"value": "sts:AssumeRole", "loc": 6}]},
	"conditions": conditions,
	"condition_loc": 7,
}]})}

test_deny_arn_like_star if {
	rule.deny == {{"msg": "The 'ArnLike' condition on 'aws:SourceArn' matches any value, so it only tests that the key is present; write '\"Null\": {\"aws:SourceArn\": \"false\"}' if that is meant, or name the values.", "loc": 30}} with input as _input([_cond("ArnLike", "ArnLike", "", false, "aws:SourceArn", ["*"])])
}

test_deny_string_like_star_among_values if {
	rule.deny == {{"msg": "The value '*' of the 'StringLike' condition on 'aws:SourceAccount' matches any value, so the condition only tests that the key is present and its other values add nothing; write '\"Null\": {\"aws:SourceAccount\": \"false\"}' if that is meant, or remove '*'.", "loc": 31}} with input as _input([_cond("StringLike", "StringLike", "", false, "aws:SourceAccount", ["111122223333", "*"])])
}

test_deny_for_any_value if {
	count(rule.deny) == 1 with input as _input([_cond("ForAnyValue:StringLike", "StringLike", "ForAnyValue", false, "aws:TagKeys", ["*"])])
}

test_allow_concrete_pattern if {
	count(rule.deny) == 0 with input as _input([_cond("ArnLike", "ArnLike", "", false, "aws:SourceArn", ["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"])])
}

test_allow_if_exists if {
	# Always true (key present or not): a no-op, not a presence test.
	count(rule.deny) == 0 with input as _input([_cond("StringLikeIfExists", "StringLike", "", true, "aws:SourceAccount", ["*"])])
}

test_allow_for_all_values if {
	count(rule.deny) == 0 with input as _input([_cond("ForAllValues:StringLike", "StringLike", "ForAllValues", false, "aws:TagKeys", ["*"])])
}

test_allow_negated if {
	count(rule.deny) == 0 with input as _input([_cond("StringNotLike", "StringNotLike", "", false, "aws:SourceAccount", ["*"])])
}

test_allow_string_equals_star if {
	# In StringEquals "*" is a literal character (ML006's concern).
	count(rule.deny) == 0 with input as _input([_cond("StringEquals", "StringEquals", "", false, "aws:SourceAccount", ["*"])])
}

test_allow_question_mark if {
	count(rule.deny) == 0 with input as _input([_cond("StringLike", "StringLike", "", false, "aws:SourceAccount", ["?"])])
}
