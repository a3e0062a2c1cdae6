package rules.rbp["mixed-read-write-statement_test"]

import data.rules.rbp["mixed-read-write-statement"] as rule

_stmt(effect, not_action, actions, conditions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": effect, "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [{"type": "AWS", "value": "arn:aws:iam::444455556666:root", "arn": "arn:aws:iam::444455556666:root", "class": "account", "account": "444455556666", "partition": "aws", "loc": 9}]},
	"action": {"not": not_action, "loc": 4, "values": [{"value": v, "loc": 10 + i} | some i, v in actions]},
	"resource": {"not": false, "loc": 6, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 7}]},
	"conditions": conditions,
}

_input(stmt) := {"policy": {"kind": "memory", "statements": [stmt]}, "memory": {"inferred": false}}

_cond(op, key, values) := {
	"operator": {"value": op, "loc": 20}, "base": op, "qualifier": "", "if_exists": false,
	"key": {"value": key, "loc": 21},
	"values": [{"value": v, "loc": 22} | some v in values],
}

# The AWS guide's "Grant multiple actions to another account" statement.
_guide_actions := [
	"bedrock-agentcore:CreateEvent", "bedrock-agentcore:GetEvent", "bedrock-agentcore:ListEvents",
	"bedrock-agentcore:ListActors", "bedrock-agentcore:ListSessions", "bedrock-agentcore:BatchCreateMemoryRecords",
	"bedrock-agentcore:BatchUpdateMemoryRecords", "bedrock-agentcore:BatchDeleteMemoryRecords", "bedrock-agentcore:ListMemoryRecords",
	"bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:GetMemoryRecord", "bedrock-agentcore:DeleteMemoryRecord",
]

test_deny_guide_read_write if {
	msg := "The statement grants both read or list actions ('GetEvent', 'ListEvents', 'ListActors' and 4 more) and write actions ('CreateEvent', 'DeleteMemoryRecord', 'BatchCreateMemoryRecords' and 2 more) on the memory."
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_stmt("Allow", false, _guide_actions, []))
}

test_deny_retrieve_is_list if {
	msg := "The statement grants both read or list actions ('RetrieveMemoryRecords') and write actions ('BatchCreateMemoryRecords') on the memory."
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:BatchCreateMemoryRecords"], []))
}

test_deny_wildcard if {
	msg := "The statement grants both read or list actions ('GetEvent', 'ListEvents') and write actions ('CreateEvent', 'DeleteEvent') on the memory."
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:*Event", "bedrock-agentcore:ListEvents"], []))
}

test_deny_not_action if {
	msg := "The statement grants both read or list actions ('GetEvent', 'ListEvents', 'ListActors' and 5 more) and write actions ('CreateEvent', 'StartMemoryExtractionJob') on the memory."
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_stmt("Allow", true, ["bedrock-agentcore:*Delete*", "bedrock-agentcore:Batch*"], []))
}

test_deny_condition_keeps_both if {
	# namespace is supported by RetrieveMemoryRecords and BatchCreateMemoryRecords.
	c := _cond("StringEquals", "bedrock-agentcore:namespace", ["/actors/agent-b/"])
	msg := "The statement grants both read or list actions ('RetrieveMemoryRecords') and write actions ('BatchCreateMemoryRecords') on the memory."
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:BatchCreateMemoryRecords"], [c]))
}

test_allow_condition_kills_the_writes if {
	# DeleteMemoryRecord has no namespace key: the positive condition never holds for it.
	c := _cond("StringEquals", "bedrock-agentcore:namespace", ["/actors/agent-b/"])
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:DeleteMemoryRecord"], [c]))
}

test_allow_read_only if {
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:ListMemoryRecords", "bedrock-agentcore:GetMemoryRecord"], []))
}

test_allow_write_only if {
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["bedrock-agentcore:CreateEvent", "bedrock-agentcore:BatchCreateMemoryRecords"], []))
}

test_allow_deny_statement if {
	count(rule.deny) == 0 with input as _input(_stmt("Deny", false, _guide_actions, []))
}

test_allow_statement_for_another_memory if {
	stmt := object.union(_stmt("Allow", false, _guide_actions, []), {"resource": {"not": false, "loc": 6, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/other_mem-a1b2c3d4e5", "loc": 7}]}})
	count(rule.deny) == 0 with input as {"policy": {"kind": "memory", "statements": [stmt]}, "memory": {"arn": {"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 30}, "account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": false}}
}

_deny_all(actions) := {
	"index": 1, "ref": "NoWrites", "loc": 30,
	"effect": {"value": "Deny", "loc": 31},
	"principal": {"not": false, "loc": 32, "values": [{"type": "*", "value": "*", "arn": "*", "class": "public", "account": "", "partition": "", "loc": 33}]},
	"action": {"not": false, "loc": 34, "values": [{"value": v, "loc": 40 + i} | some i, v in actions]},
	"resource": {"not": false, "loc": 35, "values": [{"value": "*", "loc": 36}]},
	"conditions": [],
}

test_deny_lists_only_what_a_deny_leaves if {
	allow := _stmt("Allow", false, ["bedrock-agentcore:*"], [])
	deny := _deny_all(["bedrock-agentcore:Delete*", "bedrock-agentcore:BatchDelete*", "bedrock-agentcore:BatchUpdate*"])
	msg := "The statement grants both read or list actions ('GetEvent', 'ListEvents', 'ListActors' and 5 more) and write actions ('CreateEvent', 'BatchCreateMemoryRecords', 'StartMemoryExtractionJob') on the memory."
	rule.deny == {{"msg": msg, "loc": 4}} with input as {"policy": {"kind": "memory", "statements": [allow, deny]}, "memory": {"inferred": false}}
}

test_allow_deny_removes_every_write if {
	allow := _stmt("Allow", false, _guide_actions, [])
	deny := _deny_all(["bedrock-agentcore:Create*", "bedrock-agentcore:Delete*", "bedrock-agentcore:Batch*"])
	count(rule.deny) == 0 with input as {"policy": {"kind": "memory", "statements": [allow, deny]}, "memory": {"inferred": false}}
}
