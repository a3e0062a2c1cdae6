package rules.role["role-overbroad_test"]

import data.rules.role["role-overbroad"] as rule

_input(execution, actions, resources) := {
	"role": {"name": "R", "execution": execution},
	"policies": [{"statements": [{
		"index": 0, "ref": "S", "loc": 1,
		"effect": {"value": "Allow", "loc": 2},
		"action": {"not": false, "loc": 3, "values": [{"value": a, "loc": 4} | some a in actions]},
		"resource": {"not": false, "loc": 5, "values": [{"value": r, "loc": 6} | some r in resources]},
		"conditions": [],
	}]}],
}

test_deny_service_wildcard if {
	rule.deny == {{"msg": "The execution role allows 's3:*': every action of 's3'.", "loc": 4}} with input as _input(true, ["s3:*"], ["arn:aws:s3:::b/*"])
}

test_deny_resource_star if {
	rule.deny == {{"msg": "The execution role allows 'sns:Publish' on every resource ('*').", "loc": 6}} with input as _input(true, ["sns:Publish"], ["*"])
}

test_allow_scoped if {
	count(rule.deny) == 0 with input as _input(true, ["sns:Publish"], ["arn:aws:sns:us-east-1:444455556666:t"])
}

test_allow_not_execution_role if {
	count(rule.deny) == 0 with input as _input(false, ["*"], ["*"])
}
