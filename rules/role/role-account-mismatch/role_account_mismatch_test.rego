package rules.role["role-account-mismatch_test"]

import data.rules.role["role-account-mismatch"] as rule

_input(role, memory) := {
	"definition": {"role_ref": {"value": role, "loc": 3, "arn": memlint.arn(role)}},
	"memory": {"arn": {"value": memory, "loc": 7, "arn": memlint.arn(memory)}},
}

_mem := "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5"

test_deny_other_account if {
	rule.deny == {{
		"msg": "The execution role 'arn:aws:iam::444455556666:role/R' is in account '444455556666', but the memory is in account '111122223333'.",
		"loc": 3, "related": [{"loc": 7, "msg": "The memory's ARN names its account here."}],
	}} with input as _input("arn:aws:iam::444455556666:role/R", _mem)
}

test_allow_same_account if {
	count(rule.deny) == 0 with input as _input("arn:aws:iam::111122223333:role/R", _mem)
}

test_allow_memory_arn_unknown if {
	count(rule.deny) == 0 with input as {"definition": {"role_ref": {"value": "arn:aws:iam::444455556666:role/R", "loc": 3}}, "memory": {}}
}
