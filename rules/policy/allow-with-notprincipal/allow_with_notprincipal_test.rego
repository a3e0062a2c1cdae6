package rules.policy["allow-with-notprincipal_test"]

import data.lib.policy
import data.rules.policy["allow-with-notprincipal"] as rule

_role := {"type": "AWS", "value": "arn:aws:iam::444455556666:role/Admin", "arn": "arn:aws:iam::444455556666:role/Admin", "class": "role", "account": "444455556666", "partition": "aws", "loc": 9}

_bare := {"type": "AWS", "value": "444455556666", "arn": "arn:aws:iam::444455556666:root", "class": "account", "account": "444455556666", "partition": "aws", "loc": 10}

_stmt(effect, not_principal, conditions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": effect, "loc": 2},
	"principal": {"not": not_principal, "loc": 3, "values": [_role, _bare]},
	"action": {"not": false, "loc": 4, "values": [{"value": "s3:GetObject", "loc": 5}]},
	"resource": {"not": false, "loc": 6, "values": [{"value": "arn:aws:s3:::b/*", "loc": 7}]},
	"conditions": conditions,
}

_input(stmt) := {"policy": policy.with_has({"kind": "s3", "statements": [stmt]})}

_org := {"operator": {"value": "StringEquals", "loc": 20}, "base": "StringEquals", "qualifier": "", "if_exists": false, "key": {"value": "aws:PrincipalOrgID", "loc": 21}, "values": [{"value": "o-a1b2c3d4e5", "loc": 22}]}

test_deny_allow_not_principal if {
	rule.deny == {{"msg": "The statement allows every principal except 'arn:aws:iam::444455556666:role/Admin', '444455556666'; Allow with NotPrincipal is not supported: name the allowed principals in Principal.", "loc": 3}} with input as _input(_stmt("Allow", true, []))
}

test_deny_allow_not_principal_with_condition if {
	rule.deny == {{"msg": "The statement allows every principal except 'arn:aws:iam::444455556666:role/Admin', '444455556666' that its conditions let through; Allow with NotPrincipal is not supported: name the allowed principals in Principal.", "loc": 3}} with input as _input(_stmt("Allow", true, [_org]))
}

test_allow_deny_not_principal if {
	count(rule.deny) == 0 with input as _input(_stmt("Deny", true, []))
}

test_allow_allow_principal if {
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, []))
}

test_allow_missing_effect if {
	# Without an Effect (ML002) the statement is neither Allow nor Deny.
	stmt := object.remove(_stmt("Allow", true, []), ["effect"])
	count(rule.deny) == 0 with input as _input(stmt)
}
