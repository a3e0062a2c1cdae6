package rules.consumer["grant-missing_test"]

import data.rules.consumer["grant-missing"] as rule

_role := "arn:aws:iam::444455556666:role/Reader"

_check(action, res, loc) := {"action": action, "identity_grants": [{"loc": loc, "pos": sprintf("p:%d:1", [loc])}], "identity": {"allow": "yes", "deny": "no"}, "resource": {"allow": res}, "undecided": ["aws:SourceVpce"]}

_input(checks) := {
	"memory": {"account": "111122223333"},
	"consumers": [{"arn": _role, "account": "444455556666", "supplied": true, "named": [], "rbp_loc": 30, "identity_loc": 20, "checks": checks}],
}

_related := [{"loc": 30, "msg": "The memory's resource policy is here."}]

test_deny_missing if {
	rule.deny == {{
		"msg": "The identity policy of 'arn:aws:iam::444455556666:role/Reader' allows 'bedrock-agentcore:CreateEvent' on this memory, but the memory's resource policy does not grant it.",
		"loc": 11, "related": _related,
	}} with input as _input([_check("bedrock-agentcore:CreateEvent", "no", 11), _check("bedrock-agentcore:GetEvent", "yes", 12)])
}

test_allow_granted if {
	count(rule.deny) == 0 with input as _input([_check("bedrock-agentcore:GetEvent", "yes", 12)])
}

test_unknown_is_note if {
	rule.deny == {{
		"msg": "Whether the memory's resource policy grants 'bedrock-agentcore:RetrieveMemoryRecords' to 'arn:aws:iam::444455556666:role/Reader' depends on conditions memlint cannot decide statically (aws:SourceVpce).",
		"loc": 13, "related": _related, "severity": "low",
	}} with input as _input([_check("bedrock-agentcore:RetrieveMemoryRecords", "maybe", 13)])
}

test_allow_identity_also_denies if {
	# The identity policy allows the action and denies it: it is not allowed.
	k := json.patch(_check("bedrock-agentcore:CreateEvent", "no", 11), [{"op": "replace", "path": "/identity/deny", "value": "yes"}])
	count(rule.deny) == 0 with input as _input([k])
}
