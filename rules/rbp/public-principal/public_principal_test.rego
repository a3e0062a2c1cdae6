package rules.rbp["public-principal_test"]

import data.rules.rbp["public-principal"] as rule

_stmt(principal, conditions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [principal]},
	"action": {"not": false, "loc": 4, "values": [{"value": "bedrock-agentcore:RetrieveMemoryRecords", "loc": 5}]},
	"resource": {"not": false, "loc": 6, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 7}]},
	"conditions": conditions,
}

_input(stmt) := {"policy": {"kind": "memory", "statements": [stmt]}, "memory": {"account": "111122223333", "partition": "aws", "region": "us-east-1", "inferred": true}}

_star := {"type": "*", "value": "*", "arn": "*", "class": "public", "account": "", "partition": "", "loc": 9}

_aws_star := {"type": "AWS", "value": "*", "arn": "*", "class": "public", "account": "", "partition": "", "loc": 9}

_role := {"type": "AWS", "value": "arn:aws:iam::444455556666:role/Reader", "arn": "arn:aws:iam::444455556666:role/Reader", "class": "role", "account": "444455556666", "partition": "aws", "loc": 9}

_cond(op, key, values) := {
	"operator": {"value": op, "loc": 20},
	"base": trim_suffix(split(op, ":")[count(split(op, ":")) - 1], "IfExists"),
	"qualifier": _qualifier(op),
	"if_exists": endswith(op, "IfExists"),
	"key": {"value": key, "loc": 21},
	"values": [{"value": v, "loc": 22} | some v in values],
}

_qualifier(op) := split(op, ":")[0] if contains(op, ":")

_qualifier(op) := "" if not contains(op, ":")

_no_condition := "The principal '*' lets every AWS principal, including anonymous callers, use this memory; the statement has no condition."

_weak_condition := "The principal '*' lets every AWS principal, including anonymous callers, use this memory; none of the statement's conditions restricts the caller (negated, IfExists, ForAllValues and wildcard-only conditions do not)."

test_deny_bare_star if {
	rule.deny == {{"msg": _no_condition, "loc": 9}} with input as _input(_stmt(_star, []))
}

test_deny_aws_star if {
	rule.deny == {{"msg": _no_condition, "loc": 9}} with input as _input(_stmt(_aws_star, []))
}

test_deny_negated_org_condition if {
	c := _cond("StringNotEquals", "aws:PrincipalOrgID", ["o-a1b2c3d4e5"])
	rule.deny == {{"msg": _weak_condition, "loc": 9}} with input as _input(_stmt(_star, [c]))
}

test_deny_if_exists_condition if {
	c := _cond("StringEqualsIfExists", "aws:PrincipalAccount", ["444455556666"])
	rule.deny == {{"msg": _weak_condition, "loc": 9}} with input as _input(_stmt(_star, [c]))
}

test_deny_wildcard_only_source_arn if {
	c := _cond("ArnLike", "aws:SourceArn", ["*"])
	rule.deny == {{"msg": _weak_condition, "loc": 9}} with input as _input(_stmt(_star, [c]))
}

test_deny_unrelated_condition if {
	c := _cond("Bool", "aws:SecureTransport", ["true"])
	rule.deny == {{"msg": _weak_condition, "loc": 9}} with input as _input(_stmt(_star, [c]))
}

test_deny_unknown_memory if {
	rule.deny == {{"msg": _no_condition, "loc": 9}} with input as {"policy": {"kind": "memory", "statements": [_stmt(_star, [])]}, "memory": {"inferred": false}}
}

test_allow_org_condition if {
	c := _cond("StringEquals", "aws:PrincipalOrgID", ["o-a1b2c3d4e5"])
	count(rule.deny) == 0 with input as _input(_stmt(_star, [c]))
}

test_allow_source_vpce_condition if {
	c := _cond("StringEquals", "aws:SourceVpce", ["vpce-0a1b2c3d4e5f67890"])
	count(rule.deny) == 0 with input as _input(_stmt(_aws_star, [c]))
}

test_allow_role if {
	count(rule.deny) == 0 with input as _input(_stmt(_role, []))
}

test_allow_deny_statement if {
	stmt := object.union(_stmt(_star, []), {"effect": {"value": "Deny", "loc": 2}})
	count(rule.deny) == 0 with input as _input(stmt)
}

test_allow_not_principal if {
	stmt := object.union(_stmt(_star, []), {"principal": {"not": true, "loc": 3, "values": [_star]}})
	count(rule.deny) == 0 with input as _input(stmt)
}

test_allow_statement_for_another_memory if {
	# The statement names another memory: it grants nothing on this one (ML103).
	stmt := object.union(_stmt(_star, []), {"resource": {"not": false, "loc": 6, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/other_mem-a1b2c3d4e5", "loc": 7}]}})
	count(rule.deny) == 0 with input as {"policy": {"kind": "memory", "statements": [stmt]}, "memory": {"arn": {"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 30}, "account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": false}}
}

test_deny_statement_for_this_memory if {
	rule.deny == {{"msg": _no_condition, "loc": 9}} with input as {"policy": {"kind": "memory", "statements": [_stmt(_star, [])]}, "memory": {"arn": {"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 30}, "account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": false}}
}
