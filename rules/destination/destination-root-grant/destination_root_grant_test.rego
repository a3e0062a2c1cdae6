package rules.destination["destination-root-grant_test"]

import data.rules.destination["destination-root-grant"] as rule

_input(cross, via) := {
	"role": {"arn": "arn:aws:iam::111122223333:role/R", "account": "111122223333"},
	"definition": {"role_ref": {"value": "arn:aws:iam::111122223333:role/R", "loc": 5}},
	"deliveries": [{
		"service": "sns", "arn": "arn:aws:sns:us-east-1:444455556666:t", "cross_account": cross,
		"checks": [{"action": "sns:Publish", "destination": {"allow": "yes", "via_account": via}}],
	}],
}

test_deny_root if {
	rule.deny == {{
		"msg": "The sns policy of 'arn:aws:sns:us-east-1:444455556666:t' grants the whole account '111122223333' instead of the execution role 'arn:aws:iam::111122223333:role/R'.",
		"loc": 30, "related": [{"loc": 5, "msg": "The memory names its execution role here."}],
	}} with input as _input("yes", [{"loc": 30, "value": "arn:aws:iam::111122223333:root", "account": "111122223333"}])
}

test_allow_role if {
	count(rule.deny) == 0 with input as _input("yes", [])
}

test_allow_unknown_account if {
	count(rule.deny) == 0 with input as _input("unknown", [{"loc": 30, "value": "111122223333", "account": "111122223333"}])
}
