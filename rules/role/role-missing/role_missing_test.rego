package rules.role["role-missing_test"]

import data.rules.role["role-missing"] as rule

test_deny_self_managed if {
	rule.deny == {{"msg": "The memory uses a self-managed strategy but names no memoryExecutionRoleArn.", "loc": 1}} with input as {"definition": {"loc": 1, "self_managed": true, "stream_delivery": false}}
}

test_deny_stream if {
	rule.deny == {{"msg": "The memory uses stream delivery but names no memoryExecutionRoleArn.", "loc": 1}} with input as {"definition": {"loc": 1, "self_managed": false, "stream_delivery": true}}
}

test_allow_role if {
	count(rule.deny) == 0 with input as {"definition": {"loc": 1, "self_managed": true, "stream_delivery": false, "role_ref": {"value": "arn:aws:iam::111122223333:role/R", "loc": 2}}}
}

test_allow_no_definition if {
	count(rule.deny) == 0 with input as {"memory": {}}
}
