package rules.rbp["root-principal-grant_test"]

import data.rules.rbp["root-principal-grant"] as rule

_stmt(principal, conditions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [principal]},
	"action": {"not": false, "loc": 4, "values": [{"value": "bedrock-agentcore:GetEvent", "loc": 5}]},
	"conditions": conditions,
}

_input(stmt) := {"policy": {"kind": "memory", "statements": [stmt]}, "memory": {"account": "111122223333"}}

_root := {"type": "AWS", "value": "arn:aws:iam::444455556666:root", "arn": "arn:aws:iam::444455556666:root", "class": "account", "account": "444455556666", "partition": "aws", "loc": 9}

_bare := {"type": "AWS", "value": "444455556666", "arn": "arn:aws:iam::444455556666:root", "class": "account", "account": "444455556666", "partition": "aws", "loc": 9}

_role := {"type": "AWS", "value": "arn:aws:iam::444455556666:role/Reader", "arn": "arn:aws:iam::444455556666:role/Reader", "class": "role", "account": "444455556666", "partition": "aws", "loc": 9}

test_deny_root_arn if {
	rule.deny == {{"msg": "The statement grants the whole account '444455556666' (its root ARN) instead of specific roles.", "loc": 9}} with input as _input(_stmt(_root, []))
}

test_deny_bare_account if {
	rule.deny == {{"msg": "The statement grants the whole account '444455556666' (written as a bare account ID) instead of specific roles.", "loc": 9}} with input as _input(_stmt(_bare, []))
}

test_allow_role if {
	count(rule.deny) == 0 with input as _input(_stmt(_role, []))
}

test_allow_root_scoped_by_principal_arn if {
	cond := {"operator": {"value": "ArnEquals", "loc": 20}, "base": "ArnEquals", "qualifier": "", "if_exists": false, "key": {"value": "aws:PrincipalArn", "loc": 21}, "values": [{"value": "arn:aws:iam::444455556666:role/Reader", "loc": 22}]}
	count(rule.deny) == 0 with input as _input(_stmt(_root, [cond]))
}

test_deny_root_with_wildcard_principal_arn if {
	cond := {"operator": {"value": "ArnLike", "loc": 20}, "base": "ArnLike", "qualifier": "", "if_exists": false, "key": {"value": "aws:PrincipalArn", "loc": 21}, "values": [{"value": "*", "loc": 22}]}
	count(rule.deny) == 1 with input as _input(_stmt(_root, [cond]))
}

test_allow_deny_statement if {
	stmt := object.union(_stmt(_root, []), {"effect": {"value": "Deny", "loc": 2}})
	count(rule.deny) == 0 with input as _input(stmt)
}
