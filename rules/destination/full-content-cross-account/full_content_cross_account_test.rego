package rules.destination["full-content-cross-account_test"]

import data.rules.destination["full-content-cross-account"] as rule

_input(level, cross) := {"deliveries": [{"service": "kinesis", "arn": "s", "account": "444455556666", "cross_account": cross, "level": {"value": level, "loc": 12}}]}

test_deny_full_content if {
	rule.deny == {{"msg": "Record text is streamed to 's' in account '444455556666', another account than the memory's.", "loc": 12}} with input as _input("FULL_CONTENT", "yes")
}

test_allow_metadata_only if {
	count(rule.deny) == 0 with input as _input("METADATA_ONLY", "yes")
}

test_allow_unknown_account if {
	count(rule.deny) == 0 with input as _input("FULL_CONTENT", "unknown")
}
