package rules.destination["destination-public_test"]

import data.rules.destination["destination-public"] as rule

# The rule reads the effective reach Go computes (internal/facts, tested
# there against conditions and Denies); these tests cover what it reports.

_public(reach) := {"type": "AWS", "value": "*", "arn": "*", "class": "public", "account": "", "partition": "", "loc": 9, "effective": {
	"reach": reach, "narrowed": reach != "public",
	"actions": {"sns:Publish": {"reach": reach, "outside": "yes", "accounts": [], "orgs": [], "scoped": [], "via_service": false}},
}}

_input(kind, reach) := {"policy": {"kind": kind, "statements": [{
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [_public(reach)]},
	"action": {"not": false, "loc": 4, "values": [{"value": "sns:Publish", "loc": 5}]},
	"conditions": [],
}]}}

test_deny_public_topic if {
	rule.deny == {{"msg": "The sns policy allows '*' without a condition or Deny that restricts the callers ('sns:Publish').", "loc": 9}} with input as _input("sns", "public")
}

test_allow_restricted_to_an_account if {
	# e.g. the default topic statement's StringEquals AWS:SourceOwner.
	count(rule.deny) == 0 with input as _input("sns", "account")
}

test_allow_memory_policy if {
	# ML102 covers memory policies.
	count(rule.deny) == 0 with input as _input("memory", "public")
}
