package rules.destination["destination-public_test"]

import data.rules.destination["destination-public"] as rule

_public := {"type": "AWS", "value": "*", "arn": "*", "class": "public", "account": "", "partition": "", "loc": 9}

_input(kind, conds) := {"policy": {"kind": kind, "statements": [{
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [_public]},
	"action": {"not": false, "loc": 4, "values": [{"value": "sns:Publish", "loc": 5}]},
	"conditions": conds,
}]}}

test_deny_public_topic if {
	rule.deny == {{"msg": "The sns policy allows '*' without a condition that restricts the callers.", "loc": 9}} with input as _input("sns", [])
}

test_allow_source_owner if {
	cond := {"operator": {"value": "StringEquals", "loc": 20}, "base": "StringEquals", "qualifier": "", "if_exists": false, "key": {"value": "AWS:SourceOwner", "loc": 21}, "values": [{"value": "444455556666", "loc": 22}]}
	count(rule.deny) == 0 with input as _input("sns", [cond])
}

test_deny_ifexists_is_not_a_restriction if {
	cond := {"operator": {"value": "StringEqualsIfExists", "loc": 20}, "base": "StringEquals", "qualifier": "", "if_exists": true, "key": {"value": "aws:PrincipalAccount", "loc": 21}, "values": [{"value": "444455556666", "loc": 22}]}
	count(rule.deny) == 1 with input as _input("kinesis", [cond])
}

test_allow_memory_policy if {
	count(rule.deny) == 0 with input as _input("memory", [])
}
