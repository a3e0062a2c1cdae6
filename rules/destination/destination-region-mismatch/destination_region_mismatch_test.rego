package rules.destination["destination-region-mismatch_test"]

import data.rules.destination["destination-region-mismatch"] as rule

_input(region) := {
	"memory": {"region": "us-east-1", "arn": {"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5", "loc": 7}},
	"deliveries": [{"service": "sns", "arn": "t", "region": region, "target": {"value": "t", "loc": 10}}],
}

test_deny_other_region if {
	rule.deny == {{"msg": "The sns destination 't' is in region 'us-west-2', the memory in 'us-east-1'.", "loc": 10, "related": [{"loc": 7, "msg": "The memory's ARN names its region here."}]}} with input as _input("us-west-2")
}

test_allow_same_region if {
	count(rule.deny) == 0 with input as _input("us-east-1")
}

test_allow_unknown_region if {
	count(rule.deny) == 0 with input as {"memory": {"region": ""}, "deliveries": [{"service": "sns", "arn": "t", "region": "us-west-2", "target": {"value": "t", "loc": 10}}]}
}
