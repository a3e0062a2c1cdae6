package rules.policy["wildcard-in-equals-operator_test"]

import data.lib.policy
import data.rules.policy["wildcard-in-equals-operator"] as rule

# A condition operator op on key with values; value i is at loc 30+i.
_cond(op, base, key, values) := {
	"operator": {"value": op, "loc": 20},
	"base": base, "qualifier": "", "if_exists": false,
	"key": {"value": key, "loc": 21},
	"values": [{"value": v, "loc": 30 + i} | some i, v in values],
}

_input(conds) := {"policy": policy.with_has({
	"file": "p.json", "kind": "memory", "kind_inferred": false, "loc": 0,
	"version": {"value": "2012-10-17", "loc": 1}, "problems": [],
	"statements": [{
		"index": 0, "ref": "#0", "loc": 2,
		"effect": {"value": "Allow", "loc": 3},
		"action": {"not": false, "loc": 4, "values": [{"value": "bedrock-agentcore:RetrieveMemoryRecords", "loc": 5}]},
		"resource": {"not": false, "loc": 6, "values": [{"value": "*", "loc": 7}]},
		"conditions": conds,
		"condition_loc": 8,
	}],
})}

test_deny_star_in_string_equals if {
	c := _cond("StringEquals", "StringEquals", "bedrock-agentcore:namespace", ["support/", "support/*"])
	rule.deny == {{"msg": "'StringEquals' treats '*' as a literal character, so the value 'support/*' matches only that exact text: write 'StringLike' for a pattern.", "loc": 31}} with input as _input([c])
}

test_deny_question_mark_in_negated_if_exists if {
	c := _cond("StringNotEqualsIgnoreCaseIfExists", "StringNotEqualsIgnoreCase", "aws:PrincipalAccount", ["44445555666?"])
	rule.deny == {{"msg": "'StringNotEqualsIgnoreCaseIfExists' treats '?' as a literal character, so the value '44445555666?' excludes only that exact text: write 'StringNotLikeIfExists' for a pattern.", "loc": 30}} with input as _input([c])
}

# On a key the catalog types as an ARN the suggestion is the Arn operator.
test_deny_arn_key_suggests_arn_like if {
	c := _cond("ForAnyValue:StringEquals", "StringEquals", "aws:SourceArn", ["arn:aws:bedrock-agentcore:us-east-1:111122223333:gateway/*"])
	rule.deny == {{"msg": "'ForAnyValue:StringEquals' treats '*' as a literal character, so the value 'arn:aws:bedrock-agentcore:us-east-1:111122223333:gateway/*' matches only that exact text: write 'ForAnyValue:ArnLike' for a pattern.", "loc": 30}} with input as _input([c])
}

# ArnEquals accepts wildcards exactly as ArnLike does; Like operators are fine.
test_allow_arn_equals_and_like if {
	conds := [
		_cond("ArnEquals", "ArnEquals", "aws:SourceArn", ["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"]),
		_cond("ArnNotEquals", "ArnNotEquals", "aws:PrincipalArn", ["arn:aws:iam::*:role/Admin?"]),
		_cond("StringLike", "StringLike", "bedrock-agentcore:namespace", ["support/*"]),
	]
	count(rule.deny) == 0 with input as _input(conds)
}

# ${*} is the documented way to write a literal *; other variables hold no wildcard.
test_allow_policy_variables if {
	c := _cond("StringEquals", "StringEquals", "bedrock-agentcore:actorId", ["${aws:username}", "literal-${*}-star", "q${?}"])
	count(rule.deny) == 0 with input as _input([c])
}

# A key the catalog does not know still compares literally.
test_deny_unknown_key if {
	c := _cond("StringEquals", "StringEquals", "bedrock-agentcore:namespacePath", ["summaries/*"])
	rule.deny == {{"msg": "'StringEquals' treats '*' as a literal character, so the value 'summaries/*' matches only that exact text: write 'StringLike' for a pattern.", "loc": 30}} with input as _input([c])
}
