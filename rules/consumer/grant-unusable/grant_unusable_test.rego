package rules.consumer["grant-unusable_test"]

import data.rules.consumer["grant-unusable"] as rule

_role := "arn:aws:iam::444455556666:role/Reader"

_check(action, identity) := {"action": action, "named_grants": [{"loc": 8, "pos": "p:8:1"}], "resource": {"allow": "yes"}, "identity": {"allow": identity}}

_input(supplied, checks) := {
	"memory": {"account": "111122223333"},
	"consumers": [{"arn": _role, "account": "444455556666", "supplied": supplied, "named": [{"loc": 8, "value": _role}], "identity_loc": 20, "checks": checks}],
}

test_deny_unusable if {
	rule.deny == {{
		"msg": "The memory policy grants 'arn:aws:iam::444455556666:role/Reader' actions that its identity policies do not allow on this memory: 'bedrock-agentcore:GetMemoryRecord', 'bedrock-agentcore:ListMemoryRecords'.",
		"loc": 8, "related": [{"loc": 20, "msg": "The consumer's identity policy is here."}],
	}} with input as _input(true, [
		_check("bedrock-agentcore:ListMemoryRecords", "no"),
		_check("bedrock-agentcore:GetMemoryRecord", "no"),
		_check("bedrock-agentcore:RetrieveMemoryRecords", "yes"),
	])
}

test_allow_all_usable if {
	count(rule.deny) == 0 with input as _input(true, [_check("bedrock-agentcore:GetMemoryRecord", "yes")])
}

test_allow_condition_unknown if {
	count(rule.deny) == 0 with input as _input(true, [_check("bedrock-agentcore:GetMemoryRecord", "maybe")])
}

test_info_identity_not_supplied if {
	rule.deny == {{
		"msg": "memlint was not given the identity policies of 'arn:aws:iam::444455556666:role/Reader': it cannot verify that the principal can use what the memory policy grants.",
		"loc": 8, "severity": "info",
	}} with input as _input(false, [])
}

test_deny_when_the_grant_is_undecidable if {
	# The memory policy's grant depends on a condition memlint cannot decide;
	# the identity side's "no" is definite, so the grant is unusable anyway.
	k := json.patch(_check("bedrock-agentcore:GetMemoryRecord", "no"), [{"op": "replace", "path": "/resource/allow", "value": "maybe"}])
	count(rule.deny) == 1 with input as _input(true, [k])
}
