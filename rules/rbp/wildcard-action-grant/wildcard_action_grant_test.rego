package rules.rbp["wildcard-action-grant_test"]

import data.lib.memory_test.eff
import data.rules.rbp["wildcard-action-grant"] as rule

# The rule reads the effective reach Go computes (internal/facts, tested
# there against conditions and Denies); these tests cover what it reports.

_stmt(p, actions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [p]},
	"action": {"not": false, "loc": 4, "values": [{"value": a, "loc": 5 + i} | some i, a in actions]},
	"conditions": [],
}

_input(stmt, memory) := {"policy": {"kind": "memory", "statements": [stmt]}, "memory": memory}

_a := {"account": "111122223333"}

_role(e) := {"type": "AWS", "value": "arn:aws:iam::444455556666:role/Writer", "class": "role", "account": "444455556666", "loc": 9, "effective": e}

_batch := ["bedrock-agentcore:BatchCreateMemoryRecords", "bedrock-agentcore:BatchDeleteMemoryRecords", "bedrock-agentcore:BatchUpdateMemoryRecords"]

test_deny_batch_pattern if {
	p := _role(eff(_batch, "principals", "yes", ["444455556666"], []))
	rule.deny == {{"msg": "The pattern 'bedrock-agentcore:Batch*' grants 'arn:aws:iam::444455556666:role/Writer', outside account '111122223333', the memory data-plane actions 'BatchCreateMemoryRecords', 'BatchUpdateMemoryRecords', 'BatchDeleteMemoryRecords', including the writes 'BatchCreateMemoryRecords', 'BatchUpdateMemoryRecords', 'BatchDeleteMemoryRecords'.", "loc": 5}} with input as _input(_stmt(p, ["bedrock-agentcore:Batch*"]), _a)
}

test_deny_all_fifteen if {
	p := _role(eff(memlint.data_plane_actions(), "principals", "yes", ["444455556666"], []))
	some f in rule.deny with input as _input(_stmt(p, ["bedrock-agentcore:*"]), _a)
	contains(f.msg, "all 15 memory data-plane actions")
}

test_allow_writes_denied if {
	# A Deny removes the writes: Go gives them no reach.
	p := _role(eff(["bedrock-agentcore:GetEvent", "bedrock-agentcore:ListEvents"], "principals", "yes", ["444455556666"], []))
	count(rule.deny) == 0 with input as _input(_stmt(p, ["bedrock-agentcore:*"]), _a)
}

test_allow_same_account if {
	p := _role(eff(_batch, "principals", "no", ["111122223333"], []))
	count(rule.deny) == 0 with input as _input(_stmt(p, ["bedrock-agentcore:Batch*"]), _a)
}

test_deny_unknown_account_lowered if {
	p := _role(eff(_batch, "principals", "maybe", ["444455556666"], []))
	some f in rule.deny with input as _input(_stmt(p, ["bedrock-agentcore:Batch*"]), {})
	f.severity == "low"
}

test_allow_explicit_writes if {
	p := _role(eff(_batch, "principals", "yes", ["444455556666"], []))
	count(rule.deny) == 0 with input as _input(_stmt(p, _batch), _a)
}
