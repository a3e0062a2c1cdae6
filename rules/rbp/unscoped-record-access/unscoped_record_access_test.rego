package rules.rbp["unscoped-record-access_test"]

import data.rules.rbp["unscoped-record-access"] as rule

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

_reader := {"type": "AWS", "value": "arn:aws:iam::444455556666:role/AgentMemoryReaderRole", "arn": "arn:aws:iam::444455556666:role/AgentMemoryReaderRole", "class": "role", "account": "444455556666", "partition": "aws", "loc": 9}

_role_a := {"type": "AWS", "value": "arn:aws:iam::111122223333:role/Reader", "arn": "arn:aws:iam::111122223333:role/Reader", "class": "role", "account": "111122223333", "partition": "aws", "loc": 9}

_cond(op, key, values) := {
	"operator": {"value": op, "loc": 20}, "base": op, "qualifier": "", "if_exists": false,
	"key": {"value": key, "loc": 21},
	"values": [{"value": v, "loc": 22} | some v in values],
}

_who := "'arn:aws:iam::444455556666:role/AgentMemoryReaderRole', outside account '111122223333',"

test_deny_guide_reader_role if {
	actions := ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:ListMemoryRecords", "bedrock-agentcore:GetMemoryRecord"]
	rule.deny == {{"msg": sprintf("The statement gives %s records of every namespace ('ListMemoryRecords', 'RetrieveMemoryRecords': no 'bedrock-agentcore:namespace' condition).", [_who]), "loc": 4}} with input as _input(_memory, _stmt(_reader, false, actions, []))
}

test_allow_get_memory_record_alone if {
	# GetMemoryRecord supports no condition key: nothing could scope it.
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_reader, false, ["bedrock-agentcore:GetMemoryRecord"], []))
}

test_deny_wildcard_records_and_events if {
	msg := sprintf("The statement gives %s records of every namespace ('BatchCreateMemoryRecords', 'BatchUpdateMemoryRecords', 'ListMemoryRecords', 'RetrieveMemoryRecords': no 'bedrock-agentcore:namespace' condition), and events of every actor ('CreateEvent', 'DeleteEvent', 'GetEvent', 'ListEvents', 'ListSessions': no 'bedrock-agentcore:actorId' condition).", [_who])
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_memory, _stmt(_reader, false, ["bedrock-agentcore:*"], []))
}

test_deny_negated_actor if {
	c := _cond("StringNotEquals", "bedrock-agentcore:actorId", ["admin"])
	msg := sprintf("The statement gives %s events of every actor ('CreateEvent': no 'bedrock-agentcore:actorId' condition).", [_who])
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_memory, _stmt(_reader, false, ["bedrock-agentcore:CreateEvent"], [c]))
}

test_deny_not_action if {
	msg := sprintf("The statement gives %s events of every actor ('CreateEvent', 'DeleteEvent', 'GetEvent', 'ListEvents', 'ListSessions': no 'bedrock-agentcore:actorId' condition).", [_who])
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_memory, _stmt(_reader, true, ["bedrock-agentcore:*MemoryRecord*"], []))
}

test_deny_unknown_account if {
	msg := "The statement gives 'arn:aws:iam::444455556666:role/AgentMemoryReaderRole', taken to be outside the memory's unknown account, events of every actor ('ListEvents': no 'bedrock-agentcore:actorId' condition)."
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input({"inferred": false}, _stmt(_reader, false, ["bedrock-agentcore:ListEvents"], []))
}

test_allow_namespace_condition if {
	c := _cond("StringLike", "bedrock-agentcore:namespace", ["/actors/agent-b/*"])
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_reader, false, ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:ListMemoryRecords"], [c]))
}

test_allow_namespace_path_condition if {
	# namespacePath is documented by AWS though not in the catalog.
	c := _cond("StringLike", "bedrock-agentcore:namespacePath", ["summaries/agent1/*"])
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_reader, false, ["bedrock-agentcore:RetrieveMemoryRecords"], [c]))
}

test_allow_actor_condition if {
	c := _cond("StringEquals", "bedrock-agentcore:actorId", ["agent-in-account-b"])
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_reader, false, ["bedrock-agentcore:CreateEvent", "bedrock-agentcore:ListEvents", "bedrock-agentcore:ListSessions"], [c]))
}

test_deny_wildcard_only_actor_value if {
	c := _cond("StringLike", "bedrock-agentcore:actorId", ["*"])
	msg := sprintf("The statement gives %s events of every actor ('CreateEvent': no 'bedrock-agentcore:actorId' condition).", [_who])
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_memory, _stmt(_reader, false, ["bedrock-agentcore:CreateEvent"], [c]))
}

test_allow_same_account if {
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_role_a, false, ["bedrock-agentcore:*"], []))
}

test_allow_other_actions if {
	count(rule.deny) == 0 with input as _input(_memory, _stmt(_reader, false, ["bedrock-agentcore:ListActors", "bedrock-agentcore:ListMemoryExtractionJobs", "bedrock-agentcore:DeleteMemoryRecord"], []))
}

test_allow_statement_for_another_memory if {
	stmt := object.union(_stmt(_reader, false, ["bedrock-agentcore:*"], []), {"resource": {"not": false, "loc": 6, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/other_mem-a1b2c3d4e5", "loc": 7}]}})
	count(rule.deny) == 0 with input as _input({"arn": {"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 30}, "account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": false}, stmt)
}
