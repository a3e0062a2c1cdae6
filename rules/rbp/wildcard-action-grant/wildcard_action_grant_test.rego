package rules.rbp["wildcard-action-grant_test"]

import data.rules.rbp["wildcard-action-grant"] as rule

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

_role_b := {"type": "AWS", "value": "arn:aws:iam::444455556666:role/Writer", "arn": "arn:aws:iam::444455556666:role/Writer", "class": "role", "account": "444455556666", "partition": "aws", "loc": 9}

_role_a := {"type": "AWS", "value": "arn:aws:iam::111122223333:role/Writer", "arn": "arn:aws:iam::111122223333:role/Writer", "class": "role", "account": "111122223333", "partition": "aws", "loc": 9}

_star := {"type": "*", "value": "*", "arn": "*", "class": "public", "account": "", "partition": "", "loc": 9}

_cond(op, key, values) := {
	"operator": {"value": op, "loc": 20}, "base": op, "qualifier": "", "if_exists": false,
	"key": {"value": key, "loc": 21},
	"values": [{"value": v, "loc": 22} | some v in values],
}

_all_writes := "'BatchCreateMemoryRecords', 'BatchDeleteMemoryRecords', 'BatchUpdateMemoryRecords', 'CreateEvent', 'DeleteEvent', 'DeleteMemoryRecord', 'StartMemoryExtractionJob'"

test_deny_service_wildcard if {
	msg := sprintf("The pattern 'bedrock-agentcore:*' grants 'arn:aws:iam::444455556666:role/Writer', outside account '111122223333', all 15 memory data-plane actions, including the writes %s.", [_all_writes])
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_memory, _stmt(_role_b, false, ["bedrock-agentcore:*"], []))
}

test_deny_star if {
	msg := sprintf("The pattern '*' grants 'arn:aws:iam::444455556666:role/Writer', outside account '111122223333', all 15 memory data-plane actions, including the writes %s.", [_all_writes])
	rule.deny == {{"msg": msg, "loc": 11}} with input as _input(_memory, _stmt(_role_b, false, ["bedrock-agentcore:GetEvent", "*"], []))
}

test_deny_batch_pattern if {
	msg := "The pattern 'bedrock-agentcore:Batch*' grants 'arn:aws:iam::444455556666:role/Writer', outside account '111122223333', the memory data-plane actions 'BatchCreateMemoryRecords', 'BatchDeleteMemoryRecords', 'BatchUpdateMemoryRecords', including the writes 'BatchCreateMemoryRecords', 'BatchDeleteMemoryRecords', 'BatchUpdateMemoryRecords'."
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_memory, _stmt(_role_b, false, ["bedrock-agentcore:Batch*"], []))
}

test_deny_not_action if {
	msg := "The NotAction element grants 'arn:aws:iam::444455556666:role/Writer', outside account '111122223333', the memory data-plane actions 'BatchCreateMemoryRecords', 'BatchUpdateMemoryRecords', 'CreateEvent', 'GetEvent', 'GetMemoryRecord', 'ListActors', 'ListEvents', 'ListMemoryExtractionJobs', 'ListMemoryRecords', 'ListSessions', 'RetrieveMemoryRecords', 'StartMemoryExtractionJob', including the writes 'BatchCreateMemoryRecords', 'BatchUpdateMemoryRecords', 'CreateEvent', 'StartMemoryExtractionJob'."
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_memory, _stmt(_role_b, true, ["bedrock-agentcore:*Delete*"], []))
}

test_deny_namespace_condition_keeps_supporting_writes if {
	# Only actions with the namespace key survive a positive namespace condition.
	c := _cond("StringEquals", "bedrock-agentcore:namespace", ["/actors/agent-b/"])
	msg := "The pattern 'bedrock-agentcore:*' grants 'arn:aws:iam::444455556666:role/Writer', outside account '111122223333', the memory data-plane actions 'BatchCreateMemoryRecords', 'BatchUpdateMemoryRecords', 'ListMemoryRecords', 'RetrieveMemoryRecords', including the writes 'BatchCreateMemoryRecords', 'BatchUpdateMemoryRecords'."
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_memory, _stmt(_role_b, false, ["bedrock-agentcore:*"], [c]))
}

test_deny_unknown_account_lowered if {
	msg := "The pattern 'bedrock-agentcore:Delete*' grants 'arn:aws:iam::444455556666:role/Writer', taken to be outside the memory's unknown account, the memory data-plane actions 'DeleteEvent', 'DeleteMemoryRecord', including the writes 'DeleteEvent', 'DeleteMemoryRecord'."
	rule.deny == {{"msg": msg, "loc": 10, "severity": "low"}} with input as _input({"inferred": false}, _stmt(_role_b, false, ["bedrock-agentcore:Delete*"], []))
}

test_deny_unknown_account_public if {
	msg := "The pattern 'bedrock-agentcore:Delete*' grants '*', taken to be outside the memory's unknown account, the memory data-plane actions 'DeleteEvent', 'DeleteMemoryRecord', including the writes 'DeleteEvent', 'DeleteMemoryRecord'."
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input({"inferred": false}, _stmt(_star, false, ["bedrock-agentcore:Delete*"], []))
}

test_deny_public_restricted_to_org if {
	# An organization holds other accounts: still outside.
	c := _cond("StringEquals", "aws:PrincipalOrgID", ["o-a1b2c3d4e5"])
	findings := rule.deny with input as _input(_memory, _stmt(_star, false, ["bedrock-agentcore:*"], [c]))
	count(findings) == 1
}

test_allow_public_pinned_to_own_account if {
	c := _cond("StringEquals", "aws:PrincipalAccount", ["111122223333"])
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_star, false, ["bedrock-agentcore:*"], [c]))
}

test_allow_same_account if {
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_role_a, false, ["bedrock-agentcore:*"], []))
}

test_allow_read_only_pattern if {
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_role_b, false, ["bedrock-agentcore:List*", "bedrock-agentcore:Get*"], []))
}

test_allow_explicit_writes if {
	# Named actions are a deliberate list: ML107 judges the destructive ones.
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_role_b, false, ["bedrock-agentcore:CreateEvent", "bedrock-agentcore:BatchDeleteMemoryRecords"], []))
}

test_allow_deny_statement if {
	stmt := object.union(_stmt(_role_b, false, ["bedrock-agentcore:*"], []), {"effect": {"value": "Deny", "loc": 2}})
	count(rule.deny) == 0 with input as _input(_memory, stmt)
}

test_allow_statement_for_another_memory if {
	stmt := object.union(_stmt(_role_b, false, ["bedrock-agentcore:*"], []), {"resource": {"not": false, "loc": 6, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/other_mem-a1b2c3d4e5", "loc": 7}]}})
	count(rule.deny) == 0 with input as _input({"arn": {"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 30}, "account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": false}, stmt)
}
