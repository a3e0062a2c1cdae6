package rules.role["stale-role-grant_test"]

import data.rules.role["stale-role-grant"] as rule

_input(resource, known, targets) := {
	"role": {"name": "R", "execution": true},
	"deliveries_known": known,
	"delivery_resources": targets,
	"policies": [{"statements": [{
		"index": 0, "ref": "S", "loc": 1,
		"effect": {"value": "Allow", "loc": 2},
		"action": {"not": false, "loc": 3, "values": [{"value": "sns:Publish", "loc": 4}]},
		"resource": {"not": false, "loc": 5, "values": [{"value": resource, "loc": 6, "arn": memlint.arn(resource)}]},
		"conditions": [],
	}]}],
}

test_deny_stale_topic if {
	rule.deny == {{"msg": "The execution role grants delivery on 'arn:aws:sns:us-east-1:444455556666:old', which no memory using the role delivers to.", "loc": 6}} with input as _input("arn:aws:sns:us-east-1:444455556666:old", true, ["arn:aws:sns:us-east-1:444455556666:t"])
}

test_allow_used if {
	count(rule.deny) == 0 with input as _input("arn:aws:sns:us-east-1:444455556666:t", true, ["arn:aws:sns:us-east-1:444455556666:t"])
}

test_allow_unknown_definitions if {
	count(rule.deny) == 0 with input as _input("arn:aws:sns:us-east-1:444455556666:old", false, [])
}
