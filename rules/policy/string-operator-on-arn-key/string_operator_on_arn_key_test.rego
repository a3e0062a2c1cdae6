package rules.policy["string-operator-on-arn-key_test"]

import data.lib.policy
import data.rules.policy["string-operator-on-arn-key"] as rule

# Condition number i: operator at loc 20+i, key at 40+i, value at 60+i.
_cond(i, op, qualifier, base, key, value) := {
	"operator": {"value": op, "loc": 20 + i},
	"base": base, "qualifier": qualifier, "if_exists": false,
	"key": {"value": key, "loc": 40 + i},
	"values": [{"value": value, "loc": 60 + i}],
}

_input(conds) := {"policy": policy.with_has({
	"file": "trust.json", "kind": "trust", "kind_inferred": true, "loc": 0,
	"version": {"value": "2012-10-17", "loc": 1}, "problems": [],
	"statements": [{
		"index": 0, "ref": "#0", "loc": 2,
		"effect": {"value": "Allow", "loc": 3},
		"principal": {"not": false, "loc": 9, "values": [{"type": "Service", "value": "bedrock-agentcore.amazonaws.com", "arn": "", "class": "service", "account": "", "partition": "", "loc": 10}]},
		"action": {"not": false, "loc": 4, "values": [{"value": "sts:AssumeRole", "loc": 5}]},
		"conditions": conds,
		"condition_loc": 8,
	}],
})}

_memories := "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"

test_deny_string_like_on_source_arn if {
	c := _cond(0, "StringLike", "", "StringLike", "aws:SourceArn", _memories)
	rule.deny == {{"msg": "'StringLike' compares the ARN key 'aws:SourceArn' as plain text: write 'ArnLike', which matches each ARN component separately.", "loc": 20}} with input as _input([c])
}

test_deny_string_equals_on_principal_arn_keeps_if_exists if {
	c := _cond(0, "StringNotEqualsIgnoreCaseIfExists", "", "StringNotEqualsIgnoreCase", "AWS:PrincipalARN", "arn:aws:iam::111122223333:role/Admin")
	rule.deny == {{"msg": "'StringNotEqualsIgnoreCaseIfExists' compares the ARN key 'AWS:PrincipalARN' as plain text: write 'ArnNotEqualsIfExists', which matches each ARN component separately.", "loc": 20}} with input as _input([c])
}

# A service key the catalog types as an ARN.
test_deny_service_arn_key if {
	c := _cond(0, "StringEquals", "", "StringEquals", "iam:AssociatedResourceARN", "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5")
	rule.deny == {{"msg": "'StringEquals' compares the ARN key 'iam:AssociatedResourceARN' as plain text: write 'ArnEquals', which matches each ARN component separately.", "loc": 20}} with input as _input([c])
}

test_allow_arn_operators_and_string_keys if {
	conds := [
		_cond(0, "ArnLike", "", "ArnLike", "aws:SourceArn", _memories),
		_cond(1, "StringEquals", "", "StringEquals", "aws:SourceAccount", "111122223333"),
		# The catalog types this key String although its values are ARNs.
		_cond(2, "StringEquals", "", "StringEquals", "bedrock-agentcore:KmsKeyArn", "arn:aws:kms:us-east-1:111122223333:key/k"),
	]
	count(rule.deny) == 0 with input as _input(conds)
}

# A key the catalog does not know has no type to judge.
test_allow_unknown_key if {
	c := _cond(0, "StringLike", "", "StringLike", "bedrock-agentcore:memoryArn", _memories)
	count(rule.deny) == 0 with input as _input([c])
}
