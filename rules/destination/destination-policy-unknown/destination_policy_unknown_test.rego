package rules.destination["destination-policy-unknown_test"]

import data.rules.destination["destination-policy-unknown"] as rule

_input(cross, supplied) := {"deliveries": [{"service": "sns", "arn": "t", "account": "444455556666", "cross_account": cross, "policy_supplied": supplied, "target": {"value": "t", "loc": 10}}]}

test_deny_cross_account if {
	rule.deny == {{"msg": "memlint was not given the policy of 't' (account '444455556666'): it cannot verify that the destination lets the execution role deliver.", "loc": 10}} with input as _input("yes", false)
}

test_deny_unknown_account if {
	rule.deny == {{"msg": "memlint was not given the policy of 't', which may be in another account: it cannot verify that the destination lets the execution role deliver.", "loc": 10}} with input as _input("unknown", false)
}

test_allow_supplied if {
	count(rule.deny) == 0 with input as _input("yes", true)
}

test_allow_same_account if {
	count(rule.deny) == 0 with input as _input("no", false)
}

_fetched(cross, status) := {"deliveries": [{"service": "s3", "arn": "arn:aws:s3:::b", "account": "", "cross_account": cross, "policy_supplied": false, "policy_status": status, "target": {"value": "b", "loc": 4}}]}

test_deny_fetched_absent_high if {
	rule.deny == {{"msg": "memlint fetch found no resource policy on 'arn:aws:s3:::b', which may be in another account, or no such destination: delivery from the execution role in another account will fail.", "loc": 4, "severity": "high"}} with input as _fetched("unknown", "absent")
}

test_deny_fetched_not_readable if {
	rule.deny == {{"msg": "memlint fetch could not read the policy of 'arn:aws:s3:::b', which may be in another account: memlint cannot verify that the destination lets the execution role deliver.", "loc": 4}} with input as _fetched("unknown", "not_readable")
}

test_allow_fetched_absent_same_account if {
	count(rule.deny) == 0 with input as _fetched("no", "absent")
}
