package rules.rbp["destructive-cross-account_test"]

import data.rules.rbp["destructive-cross-account"] as rule

_memory := {"account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": true}

_stmt(principal, not_action, actions, conditions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [principal]},
	"action": {"not": not_action, "loc": 4, "values": [{"value": v, "loc": 10 + i} | some i, v in actions]},
	"resource": {"not": false, "loc": 6, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 7}]},
	"conditions": conditions,
}

_input(memory, stmt) := {"policy": {"kind": "memory", "statements": [stmt]}, "memory": memory}

_root_b := {"type": "AWS", "value": "arn:aws:iam::444455556666:root", "arn": "arn:aws:iam::444455556666:root", "class": "account", "account": "444455556666", "partition": "aws", "loc": 9}

_role_a := {"type": "AWS", "value": "arn:aws:iam::111122223333:role/Cleaner", "arn": "arn:aws:iam::111122223333:role/Cleaner", "class": "role", "account": "111122223333", "partition": "aws", "loc": 9}

_cond(op, key, values) := {
	"operator": {"value": op, "loc": 20}, "base": op, "qualifier": "", "if_exists": false,
	"key": {"value": key, "loc": 21},
	"values": [{"value": v, "loc": 22} | some v in values],
}

_tail := "with no condition scoping the caller, actor, session, namespace or strategy."

test_deny_guide_actions if {
	# The AWS guide's multi-action statement names three destructive actions.
	actions := ["bedrock-agentcore:CreateEvent", "bedrock-agentcore:BatchUpdateMemoryRecords", "bedrock-agentcore:BatchDeleteMemoryRecords", "bedrock-agentcore:DeleteMemoryRecord"]
	rule.deny == {
		{"msg": sprintf("The action 'bedrock-agentcore:BatchUpdateMemoryRecords' lets 'arn:aws:iam::444455556666:root', outside account '111122223333', delete or overwrite memory data ('BatchUpdateMemoryRecords') %s", [_tail]), "loc": 11},
		{"msg": sprintf("The action 'bedrock-agentcore:BatchDeleteMemoryRecords' lets 'arn:aws:iam::444455556666:root', outside account '111122223333', delete or overwrite memory data ('BatchDeleteMemoryRecords') %s", [_tail]), "loc": 12},
		{"msg": sprintf("The action 'bedrock-agentcore:DeleteMemoryRecord' lets 'arn:aws:iam::444455556666:root', outside account '111122223333', delete or overwrite memory data ('DeleteMemoryRecord') %s", [_tail]), "loc": 13},
	} with input as _input(_memory, _stmt(_root_b, false, actions, []))
}

test_deny_wildcard if {
	msg := sprintf("The action 'bedrock-agentcore:*' lets 'arn:aws:iam::444455556666:root', outside account '111122223333', delete or overwrite memory data ('BatchDeleteMemoryRecords', 'BatchUpdateMemoryRecords', 'DeleteEvent', 'DeleteMemoryRecord') %s", [_tail])
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_memory, _stmt(_root_b, false, ["bedrock-agentcore:*"], []))
}

test_allow_actor_scope if {
	# actorId scopes DeleteEvent; DeleteMemoryRecord has no actor key, so the
	# positive condition never holds for it and it is not granted at all.
	c := _cond("StringEquals", "bedrock-agentcore:actorId", ["agent-in-account-b"])
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_root_b, false, ["bedrock-agentcore:Delete*"], [c]))
}

test_deny_if_exists_actor_condition if {
	# IfExists holds when the key is absent: nothing is scoped or dead.
	c := object.union(_cond("StringEquals", "bedrock-agentcore:actorId", ["agent-in-account-b"]), {"operator": {"value": "StringEqualsIfExists", "loc": 20}, "if_exists": true})
	msg := sprintf("The action 'bedrock-agentcore:Delete*' lets 'arn:aws:iam::444455556666:root', outside account '111122223333', delete or overwrite memory data ('DeleteEvent', 'DeleteMemoryRecord') %s", [_tail])
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_memory, _stmt(_root_b, false, ["bedrock-agentcore:Delete*"], [c]))
}

test_deny_negated_actor_condition if {
	c := _cond("StringNotEquals", "bedrock-agentcore:actorId", ["admin"])
	msg := sprintf("The action 'bedrock-agentcore:DeleteEvent' lets 'arn:aws:iam::444455556666:root', outside account '111122223333', delete or overwrite memory data ('DeleteEvent') %s", [_tail])
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_memory, _stmt(_root_b, false, ["bedrock-agentcore:DeleteEvent"], [c]))
}

test_deny_not_action if {
	msg := sprintf("The NotAction element lets 'arn:aws:iam::444455556666:root', outside account '111122223333', delete or overwrite memory data ('BatchUpdateMemoryRecords', 'DeleteEvent') %s", [_tail])
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_memory, _stmt(_root_b, true, ["bedrock-agentcore:*Delete*Record*"], []))
}

test_deny_unknown_account_lowered if {
	msg := sprintf("The action 'bedrock-agentcore:DeleteEvent' lets 'arn:aws:iam::444455556666:root', taken to be outside the memory's unknown account, delete or overwrite memory data ('DeleteEvent') %s", [_tail])
	rule.deny == {{"msg": msg, "loc": 10, "severity": "low"}} with input as _input({"inferred": false}, _stmt(_root_b, false, ["bedrock-agentcore:DeleteEvent"], []))
}

test_allow_caller_condition if {
	c := _cond("ArnEquals", "aws:PrincipalArn", ["arn:aws:iam::444455556666:role/MemoryJanitor"])
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_root_b, false, ["bedrock-agentcore:*"], [c]))
}

test_allow_namespace_scope if {
	# namespace scopes BatchUpdateMemoryRecords and leaves the deletes dead (no such key).
	c := _cond("StringLike", "bedrock-agentcore:namespace", ["/actors/agent-b/*"])
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_root_b, false, ["bedrock-agentcore:BatchUpdateMemoryRecords", "bedrock-agentcore:BatchDeleteMemoryRecords"], [c]))
}

test_allow_same_account if {
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_role_a, false, ["bedrock-agentcore:*"], []))
}

test_allow_non_destructive if {
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_root_b, false, ["bedrock-agentcore:CreateEvent", "bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:BatchCreateMemoryRecords"], []))
}

test_allow_statement_for_another_memory if {
	stmt := object.union(_stmt(_root_b, false, ["bedrock-agentcore:*"], []), {"resource": {"not": false, "loc": 6, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/other_mem-a1b2c3d4e5", "loc": 7}]}})
	count(rule.deny) == 0 with input as _input({"arn": {"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 30}, "account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": false}, stmt)
}
