package rules.rbp["unscoped-record-access_test"]

import data.lib.memory_test.eff
import data.rules.rbp["unscoped-record-access"] as rule

# The rule reads the effective reach Go computes (internal/facts, tested
# there against conditions and Denies); these tests cover what it reports.

_retrieve := "bedrock-agentcore:RetrieveMemoryRecords"

_events := "bedrock-agentcore:ListEvents"

_stmt(p, actions, conditions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [p]},
	"action": {"not": false, "loc": 4, "values": [{"value": a, "loc": 5 + i} | some i, a in actions]},
	"conditions": conditions,
}

_input(stmt, memory) := {"policy": {"kind": "memory", "statements": [stmt]}, "memory": memory}

_a := {"account": "111122223333"}

_role(e) := {"type": "AWS", "value": "arn:aws:iam::444455556666:role/Reader", "class": "role", "account": "444455556666", "loc": 9, "effective": e}

_b := ["444455556666"]

_cond(op, key) := {"operator": {"value": op}, "base": op, "qualifier": "", "if_exists": false, "key": {"value": key}, "values": [{"value": "/shared/"}]}

test_deny_records_and_events if {
	p := _role(eff([_retrieve, _events], "principals", "yes", _b, []))
	rule.deny == {{"msg": "The statement gives 'arn:aws:iam::444455556666:role/Reader', outside account '111122223333', records of every namespace ('RetrieveMemoryRecords': no 'bedrock-agentcore:namespace' condition), and events of every actor ('ListEvents': no 'bedrock-agentcore:actorId' condition).", "loc": 4}} with input as _input(_stmt(p, [_retrieve, _events], []), _a)
}

test_allow_namespace_condition if {
	p := _role(eff([_retrieve], "principals", "yes", _b, ["bedrock-agentcore:namespace"]))
	count(rule.deny) == 0 with input as _input(_stmt(p, [_retrieve], [_cond("StringLike", "bedrock-agentcore:namespace")]), _a)
}

test_deny_negated_namespace if {
	p := _role(eff([_retrieve], "principals", "yes", _b, ["bedrock-agentcore:namespace"]))
	count(rule.deny) == 1 with input as _input(_stmt(p, [_retrieve], [_cond("StringNotLike", "bedrock-agentcore:namespace")]), _a)
}

test_allow_get_memory_record_alone if {
	p := _role(eff(["bedrock-agentcore:GetMemoryRecord"], "principals", "yes", _b, []))
	count(rule.deny) == 0 with input as _input(_stmt(p, ["bedrock-agentcore:GetMemoryRecord"], []), _a)
}

test_allow_same_account if {
	p := _role(eff([_retrieve], "principals", "no", ["111122223333"], []))
	count(rule.deny) == 0 with input as _input(_stmt(p, [_retrieve], []), _a)
}

test_deny_unknown_account if {
	p := _role(eff([_retrieve], "principals", "maybe", _b, []))
	some f in rule.deny with input as _input(_stmt(p, [_retrieve], []), {})
	contains(f.msg, "taken to be outside the memory's unknown account")
}
