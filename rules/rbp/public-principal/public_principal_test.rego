package rules.rbp["public-principal_test"]

import data.lib.memory_test.eff
import data.rules.rbp["public-principal"] as rule

# The rule reads the effective reach Go computes (internal/facts, tested
# there against conditions and Denies); these tests cover what it reports.

_get := "bedrock-agentcore:GetEvent"

_stmt(p, conditions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [p]},
	"action": {"not": false, "loc": 4, "values": [{"value": _get, "loc": 5}]},
	"conditions": conditions,
}

_input(stmts) := {"policy": {"kind": "memory", "statements": stmts}, "memory": {"account": "111122223333"}}

_star(e) := {"type": "*", "value": "*", "class": "public", "account": "", "loc": 9, "effective": e}

_cond := {"operator": {"value": "StringNotEquals", "loc": 20}, "base": "StringNotEquals", "qualifier": "", "if_exists": false, "key": {"value": "aws:PrincipalOrgID", "loc": 21}, "values": [{"value": "o-a1b2c3d4e5", "loc": 22}]}

test_deny_public_without_condition if {
	rule.deny == {{"msg": "The principal '*' lets every AWS principal, including anonymous callers, call 'GetEvent' on this memory; the statement has no condition.", "loc": 9}} with input as _input([_stmt(_star(eff([_get], "public", "yes", [], [])), [])])
}

test_deny_public_despite_conditions if {
	rule.deny == {{"msg": "The principal '*' lets every AWS principal, including anonymous callers, call 'GetEvent' on this memory; no condition or Deny of the policy restricts who the caller is (patterns such as 'o-*' or 'arn:aws:iam::*:role/Name' and negated operators admit every account).", "loc": 9}} with input as _input([_stmt(_star(eff([_get], "public", "yes", [], [])), [_cond])])
}

test_deny_public_scoped_to_chosen_values if {
	rule.deny == {{"msg": "The principal '*' lets every AWS principal, including anonymous callers, call 'GetEvent' on this memory; the conditions on 'bedrock-agentcore:actorid' only limit what the caller asks for, not who the caller is.", "loc": 9}} with input as _input([_stmt(_star(eff([_get], "public", "yes", [], ["bedrock-agentcore:actorid"])), [])])
}

test_allow_organization if {
	count(rule.deny) == 0 with input as _input([_stmt(_star(eff([_get], "organization", "yes", [], [])), [])])
}

test_allow_nobody if {
	count(rule.deny) == 0 with input as _input([_stmt(_star(eff([_get], "none", "no", [], [])), [])])
}

test_allow_without_facts if {
	# A principal value Go computed no reach for (a service, an unknown value).
	count(rule.deny) == 0 with input as _input([_stmt({"type": "*", "value": "*", "class": "public", "loc": 9}, [])])
}
