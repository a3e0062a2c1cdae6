package rules.consumer["consumer-arn-mismatch_test"]

import data.rules.consumer["consumer-arn-mismatch"] as rule

test_deny_region if {
	rule.deny == {{
		"msg": "'arn:aws:bedrock-agentcore:us-west-2:111122223333:memory/m-a1b2c3d4e5' differs from the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5' only by its region: the grant reaches no memory.",
		"loc": 4, "related": [{"loc": 7, "msg": "The memory's ARN is here."}],
	}} with input as {"arn_mismatches": [{
		"loc": 4, "value": "arn:aws:bedrock-agentcore:us-west-2:111122223333:memory/m-a1b2c3d4e5", "field": "region",
		"memory": {"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5", "loc": 7},
	}]}
}

test_allow_none if {
	count(rule.deny) == 0 with input as {"arn_mismatches": []}
}

test_allow_unknown_memory if {
	count(rule.deny) == 0 with input as {"memory": {}}
}
