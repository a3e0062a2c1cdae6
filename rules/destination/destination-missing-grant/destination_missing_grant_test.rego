package rules.destination["destination-missing-grant_test"]

import data.rules.destination["destination-missing-grant"] as rule

_input(cross, side) := {
	"role": {"arn": "arn:aws:iam::111122223333:role/R", "account": "111122223333"},
	"deliveries": [{
		"service": "sns", "arn": "arn:aws:sns:us-east-1:444455556666:t", "cross_account": cross,
		"target": {"value": "arn:aws:sns:us-east-1:444455556666:t", "loc": 10},
		"checks": [{"action": "sns:Publish", "resource": "arn:aws:sns:us-east-1:444455556666:t", "destination": side}],
	}],
}

_side(allow, kind, undecided) := {"allow": allow, "deny": "no", "undecided": undecided, "policy_loc": 20, "undecided_loc": 22, "near": {"kind": kind, "loc": 21, "value": ""}}

_related := [{"loc": 10, "msg": "The memory definition names the destination here."}]

test_deny_missing_action if {
	rule.deny == {{
		"msg": "The sns policy of 'arn:aws:sns:us-east-1:444455556666:t' does not allow the execution role 'arn:aws:iam::111122223333:role/R' to call 'sns:Publish' on 'arn:aws:sns:us-east-1:444455556666:t'.",
		"loc": 21, "related": _related,
	}} with input as _input("yes", _side("no", "action", []))
}

test_allow_principal_mismatch_is_ml402 if {
	count(rule.deny) == 0 with input as _input("yes", _side("no", "principal", []))
}

test_allow_same_account if {
	count(rule.deny) == 0 with input as _input("no", _side("no", "none", []))
}

test_allow_granted if {
	count(rule.deny) == 0 with input as _input("yes", _side("yes", "none", []))
}

test_unknown_condition_is_note if {
	rule.deny == {{
		"msg": "Whether the sns policy of 'arn:aws:sns:us-east-1:444455556666:t' lets the execution role call 'sns:Publish' depends on conditions memlint cannot decide statically (aws:SourceOwner).",
		"loc": 22, "related": _related, "severity": "low",
	}} with input as _input("yes", _side("maybe", "none", ["aws:SourceOwner"]))
}
