package rules.rbp["root-principal-grant_test"]

import data.lib.memory_test.eff
import data.rules.rbp["root-principal-grant"] as rule

# The rule reads the effective reach Go computes (internal/facts, tested
# there against conditions and Denies); these tests cover what it reports.

_get := "bedrock-agentcore:GetEvent"

_stmt(p) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [p]},
	"action": {"not": false, "loc": 4, "values": [{"value": _get, "loc": 5}]},
	"conditions": [],
}

_input(p) := {"policy": {"kind": "memory", "statements": [_stmt(p)]}, "memory": {"account": "111122223333"}}

_root(value, e) := {"type": "AWS", "value": value, "class": "account", "account": "444455556666", "loc": 9, "effective": e}

_b := ["444455556666"]

test_deny_root_arn if {
	rule.deny == {{"msg": "The statement grants the whole account '444455556666' (its root ARN) instead of specific roles.", "loc": 9}} with input as _input(_root("arn:aws:iam::444455556666:root", eff([_get], "account", "yes", _b, [])))
}

test_deny_bare_account if {
	rule.deny == {{"msg": "The statement grants the whole account '444455556666' (written as a bare account ID) instead of specific roles.", "loc": 9}} with input as _input(_root("444455556666", eff([_get], "account", "yes", _b, [])))
}

test_deny_star_reaching_an_account if {
	p := {"type": "*", "value": "*", "class": "public", "account": "", "loc": 9, "effective": eff([_get], "account", "yes", _b, [])}
	rule.deny == {{"msg": "The principal '*' with the statement's conditions grants every role and user of account '444455556666' instead of specific roles.", "loc": 9}} with input as _input(p)
}

test_allow_root_narrowed_to_roles if {
	count(rule.deny) == 0 with input as _input(_root("444455556666", eff([_get], "principals", "yes", _b, [])))
}

test_allow_own_account_root if {
	p := {"type": "AWS", "value": "111122223333", "class": "account", "account": "111122223333", "loc": 9, "effective": eff([_get], "account", "no", ["111122223333"], [])}
	count(rule.deny) == 0 with input as _input(p)
}

test_allow_services_acting_for_an_account if {
	e := eff([_get], "account", "yes", _b, [])
	p := {"type": "*", "value": "*", "class": "public", "account": "", "loc": 9, "effective": json.patch(e, [{"op": "replace", "path": "/actions/bedrock-agentcore:GetEvent/via_service", "value": true}])}
	count(rule.deny) == 0 with input as _input(p)
}
