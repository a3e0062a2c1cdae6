package rules.trust["trust-missing-source-condition_test"]

import data.rules.trust["trust-missing-source-condition"] as rule

_agentcore := {"type": "Service", "value": "bedrock-agentcore.amazonaws.com", "arn": "bedrock-agentcore.amazonaws.com", "class": "service", "account": "", "partition": "", "loc": 9}

_bedrock := {"type": "Service", "value": "bedrock.amazonaws.com", "arn": "bedrock.amazonaws.com", "class": "service", "account": "", "partition": "", "loc": 9}

_stmt(principal, conditions) := {
	"index": 0, "ref": "#0", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [principal]},
	"action": {"not": false, "loc": 4, "values": [{"value": "sts:AssumeRole", "loc": 5}]},
	"conditions": conditions,
}

_cond(op, base, qualifier, if_exists, key, values) := {
	"operator": {"value": op, "loc": 14}, "base": base, "qualifier": qualifier, "if_exists": if_exists,
	"key": {"value": key, "loc": 15},
	"values": [{"value": v, "loc": 16} | some v in values],
}

_memory := {
	"role_ref": {"value": "arn:aws:iam::111122223333:role/MemoryCrossAccountRole", "loc": 30},
	"account": "111122223333", "partition": "aws",
}

_input(stmt) := {
	"policy": {"kind": "trust", "loc": 0, "statements": [stmt]},
	"role": {"name": "MemoryCrossAccountRole", "account": "111122223333"},
	"memories": [_memory],
}

test_allow_guide_source_arn if {
	c := _cond("ArnLike", "ArnLike", "", false, "aws:SourceArn", ["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"])
	count(rule.deny) == 0 with input as _input(_stmt(_agentcore, [c]))
}

test_allow_source_account_only if {
	c := _cond("StringEquals", "StringEquals", "", false, "aws:SourceAccount", ["111122223333"])
	count(rule.deny) == 0 with input as _input(_stmt(_agentcore, [c]))
}

# Key names are case-insensitive.
test_allow_source_account_other_case if {
	c := _cond("StringEquals", "StringEquals", "", false, "AWS:SourceAccount", ["111122223333"])
	count(rule.deny) == 0 with input as _input(_stmt(_agentcore, [c]))
}

test_deny_no_condition if {
	rule.deny == {{
		"msg": "The statement lets 'bedrock-agentcore.amazonaws.com' assume the role without an aws:SourceArn or aws:SourceAccount condition, so any AgentCore resource that names the role can use it.",
		"loc": 9,
	}} with input as _input(_stmt(_agentcore, []))
}

test_deny_other_condition_only if {
	c := _cond("Bool", "Bool", "", false, "aws:SecureTransport", ["true"])
	rule.deny == {{
		"msg": "The statement lets 'bedrock-agentcore.amazonaws.com' assume the role without an aws:SourceArn or aws:SourceAccount condition, so any AgentCore resource that names the role can use it.",
		"loc": 9,
	}} with input as _input(_stmt(_agentcore, [c]))
}

# Edge: IfExists is true when the key is absent.
test_deny_if_exists if {
	c := _cond("ArnLikeIfExists", "ArnLike", "", true, "aws:SourceArn", ["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"])
	rule.deny == {{
		"msg": "The statement lets 'bedrock-agentcore.amazonaws.com' assume the role with no condition that restricts aws:SourceArn or aws:SourceAccount: 'ArnLikeIfExists' on 'aws:SourceArn' also holds when the key is absent.",
		"loc": 9,
	}} with input as _input(_stmt(_agentcore, [c]))
}

test_deny_negated_and_for_all_values if {
	c1 := _cond("StringNotEquals", "StringNotEquals", "", false, "aws:SourceAccount", ["444455556666"])
	c2 := _cond("ForAllValues:ArnLike", "ArnLike", "ForAllValues", false, "aws:SourceArn", ["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"])
	rule.deny == {{
		"msg": "The statement lets 'bedrock-agentcore.amazonaws.com' assume the role with no condition that restricts aws:SourceArn or aws:SourceAccount: 'ForAllValues:ArnLike' on 'aws:SourceArn' also holds when the key is absent; 'StringNotEquals' on 'aws:SourceAccount' allows every source but the listed ones.",
		"loc": 9,
	}} with input as _input(_stmt(_agentcore, [c1, c2]))
}

test_deny_null if {
	c := _cond("Null", "Null", "", false, "aws:SourceArn", ["false"])
	rule.deny == {{
		"msg": "The statement lets 'bedrock-agentcore.amazonaws.com' assume the role with no condition that restricts aws:SourceArn or aws:SourceAccount: 'Null' on 'aws:SourceArn' only tests whether the key is present.",
		"loc": 9,
	}} with input as _input(_stmt(_agentcore, [c]))
}

# A weak condition next to a protecting one is fine: conditions are ANDed.
test_allow_if_exists_with_protecting_condition if {
	c1 := _cond("ArnLikeIfExists", "ArnLike", "", true, "aws:SourceArn", ["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"])
	c2 := _cond("StringEquals", "StringEquals", "", false, "aws:SourceAccount", ["111122223333"])
	count(rule.deny) == 0 with input as _input(_stmt(_agentcore, [c1, c2]))
}

test_allow_other_service if {
	count(rule.deny) == 0 with input as _input(_stmt(_bedrock, []))
}

test_allow_deny_statement if {
	stmt := object.union(_stmt(_agentcore, []), {"effect": {"value": "Deny", "loc": 2}})
	count(rule.deny) == 0 with input as _input(stmt)
}

# Edge: a loose trust policy (unknown role, no memory) is checked the same way.
test_deny_loose_policy if {
	count(rule.deny) == 1 with input as {"policy": {"kind": "trust", "loc": 0, "statements": [_stmt(_agentcore, [])]}, "role": {}, "memories": []}
}
