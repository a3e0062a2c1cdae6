package rules.consumer["explicit-deny-blocks-grant_test"]

import data.rules.consumer["explicit-deny-blocks-grant"] as rule

_check(action, match, res) := {
	"action": action,
	"identity": {"allow": "yes", "deny": match}, "resource": {"allow": res, "deny": "no"},
	"denies": [{"side": "identity", "loc": 5, "pos": "i:5:1", "match": match}],
	"grants": [{"side": "resource", "loc": 9}, {"side": "identity", "loc": 3}],
}

_input(checks) := {"consumers": [{"arn": "arn:aws:iam::444455556666:role/Reader", "checks": checks}], "deliveries": []}

test_deny_identity_deny if {
	rule.deny == {{
		"msg": "This Deny in the identity policy removes 'bedrock-agentcore:DeleteEvent' for 'arn:aws:iam::444455556666:role/Reader', which the memory's resource policy grants.",
		"loc": 5, "related": [{"loc": 9, "msg": "The grant it removes is here."}],
	}} with input as _input([_check("bedrock-agentcore:DeleteEvent", "yes", "yes")])
}

test_deny_delivery if {
	inp := {"consumers": [], "deliveries": [{"checks": [{
		"action": "sns:Publish", "resource": "t",
		"role": {"allow": "yes", "deny": "no", "denies": [], "grants": [{"loc": 3}]},
		"destination": {"allow": "yes", "deny": "yes", "denies": [{"loc": 7, "match": "yes"}], "grants": [{"loc": 8}]},
	}]}]}
	rule.deny == {{
		"msg": "This Deny in the destination's policy removes 'sns:Publish' on 't', which the execution role's policies grants.",
		"loc": 7, "related": [{"loc": 3, "msg": "The grant it removes is here."}],
	}} with input as inp
}

test_allow_not_granted if {
	count(rule.deny) == 0 with input as _input([_check("bedrock-agentcore:DeleteEvent", "yes", "no")])
}

test_allow_conditional_deny if {
	count(rule.deny) == 0 with input as _input([_check("bedrock-agentcore:DeleteEvent", "maybe", "yes")])
}
