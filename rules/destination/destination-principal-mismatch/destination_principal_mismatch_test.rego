package rules.destination["destination-principal-mismatch_test"]

import data.rules.destination["destination-principal-mismatch"] as rule

_input(allow, kind) := {
	"role": {"arn": "arn:aws:iam::111122223333:role/MemoryCrossAccountRole"},
	"definition": {"role_ref": {"value": "arn:aws:iam::111122223333:role/MemoryCrossAccountRole", "loc": 5}},
	"deliveries": [{
		"service": "sns", "arn": "arn:aws:sns:us-east-1:444455556666:t", "cross_account": "yes",
		"checks": [{"action": "sns:Publish", "destination": {"allow": allow, "near": {"kind": kind, "loc": 21, "value": "arn:aws:iam::111122223333:role/MemoryCrossAcountRole"}}}],
	}],
}

test_deny_typo if {
	rule.deny == {{
		"msg": "The sns policy of 'arn:aws:sns:us-east-1:444455556666:t' names 'arn:aws:iam::111122223333:role/MemoryCrossAcountRole', not the memory's execution role 'arn:aws:iam::111122223333:role/MemoryCrossAccountRole'.",
		"loc": 21, "related": [{"loc": 5, "msg": "The memory names its execution role here."}],
	}} with input as _input("no", "principal")
}

test_allow_granted if {
	count(rule.deny) == 0 with input as _input("yes", "principal")
}

test_allow_unknown if {
	count(rule.deny) == 0 with input as _input("maybe", "principal")
}
