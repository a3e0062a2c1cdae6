package rules.destination["destination-resource-mismatch_test"]

import data.rules.destination["destination-resource-mismatch"] as rule

_input(allow, kind) := {"deliveries": [{
	"service": "sns", "arn": "arn:aws:sns:us-east-1:444455556666:t", "cross_account": "yes",
	"target": {"value": "arn:aws:sns:us-east-1:444455556666:t", "loc": 10},
	"checks": [{"action": "sns:Publish", "destination": {"allow": allow, "near": {"kind": kind, "loc": 21, "value": "arn:aws:sns:us-west-2:444455556666:t"}}}],
}]}

test_deny_other_region if {
	rule.deny == {{
		"msg": "The sns policy grants delivery on 'arn:aws:sns:us-west-2:444455556666:t', which is not the destination 'arn:aws:sns:us-east-1:444455556666:t' the memory names.",
		"loc": 21, "related": [{"loc": 10, "msg": "The memory definition names the destination here."}],
	}} with input as _input("no", "resource")
}

test_allow_granted if {
	count(rule.deny) == 0 with input as _input("yes", "resource")
}

test_allow_unknown if {
	count(rule.deny) == 0 with input as _input("maybe", "resource")
}
