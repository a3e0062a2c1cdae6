package rules.rbp["destructive-cross-account_test"]

import data.lib.memory_test.eff
import data.rules.rbp["destructive-cross-account"] as rule

# The rule reads the effective reach Go computes (internal/facts, tested
# there against conditions and Denies); these tests cover what it reports.

_del := "bedrock-agentcore:DeleteEvent"

_drec := "bedrock-agentcore:DeleteMemoryRecord"

_stmt(p, actions, conditions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [p]},
	"action": {"not": false, "loc": 4, "values": [{"value": a, "loc": 5 + i} | some i, a in actions]},
	"conditions": conditions,
}

_input(stmt, memory) := {"policy": {"kind": "memory", "statements": [stmt]}, "memory": memory}

_a := {"account": "111122223333"}

_role(e) := {"type": "AWS", "value": "arn:aws:iam::444455556666:role/Writer", "class": "role", "account": "444455556666", "loc": 9, "effective": e}

_b := ["444455556666"]

_actor(op) := {"operator": {"value": op}, "base": op, "qualifier": "", "if_exists": false, "key": {"value": "bedrock-agentcore:actorId"}, "values": [{"value": "agent-1"}]}

test_deny_named_actions if {
	p := _role(eff([_del, _drec], "principals", "yes", _b, []))
	rule.deny == {
		{"msg": "The action 'bedrock-agentcore:DeleteEvent' lets 'arn:aws:iam::444455556666:role/Writer', outside account '111122223333', delete or overwrite memory data ('DeleteEvent') with no condition scoping the caller, actor, session, namespace or strategy.", "loc": 5},
		{"msg": "The action 'bedrock-agentcore:DeleteMemoryRecord' lets 'arn:aws:iam::444455556666:role/Writer', outside account '111122223333', delete or overwrite memory data ('DeleteMemoryRecord') with no condition scoping the caller, actor, session, namespace or strategy.", "loc": 6},
	} with input as _input(_stmt(p, [_del, _drec], []), _a)
}

test_deny_wildcard_lists_what_is_open if {
	# DeleteMemoryRecord is removed by a Deny: Go gives it no reach.
	p := _role(eff([_del], "principals", "yes", _b, []))
	rule.deny == {{"msg": "The action 'bedrock-agentcore:Delete*' lets 'arn:aws:iam::444455556666:role/Writer', outside account '111122223333', delete or overwrite memory data ('DeleteEvent') with no condition scoping the caller, actor, session, namespace or strategy.", "loc": 5}} with input as _input(_stmt(p, ["bedrock-agentcore:Delete*"], []), _a)
}

test_allow_actor_scope if {
	p := _role(eff([_del], "principals", "yes", _b, ["bedrock-agentcore:actorid"]))
	count(rule.deny) == 0 with input as _input(_stmt(p, [_del], [_actor("StringEquals")]), _a)
}

test_deny_negated_actor_condition if {
	p := _role(eff([_del], "principals", "yes", _b, ["bedrock-agentcore:actorid"]))
	count(rule.deny) == 1 with input as _input(_stmt(p, [_del], [_actor("StringNotEquals")]), _a)
}

test_allow_narrowed_by_conditions if {
	p := {"type": "*", "value": "*", "class": "public", "account": "", "loc": 9, "effective": eff([_del], "organization", "yes", [], [])}
	count(rule.deny) == 0 with input as _input(_stmt(p, [_del], []), _a)
}

test_allow_same_account if {
	p := _role(eff([_del], "principals", "no", ["111122223333"], []))
	count(rule.deny) == 0 with input as _input(_stmt(p, [_del], []), _a)
}

test_allow_denied_everywhere if {
	p := _role(eff([_del], "none", "no", [], []))
	count(rule.deny) == 0 with input as _input(_stmt(p, [_del], []), _a)
}

test_deny_unknown_account_lowered if {
	p := _role(eff([_del], "principals", "maybe", _b, []))
	some f in rule.deny with input as _input(_stmt(p, [_del], []), {})
	f.severity == "low"
	contains(f.msg, "taken to be outside the memory's unknown account")
}

test_deny_not_action if {
	p := _role(eff([_del], "principals", "yes", _b, []))
	s := json.patch(_stmt(p, ["bedrock-agentcore:Get*"], []), [{"op": "replace", "path": "/action/not", "value": true}])
	rule.deny == {{"msg": "The NotAction element lets 'arn:aws:iam::444455556666:role/Writer', outside account '111122223333', delete or overwrite memory data ('DeleteEvent') with no condition scoping the caller, actor, session, namespace or strategy.", "loc": 4}} with input as _input(s, _a)
}
